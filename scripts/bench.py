#!/usr/bin/env python3
"""Round-trip benchmark: boot the bench guest and tabulate its exits.

    bench.py --platform {qemu,bochs,kvm} --build build/release \
             [--floor build/floor] [--debug build/debug] [--config FILE]
             [--out DIR] [--timeout S]

Boots each build with the benchmark config (guest/bench.cfg: the bench
guest times N round trips of each exit type with RDTSC from inside the
guest, once with the optional exit mitigations on and once, as guest
bench-nomit, with mitigations=off) through scripts/boot.py, parses the
VMM's lines

    liminal: bench <type> min=<n> median=<n> p99=<n> max=<n> samples=<n> unit=tsc

each guest's printed before its verdict line, so they are told apart by the
verdict line that follows them, and before them the whole distribution

    liminal: bench-samples <type> <value>x<count> <value>x<count> ...

(read, as every fact of the log, only from the VMM's own lines through
scripts/serial_log.py: a guest's console line can never be taken for one)
and converts raw TSC deltas to the platform's unit:
    qemu   -icount shift=6: the TSC advances 64 per instruction -> /64,
           "instructions" (exact and repeatable)
    bochs  clock sync=none: 1 per instruction -> "instructions"
    kvm    real nested virtualization: "cycles"
It prints one table per build (exit type, min, median, p99, max, unit), the
discipline's overhead (release median vs floor median, in %), and writes
<out>/<platform>-<backend>.json (default out: build/bench next to --build),
keeping each build's serial log beside it as <platform>-<build key>.log:
    {"platform", "backend", "unit", "build", "log",
     "exits": {"cpuid": {"min", "median", "p99", "max", "samples",
                         "distribution": [[value, count], ...]}, ...},
     "mitigations_off": {"exits": {...}},   (the bench-nomit guest)
     "floor": {the same keys, for the floor build}}   (only with --floor)
"distribution" is every sample, ascending, as runs of equal values (what
scripts/plot_report.py draws); "log" is the serial log's file name.
"exits" is the guest with mitigations on (the default), the figure the
targets are for.
Exit status: 0, or 1 if a boot failed or printed no benchmark lines.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, SCRIPTS)
import boot as boot_py  # noqa: E402  (platform_problem(), build_problem())
import serial_log  # noqa: E402
BOOT = os.path.join(SCRIPTS, "boot.py")

# The order of the guest's BENCH_* types (include/vmm/guest_abi.h).
EXIT_TYPES = ["empty", "cpuid", "vmmcall", "port_out", "port_in",
              "mmio_read", "mmio_write", "msr_read", "hlt"]
STATS = ["min", "median", "p99", "max"]

GUEST_LINE_RE = re.compile(r"^guest\s+(\S+)\s+(.*)$")
# The guest of bench.cfg without the optional exit mitigations.
NOMIT_GUEST = "bench-nomit"

# TSC ticks per unit, and the unit, per platform (docs/platforms.md, "Exact
# instruction counts under emulation").
PLATFORM_UNITS = {
    "qemu": (64, "instructions"),
    "bochs": (1, "instructions"),
    "kvm": (1, "cycles"),
}


def config_images(config):
    """Image file names of a liminal.cfg (format: include/vmm/config.h)."""
    images = []
    with open(config, errors="replace") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            m = GUEST_LINE_RE.match(line)
            if not m:
                continue
            for kv in m.group(2).split():
                key, _, value = kv.partition("=")
                if key == "image":
                    images.append(value)
    return images


def config_guests(config):
    """[(name, {key: value})] of a liminal.cfg."""
    guests = []
    with open(config, errors="replace") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            m = GUEST_LINE_RE.match(line)
            if m:
                opts = dict(kv.partition("=")[::2]
                            for kv in m.group(2).split())
                guests.append((m.group(1), opts))
    return guests


def preflight(prog, platform, build, config, images=True):
    """Exit with one line naming the problem and what to do if @platform
    cannot boot here, @build is not built or @config (or, with @images,
    one of its images) is missing; before any boot, instead of a
    traceback or a hang."""
    problem = boot_py.platform_problem(platform) or boot_py.build_problem(
        build, config)
    if not problem and images:
        problem = boot_py.build_problem(build, config, config_images(config))
    if problem:
        sys.exit(f"{prog}: {problem}")


def boot(platform, build, config, timeout=300, icount=False, log=None,
         quiet=True, workdir=None, skip_missing=False, cpu=None):
    """Boot build/liminal.efi with @config as \\liminal.cfg and its images
    (from build/guest/; with skip_missing, images that do not exist are left
    off the ESP); returns (boot.py status, serial log text)."""
    efi = os.path.join(build, "liminal.efi")
    guest_dir = os.path.join(build, "guest")
    work = workdir or tempfile.mkdtemp(prefix="liminal-bench-")
    log = log or os.path.join(work, "serial.log")
    cmd = [sys.executable, BOOT, "--platform", platform, "--efi", efi,
           "--file", f"{config}:liminal.cfg", "--timeout", str(timeout),
           "--log", log, "--workdir", work]
    for image in config_images(config):
        path = os.path.join(guest_dir, image)
        if skip_missing and not os.path.exists(path):
            continue
        cmd += ["--file", path]
    if icount and platform == "qemu":
        cmd.append("--icount")
    if cpu:
        cmd += ["--cpu", cpu]
    if quiet:
        cmd.append("--quiet")
    status = subprocess.run(cmd).returncode
    try:
        with open(log, errors="replace") as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    return status, text


def parse_bench(log):
    """{type: {min, median, p99, max, samples}} in raw TSC ticks, from the
    VMM's lines only."""
    return serial_log.bench(log)


def parse_bench_guests(log):
    """{guest name: parse_bench() of its lines}: a guest's bench lines come
    right before its verdict line."""
    return serial_log.bench_guests(log)


def parse_backend(log):
    return serial_log.backend(log)


def parse_build(log):
    return serial_log.build(log)


def convert(exits, platform):
    """Raw TSC ticks -> the platform's unit (exact when divisible)."""
    per, _ = PLATFORM_UNITS[platform]
    out = {}
    for name, st in exits.items():
        conv = {}
        for k in STATS:
            v = st[k] / per
            conv[k] = int(v) if v == int(v) else round(v, 1)
        conv["samples"] = st["samples"]
        if "distribution" in st:
            conv["distribution"] = [
                [v // per if v % per == 0 else v / per, c]
                for v, c in st["distribution"]]
        out[name] = conv
    return out


def ordered(exits):
    names = [t for t in EXIT_TYPES if t in exits]
    return names + sorted(t for t in exits if t not in EXIT_TYPES)


def format_table(title, exits, unit):
    lines = [title,
             f"  {'exit':<11}{'min':>10}{'median':>10}{'p99':>10}"
             f"{'max':>12}  unit"]
    for name in ordered(exits):
        st = exits[name]
        lines.append(f"  {name:<11}{st['min']:>10}{st['median']:>10}"
                     f"{st['p99']:>10}{st['max']:>12}  {unit}")
    return "\n".join(lines)


def format_overhead(release, floor):
    """The discipline's cost: release vs floor medians."""
    lines = ["discipline overhead (median, release vs floor)",
             f"  {'exit':<11}{'release':>10}{'floor':>10}{'delta':>10}"
             f"{'overhead':>10}"]
    for name in ordered(release):
        if name not in floor:
            continue
        r, f = release[name]["median"], floor[name]["median"]
        pct = f"{(r - f) * 100.0 / f:.1f}%" if f else "-"
        lines.append(f"  {name:<11}{r:>10}{f:>10}{r - f:>10}{pct:>10}")
    return "\n".join(lines)


# The targets of the issues (release build, discipline on, instructions).
TARGETS = {"cpuid": 150, "vmmcall": 160, "port_out": 200}


def format_summary(result):
    """One line per exit type: medians of every build measured."""
    builds = [("release", result["exits"])]
    for key in ("floor", "debug"):
        if key in result:
            builds.append((key, result[key]["exits"]))
    if "mitigations_off" in result:
        builds.append(("rel-off", result["mitigations_off"]["exits"]))
    if "mitigations_off" in result.get("floor", {}):
        builds.append(("floor-off",
                       result["floor"]["mitigations_off"]["exits"]))
    head = "".join(f"{b:>10}" for b, _ in builds)
    lines = [f"round trip, median {result['unit']} "
             f"({result['platform']}/{result['backend']}; mitigations on, "
             f"-off: mitigations=off)",
             f"  {'exit':<11}{head}{'overhead':>10}  target"]
    rel = result["exits"]
    floor = result.get("floor", {}).get("exits", {})
    for name in ordered(rel):
        cols = "".join(f"{ex.get(name, {}).get('median', '-'):>10}"
                       for _, ex in builds)
        over = "-"
        if name in floor and floor[name]["median"]:
            f = floor[name]["median"]
            over = f"{(rel[name]['median'] - f) * 100.0 / f:.1f}%"
        target = ""
        if name in TARGETS and result["unit"] == "instructions":
            ok = rel[name]["median"] <= TARGETS[name]
            target = f"<= {TARGETS[name]} {'met' if ok else 'MISSED'}"
        lines.append(f"  {name:<11}{cols}{over:>10}  {target}")
    return "\n".join(lines)


def measure(platform, build, config, timeout, log_path=None):
    """Boot one build (its serial log kept in log_path); returns (exits in
    the platform unit, the same for the mitigations=off guest or None,
    backend, build name) or raises RuntimeError."""
    status, log = boot(platform, build, config, timeout=timeout, icount=True,
                       log=log_path)
    guests = parse_bench_guests(log)
    nomit = guests.pop(NOMIT_GUEST, None)
    exits = next(iter(guests.values()), None)
    if status != 0 or not exits:
        tail = "\n".join(log.splitlines()[-15:])
        raise RuntimeError(f"{build}: boot status {status}, "
                           f"bench lines of {sorted(guests)}\n{tail}")
    if nomit:
        nomit = convert(nomit, platform)
    return (convert(exits, platform), nomit, parse_backend(log),
            parse_build(log))


def run(platform, build, floor=None, config=None, out=None, timeout=300,
        debug=None):
    """Measure, print the tables, write the JSON; returns the result."""
    config = config or os.path.join(build, "guest", "bench.cfg")
    for path in (build, floor, debug):
        if path:
            preflight("bench.py", platform, path, config)
    unit = PLATFORM_UNITS[platform][1]
    out = out or os.path.join(os.path.dirname(os.path.abspath(build)),
                              "bench")
    os.makedirs(out, exist_ok=True)
    log = f"{platform}-release.log"
    exits, nomit, backend, name = measure(platform, build, config, timeout,
                                          os.path.join(out, log))
    result = {"platform": platform, "backend": backend, "unit": unit,
              "build": name, "log": log, "exits": exits}
    print(format_table(f"round trips: {platform}/{backend}, {name} build "
                       f"({build}), mitigations on", exits, unit))
    if nomit:
        result["mitigations_off"] = {"exits": nomit}
        print()
        print(format_table(f"round trips: {platform}/{backend}, {name} "
                           f"build ({build}), mitigations=off", nomit, unit))
    for key, path in (("floor", floor), ("debug", debug)):
        if not path:
            continue
        blog = f"{platform}-{key}.log"
        bexits, bnomit, bbackend, bname = measure(platform, path, config,
                                                  timeout,
                                                  os.path.join(out, blog))
        result[key] = {"platform": platform, "backend": bbackend,
                       "unit": unit, "build": bname, "log": blog,
                       "exits": bexits}
        if bnomit:
            result[key]["mitigations_off"] = {"exits": bnomit}
        print()
        print(format_table(f"round trips: {platform}/{backend}, {bname} "
                           f"build ({path}), mitigations on", bexits, unit))
        if key == "floor":
            print()
            print(format_overhead(exits, bexits))
    print()
    print(format_summary(result))
    path = os.path.join(out, f"{platform}-{backend}.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"\nwrote {path}")
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--platform", choices=sorted(PLATFORM_UNITS),
                    default="qemu")
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--floor")
    ap.add_argument("--debug", help="also measure this debug build")
    ap.add_argument("--config", help="default: <build>/guest/bench.cfg")
    ap.add_argument("--out", help="default: build/bench next to --build")
    ap.add_argument("--timeout", type=int, default=300)
    args = ap.parse_args()
    try:
        run(args.platform, args.build, args.floor, args.config, args.out,
            args.timeout, args.debug)
    except (RuntimeError, OSError) as e:
        print(f"bench.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
