#!/usr/bin/env python3
"""Boot liminal.efi under an emulator and report the verdict.

    boot.py --platform {qemu,kvm,bochs} --efi build/debug/liminal.efi \
            [--file SRC[:DST]]... [--icount] [--cpu MODEL] [--timeout S] \
            [--log serial.log] [--workdir DIR]

Builds an ESP image (EFI/BOOT/BOOTX64.EFI plus the extra files, placed at the
ESP root unless DST says otherwise), boots it, captures COM1 and returns:
    0  the VMM printed "liminal: RESULT PASS" (its own line, not a guest's
       console: scripts/serial_log.py) and ended itself
    1  it printed "liminal: RESULT FAIL", or ended without a verdict
    2  the run timed out (the VMM hung: always a bug)
The serial log is printed to stdout unless --quiet.  Facts about each
platform (exit ports, image geometry) are in docs/platforms.md.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serial_log  # noqa: E402

OVMF_CODE_4M = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS_4M = "/usr/share/OVMF/OVMF_VARS_4M.fd"
OVMF_CODE_2M = "/usr/share/OVMF/OVMF_CODE.fd"   # the only one that fits Bochs
VGABIOS = "/usr/share/seabios/vgabios-stdvga.bin"

QEMU_PASS_STATUS = (0x10 << 1) | 1   # isa-debug-exit: (value << 1) | 1


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def make_esp(path, efi, files, bochs):
    if bochs:
        # whole-disk FAT, no partition table, sized to the ATA geometry
        with open(path, "wb") as f:
            f.truncate(32 * 16 * 63 * 512)
        run(["mformat", "-i", path, "-h", "16", "-s", "63", "-t", "32", "::"])
    else:
        run(["mformat", "-i", path, "-C", "-T", "65536", "-h", "64",
             "-s", "32", "::"])
    run(["mmd", "-i", path, "::/EFI", "::/EFI/BOOT"])
    run(["mcopy", "-i", path, efi, "::/EFI/BOOT/BOOTX64.EFI"])
    for spec in files:
        src, _, dst = spec.partition(":")
        if not os.path.exists(src):
            sys.exit(f"boot.py: {src}: no such file")
        dst = dst or os.path.basename(src)
        run(["mcopy", "-o", "-i", path, src, "::/" + dst])


def qemu_cmd(args, work, esp):
    vars_fd = os.path.join(work, "vars.fd")
    shutil.copy(OVMF_VARS_4M, vars_fd)
    if args.platform == "kvm":
        accel, cpu = "kvm", args.cpu or "host"
    else:
        accel, cpu = "tcg", args.cpu or "max,-rdrand,-rdseed"
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", accel,
           "-cpu", cpu, "-m", "256M", "-smp", "1", "-nodefaults",
           "-display", "none", "-serial", "file:" + args.log_path,
           "-no-reboot",
           "-rtc", "base=2024-01-01T00:00:00,clock=vm",
           "-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE_4M}",
           "-drive", f"if=pflash,format=raw,unit=1,file={vars_fd}",
           "-drive", f"if=none,id=esp,file={esp},format=raw",
           "-device", "virtio-blk-pci,drive=esp",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if args.icount:
        cmd += ["-icount", "shift=6,sleep=off"]
    return cmd + args.qemu_arg


def bochs_cmd(args, work, esp):
    rc = os.path.join(work, "bochsrc")
    cont = os.path.join(work, "cont.rc")
    cpu = args.cpu or "corei7_skylake_x"
    with open(rc, "w") as f:
        f.write(f"""megs: 256
romimage: file={OVMF_CODE_2M}
vgaromimage: file={VGABIOS}
cpu: model={cpu}, count=1, ips=50000000, reset_on_triple_fault=0
clock: sync=none, time0=946681200
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=disk, path={esp}, mode=flat, cylinders=32, heads=16, spt=63
display_library: term
com1: enabled=1, mode=file, dev={args.log_path}
log: {os.path.join(work, "bochs.log")}
panic: action=fatal
error: action=ignore
info: action=ignore
debug: action=ignore
""")
    with open(cont, "w") as f:
        f.write("c\nquit\n")
    lock = esp + ".lock"
    if os.path.exists(lock):
        os.remove(lock)
    return ["bochs-bin", "-q", "-rc", cont, "-f", rc]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--platform", choices=["qemu", "kvm", "bochs"],
                    default="qemu")
    ap.add_argument("--efi", required=True)
    ap.add_argument("--file", action="append", default=[])
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("--cpu")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--log")
    ap.add_argument("--workdir")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--qemu-arg", action="append", default=[],
                    help="extra QEMU argument (e.g. for -d exec profiling)")
    args = ap.parse_args()

    if not os.path.exists(args.efi):
        sys.exit(f"boot.py: {args.efi}: no such file (build first)")
    work = args.workdir or tempfile.mkdtemp(prefix="liminal-boot-")
    os.makedirs(work, exist_ok=True)
    args.log_path = os.path.abspath(args.log or os.path.join(work, "serial.log"))
    if os.path.exists(args.log_path):
        os.remove(args.log_path)
    esp = os.path.join(work, "esp.img")
    bochs = args.platform == "bochs"
    make_esp(esp, args.efi, args.file, bochs)

    cmd = bochs_cmd(args, work, esp) if bochs else qemu_cmd(args, work, esp)
    env = dict(os.environ, TERM="dumb")
    timed_out = False
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, env=env,
                           timeout=args.timeout)
        status = p.returncode
        stderr = p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        timed_out, status, stderr = True, None, ""

    try:
        with open(args.log_path, errors="replace") as f:
            log = f.read()
    except FileNotFoundError:
        log = ""
    if not args.quiet:
        sys.stdout.write(log)
    if timed_out:
        print(f"boot.py: {args.platform}: TIMEOUT after {args.timeout}s "
              f"(log: {args.log_path})")
        return 2
    if stderr.strip() and not args.quiet:
        sys.stderr.write(stderr)
    # the VMM's own RESULT line, never a guest's console (serial_log.py)
    if serial_log.results(log) == ["PASS"]:
        # QEMU must also have been ended by the VMM itself
        if bochs or status == QEMU_PASS_STATUS:
            return 0
        print(f"boot.py: PASS printed but emulator status {status}")
        return 1
    print(f"boot.py: {args.platform}: no PASS verdict (emulator status "
          f"{status}; log: {args.log_path})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
