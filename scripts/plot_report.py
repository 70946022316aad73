#!/usr/bin/python3
"""The benchmark's pictures: round trip, distribution, exit mix.

    plot_report.py build/bench/qemu-svm.json [build/bench/bochs-vmx.json ...]
                   [--log SERIAL_LOG ...] [-o FILE.svg] [-o FILE.png]

Draws from the JSON of scripts/bench.py (one file per platform measured)
and the serial logs it keeps beside them:

 1) the round trip per exit type: for each platform the release median
    (the discipline's share over the floor marked), the floor and the debug
    median side by side, the targets as lines, and Linux KVM's figure on
    QEMU TCG (KVM_TCG below) as a reference;
 2) the distribution of the samples of each exit type (release,
    mitigations on): every distinct value as a dot sized by its count, the
    median, p99 and max marked, so the outliers show;
 3) the exit mix of each guest of the release logs (and of every --log):
    its kvm_stat table as two stacked bars, share of the exits and share of
    the time handling them.

Writes each -o FILE (format from its extension; default: report.svg and
report.png next to the first JSON).  A malformed input ends it with status 1
and "FILE:LINE: what is wrong".
"""
import argparse
import math
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_data  # noqa: E402
from plot_data import PlotInputError  # noqa: E402

plt = plot_data.import_pyplot("plot_report.py")

# The order of the benchmark's exit types (scripts/bench.py), and the
# targets of the issues for the release build (instructions).
ORDER = ["cpuid", "vmmcall", "port_out", "port_in", "mmio_read",
         "mmio_write", "msr_read", "hlt", "empty"]
TARGETS = {"cpuid": 150, "vmmcall": 160, "port_out": 200}

# Linux 6.1's KVM (kvm_amd with nested paging) as the L1 hypervisor under
# QEMU 7.2 TCG -cpu max with -icount, timed the way bench.bin times liminal:
# instructions the L1 kernel retires per round trip of an L2 guest's exit.
# A port write is drawn with the figure for one handled in the kernel (as
# liminal handles its ports); going out to KVM's user-space VMM costs 2982.
KVM_TCG = {"cpuid": 2577, "vmmcall": 2720, "port_out": 1462}

COLORS = {"qemu": "#1f77b4", "bochs": "#d62728", "kvm": "#2ca02c"}
SHADES = {"floor": 0.55, "debug": 0.25}


def tag(result):
    return f"{result['platform']}/{result['backend']}"


def color(result, lighten=0.0):
    """The platform's colour, mixed with white by @lighten."""
    rgb = plt.matplotlib.colors.to_rgb(COLORS.get(result["platform"],
                                                  "#7f7f7f"))
    return tuple(c + (1 - c) * lighten for c in rgb)


def exit_names(results):
    names = {n for r in results for n in r["exits"]}
    return [n for n in ORDER if n in names] + sorted(names - set(ORDER))


def median(result, key, name):
    ex = result.get(key, {}).get("exits", {}) if key else result["exits"]
    return ex.get(name, {}).get("median")


# ---- 1) the round trip ------------------------------------------------------

def plot_round_trip(ax, results):
    names = exit_names(results)
    bars = [(r, key) for r in results for key in (None, "floor", "debug")
            if key is None or key in r]
    width = 0.8 / len(bars)
    for i, (r, key) in enumerate(bars):
        xs = [n + (i - (len(bars) - 1) / 2) * width for n in range(len(names))]
        ys = [median(r, key, name) or 0 for name in names]
        label = f"{tag(r)} {key or 'release'}"
        if key:
            ax.bar(xs, ys, width, color=color(r, SHADES[key]), label=label,
                   edgecolor="white", linewidth=0.5)
            continue
        floors = [median(r, "floor", name) for name in names]
        base = [f if f is not None else y for f, y in zip(floors, ys)]
        ax.bar(xs, base, width, color=color(r), label=label,
               edgecolor="white", linewidth=0.5)
        # the discipline's share: release over floor, hatched on top
        ax.bar(xs, [y - b for y, b in zip(ys, base)], width, bottom=base,
               color=color(r), hatch="////", edgecolor="black",
               linewidth=0.3,
               label=f"{tag(r)} discipline (release - floor)")
        for x, y, f in zip(xs, ys, floors):
            if not y:
                continue
            share = f" +{100 * (y - f) / f:.0f}%" if f else ""
            ax.text(x, y * 1.08, f"{y}{share}", ha="center", va="bottom",
                    fontsize=6, rotation=90)
    span = 0.45
    for n, name in enumerate(names):
        if name in TARGETS:
            ax.hlines(TARGETS[name], n - span, n + span, colors="black",
                      linewidth=1.5,
                      label="target (release)" if name == "cpuid" else None)
        if name in KVM_TCG and any(r["platform"] == "qemu" for r in results):
            ax.hlines(KVM_TCG[name], n - span, n + span, colors="#555555",
                      linestyles="dashed", linewidth=1.2,
                      label="Linux KVM as L1, QEMU TCG"
                      if name == "cpuid" else None)
            ax.text(n - span, KVM_TCG[name] * 1.1, f"KVM {KVM_TCG[name]}",
                    fontsize=6, va="bottom", color="#555555")
    ax.set_yscale("log")
    top = max([KVM_TCG[n] for n in names if n in KVM_TCG] +
              [median(r, k, n) or 1 for r, k in bars for n in names])
    ax.set_ylim(1, top * 3)
    ax.set_xticks(range(len(names)), names)
    ax.set_xlim(-0.6, len(names) - 0.2)
    units = sorted({r["unit"] for r in results})
    ax.set_ylabel(f"{' / '.join(units)} per round trip (median, log)")
    ax.set_title("Round trip per exit type (median): release (hatched and "
                 "+N%: the discipline over the floor), floor, debug")
    ax.grid(axis="y", which="both", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    seen = {}
    for h, lab in zip(handles, labels):
        seen.setdefault(lab, h)
    ax.legend(seen.values(), seen.keys(), fontsize=7, loc="upper left",
              bbox_to_anchor=(1.01, 1))


# ---- 2) the distribution ----------------------------------------------------

def plot_distribution(ax, results):
    names = exit_names(results)
    rows = len(results)
    for i, r in enumerate(results):
        for n, name in enumerate(names):
            st = r["exits"].get(name)
            if not st:
                continue
            y = n + (i - (rows - 1) / 2) * 0.3
            dist = st.get("distribution") or []
            if dist:
                ax.scatter([v for v, _ in dist], [y] * len(dist),
                           s=[6 + 60 * math.sqrt(c / st["samples"])
                              for _, c in dist],
                           color=color(r), alpha=0.6, linewidths=0,
                           label=f"{tag(r)}: one dot per distinct value, "
                                 f"area ~ count" if n == 0 else None)
            for key, marker in (("median", "|"), ("p99", "x"),
                                ("max", "^")):
                ax.scatter([st[key]], [y], marker=marker, s=60,
                           color="black" if key == "median" else color(r),
                           label=key if (i, n) == (0, 0) else None)
            ax.text(st["max"] * 1.15, y,
                    f"{st['median']} / {st['p99']} / {st['max']}",
                    fontsize=6, va="center")
    ax.set_xscale("log")
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlabel(f"{' / '.join(sorted({r['unit'] for r in results}))} per "
                  f"round trip (log); labels: median / p99 / max")
    samples = sorted({st["samples"] for r in results
                      for st in r["exits"].values()})
    ax.set_title(f"Every sample (release, mitigations on; "
                 f"{', '.join(map(str, samples))} per exit type)")
    ax.grid(axis="x", which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))


# ---- 3) the exit mix --------------------------------------------------------

def exit_mixes(results, logs):
    """[(label, kvm_stat guest)] of the release log of each result and of
    each extra log."""
    mixes = []
    for r in results:
        name = r.get("log")
        if not name:
            continue
        path = os.path.join(os.path.dirname(r["_path"]), name)
        if not os.path.exists(path):
            raise PlotInputError(r["_path"], plot_data.bench_log_line(r),
                                 f"its serial log {path} is missing")
        for g in plot_data.parse_kvm_stat(path):
            mixes.append((f"{tag(r)} {r.get('build', 'release')}: "
                          f"{g['guest']}", g))
    for path in logs:
        guests = plot_data.parse_kvm_stat(path)
        if not guests:
            raise PlotInputError(path, 1, "no kvm_stat table (\"liminal: "
                                 "guest NAME: exit REASON count=...\")")
        for g in guests:
            mixes.append((f"{os.path.basename(path)}: {g['guest']}", g))
    return mixes


def plot_exit_mix(ax, mixes):
    reasons = []
    for _, g in mixes:
        for reason, _, _ in g["exits"]:
            if reason not in reasons:
                reasons.append(reason)
    cmap = plt.get_cmap("tab20")
    shade = {reason: cmap(i % 20) for i, reason in enumerate(reasons)}
    labels, y = [], 0
    for label, g in mixes:
        total_n = sum(c for _, c, _ in g["exits"]) or 1
        total_t = sum(t for _, _, t in g["exits"]) or 1
        for row, (what, index, total) in enumerate(
                (("exits", 1, total_n), ("time", 2, total_t))):
            left = 0.0
            for ex in g["exits"]:
                share = 100.0 * ex[index] / total
                ax.barh(y + row * 0.4, share, 0.38, left=left,
                        color=shade[ex[0]], edgecolor="white",
                        linewidth=0.3)
                if share >= 6:
                    ax.text(left + share / 2, y + row * 0.4, ex[0],
                            ha="center", va="center", fontsize=5)
                left += share
            ax.text(100.5, y + row * 0.4,
                    f"{what}: {total}" + (" TSC" if index == 2 else ""),
                    fontsize=6, va="center")
        labels.append((y + 0.2, label))
        y += 1
    for reason in reasons:
        ax.barh(0, 0, color=shade[reason], label=reason)
    ax.set_yticks([p for p, _ in labels], [lab for _, lab in labels],
                  fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xlabel("% of the guest's exits (upper bar) and of the time "
                  "handling them (lower bar), from its kvm_stat table")
    ax.set_title("Exit mix per guest")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1),
              title="exit reason", title_fontsize=7)


# ---- the report -------------------------------------------------------------

def report(results, logs, outputs):
    mixes = exit_mixes(results, logs)
    heights = [5, 4.5, 1 + 0.55 * max(len(mixes), 1)]
    plt.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG
    fig, axes = plt.subplots(3, 1, figsize=(15, sum(heights) + 1.5),
                             gridspec_kw={"height_ratios": heights})
    plot_round_trip(axes[0], results)
    plot_distribution(axes[1], results)
    if mixes:
        plot_exit_mix(axes[2], mixes)
    else:
        axes[2].set_axis_off()
    plot_data.save(plt, fig, outputs)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", nargs="+", help="bench.py's JSON files")
    ap.add_argument("--log", action="append", default=[],
                    help="also the exit mix of this serial log's guests")
    ap.add_argument("-o", "--output", action="append",
                    help="FILE.svg or FILE.png (repeatable; default "
                    "report.svg and report.png next to the first JSON)")
    args = ap.parse_args(argv)
    outputs = args.output or [
        os.path.join(os.path.dirname(args.json[0]), "report" + ext)
        for ext in (".svg", ".png")]
    for out in outputs:
        if os.path.splitext(out)[1] not in (".svg", ".png", ".pdf"):
            ap.error(f"{out}: the extension says the format: .svg, .png "
                     f"or .pdf")
    try:
        results = [plot_data.load_bench(p) for p in args.json]
        report(results, args.log, outputs)
    except (PlotInputError, OSError) as e:
        print(f"plot_report.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
