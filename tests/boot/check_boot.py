#!/usr/bin/env python3
"""Boot liminal.efi with scripts/boot.py and check the serial log.

    check_boot.py --boot-py scripts/boot.py --efi build/liminal.efi
                  --case {selftest,novirt,ebs-stale,fault-ud,fault-pf,fault-df}
                  [--platform qemu|bochs] [--timeout S] [--debug-build]

selftest   the host self-test passes: "liminal: host self-test PASS", the
           verdict PASS, >= 100 timer IRQs and >= 10 NMIs counted, and (debug
           builds) zero entry-discipline violations.
novirt     QEMU with -cpu qemu64,-svm,-vmx: the exact "no VMX or SVM" message
           and a FAIL verdict.
fault-X    a deliberate #UD / #PF / #DF: the fatal-exception dump (vector,
           registers, control registers, backtrace) and a FAIL verdict, no
           hang; the first backtrace frame resolves (addr2line on liminal.so)
           to the function that faulted.
Every fact is read from the VMM's own lines, anchored at the line start
(scripts/serial_log.py), never from a guest's console line.
Exit status 0 when the expectation holds, 1 otherwise.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import serial_log  # noqa: E402
from serial_log import has_line, search  # noqa: E402

NOVIRT_MSG = ("no VMX or SVM: this CPU or emulator does not expose hardware "
              "virtualization")
SELFTEST_TICKS = 100
SELFTEST_NMIS = 10

FAULTS = {
    # case: (marker line, exception name in the dump, faulting function)
    "fault-ud": ("fault=ud", "#UD invalid opcode (vector 6)",
                 "host_fault_test_run"),
    "fault-pf": ("fault=pf", "#PF page fault (vector 14)",
                 "host_fault_test_run"),
    "fault-df": ("fault=df", "#DF double fault (vector 8)",
                 "fault_stack_overflow"),
}


class Check:
    def __init__(self):
        self.failures = []

    def expect(self, cond, what):
        print(("ok:   " if cond else "FAIL: ") + what)
        if not cond:
            self.failures.append(what)


def boot(args, work, files=(), cpu=None):
    log = os.path.join(work, "serial.log")
    cmd = [sys.executable, args.boot_py, "--platform", args.platform,
           "--efi", args.efi, "--timeout", str(args.timeout), "--log", log,
           "--workdir", work, "--quiet"]
    for f in files:
        cmd += ["--file", f]
    if cpu:
        cmd += ["--cpu", cpu]
    status = subprocess.run(cmd).returncode
    try:
        with open(log, errors="replace") as f:
            text = f.read().replace("\r\n", "\n")
    except FileNotFoundError:
        text = ""
    sys.stdout.write(text)
    print(f"check_boot: boot.py status {status}")
    return status, text


def marker(work, text):
    path = os.path.join(work, "liminal-selftest.cfg")
    with open(path, "w") as f:
        f.write(text + "\n")
    return path + ":liminal-selftest.cfg"


def check_selftest(args, work, c):
    status, log = boot(args, work, [marker(work, "selftest=only")])
    c.expect(status == 0, "boot.py status 0 (PASS verdict, emulator ended "
             "by the VMM)")
    c.expect(has_line(log, "liminal: host self-test PASS"),
             "host self-test PASS")
    m = search(r"^liminal: selftest: (\d+) timer IRQs, (\d+) test IPIs, "
               r"(\d+) NMIs", log)
    c.expect(m is not None, "self-test counter line present")
    if m:
        ticks, nmis = int(m.group(1)), int(m.group(3))
        c.expect(ticks >= SELFTEST_TICKS,
                 f"{ticks} timer IRQs >= {SELFTEST_TICKS}")
        c.expect(nmis >= SELFTEST_NMIS, f"{nmis} NMIs >= {SELFTEST_NMIS}")
    m = search(r"^liminal: selftest: .* PIT NMIs of which (\d+) hit idle",
               log)
    c.expect(m is not None and int(m.group(1)) >= 1,
             "NMIs taken in CONTEXT_IDLE")
    e = search(r"^liminal: selftest: entry counted (\d+) IRQs and (\d+) "
               r"NMIs", log)
    c.expect(e is not None, "entry's own IRQ/NMI counts printed")
    if m and e and (n := search(r"^liminal: selftest: .*test IPIs, (\d+) "
                                r"NMIs", log)):
        c.expect(int(e.group(2)) == int(n.group(1)),
                 "entry counted every NMI (irqentry_nmi_enter)")
    if args.debug_build:
        c.expect(has_line(log, "liminal: selftest: entry-discipline "
                          "violations: 0"),
                 "zero entry-discipline violations (debug build)")


def check_ebs_stale(args, work, c):
    """The stale-map-key retry of ExitBootServices (UEFI 7.4)."""
    status, log = boot(args, work, [marker(work, "ebs=stale\nselftest=only")])
    c.expect(status == 0, "boot.py status 0 (PASS verdict)")
    c.expect(has_line(log, "liminal: ExitBootServices: 2 calls (ebs=stale"),
             "the stale key was refused and the retry succeeded")
    c.expect(has_line(log, "liminal: host self-test PASS"),
             "the machine is ours after the retry")


def check_novirt(args, work, c):
    status, log = boot(args, work, cpu="qemu64,-svm,-vmx")
    c.expect(status == 1, "boot.py status 1 (FAIL verdict, no hang)")
    c.expect(search(r"^liminal: (?:error: )?" + re.escape(NOVIRT_MSG), log)
             is not None, "the exact no-virtualization message")
    c.expect(serial_log.results(log) == ["FAIL"], "RESULT FAIL printed")
    c.expect(not search(r"^liminal: host self-test", log),
             "stopped before the host init")


def addr2line(elf, offset):
    tool = shutil.which("addr2line")
    if not tool or not os.path.exists(elf):
        return None
    out = subprocess.run([tool, "-f", "-e", elf, offset],
                         capture_output=True, text=True).stdout.split("\n")
    return out[0] if out else None


def check_fault(args, work, c):
    line, name, func = FAULTS[args.case]
    status, log = boot(args, work, [marker(work, line)])
    c.expect(status == 1, "boot.py status 1 (FAIL verdict, no hang)")
    c.expect(has_line(log, f"liminal: FATAL EXCEPTION {name}"),
             f"dump names {name}")
    for reg in ("RIP:", "RSP:", "RAX:", "R15:", "CR0:", "CR2:", "CR3:",
                "CR4:", "EFER:"):
        c.expect(search(r"^(?:[A-Z0-9]+: +0x[0-9a-f]+ .*)?" + reg, log)
                 is not None, f"dump shows {reg}")
    c.expect(has_line(log, "backtrace (image base"), "backtrace printed")
    c.expect(serial_log.results(log) == ["FAIL"], "RESULT FAIL printed")
    c.expect(not has_line(log, "liminal: host self-test PASS"),
             "the run stopped at the fault")
    if args.case == "fault-pf":
        m = search(r"^liminal: fault test: write to our own text at "
                   r"(0x[0-9a-f]+)", log)
        cr2 = search(r"^CR0: 0x[0-9a-f]+ CR2: (0x[0-9a-f]+)", log)
        c.expect(m and cr2 and int(m.group(1), 16) == int(cr2.group(1), 16),
                 "CR2 is the text address written to")
        c.expect(search(r"^liminal: FATAL EXCEPTION .*, error code 0x3$",
                        log) is not None,
                 "error code: present page, write access")
    frame = search(r"^  #0\s+0x[0-9a-f]+ liminal.so\+(0x[0-9a-f]+)", log)
    c.expect(frame is not None, "frame #0 has an image offset")
    # The image's own table names the function symbol holding the address:
    # the faulting function, or the one GCC inlined it into (the #DF
    # recursion has no symbol of its own; DWARF/addr2line still names it).
    sym = search(r"^  #0\s+0x[0-9a-f]+ liminal.so\+0x[0-9a-f]+ (\S+)\+0x",
                 log)
    names = {func, "host_fault_test_run"}
    c.expect(sym is not None and sym.group(1) in names,
             f"frame #0 symbolised in the image as one of {sorted(names)} "
             f"(got {sym.group(1) if sym else None})")
    elf = os.path.join(os.path.dirname(os.path.abspath(args.efi)),
                       "liminal.so")
    if frame:
        got = addr2line(elf, frame.group(1))
        if got is not None:
            c.expect(got == func, f"frame #0 resolves to {func} (got {got})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--boot-py", required=True)
    ap.add_argument("--efi", required=True)
    ap.add_argument("--case", required=True,
                    choices=["selftest", "novirt", "ebs-stale"] +
                    sorted(FAULTS))
    ap.add_argument("--platform", default="qemu",
                    choices=["qemu", "bochs", "kvm"])
    ap.add_argument("--timeout", type=int, default=30)
    ap.add_argument("--debug-build", action="store_true")
    args = ap.parse_args()

    if not os.path.isfile(args.efi):
        sys.exit(f"check_boot: {args.efi} does not exist: build first")
    c = Check()
    work = tempfile.mkdtemp(prefix=f"liminal-{args.case}-")
    if args.case == "selftest":
        check_selftest(args, work, c)
    elif args.case == "novirt":
        check_novirt(args, work, c)
    elif args.case == "ebs-stale":
        check_ebs_stale(args, work, c)
    else:
        check_fault(args, work, c)
    if c.failures:
        print(f"check_boot: {args.case} on {args.platform}: "
              f"{len(c.failures)} check(s) failed (work dir {work})")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"check_boot: {args.case} on {args.platform}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
