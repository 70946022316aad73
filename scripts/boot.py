#!/usr/bin/env python3
"""Boot liminal.efi under an emulator and report the verdict.

    boot.py --platform {qemu,kvm,bochs} --efi build/debug/liminal.efi \
            [--file SRC[:DST]]... [--icount] [--cpu MODEL] [--timeout S] \
            [--first-output S] [--log serial.log] [--workdir DIR]
    boot.py --platform P --check      can P boot here? (one line if not)
    boot.py --best-platform           kvm if KVM can run liminal, else qemu

Builds an ESP image (EFI/BOOT/BOOTX64.EFI plus the extra files, placed at the
ESP root unless DST says otherwise), boots it, captures COM1 and returns:
    0  the VMM printed "liminal: RESULT PASS" (its own line, not a guest's
       console: scripts/serial_log.py) and ended itself
    1  it printed "liminal: RESULT FAIL", or ended without a verdict, or
       the platform cannot boot here (one line says why and what to do)
    2  the run timed out (the VMM hung: always a bug)
    3  the VMM never started: no line of its own within --first-output
       seconds (default per platform: FIRST_OUTPUT) while the emulator ran;
       on kvm, a KVM that opens but cannot run the guest
The serial log is printed to stdout unless --quiet.  Facts about each
platform (exit ports, image geometry) are in docs/platforms.md.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serial_log  # noqa: E402

OVMF_CODE_4M = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS_4M = "/usr/share/OVMF/OVMF_VARS_4M.fd"
OVMF_CODE_2M = "/usr/share/OVMF/OVMF_CODE.fd"   # the only one that fits Bochs
VGABIOS = "/usr/share/seabios/vgabios-stdvga.bin"

QEMU_PASS_STATUS = (0x10 << 1) | 1   # isa-debug-exit: (value << 1) | 1

# What a platform needs on this machine: (program or file, Debian package).
NEEDS = {
    "qemu": [("qemu-system-x86_64", "qemu-system-x86"),
             (OVMF_CODE_4M, "ovmf"), (OVMF_VARS_4M, "ovmf")],
    "bochs": [("bochs-bin", "bochs"), (OVMF_CODE_2M, "ovmf"),
              (VGABIOS, "seabios")],
}
NEEDS["kvm"] = NEEDS["qemu"]
ESP_TOOLS = [("mformat", "mtools"), ("mmd", "mtools"), ("mcopy", "mtools")]

# Seconds from the emulator's start to the VMM's first line (its banner,
# after the firmware's boot): OVMF reaches liminal in about 1 s under KVM,
# 3.5 s under QEMU TCG, under 10 s under Bochs (docs/platforms.md); these
# leave room for a loaded 2-core machine and still end a run that will never
# print in seconds, not minutes.
FIRST_OUTPUT = {"kvm": 30, "qemu": 120, "bochs": 300}

# Where KVM is looked for; tests/run/ points these at stand-ins.
KVM_DEV = os.environ.get("LIMINAL_KVM_DEV", "/dev/kvm")
CPUINFO = os.environ.get("LIMINAL_CPUINFO", "/proc/cpuinfo")


def cpu_flags():
    try:
        with open(CPUINFO, errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.partition(":")[2].split())
    except OSError:
        pass
    return set()


def kvm_problem():
    """Why KVM cannot run liminal here, or None.  liminal needs the host
    CPU's vmx or svm (nested virtualization) and a /dev/kvm it may use."""
    if not {"vmx", "svm"} & cpu_flags():
        return "the host CPU has no vmx/svm"
    if not os.path.exists(KVM_DEV):
        return f"{KVM_DEV} does not exist (kvm module not loaded)"
    if not os.access(KVM_DEV, os.R_OK | os.W_OK):
        return f"{KVM_DEV} is not readable and writable by this user"
    return None


def platform_problem(platform):
    """One line: why @platform cannot boot on this machine and what to do;
    None if it can."""
    if platform == "kvm" and (why := kvm_problem()):
        return f"no usable KVM here: {why}; use --platform qemu"
    for what, pkg in NEEDS[platform] + ESP_TOOLS:
        if os.path.isabs(what):
            if not os.path.isfile(what):
                return (f"{platform}: {what} is missing: install the Debian "
                        f"package {pkg} (scripts/deps.sh as root)")
        elif not shutil.which(what):
            return (f"{platform}: {what} is not installed: install the "
                    f"Debian package {pkg} (scripts/deps.sh as root)")
    return None


def best_platform():
    return "qemu" if platform_problem("kvm") else "kvm"


def build_problem(build, config=None, images=()):
    """One line: what is missing to boot @build with @config (its @images
    in build/guest/), and what to do; None if nothing is."""
    efi = os.path.join(build, "liminal.efi")
    if not os.path.isfile(efi):
        return (f"{efi} does not exist: build first (./run.sh builds it; or "
                f"cmake --preset P && cmake --build --preset P)")
    if config is not None:
        if not os.path.exists(config):
            return f"{config}: no such config file"
        if not os.path.isfile(config) or not os.access(config, os.R_OK):
            return f"{config}: not a readable file"
    for image in images:
        if not os.path.isfile(os.path.join(build, "guest", image)):
            return (f"{config}: image {image} is not in "
                    f"{os.path.join(build, 'guest')}/ (build first, or fix "
                    f"its image=)")
    return None


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       **kw)
    if p.returncode:
        err = p.stderr.decode(errors="replace").strip().splitlines()
        sys.exit(f"boot.py: {' '.join(cmd[:3])}... failed: "
                 f"{err[-1] if err else f'status {p.returncode}'}")


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
    ap.add_argument("--efi")
    ap.add_argument("--check", action="store_true",
                    help="only check that --platform can boot here")
    ap.add_argument("--best-platform", action="store_true",
                    help="print kvm if KVM can run liminal here, else qemu")
    ap.add_argument("--first-output", type=int, metavar="S",
                    help="seconds the VMM has to print its first line "
                         "(default per platform: kvm 30, qemu 120, bochs "
                         "300)")
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

    if args.best_platform:
        print(best_platform())
        return 0
    if problem := platform_problem(args.platform):
        sys.exit(f"boot.py: {problem}")
    if args.check:
        return 0
    if not args.efi:
        ap.error("--efi is required")
    if not os.path.isfile(args.efi):
        sys.exit(f"boot.py: {args.efi} does not exist: build first "
                 f"(./run.sh, or cmake --build --preset P)")
    if args.first_output is None:
        args.first_output = FIRST_OUTPUT[args.platform]
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
    status, why, stderr = run_emulator(cmd, env, work, args)
    try:
        with open(args.log_path, errors="replace") as f:
            log = f.read()
    except FileNotFoundError:
        log = ""
    if not args.quiet:
        sys.stdout.write(log)
    if why == "silent":
        hint = ("a KVM that cannot run this guest; use --platform qemu"
                if args.platform == "kvm" else "the firmware did not start "
                "it")
        print(f"boot.py: {args.platform}: no output from the VMM within "
              f"{args.first_output} s: the emulator runs but liminal never "
              f"started ({hint}; log: {args.log_path})")
        return 3
    if why == "timeout":
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
    if not serial_log.search(r"^liminal: ", log):
        last = stderr.strip().splitlines()
        print(f"boot.py: {args.platform}: {cmd[0]} ended (status {status}) "
              f"before liminal started"
              + (f": {last[-1]}" if last else f" (log: {args.log_path})"))
        return 1
    print(f"boot.py: {args.platform}: no PASS verdict (emulator status "
          f"{status}; log: {args.log_path})")
    return 1


def vmm_started(log_path):
    try:
        with open(log_path, errors="replace") as f:
            return serial_log.search(r"^liminal: ", f.read()) is not None
    except FileNotFoundError:
        return False


def run_emulator(cmd, env, work, args):
    """Run the emulator under two watchdogs: the VMM's first line within
    args.first_output seconds, the end within args.timeout.  Returns
    (exit status or None, None | "silent" | "timeout", its stderr)."""
    with open(os.path.join(work, "emulator.err"), "w+b") as err:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=err, env=env)
        start, started, why = time.monotonic(), False, None
        while why is None:
            try:
                p.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                pass
            elapsed = time.monotonic() - start
            started = started or vmm_started(args.log_path)
            if not started and elapsed >= args.first_output:
                why = "silent"
            elif elapsed >= args.timeout:
                why = "timeout"
        if why:
            p.kill()
        status = p.wait()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    return (None if why else status), why, stderr


if __name__ == "__main__":
    sys.exit(main())
