"""liminal's serial log, read the one way a guest cannot fool.

Every script that reads a serial log (scripts/demo.py, bench.py, boot.py,
tests/vmm/check_guests.py, tests/boot/check_boot.py) reads it through this
module.  The log holds three kinds of line:

  console lines   "guest NAME| text": what guest NAME wrote to its console
                  port.  The VMM adds the prefix, takes NAME from the config
                  and prints every byte that is not printable ASCII as \\xNN
                  (vmm/testdev/testdev.c), so a guest cannot end the line,
                  return to its start or write one without the prefix.
  VMM lines       everything else the VMM prints: "liminal: ..." (verdicts,
                  benchmark figures, the result), the state dumps ("svm: ",
                  "vmx: ", indented fields), per-CPU counters ("cpu0: "),
                  the trace ring, the fatal-exception report.
  firmware lines  OVMF's few lines before the VMM starts.

A fact is read only from a VMM line, matched from the start of the line
(re.M and "^"), never from a console line: a console line starts with
"guest ", which no VMM line does, so "^liminal: " cannot match one.  The
console lines are also removed before any search (vmm_text()), so even an
unanchored pattern could not see them.
"""
import re

# A guest name is [A-Za-z0-9_-]+ (vmm/config.c, valid_name()).
CONSOLE_RE = re.compile(r"^guest ([A-Za-z0-9_-]+)\| (.*)$")

VERDICT_RE = re.compile(
    r"^liminal: guest (\S+): (\w+) \(expected (\w+)\) (OK|MISMATCH)$", re.M)
BENCH_RE = re.compile(
    r"^liminal: bench (\w+) min=(\d+) median=(\d+) p99=(\d+) max=(\d+) "
    r"samples=(\d+) unit=tsc$", re.M)
# the whole distribution, printed before the bench line of its type
SAMPLES_RE = re.compile(r"^liminal: bench-samples (\w+)((?: \d+x\d+)+)$", re.M)
BACKEND_RE = re.compile(r"^liminal: backend (\w+): selected$", re.M)
BUILD_RE = re.compile(r"^liminal: liminal \S+ \((\S+) build\)", re.M)
RESULT_RE = re.compile(r"^liminal: RESULT (PASS|FAIL)$", re.M)

# What a forger would imitate: a console text that holds one of these
# imitates a VMM line (forgeries(); tests/hostile/hostile.cfg).
FORGEABLE = {"verdict": VERDICT_RE, "bench": BENCH_RE,
             "result": RESULT_RE, "backend": BACKEND_RE}


def split_lines(log):
    """The log's lines, without line ends (the UART's "\\r\\n" included)."""
    return log.replace("\r\n", "\n").split("\n")


def is_console(line):
    return CONSOLE_RE.match(line) is not None


def vmm_text(log):
    """The log without its console lines, one line per "\\n": the only
    text a fact may be read from."""
    return "\n".join(l for l in split_lines(log) if not is_console(l)) + "\n"


def console_lines(log, name=None):
    """[(guest name, text)] of the console lines, of guest @name only if
    given; text as printed (escapes not undone)."""
    out = []
    for line in split_lines(log):
        m = CONSOLE_RE.match(line)
        if m and (name is None or m.group(1) == name):
            out.append((m.group(1), m.group(2)))
    return out


def search(pattern, log, flags=0):
    """re.search of @pattern, anchored at a line start, in the VMM's lines
    of @log."""
    if not pattern.startswith("^"):
        raise ValueError(f"serial_log: pattern not anchored: {pattern!r}")
    return re.search(pattern, vmm_text(log), flags | re.M)


def has_line(log, text):
    """Does the VMM print a line starting with @text?"""
    return search("^" + re.escape(text), log) is not None


def verdicts(log):
    """[(name, verdict, expected, "OK"|"MISMATCH")] in log order."""
    return VERDICT_RE.findall(vmm_text(log))


def results(log):
    """Every "liminal: RESULT X" the VMM printed: ["PASS"], ["FAIL"]..."""
    return RESULT_RE.findall(vmm_text(log))


def backend(log):
    m = BACKEND_RE.search(vmm_text(log))
    return m.group(1) if m else "unknown"


def build(log):
    m = BUILD_RE.search(vmm_text(log))
    return m.group(1) if m else "unknown"


def bench_lines(text):
    """{type: {min, median, p99, max, samples[, distribution]}} in raw TSC
    ticks, from text that is already the VMM's (vmm_text()); distribution
    is [[value, count], ...] from the bench-samples lines."""
    exits, runs = {}, {}
    for m in SAMPLES_RE.finditer(text):
        runs.setdefault(m.group(1), []).extend(
            [int(v), int(c)] for v, c in
            (r.split("x") for r in m.group(2).split()))
    for m in BENCH_RE.finditer(text):
        exits[m.group(1)] = {
            "min": int(m.group(2)), "median": int(m.group(3)),
            "p99": int(m.group(4)), "max": int(m.group(5)),
            "samples": int(m.group(6))}
        if m.group(1) in runs:
            exits[m.group(1)]["distribution"] = runs[m.group(1)]
    return exits


def bench(log):
    """Every benchmark line of the log (see bench_lines())."""
    return bench_lines(vmm_text(log))


def bench_guests(log):
    """{guest name: bench_lines() of its lines}: the VMM prints a guest's
    benchmark lines right before its verdict line."""
    text = vmm_text(log)
    guests, start = {}, 0
    for m in VERDICT_RE.finditer(text):
        exits = bench_lines(text[start:m.start()])
        if exits:
            guests[m.group(1)] = exits
        start = m.end()
    return guests


def forgeries(log):
    """[(guest name, kind, console text)]: console lines whose text holds
    something that would read as a VMM line (kind: a key of FORGEABLE)
    anywhere in it, a \\xNN-escaped byte before it included."""
    out = []
    for name, text in console_lines(log):
        plain = re.sub(r"\\x[0-9a-f]{2}", "\n", text)
        plain = re.sub(r"liminal: ", "\nliminal: ", plain)
        for kind, pattern in FORGEABLE.items():
            if pattern.search(plain):
                out.append((name, kind, text))
    return out
