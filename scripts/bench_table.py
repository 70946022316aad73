#!/usr/bin/env python3
"""Markdown table of benchmark JSON files (scripts/bench.py output).

    bench_table.py build/bench/qemu-svm.json build/bench/bochs-vmx.json

One row per exit type; for each file the release medians with the optional
exit mitigations on and off (mitigations=off), the floor and debug medians
(mitigations on) and the discipline's overhead over the floor.  README.md's table is made
with this.
"""
import json
import sys

ORDER = ["cpuid", "vmmcall", "port_out", "port_in", "mmio_read",
         "mmio_write", "msr_read", "hlt", "empty"]
TARGETS = {"cpuid": 150, "vmmcall": 160, "port_out": 200}


def cell(result, key, name):
    ex = result.get(key, {}).get("exits") if key else result["exits"]
    return str(ex[name]["median"]) if ex and name in ex else "-"


def load(path):
    """A bench.py JSON file, or exit with one line saying what is wrong."""
    try:
        with open(path) as f:
            r = json.load(f)
        r["exits"]["cpuid"]["samples"], r["platform"], r["backend"], r["unit"]
        return r
    except OSError as e:
        sys.exit(f"bench_table.py: {path}: {e.strerror} (./run.sh bench "
                 f"writes build/bench/<platform>-<backend>.json)")
    except (ValueError, KeyError, TypeError):
        sys.exit(f"bench_table.py: {path}: not a scripts/bench.py result "
                 f"(JSON with platform, backend, unit and exits)")


def main(paths):
    if not paths:
        sys.exit("usage: bench_table.py build/bench/PLATFORM-BACKEND.json...")
    results = [load(p) for p in paths]
    head = ["exit", "target"]
    for r in results:
        tag = f"{r['platform']}/{r['backend']}"
        head += [f"{tag} release", "mitigations=off", "floor", "overhead",
                 "debug"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name in ORDER:
        row = [name, f"<= {TARGETS[name]}" if name in TARGETS else ""]
        for r in results:
            rel, flo = cell(r, None, name), cell(r, "floor", name)
            over = "-"
            if rel != "-" and flo not in ("-", "0"):
                over = f"{(float(rel) - float(flo)) * 100 / float(flo):.0f}%"
            row += [rel, cell(r, "mitigations_off", name), flo, over,
                    cell(r, "debug", name)]
        print("| " + " | ".join(row) + " |")
    units = {r["unit"] for r in results}
    print(f"\nUnit: {', '.join(sorted(units))} per round trip (median of "
          f"{results[0]['exits']['cpuid']['samples']} samples).")


if __name__ == "__main__":
    args = sys.argv[1:]
    main([] if "-h" in args or "--help" in args else args)
