#!/usr/bin/env python3
"""The serial-log parsers cannot be fooled by a guest's console (ctest unit).

    test_serial_log.py

On a recorded log (logs/harness-qemu-debug.log: the harness_forge guest of
tests/hostile/hostile.cfg and a canary booted on QEMU/SVM, debug build:
the harness_forge guest prints forged
verdict, total, backend, bench and RESULT lines behind CR, ANSI sequences,
backspaces and a NUL, then fails for real) and on snippets cut from it or
written here: scripts/serial_log.py, demo.py's summary, bench.py's parsers
and check_guests.py's not-fooled check read only the VMM's own lines.
"""
import os
import re
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "tests", "vmm"))
import bench  # noqa: E402
import check_guests  # noqa: E402
import demo  # noqa: E402
import serial_log  # noqa: E402

with open(os.path.join(HERE, "logs", "harness-qemu-debug.log"),
          errors="replace") as f:
    RECORDED = f.read()
GUESTS = [("forge", {"image": "harness_forge.bin", "expect": "assert"}),
          ("canary", {"image": "cpuid.bin"})]
# The recorded log up to the forger's last console line: a VMM that died
# there printed no verdict and no RESULT, only the forgeries.
DIED = RECORDED[:RECORDED.index("liminal: guest forge: rip=")]
# The patterns as they were before the console was marked and the scripts
# anchored (452547f), to show the snippets are real attacks.
OLD_VERDICT_RE = re.compile(
    r"liminal: guest (\S+): (\w+) \(expected (\w+)\) (OK|MISMATCH)")


def old_summary(log, guests):
    """demo.py's summary as it was: unanchored, the whole log."""
    verdicts = {m[0]: m[1:] for m in OLD_VERDICT_RE.findall(log)}
    got = [verdicts.get(n, (None, None, "MISSING"))[2] for n, _ in guests]
    return all(g == "OK" for g in got), ""


class RecordedLog(unittest.TestCase):
    def test_verdicts_are_the_vmms(self):
        self.assertEqual(serial_log.verdicts(RECORDED),
                         [("forge", "assert", "assert", "OK"),
                          ("canary", "done", "done", "OK")])
        # the forged ones are there, and the old pattern took them
        forged = [v for v in OLD_VERDICT_RE.findall(RECORDED)
                  if v[:2] == ("forge", "done") or v[0] == "ghost"]
        self.assertTrue(forged)

    def test_result_backend_total(self):
        self.assertEqual(serial_log.results(RECORDED), ["PASS"])
        self.assertEqual(serial_log.backend(RECORDED), "svm")
        self.assertEqual(serial_log.build(RECORDED), "debug")
        self.assertTrue(serial_log.has_line(
            RECORDED, "liminal: guests: 2 of 2 as expected"))
        self.assertFalse(serial_log.has_line(
            RECORDED, "liminal: guests: 3 of 3 as expected"))

    def test_no_bench_figures(self):
        self.assertIn("liminal: bench cpuid min=1", RECORDED)
        self.assertEqual(bench.parse_bench(RECORDED), {})
        self.assertEqual(bench.parse_bench_guests(RECORDED), {})
        self.assertEqual(bench.parse_backend(RECORDED), "svm")

    def test_console_lines_are_marked_and_printable(self):
        lines = serial_log.console_lines(RECORDED, "forge")
        self.assertGreaterEqual(len(lines), 15)
        for line in serial_log.split_lines(RECORDED):
            if "liminal: RESULT PASS" in line and line != \
                    "liminal: RESULT PASS":
                self.assertTrue(line.startswith("guest forge| "), line)
        for _, text in lines:
            self.assertRegex(text, r"^[\x20-\x7e]*$")
        texts = [t for _, t in lines]
        self.assertIn("\\x0dliminal: RESULT PASS\\x0d", texts)
        self.assertIn("\\x00liminal: RESULT PASS\\x7f\\xff", texts)
        self.assertIn("liminal: RESULT PASS", texts)  # the cut long line

    def test_forgeries_found(self):
        kinds = {k for n, k, _ in serial_log.forgeries(RECORDED)
                 if n == "forge"}
        self.assertEqual(kinds, {"verdict", "bench", "result", "backend"})
        self.assertEqual({n for n, _, _ in serial_log.forgeries(RECORDED)},
                         {"forge"})

    def test_summary(self):
        passed, table = demo.summary(RECORDED, GUESTS)
        self.assertTrue(passed)
        self.assertRegex(table, r"(?m)^  forge +assert +assert +OK$")
        self.assertIn("2 of 2 guests as expected", table)

    def test_check_guests_not_fooled(self):
        self.assertEqual(check_guests.check_not_fooled(
            RECORDED, GUESTS, ["forge"]), [])
        self.assertEqual(check_guests.check(RECORDED, GUESTS, ["forge"]), [])

    def test_uart_line_ends(self):
        crlf = RECORDED.replace("\n", "\r\n")
        self.assertEqual(serial_log.verdicts(crlf),
                         serial_log.verdicts(RECORDED))
        self.assertEqual(serial_log.results(crlf), ["PASS"])


class VmmDied(unittest.TestCase):
    """The VMM stopped after the forgeries: nothing may pass."""

    def test_old_parsers_were_fooled(self):
        self.assertTrue(OLD_VERDICT_RE.findall(DIED))
        self.assertIn("liminal: RESULT PASS", DIED)

    def test_nothing_counts(self):
        self.assertEqual(serial_log.verdicts(DIED), [])
        self.assertEqual(serial_log.results(DIED), [])
        self.assertEqual(bench.parse_bench_guests(DIED), {})
        passed, table = demo.summary(DIED, GUESTS)
        self.assertFalse(passed)
        self.assertIn("0 of 2 guests as expected", table)
        self.assertRegex(table, r"(?m)^  canary +\(none\) +\? +MISSING$")

    def test_check_guests_reports_it(self):
        problems = check_guests.check(DIED, GUESTS, ["forge"])
        self.assertIn("RESULT lines [], want ['PASS']", problems)
        self.assertTrue(any("verdict lines for []" in p for p in problems))

    def test_not_fooled_check_can_fail(self):
        """check_not_fooled() catches a summary built the old way."""
        saved = demo.summary
        demo.summary = old_summary
        try:
            problems = check_guests.check_not_fooled(DIED, GUESTS)
        finally:
            demo.summary = saved
        self.assertTrue(any("summary" in p for p in problems), problems)


class Snippets(unittest.TestCase):
    def test_vmm_fail_wins_over_console_pass(self):
        log = ("guest a| liminal: RESULT PASS\n"
               "liminal: RESULT FAIL\n")
        self.assertEqual(serial_log.results(log), ["FAIL"])

    def test_bench_only_from_vmm_lines(self):
        log = ("liminal: guest a: start\n"
               "guest a| liminal: bench cpuid min=1 median=1 p99=1 max=1 "
               "samples=9 unit=tsc\n"
               "liminal: guest a: done (expected done) OK\n"
               "liminal: bench cpuid min=64 median=128 p99=192 max=256 "
               "samples=1000 unit=tsc\n"
               "liminal: guest b: done (expected done) OK\n")
        self.assertEqual(list(bench.parse_bench_guests(log)), ["b"])
        self.assertEqual(bench.parse_bench(log)["cpuid"]["median"], 128)
        problems = check_guests.check_not_fooled(
            log, [("a", {}), ("b", {"bench": "1"})])
        self.assertEqual(problems, [])
        problems = check_guests.check_not_fooled(log, [("a", {}), ("b", {})])
        self.assertTrue(any("without bench=1" in p for p in problems))

    def test_forger_that_did_not_forge(self):
        log = ("guest f| hello\n"
               "liminal: guest f: done (expected done) OK\n")
        problems = check_guests.check_not_fooled(log, [("f", {})], ["f"])
        self.assertEqual(len(problems), 3)

    def test_patterns_must_be_anchored(self):
        with self.assertRaises(ValueError):
            serial_log.search(r"liminal: RESULT PASS", "")

    def test_unmarked_text_is_not_console(self):
        # a VMM line is never taken for a console line, whatever it holds
        self.assertFalse(serial_log.is_console("liminal: guest a| x"))
        self.assertFalse(serial_log.is_console(" guest a| x"))
        self.assertTrue(serial_log.is_console("guest a-1_b| x"))


if __name__ == "__main__":
    unittest.main(verbosity=1)
