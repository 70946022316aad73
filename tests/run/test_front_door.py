#!/usr/bin/env python3
"""The scripts' front door (ctest unit): every mistake ends fast with one
line naming the problem and what to do, never a traceback or a hang.

    test_front_door.py

No real boot: the emulator is a stand-in first on PATH (one that never
prints, one that fails at once), KVM is looked for through LIMINAL_CPUINFO
and LIMINAL_KVM_DEV (scripts/boot.py) pointed at stand-ins, and builds are
scratch directories.  The boot watchdog is given 2 seconds.
"""
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SCRIPTS = os.path.join(ROOT, "scripts")
# A hang guard, not a measurement: each command here should take a second
# or two; the watchdog case at most --first-output plus the polling.
HANG = 120


def script(name):
    return os.path.join(SCRIPTS, name)


class FrontDoor(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="liminal-frontdoor-")
        self.bin = os.path.join(self.work, "bin")
        os.makedirs(self.bin)
        self.env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1",
                        PATH=self.bin + os.pathsep + os.environ["PATH"])
        # a build: an "image" and a guest directory with one guest
        self.build = os.path.join(self.work, "build")
        os.makedirs(os.path.join(self.build, "guest"))
        self.write(os.path.join(self.build, "liminal.efi"), "not an EFI\n")
        self.write(os.path.join(self.build, "guest", "cpuid.bin"), "\xf4")
        self.cfg = self.write(os.path.join(self.work, "ok.cfg"),
                              "guest a image=cpuid.bin\n")

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def write(self, path, text, mode=None):
        with open(path, "w") as f:
            f.write(text)
        if mode:
            os.chmod(path, mode)
        return path

    def emulator(self, body):
        """A stand-in qemu-system-x86_64 running the shell @body."""
        self.write(os.path.join(self.bin, "qemu-system-x86_64"),
                   "#!/bin/sh\n" + body + "\n", stat.S_IRWXU)

    def kvm(self, flags="vmx", dev=True):
        path = self.write(os.path.join(self.work, "cpuinfo"),
                          f"processor\t: 0\nflags\t\t: fpu lm {flags}\n")
        self.env["LIMINAL_CPUINFO"] = path
        self.env["LIMINAL_KVM_DEV"] = os.path.join(self.work, "kvm")
        if dev:
            self.write(self.env["LIMINAL_KVM_DEV"], "")

    def run_script(self, *argv):
        p = subprocess.run([sys.executable] + list(argv), env=self.env,
                           capture_output=True, text=True, timeout=HANG,
                           cwd=self.work)
        return p.returncode, p.stdout + p.stderr

    def refused(self, message, *argv, status=None):
        """@argv fails with @message, no traceback, in a few lines."""
        rc, out = self.run_script(*argv)
        self.assertNotEqual(rc, 0, out)
        if status is not None:
            self.assertEqual(rc, status, out)
        self.assertIn(message, out)
        self.assertNotIn("Traceback", out)
        return out

    def test_kvm_without_vmx_svm(self):
        self.kvm(flags="sse2")
        msg = ("no usable KVM here: the host CPU has no vmx/svm; use "
               "--platform qemu")
        self.refused(msg, script("boot.py"), "--platform", "kvm", "--check")
        self.refused(msg, script("demo.py"), "--platform", "kvm",
                     "--build", self.build, "--config", self.cfg)
        self.refused(msg, script("bench.py"), "--platform", "kvm",
                     "--build", self.build)
        self.refused(msg, os.path.join(ROOT, "tests", "vmm",
                                       "check_guests.py"),
                     "--platform", "kvm", "--build", self.build)

    def test_kvm_without_dev(self):
        self.kvm(dev=False)
        self.refused("does not exist (kvm module not loaded); use "
                     "--platform qemu", script("boot.py"), "--platform",
                     "kvm", "--check")

    def test_best_platform(self):
        self.kvm(flags="sse2")
        rc, out = self.run_script(script("boot.py"), "--best-platform")
        self.assertEqual((rc, out), (0, "qemu\n"))
        self.kvm(flags="svm")
        rc, out = self.run_script(script("boot.py"), "--best-platform")
        self.assertEqual((rc, out), (0, "kvm\n"))

    def test_kvm_that_cannot_run_the_guest(self):
        """/dev/kvm opens but the run never reaches the VMM: the watchdog
        ends it with a message instead of minutes of silence."""
        self.kvm(flags="vmx")
        self.emulator("exec sleep 600")
        out = self.refused(
            "no output from the VMM within 2 s", script("boot.py"),
            "--platform", "kvm", "--efi", os.path.join(self.build,
                                                       "liminal.efi"),
            "--first-output", "2", "--timeout", "600", "--quiet",
            "--workdir", os.path.join(self.work, "boot"), status=3)
        self.assertIn("a KVM that cannot run this guest; use --platform "
                      "qemu", out)

    def test_emulator_fails_at_once(self):
        self.emulator('echo "qemu-system-x86_64: -accel kvm: failed to '
                      'initialize kvm: Permission denied" >&2; exit 1')
        self.refused("ended (status 1) before liminal started: "
                     "qemu-system-x86_64: -accel kvm: failed to initialize "
                     "kvm: Permission denied", script("boot.py"),
                     "--platform", "qemu", "--efi",
                     os.path.join(self.build, "liminal.efi"), "--quiet",
                     "--workdir", os.path.join(self.work, "boot"), status=1)

    def test_emulator_not_installed(self):
        # a PATH with the interpreter and mtools only
        for tool in ("mformat", "mmd", "mcopy"):
            os.symlink(shutil.which(tool), os.path.join(self.bin, tool))
        self.env["PATH"] = self.bin
        for platform, prog, pkg in (("qemu", "qemu-system-x86_64",
                                     "qemu-system-x86"),
                                    ("bochs", "bochs-bin", "bochs")):
            self.refused(f"{platform}: {prog} is not installed: install the "
                         f"Debian package {pkg}", script("boot.py"),
                         "--platform", platform, "--check")
            self.refused(f"{prog} is not installed", script("demo.py"),
                         "--platform", platform, "--build", self.build)

    def test_missing_build(self):
        nobuild = os.path.join(self.work, "nobuild")
        msg = f"{nobuild}/liminal.efi does not exist: build first"
        self.refused(msg, script("demo.py"), "--build", nobuild)
        self.refused(msg, script("bench.py"), "--build", nobuild)
        self.refused(msg, os.path.join(ROOT, "tests", "vmm",
                                       "check_guests.py"),
                     "--build", nobuild)
        self.refused(f"{nobuild}/liminal.efi does not exist: build first",
                     script("boot.py"), "--efi",
                     os.path.join(nobuild, "liminal.efi"))
        self.refused("does not exist: build first",
                     os.path.join(ROOT, "tests", "boot", "check_boot.py"),
                     "--boot-py", script("boot.py"), "--efi",
                     os.path.join(nobuild, "liminal.efi"), "--case",
                     "selftest")

    def test_bad_config(self):
        demo = (script("demo.py"), "--build", self.build, "--no-bench",
                "--config")
        self.refused("/nonexistent.cfg: no such config file",
                     *demo, "/nonexistent.cfg")
        self.refused(f"{self.work}: not a readable file", *demo, self.work)
        binary = self.write(os.path.join(self.work, "bin.cfg"),
                            "\x7fELF\x00\xff\xfe")
        self.refused(f"{binary}: no guest lines", *demo, binary)
        noimg = self.write(os.path.join(self.work, "noimg.cfg"),
                           "guest a image=nope.bin\n")
        self.refused(f"{noimg}: image nope.bin is not in", *demo, noimg)
        self.refused("/nonexistent.cfg: no such config file",
                     os.path.join(ROOT, "tests", "vmm", "check_guests.py"),
                     "--build", self.build, "--config", "/nonexistent.cfg")
        self.refused("/nonexistent.cfg: no such config file",
                     script("bench.py"), "--build", self.build, "--config",
                     "/nonexistent.cfg")

    def test_unknown_options(self):
        for name in ("boot.py", "demo.py", "bench.py"):
            self.refused("unrecognized arguments: --bogus", script(name),
                         "--bogus", status=2)
        self.refused("invalid choice: 'vmware'", script("demo.py"),
                     "--platform", "vmware", status=2)

    def test_bench_table(self):
        self.refused("/nonexistent.json: No such file or directory",
                     script("bench_table.py"), "/nonexistent.json")
        self.refused(f"{self.cfg}: not a scripts/bench.py result",
                     script("bench_table.py"), self.cfg)
        self.refused("usage: bench_table.py", script("bench_table.py"))


if __name__ == "__main__":
    unittest.main(verbosity=1)
