#!/usr/bin/python3
"""scripts/plot_report.py and scripts/plot_trace.py on recorded inputs.

fixtures/ holds what real runs wrote (see fixtures/README):
    qemu-svm.json, bochs-vmx.json   ./run.sh bench on each platform
    qemu-release.log, bochs-release.log   their release boots' serial logs
    trace.log   a debug boot with trace=1 guests (IRQs, NMIs, switches)

Each script must write its files from them, and must refuse an input made
malformed here, naming the file and the line.  Nothing looks at pixels:
the SVGs keep their text (svg.fonttype none), so a test can find a label.
"""
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
SCRIPTS = os.path.join(HERE, "..", "..", "scripts")
REPORT = os.path.join(SCRIPTS, "plot_report.py")
TRACE = os.path.join(SCRIPTS, "plot_trace.py")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

sys.path.insert(0, SCRIPTS)
import plot_report  # noqa: E402
import plot_trace  # noqa: E402


def run(script, *args):
    """The script as a user runs it."""
    return subprocess.run([sys.executable, "-B", script, *args],
                          capture_output=True, text=True, timeout=200)


def call(script, *args):
    """The script's main() in this process (no second matplotlib import),
    with what run() returns."""
    main = {REPORT: plot_report.main, TRACE: plot_trace.main}[script]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(args))
    return types.SimpleNamespace(returncode=rc, stdout=out.getvalue(),
                                 stderr=err.getvalue())


def read(path):
    with open(path) as f:
        return f.read()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class PlotTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="liminal-plots-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def copy(self, *names):
        for name in names:
            shutil.copy(os.path.join(FIXTURES, name), self.tmp)
        return [os.path.join(self.tmp, n) for n in names]

    def edit(self, path, old, new):
        """Replace the first @old in @path; returns its 1-based line."""
        text = read(path)
        at = text.index(old)
        write(path, text[:at] + new + text[at + len(old):])
        return text.count("\n", 0, at) + 1

    def assert_files(self, result, *paths):
        self.assertEqual(result.returncode, 0, result.stderr)
        for path in paths:
            with open(path, "rb") as f:
                data = f.read()
            if path.endswith(".png"):
                self.assertTrue(data.startswith(PNG_MAGIC), path)
            else:
                ET.fromstring(data)  # well-formed SVG
            self.assertIn(f"wrote {path}", result.stdout)

    def svg_text(self, path):
        root = ET.parse(path).getroot()
        return " ".join(t for e in root.iter() for t in [e.text] if t)

    def assert_refused(self, result, path, line, words):
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn(f"{path}:{line}: ", result.stderr)
        self.assertIn(words, result.stderr)
        self.assertNotIn("Traceback", result.stderr)


class ReportTest(PlotTest):
    def report(self, *args, how=call):
        svg, png = (os.path.join(self.tmp, "report" + e)
                    for e in (".svg", ".png"))
        return svg, png, how(REPORT, *args, "-o", svg, "-o", png)

    def test_both_platforms(self):
        jsons = self.copy("qemu-svm.json", "bochs-vmx.json",
                          "qemu-release.log", "bochs-release.log")[:2]
        svg, png, r = self.report(*jsons, how=run)
        self.assert_files(r, svg, png)
        text = self.svg_text(svg)
        for label in ("cpuid", "hlt", "qemu/svm release",
                      "bochs/vmx release", "KVM 2577", "target (release)",
                      # the exit mix: every guest of both release logs
                      "qemu/svm release: bench",
                      "bochs/vmx release: bench-nomit"):
            self.assertIn(label, text)

    def test_distribution_drawn(self):
        """Each distinct value of the recorded samples is one dot: the
        figure has as many as the JSON has runs."""
        json_path, _ = self.copy("qemu-svm.json", "qemu-release.log")
        runs = sum(len(st["distribution"])
                   for st in json.loads(read(json_path))["exits"].values())
        self.assertGreater(runs, 9)  # outliers, not just the medians
        svg, png, r = self.report(json_path)
        self.assert_files(r, svg, png)
        self.assertIn("one dot per distinct value", self.svg_text(svg))

    def test_default_outputs_and_extra_log(self):
        json_path, _, trace = self.copy("qemu-svm.json", "qemu-release.log",
                                        "trace.log")
        r = call(REPORT, json_path, "--log", trace)
        self.assert_files(r, *(os.path.join(self.tmp, "report" + e)
                               for e in (".svg", ".png")))
        self.assertIn("trace.log: work",
                      self.svg_text(os.path.join(self.tmp, "report.svg")))

    def test_truncated_json(self):
        path, _ = self.copy("qemu-svm.json", "qemu-release.log")
        text = read(path)
        write(path, text[:text.index('"vmmcall"')])
        lines = text[:text.index('"vmmcall"')].count("\n") + 1
        self.assert_refused(self.report(path)[2], path, lines, "not JSON")

    def test_exit_without_median(self):
        path, _ = self.copy("bochs-vmx.json", "bochs-release.log")
        line = self.edit(path, '"port_in": {\n      "min"',
                         '"port_in": {\n      "low"')
        self.assert_refused(self.report(path)[2], path, line,
                            'exit port_in: no number "min"')

    def test_distribution_not_the_samples(self):
        path, _ = self.copy("qemu-svm.json", "qemu-release.log")
        data = json.loads(read(path))
        data["exits"]["hlt"]["distribution"][0][1] += 1
        write(path, json.dumps(data, indent=2))
        line = read(path).split("\n").index('    "hlt": {') + 1
        self.assert_refused(self.report(path)[2], path, line,
                            "exit hlt: the distribution holds")

    def test_missing_log(self):
        (path,) = self.copy("qemu-svm.json")
        line = read(path).split("\n").index(
            '  "log": "qemu-release.log",') + 1
        self.assert_refused(self.report(path)[2], path, line,
                            "qemu-release.log is missing")

    def test_malformed_kvm_stat_line(self):
        path, log = self.copy("qemu-svm.json", "qemu-release.log")
        line = self.edit(log, " time=", " tme=")
        self.assert_refused(self.report(path)[2], log, line,
                            "malformed kvm_stat line")

    def test_log_without_kvm_stat(self):
        path, _ = self.copy("qemu-svm.json", "qemu-release.log")
        empty = os.path.join(self.tmp, "empty.log")
        write(empty, "liminal: nothing here\n")
        self.assert_refused(self.report(path, "--log", empty)[2], empty, 1,
                            "no kvm_stat table")


class TraceTest(PlotTest):
    def trace(self, log, *args, how=call):
        svg, png = (os.path.join(self.tmp, "trace" + e)
                    for e in (".svg", ".png"))
        return svg, png, how(TRACE, log, *args, "-o", svg, "-o", png)

    def test_timeline(self):
        (log,) = self.copy("trace.log")
        svg, png, r = self.trace(log, how=run)
        self.assert_files(r, svg, png)
        text = self.svg_text(svg)
        for label in ("guest work", "guest msr", "cpu 0 guest",
                      "cpu 0 exit", "cpu 0 nmi", "cpu 0 schedule",
                      "exit IOIO"):
            self.assertIn(label, text)

    def test_one_guest_and_default_outputs(self):
        (log,) = self.copy("trace.log")
        r = call(TRACE, log, "--guest", "msr")
        stem = os.path.join(self.tmp, "trace-trace")
        self.assert_files(r, stem + ".svg", stem + ".png")
        text = self.svg_text(stem + ".svg")
        self.assertIn("guest msr", text)
        self.assertNotIn("guest work", text)

    def test_malformed_trace_line(self):
        (log,) = self.copy("trace.log")
        line = self.edit(log, "[000] ", "[0x0] ")
        self.assert_refused(self.trace(log)[2], log, line,
                            "malformed trace line")

    def test_time_backwards(self):
        (log,) = self.copy("trace.log")
        lines = read(log).split("\n")
        second = [i for i, s in enumerate(lines) if "kvm_exit:" in s][1]
        lines[second] = re.sub(r"\d+\.\d{6}:", "0.000001:", lines[second])
        write(log, "\n".join(lines))
        self.assert_refused(self.trace(log)[2], log, second + 1,
                            "trace time goes backwards")

    def test_no_trace(self):
        (log,) = self.copy("qemu-release.log")
        self.assert_refused(self.trace(log)[2], log, 1, "no trace ring")

    def test_unknown_guest(self):
        (log,) = self.copy("trace.log")
        self.assert_refused(self.trace(log, "--guest", "nosuch")[2], log, 1,
                            "no trace ring of guest nosuch")


if __name__ == "__main__":
    unittest.main(verbosity=2)
