#!/usr/bin/env python3
"""Boot one VMX test guest under Bochs and check its verdict.

    check_guest.py --boot-py scripts/boot.py --efi build/liminal.efi
                   --nasm nasm --guest-inc guest/ --src tests/vmx/guests/X.asm
                   --mode prot32 --expect-report 0x600d [--timeout S]

Assembles the guest, writes a one-line liminal.cfg, boots, and requires
the VMM's lines "liminal: guest <name>: done (expected done) OK" and the
reported value (read through scripts/serial_log.py: never a console line).
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import serial_log  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--boot-py", required=True)
    ap.add_argument("--efi", required=True)
    ap.add_argument("--nasm", default="nasm")
    ap.add_argument("--guest-inc", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--mode", default="long64")
    ap.add_argument("--expect-report")
    ap.add_argument("--timeout", type=int, default=120)
    args = ap.parse_args()

    name = os.path.splitext(os.path.basename(args.src))[0]
    work = tempfile.mkdtemp(prefix="liminal-vmx-")
    binary = os.path.join(work, name + ".bin")
    subprocess.run([args.nasm, "-f", "bin", "-w+all", "-Werror",
                    "-I" + args.guest_inc.rstrip("/") + "/", "-o", binary,
                    args.src], check=True)
    cfg = os.path.join(work, "liminal.cfg")
    with open(cfg, "w") as f:
        f.write(f"guest {name} image={name}.bin mode={args.mode}\n")
    log = os.path.join(work, "serial.log")
    r = subprocess.run([sys.executable, args.boot_py, "--platform", "bochs",
                        "--efi", args.efi, "--file", cfg + ":liminal.cfg",
                        "--file", binary, "--log", log, "--workdir", work,
                        "--timeout", str(args.timeout), "--quiet"])
    try:
        with open(log, errors="replace") as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    ok = True
    want = [f"liminal: guest {name}: done (expected done) OK"]
    if args.expect_report:
        v = int(args.expect_report, 0)
        want.append(f"liminal: guest {name}: report {v} ({v:#x})")
    for w in want:
        found = serial_log.has_line(text, w)
        print(("ok:   " if found else "FAIL: ") + w)
        ok &= found
    if r.returncode != 0:
        print(f"FAIL: boot.py status {r.returncode} (log {log})")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
