#!/usr/bin/env python3
"""The liminal demo: every test guest, then the round-trip table.

    demo.py --platform {qemu,bochs,kvm} --build DIR [--floor DIR]
            [--bench-build DIR] [--config FILE] [--timeout S] [--no-bench]

1) Boots DIR/liminal.efi with the demo config (default DIR/guest/demo.cfg:
   every test guest with the verdict it must reach) and shows the serial
   log: guest console lines ("guest NAME| ..."), state dumps of the guests that
   misbehave on purpose, one verdict line per guest, exit statistics.
2) Summarises the verdicts: the VMM's own verdict lines only, read through
   scripts/serial_log.py (a guest printing a verdict on its console is not
   counted).
3) Runs the round-trip benchmark (scripts/bench.py: the bench config, under
   QEMU with -icount so figures are instruction counts) for --bench-build
   (default DIR) and, with --floor, for the floor build, and prints the
   tables and the discipline's overhead.
Exit status: 0 if the demo run passed (and the benchmark ran), else 1.
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import serial_log  # noqa: E402


def summary(log, guests):
    """(all as expected?, the table) of @guests' verdicts in @log."""
    verdicts = {m[0]: m[1:] for m in serial_log.verdicts(log)}
    width = max([len(name) + 2 for name, _ in guests] + [13])
    lines = [f"  {'guest':<{width}}{'verdict':<15}{'expected':<15}result"]
    good = 0
    for name, _ in guests:
        got, want, ok = verdicts.get(name, ("(none)", "?", "MISSING"))
        good += ok == "OK"
        lines.append(f"  {name:<{width}}{got:<15}{want:<15}{ok}")
    lines.append(f"  {good} of {len(guests)} guests as expected")
    return good == len(guests), "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--platform", choices=sorted(bench.PLATFORM_UNITS),
                    default="qemu")
    ap.add_argument("--build", default="build/debug")
    ap.add_argument("--floor")
    ap.add_argument("--bench-build", help="build for the round-trip table "
                    "(default: --build; e.g. build/release)")
    ap.add_argument("--config")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--no-bench", action="store_true")
    args = ap.parse_args()

    config = args.config or os.path.join(args.build, "guest", "demo.cfg")
    bench.preflight("demo.py", args.platform, args.build, config)
    if not args.no_bench:
        for path in (args.bench_build, args.floor):
            if path:
                bench.preflight("demo.py", args.platform, path,
                                os.path.join(path, "guest", "bench.cfg"))
    guests = bench.config_guests(config)
    if not guests:
        sys.exit(f"demo.py: {config}: no guest lines (format: "
                 f"include/vmm/config.h)")
    print(f"== liminal demo: {len(guests)} guests from {config} on "
          f"{args.platform} ==")
    status, log = bench.boot(args.platform, args.build, config,
                             timeout=args.timeout, quiet=True)
    sys.stdout.write(log)
    passed, text = summary(log, guests)
    print("\n== verdicts ==")
    print(text)
    ok = passed and status == 0
    if not ok:
        print(f"demo: FAIL (boot status {status})")
    if args.no_bench:
        return 0 if ok else 1
    print("\n== round trips ==")
    try:
        bench_build = args.bench_build or args.build
        debug = args.build if bench_build != args.build else None
        bench.run(args.platform, bench_build, args.floor,
                  timeout=args.timeout, debug=debug)
    except (RuntimeError, OSError) as e:
        print(f"demo: benchmark failed: {e}")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
