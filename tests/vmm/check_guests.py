#!/usr/bin/env python3
"""Boot the demo config and check every guest's verdict (ctest label guests).

    check_guests.py --platform {qemu,bochs,kvm} --build DIR [--config FILE]
                    [--timeout S] [--cpu MODEL] [--skip GUEST]...

A config may list guests a platform cannot run: "# skip-P: GUEST..." (P is
qemu, bochs, kvm, or ryzen for Bochs with --cpu ryzen); they are skipped
as --skip would.  "# forged-by: GUEST..." names guests that print forged
VMM lines on their console (tests/hostile/hostile.cfg): they must have
printed a forged verdict, bench and RESULT line, and none may count.

Every fact is read from the VMM's own lines, anchored at the line start,
through scripts/serial_log.py; a guest's console line never counts.
Boots DIR/liminal.efi with the config (default DIR/guest/demo.cfg) and its
images through scripts/boot.py, then checks the serial log:
  - one verdict line "liminal: guest <name>: <v> (expected <e>) OK" for
    every guest of the config, in config order, with v == e
  - each guest's exit statistics ("<n> exits" and at least one "exit" line)
    and work counters
  - a guest named "work": NEED_RESCHED (either path), NOTIFY_RESUME,
    tick-queued task work, stop requests and -EINTR returns all seen
  - a guest with corrupt=cr0_pe: the VM-entry failure names the rule
    broken, CR0.PG=1 with PE=0, and cites the SDM or APM section
  - a guest with corrupt=vmenter_fault: the report names the world-switch
    instruction that faulted and the exception ("VMLOAD faulted (#GP)"),
    and the next guest still runs (the fault ended that guest, not the VMM)
  - debug builds: "liminal: world switch: 0 exits left a guest value in a
    host GPR" (the exit hygiene of include/vmm/vmenter.h)
  - a guest with nmi_us=N: host NMIs raised while it ran, and at least one
    exit caused by an NMI (SVM "NMI", VMX "EXCEPTION_NMI"): the NMI-exit
    path of the backend ran
  - "# expect-report: GUEST REGEX" lines of the config: the guest's report
    line "liminal: guest GUEST: ..." matches REGEX (what stopped it is
    named, not only the verdict)
  - a guest with bench=1: one bench line per exit type; with trace=1:
    kvm_entry and kvm_exit events in the printed trace
  - "liminal: guests: <n> of <n> as expected",
    "liminal: entry discipline: 0 violations" and "liminal: RESULT PASS"
  - the verdict summary (scripts/demo.py) shows the VMM's verdicts exactly,
    and only guests with bench=1 have benchmark figures
With --expect-error MSG the config is meant to be rejected: the check is
then that the log has "liminal: error: MSG", "liminal: RESULT FAIL" and no
guest started.
Every problem is printed; the exit status is 0 only if there was none.
"""
import argparse
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import bench  # noqa: E402  (boot(), config_guests())
import demo  # noqa: E402  (summary())
import serial_log  # noqa: E402  (every fact read from the VMM's lines)

WORK_RE = re.compile(
    r"^liminal: guest (\S+): work resched=(\d+) resched_preempt=(\d+) "
    r"notify_resume=(\d+) tick_work=(\d+) stop=(\d+) eintr=(\d+)")
# a trace-ring event: "  liminal-0     [000]    13.261064: kvm_entry: ..."
TRACE_RE = r"^ +\S+ +\[\d+\] +[\d.]+: %s: "


def check_nmi_exits(log, name):
    problems = []
    m = serial_log.search(rf"^liminal: guest {re.escape(name)}: NMI source "
                          r"every \d+ us: (\d+) host NMIs", log)
    if not m or int(m.group(1)) == 0:
        problems.append(f"guest {name}: nmi_us set but no host NMIs")
    m = serial_log.search(rf"^liminal: guest {re.escape(name)}: exit "
                          r"(?:NMI|EXCEPTION_NMI) +count=(\d+)", log)
    if not m or int(m.group(1)) == 0:
        problems.append(f"guest {name}: no exit caused by an NMI")
    return problems


def config_reports(config):
    """The "# expect-report: GUEST REGEX" lines of @config."""
    reports = []
    with open(config) as f:
        for line in f:
            m = re.match(r"#\s*expect-report:\s*(\S+)\s+(.*\S)", line.strip())
            if m:
                reports.append((m.group(1), m.group(2)))
    return reports


def check_reports(log, guests, reports):
    problems = []
    names = [g[0] for g in guests]
    for name, regex in reports:
        if name not in names:
            continue  # skipped on this platform
        if not serial_log.search(
                rf"^liminal: guest {re.escape(name)}: .*{regex}", log):
            problems.append(f"guest {name}: no report matching '{regex}'")
    return problems


def check_not_fooled(log, guests, forgers=()):
    """What a guest wrote on its console counted for nothing: the verdict
    summary (scripts/demo.py) shows exactly the VMM's verdict lines, only
    guests with bench=1 have benchmark figures, and each guest of @forgers
    (the config's "# forged-by:" line) did print forged verdict, bench and
    RESULT lines, which were seen and not counted."""
    problems = []
    real = {v[0]: v[1:] for v in serial_log.verdicts(log)}
    passed, table = demo.summary(log, guests)
    for name, _ in guests:
        row = re.search(rf"^  {re.escape(name)} +(\S+) +(\S+) +(\S+)$",
                        table, re.M)
        want = real.get(name, ("(none)", "?", "MISSING"))
        if not row or row.groups() != want:
            problems.append(f"guest {name}: the summary shows "
                            f"{row.groups() if row else None}, the VMM's "
                            f"verdict line {want}")
    if passed != all(real.get(n, (0, 0, ""))[2] == "OK" for n, _ in guests):
        problems.append("the summary's total disagrees with the VMM's "
                        "verdict lines")
    opts = dict(guests)
    for name in serial_log.bench_guests(log):
        if opts.get(name, {}).get("bench") != "1":
            problems.append(f"guest {name}: benchmark figures counted for a "
                            f"guest without bench=1")
    forged = serial_log.forgeries(log)
    for name in forgers:
        kinds = {k for n, k, _ in forged if n == name}
        for kind in ("verdict", "bench", "result"):
            if kind not in kinds:
                problems.append(f"guest {name}: no forged {kind} line on its "
                                f"console (the forgery was not tried)")
    if forged and not problems:
        print(f"check_guests: {len(forged)} forged VMM line(s) on guest "
              f"consoles, none counted")
    return problems


def check(log, guests, forgers=()):
    problems = []
    verdicts = serial_log.verdicts(log)
    names = [v[0] for v in verdicts]
    expected_names = [g[0] for g in guests]
    if names != expected_names:
        problems.append(f"verdict lines for {names}, config has "
                        f"{expected_names}")
    for name, got, want, ok in verdicts:
        if ok != "OK" or got != want:
            problems.append(f"guest {name}: {got}, expected {want}")
    for name, opts in guests:
        n = re.escape(name)
        if not serial_log.search(rf"^liminal: guest {n}: \d+ exits", log):
            problems.append(f"guest {name}: no exit statistics")
        elif not serial_log.search(rf"^liminal: guest {n}: exit \S+ +"
                                   r"count=\d+", log):
            problems.append(f"guest {name}: no per-reason exit lines")
        if opts.get("trace") == "1" and not (
                serial_log.search(TRACE_RE % "kvm_entry", log) and
                serial_log.search(TRACE_RE % "kvm_exit", log)):
            problems.append(f"guest {name}: trace=1 but no kvm_entry/"
                            f"kvm_exit events printed")
        if opts.get("corrupt", "none") == "cr0_pe" and not serial_log.search(
                rf"^liminal: guest {n}: .*VM entry failed: .*"
                r"CR0\.PG=1 with (?:CR0\.)?PE=0 \((?:SDM|APM) [\d.]+\)", log):
            problems.append(f"guest {name}: the entry failure does not name "
                            f"the rule (CR0.PG=1 with PE=0, SDM/APM section)")
        if opts.get("corrupt") == "vmenter_fault" and not serial_log.search(
                rf"^liminal: guest {n}: .*VM entry failed: "
                r"(?:VMLOAD|VMRUN|VMLAUNCH|VMRESUME) faulted \(#(?:GP|UD)\)",
                log):
            problems.append(f"guest {name}: no report naming the faulted "
                            f"world-switch instruction and its exception")
        if opts.get("nmi_us", "0") != "0":
            problems += check_nmi_exits(log, name)
        if opts.get("bench") == "1":
            got = set(serial_log.bench(log))
            missing = [t for t in bench.EXIT_TYPES if t not in got]
            if missing:
                problems.append(f"guest {name}: no bench lines for "
                                f"{missing}")
    work = {m[0]: [int(x) for x in m[1:]]
            for m in WORK_RE.findall(serial_log.vmm_text(log))}
    if "work" in work:
        resched, preempt, notify, tick, stop, eintr = work["work"]
        for what, n in [("NEED_RESCHED", resched + preempt),
                        ("NOTIFY_RESUME", notify), ("tick task work", tick),
                        ("stop requests", stop), ("-EINTR returns", eintr)]:
            if n == 0:
                problems.append(f"guest work: no {what} seen")
    n = len(guests)
    if not serial_log.has_line(log, f"liminal: guests: {n} of {n} as "
                               "expected"):
        problems.append(f"no 'guests: {n} of {n} as expected' line")
    if not serial_log.has_line(log, "liminal: entry discipline: 0 violations"):
        problems.append("entry-discipline violations (or no count printed)")
    if serial_log.build(log) == "debug" and not serial_log.has_line(
            log, "liminal: world switch: 0 exits left a guest value in a "
            "host GPR"):
        problems.append("exits left guest values in host GPRs (or no "
                        "count printed)")
    if serial_log.results(log) != ["PASS"]:
        problems.append(f"RESULT lines {serial_log.results(log)}, want "
                        f"['PASS']")
    return problems + check_not_fooled(log, guests, forgers)


def check_rejected(log, msg):
    problems = []
    if not serial_log.has_line(log, f"liminal: error: {msg}"):
        problems.append(f"no 'liminal: error: {msg}' line")
    if serial_log.results(log) != ["FAIL"]:
        problems.append("no RESULT FAIL")
    if serial_log.search(r"^liminal: guest \S+: start", log):
        problems.append("a guest started despite the bad config")
    return problems


def without_guests(config, names):
    """A copy of @config without the guest lines named in @names."""
    kept, found = [], set()
    with open(config) as f:
        for line in f:
            m = bench.GUEST_LINE_RE.match(line.split("#", 1)[0].strip())
            if m and m.group(1) in names:
                found.add(m.group(1))
                continue
            kept.append(line)
    missing = set(names) - found
    if missing:
        sys.exit(f"check_guests: --skip {sorted(missing)}: not in {config}")
    fd, path = tempfile.mkstemp(prefix="liminal-", suffix=".cfg")
    with os.fdopen(fd, "w") as f:
        f.writelines(kept)
    return path


def config_skips(config, key):
    """Guests @config says platform @key cannot run: "# skip-KEY: A B"
    (and with key "forged-by", the guests that forge VMM lines)."""
    names = []
    with open(config) as f:
        for line in f:
            m = re.match(rf"#\s*{key}:(.*)", line.strip())
            if m:
                names += m.group(1).split()
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--platform", choices=["qemu", "bochs", "kvm"],
                    default="qemu")
    ap.add_argument("--build", required=True)
    ap.add_argument("--config")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--expect-error", metavar="MSG")
    ap.add_argument("--cpu", help="emulator CPU model (e.g. ryzen on Bochs)")
    ap.add_argument("--skip", action="append", default=[], metavar="GUEST",
                    help="leave this guest of the config out (a platform "
                         "that cannot run it)")
    args = ap.parse_args()
    config = args.config or os.path.join(args.build, "guest", "demo.cfg")
    bench.preflight("check_guests", args.platform, args.build, config,
                    images=not args.expect_error)
    key = "ryzen" if args.cpu == "ryzen" else args.platform
    args.skip += config_skips(config, "skip-" + key)
    forgers = [n for n in config_skips(config, "forged-by")
               if n not in args.skip]
    if args.skip:
        config = without_guests(config, args.skip)
    guests = bench.config_guests(config)
    reports = config_reports(config)
    status, log = bench.boot(args.platform, args.build, config,
                             timeout=args.timeout,
                             skip_missing=bool(args.expect_error),
                             cpu=args.cpu)
    if args.skip:
        os.remove(config)  # the derived copy
    if args.expect_error:
        problems = check_rejected(log, args.expect_error)
        if status != 1:
            problems.append(f"boot.py status {status}, expected 1")
    else:
        problems = check(log, guests, forgers)
        problems += check_reports(log, guests, reports)
        if status != 0:
            problems.append(f"boot.py status {status}")
    if problems:
        sys.stdout.write(log)
        for p in problems:
            print(f"check_guests: {p}")
        return 1
    if args.expect_error:
        print(f"check_guests: {args.platform}: config rejected as expected")
    else:
        print(f"check_guests: {args.platform}: all {len(guests)} guests as "
              f"expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
