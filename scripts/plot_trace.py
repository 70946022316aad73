#!/usr/bin/python3
"""A guest's trace ring as a timeline.

    plot_trace.py LOG [--guest NAME] [-o FILE.svg] [-o FILE.png]

LOG is a serial log of a run with a trace=1 guest (the VMM prints its ring
after the guest's statistics, "liminal: guest NAME: trace, oldest event
first:").  One panel per traced guest (or only NAME), one group of rows per
CPU of the ring, time in microseconds from the ring's first event:

    guest     kvm_entry -> kvm_exit: the guest runs
    exit      kvm_exit -> kvm_entry: the VMM handles the exit, coloured by
              the exit reason
    irq       irq_handler_entry -> irq_handler_exit, and a mark for each
              exit an external interrupt caused (INTR, EXTERNAL_INTERRUPT)
    softirq   softirq_entry -> softirq_exit
    nmi       nmi_handler, and a mark for each exit an NMI caused (NMI;
              VMX's EXCEPTION_NMI, which an intercepted exception shares)
    schedule  sched_switch, a mark with the task switched to

An interval whose start is older than the ring (it wrapped) starts at the
ring's first event; one still open at the end runs to its last event.
Writes each -o FILE (default: LOG's name with -trace.svg and -trace.png, in
LOG's directory).  A malformed trace line ends it with status 1 and
"LOG:LINE: what is wrong".
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_data  # noqa: E402
from plot_data import PlotInputError  # noqa: E402

plt = plot_data.import_pyplot("plot_trace.py")

LANES = ["guest", "exit", "irq", "softirq", "nmi", "schedule"]
# Exits that an interrupt or an NMI of the host caused, per backend.
MARK_EXITS = {"INTR": "irq", "EXTERNAL_INTERRUPT": "irq", "NMI": "nmi",
              "EXCEPTION_NMI": "nmi"}
LANE_COLORS = {"guest": "#2ca02c", "irq": "#d62728", "softirq": "#ff7f0e",
               "nmi": "#9467bd", "schedule": "#17becf"}


def intervals(path, events):
    """Per CPU: ({"guest"/"exit"/"irq"/"softirq": [(start, end, label)]},
    {"irq"/"nmi"/"schedule": [(t, label)]}), times in us from the first
    event."""
    t0, t_end = events[0][2], events[-1][2]
    cpus = {}
    for no, cpu, us, event, fields in events:
        c = cpus.setdefault(cpu, {"lanes": {lane: [] for lane in LANES},
                                  "marks": {lane: [] for lane in LANES},
                                  "open": {}})
        lanes, marks, opened = c["lanes"], c["marks"], c["open"]
        t = us - t0
        if event in plot_data.INTERVALS:
            lane, starts = plot_data.INTERVALS[event]
            if starts:
                if event == "kvm_entry" and "exit" in opened:
                    start, reason = opened.pop("exit")
                    lanes["exit"].append((start, t, reason))
                opened[lane] = (t, label_of(event, fields))
                continue
            start, label = opened.pop(lane, (0, label_of(event, fields)))
            lanes[lane].append((start, t, label))
            if event == "kvm_exit":
                m = plot_data.EXIT_REASON_RE.search(fields)
                if not m:
                    raise PlotInputError(path, no, "kvm_exit without "
                                         f"\"reason NAME\": {fields!r}")
                opened["exit"] = (t, m[1])
                if m[1] in MARK_EXITS:
                    marks[MARK_EXITS[m[1]]].append((t, m[1]))
        elif event == "nmi_handler":
            marks["nmi"].append((t, "NMI"))
        elif event == "sched_switch":
            m = plot_data.SCHED_RE.search(fields)
            if not m:
                raise PlotInputError(path, no, "sched_switch without "
                                     f"\"prev_comm=A ==> next_comm=B\": "
                                     f"{fields!r}")
            marks["schedule"].append((t, m[2]))
    for c in cpus.values():  # still open when the ring was printed
        for lane, (start, label) in c["open"].items():
            c["lanes"][lane].append((start, t_end - t0, label))
    return {cpu: (c["lanes"], c["marks"])
            for cpu, c in sorted(cpus.items())}


def label_of(event, fields):
    m = plot_data.IRQ_RE.search(fields)
    return f"irq {m[1]}" if event.startswith("irq") and m else event


def switch_labels(points, ring):
    """sched_switch marks closer than 1/200 of the ring's span share one
    label: "tick>liminal" for a switch to the tick task and back."""
    span = ring["events"][-1][2] - ring["events"][0][2]
    labels = []
    for t, name in points:
        if labels and t - labels[-1][2] <= span / 200:
            labels[-1][1].append(name)
            labels[-1][2] = t
        else:
            labels.append([t, [name], t])
    return [(t, ">".join(names)) for t, names, _ in labels]


def plot_ring(ax, path, ring):
    per_cpu = intervals(path, ring["events"])
    reasons = sorted({lab for lanes, _ in per_cpu.values()
                      for _, _, lab in lanes["exit"]})
    # tab10 without its green, the guest's
    palette = [c for i, c in enumerate(plt.get_cmap("tab10").colors)
               if i != 2]
    shade = {r: palette[i % len(palette)] for i, r in enumerate(reasons)}
    ticks, y = [], 0
    for cpu, (lanes, marks) in per_cpu.items():
        for lane in LANES:
            items, points = lanes[lane], marks[lane]
            ticks.append((y, f"cpu {cpu} {lane}"))
            if points:
                ax.scatter([t for t, _ in points], [y] * len(points),
                           marker="|" if lane == "schedule" else "v", s=60,
                           color=LANE_COLORS[lane],
                           label=f"{lane} ({len(points)})")
            if lane == "schedule":
                for t, names in switch_labels(points, ring):
                    ax.text(t, y - 0.4, names, fontsize=6, ha="left",
                            va="bottom")
            elif lane == "exit":
                for r in reasons:
                    spans = [(s, max(e - s, 0.4)) for s, e, lab in items
                             if lab == r]
                    ax.broken_barh(spans, (y - 0.35, 0.7), color=shade[r],
                                   label=f"exit {r}")
            elif items:
                spans = [(s, max(e - s, 0.4)) for s, e, _ in items]
                ax.broken_barh(spans, (y - 0.35, 0.7),
                               color=LANE_COLORS[lane], label=lane,
                               alpha=0.8 if lane == "guest" else 1)
            y += 1
        y += 0.5
    ax.set_yticks([p for p, _ in ticks], [lab for _, lab in ticks],
                  fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("microseconds since the ring's first event (the TSC at "
                  "the VMM's calibrated rate)")
    counts = {lane: sum(len(marks[lane]) for _, marks in per_cpu.values())
              for lane in ("irq", "nmi", "schedule")}
    exits = sum(1 for ev in ring["events"] if ev[3] == "kvm_exit")
    ax.set_title(f"guest {ring['guest']} ({os.path.basename(path)} line "
                 f"{ring['line']}): {len(ring['events'])} events, "
                 f"{exits} exits, {counts['irq']} IRQs, {counts['nmi']} "
                 f"NMIs, {counts['schedule']} task switches")
    ax.grid(axis="x", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(fontsize=6, loc="upper right", ncol=4)


def plot_trace(path, guest, outputs):
    rings = [r for r in plot_data.parse_traces(path)
             if r["events"] and (guest is None or r["guest"] == guest)]
    if not rings:
        what = f"guest {guest}" if guest else "any guest"
        raise PlotInputError(path, 1, f"no trace ring of {what} (a guest "
                             f"with trace=1 prints \"liminal: guest NAME: "
                             f"trace, oldest event first:\")")
    plt.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG
    heights = [1.5 + 0.35 * len(LANES) * len({e[1] for e in r["events"]})
               for r in rings]
    fig, axes = plt.subplots(len(rings), 1, squeeze=False,
                             figsize=(14, sum(heights) + 0.5),
                             gridspec_kw={"height_ratios": heights})
    for ax, ring in zip(axes[:, 0], rings):
        plot_ring(ax, path, ring)
    plot_data.save(plt, fig, outputs)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log", help="serial log of a run with a trace=1 guest")
    ap.add_argument("--guest", help="only this guest's ring")
    ap.add_argument("-o", "--output", action="append",
                    help="FILE.svg or FILE.png (repeatable; default "
                    "LOG-trace.svg and LOG-trace.png)")
    args = ap.parse_args(argv)
    stem = os.path.splitext(args.log)[0]
    outputs = args.output or [stem + "-trace.svg", stem + "-trace.png"]
    for out in outputs:
        if os.path.splitext(out)[1] not in (".svg", ".png", ".pdf"):
            ap.error(f"{out}: the extension says the format: .svg, .png "
                     f"or .pdf")
    try:
        plot_trace(args.log, args.guest, outputs)
    except (PlotInputError, OSError) as e:
        print(f"plot_trace.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
