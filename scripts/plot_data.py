"""What the plots are made from, read and checked: the benchmark's JSON
(scripts/bench.py), the kvm_stat tables and the trace rings of a serial log.

No matplotlib here.  Every reader takes the file's path so that a malformed
input is reported as PlotInputError("FILE:LINE: what is wrong"), which the
plotting scripts print before exiting with status 1.

The serial log lines read here are the VMM's own, anchored at the start of
the line ("liminal: guest NAME: ..." and the trace ring's "  liminal-N
[CPU] ..."), never a guest's console output:

    liminal: guest NAME: N exits (F on the fastpath), G TSC in the guest, H handling exits
    liminal: guest NAME: exit REASON   count=N (P%) time=T (P%)
    liminal: guest NAME: trace, oldest event first:
      liminal-0     [000]    34.355288: kvm_entry:            vcpu 0, rip 0x10000
"""
import json
import os
import re
import sys

# Debian's python3-matplotlib (scripts/deps.sh) is installed for Debian's
# interpreter: run.sh and the tests run the plotting scripts with it.
DEBIAN_PYTHON = "/usr/bin/python3"


def import_pyplot(script):
    """matplotlib.pyplot drawing to files, or exit saying what to install."""
    try:
        import matplotlib
    except ImportError:
        sys.exit(f"{script}: {sys.executable} has no matplotlib: install "
                 f"Debian's python3-matplotlib (scripts/deps.sh does) and "
                 f"run {script} with {DEBIAN_PYTHON}")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


class PlotInputError(Exception):
    """A malformed input: str() is "FILE:LINE: message"."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")


# ---- the benchmark's JSON ---------------------------------------------------

STATS = ("min", "median", "p99", "max", "samples")
BUILD_KEYS = ("floor", "debug")   # beside the release build at the top level


def _line_of(text, needle, start=0):
    """1-based line of the first @needle at or after offset @start of @text;
    the line of @start when it is not there."""
    at = text.find(needle, start)
    return text.count("\n", 0, at if at >= 0 else start) + 1


def _check_exits(path, text, where, exits):
    """Every exit type has its statistics and, if present, a distribution
    of exactly its samples."""
    start = text.find(f'"{where}"') if where else 0
    if not isinstance(exits, dict) or not exits:
        raise PlotInputError(path, _line_of(text, '"exits"', max(start, 0)),
                             f"{where or 'release'}: no exit types in "
                             f"\"exits\"")
    for name, st in exits.items():
        line = _line_of(text, f'"{name}"', max(start, 0))
        if not isinstance(st, dict):
            raise PlotInputError(path, line, f"exit {name}: not an object")
        for key in STATS:
            if not isinstance(st.get(key), (int, float)):
                raise PlotInputError(path, line, f"exit {name}: no number "
                                     f"\"{key}\"")
        dist = st.get("distribution")
        if dist is None:
            continue
        if (not isinstance(dist, list) or
                not all(isinstance(r, list) and len(r) == 2 and
                        all(isinstance(x, (int, float)) for x in r)
                        for r in dist)):
            raise PlotInputError(path, line, f"exit {name}: \"distribution\" "
                                 f"is not a list of [value, count]")
        if sum(c for _, c in dist) != st["samples"]:
            raise PlotInputError(path, line, f"exit {name}: the distribution "
                                 f"holds {sum(c for _, c in dist)} samples, "
                                 f"\"samples\" says {st['samples']}")


def load_bench(path):
    """The JSON of one bench.py run, checked: the keys the plots use are
    there and are numbers."""
    with open(path) as f:
        text = f.read()
    try:
        result = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlotInputError(path, e.lineno, f"not JSON: {e.msg}") from None
    if not isinstance(result, dict):
        raise PlotInputError(path, 1, "not a bench.py result (an object)")
    for key in ("platform", "backend", "unit", "exits"):
        if key not in result:
            raise PlotInputError(path, 1, f"no \"{key}\": not a bench.py "
                                 f"result")
    _check_exits(path, text, None, result["exits"])
    for key in BUILD_KEYS + ("mitigations_off",):
        if key in result:
            _check_exits(path, text, key, result[key].get("exits")
                         if isinstance(result[key], dict) else None)
    result["_path"] = path
    result["_text"] = text
    return result


def bench_log_line(result, key=None):
    """The line of @result's JSON file naming the log of build @key."""
    start = result["_text"].find(f'"{key}"') if key else 0
    return _line_of(result["_text"], '"log"', max(start, 0))



def save(plt, fig, outputs):
    """Lay out @fig, write it to each of @outputs (SVG without a date, so
    a redrawn report differs only where the figures do, or PNG), close it."""
    fig.tight_layout()
    for out in outputs:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        fig.savefig(out, dpi=100,
                    metadata={"Date": None} if out.endswith(".svg") else None)
        print(f"wrote {out}")
    plt.close(fig)

# ---- the serial log ---------------------------------------------------------

GUEST = r"^liminal: guest (?P<guest>\S+): "
TOTALS_RE = re.compile(GUEST + r"(?P<exits>\d+) exits \((?P<fast>\d+) on the "
                       r"fastpath\), (?P<guest_tsc>\d+) TSC in the guest, "
                       r"(?P<exit_tsc>\d+) handling exits$")
EXIT_HEAD_RE = re.compile(GUEST + r"exit ")
EXIT_RE = re.compile(GUEST + r"exit (?P<reason>\S+)\s+count=(?P<count>\d+) "
                     r"\([\d.]+%\) time=(?P<time>\d+) \([\d.]+%\)$")
TRACE_HEAD_RE = re.compile(GUEST + r"trace, oldest event first:$")
TRACE_LINE_HEAD_RE = re.compile(r"^\s+liminal-\d+\s")
TRACE_RE = re.compile(r"^\s+liminal-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+"
                      r"(?P<sec>\d+)\.(?P<usec>\d{6}): (?P<event>\w+):"
                      r"\s*(?P<fields>.*)$")


def read_lines(path):
    """The log's lines without line ends (a serial log may hold \\r)."""
    with open(path, errors="replace") as f:
        return [line.rstrip("\r\n").replace("\r", "") for line in f]


def parse_kvm_stat(path, lines=None):
    """Each guest's exit mix, in log order:
    [{"guest", "line", "exits": [(reason, count, time TSC)]}].  A line
    that starts like a kvm_stat row but does not parse is an error."""
    lines = read_lines(path) if lines is None else lines
    guests, by_name = [], {}
    for no, line in enumerate(lines, 1):
        if not EXIT_HEAD_RE.match(line):
            continue
        m = EXIT_RE.match(line)
        if not m:
            raise PlotInputError(path, no, "malformed kvm_stat line (want "
                                 "\"exit REASON count=N (P%) time=T (P%)\"): "
                                 f"{line.strip()!r}")
        g = by_name.get(m["guest"])
        if g is None:
            g = {"guest": m["guest"], "line": no, "exits": []}
            by_name[m["guest"]] = g
            guests.append(g)
        g["exits"].append((m["reason"], int(m["count"]), int(m["time"])))
    return guests


# The trace ring's events in pairs that open and close an interval, and the
# lane of the timeline each one is drawn in (plot_trace.py).
INTERVALS = {
    "kvm_entry": ("guest", True), "kvm_exit": ("guest", False),
    "irq_handler_entry": ("irq", True), "irq_handler_exit": ("irq", False),
    "softirq_entry": ("softirq", True), "softirq_exit": ("softirq", False),
}


def parse_traces(path, lines=None):
    """Each trace ring printed in the log: [{"guest", "line", "events":
    [(line, cpu, time in us, event, fields)]}].  A ring ends at the first
    line that is not a trace line; a line that starts like one and does not
    parse is an error, and so is time going backwards on a CPU."""
    lines = read_lines(path) if lines is None else lines
    traces, ring, last = [], None, {}
    for no, line in enumerate(lines, 1):
        head = TRACE_HEAD_RE.match(line)
        if head:
            ring = {"guest": head["guest"], "line": no, "events": []}
            traces.append(ring)
            last = {}
            continue
        if ring is None:
            continue
        if not TRACE_LINE_HEAD_RE.match(line):
            ring = None
            continue
        m = TRACE_RE.match(line)
        if not m:
            raise PlotInputError(path, no, "malformed trace line (want "
                                 "\"liminal-N [CPU] S.USEC: EVENT: ...\"): "
                                 f"{line.strip()!r}")
        cpu, us = int(m["cpu"]), int(m["sec"]) * 1000000 + int(m["usec"])
        if us < last.get(cpu, us):
            raise PlotInputError(path, no, f"trace time goes backwards on "
                                 f"CPU {cpu}: {us} us after {last[cpu]} us")
        last[cpu] = us
        ring["events"].append((no, cpu, us, m["event"], m["fields"]))
    return traces


EXIT_REASON_RE = re.compile(r"reason (\S+)")
SCHED_RE = re.compile(r"prev_comm=(\S+) ==> next_comm=(\S+)")
IRQ_RE = re.compile(r"irq=(\d+)")
