#!/usr/bin/env python3
"""Instruction profile of liminal from a QEMU exec log.

    qemu_exec_profile.py LOG liminal.so BASE [--top N] [--per N]
    qemu_exec_profile.py LOG liminal.so BASE --split SYMBOL [--length L]
                         [--listing]

LOG comes from QEMU run with `-d exec,nochain,in_asm -dfilter BASE..END`
(pass them with scripts/boot.py --qemu-arg ...): in_asm gives each
translation block's instructions, exec (with nochain) logs every execution
of a block.  BASE is the image's load address (a fault dump prints it as
"image base": boot once with liminal-selftest.cfg saying fault=ud).

Whole-run mode prints, per function, the instructions executed (divided by
--per, e.g. a number of round trips).  --split SYMBOL cuts the run at each
execution of SYMBOL's first block (e.g. __svm_vcpu_run: one segment per
round trip), prints how often each segment length occurs, and the
per-function breakdown and call flow of the most common segment (or of one
of --length L); --listing adds every instruction.  Guest code is outside
the image and not counted.
"""
import argparse
import bisect
import collections
import re
import subprocess

IN_RE = re.compile(r"^0x([0-9a-f]+):\s+(.*)$")
TRACE_RE = re.compile(r"^Trace \d+: (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/")


def symbols(elf):
    out = subprocess.run(["nm", "-n", "--defined-only", elf],
                         capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def read_log(path, base, size):
    """({host block: [(pc, text)]}, [(host block, guest pc) executed]).

    Blocks are keyed by QEMU's host pointer, not by guest PC: under -icount
    QEMU translates some code more than once, with different lengths (a
    block cut short at RDTSC or after an exception), and each translation
    must be counted with its own instructions.  A translation's pointer is
    the one of the first execution logged after its IN: listing.
    """
    blocks, seq, cur = {}, [], None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                cur = []
                continue
            m = IN_RE.match(line)
            if m and cur is not None:
                pc = int(m.group(1), 16)
                if base <= pc < base + size:
                    cur.append((pc, m.group(2)))
                continue
            m = TRACE_RE.match(line)
            if m:
                host = int(m.group(1), 16)
                if cur is not None:
                    blocks[host] = cur
                cur = None
                seq.append((host, int(m.group(2), 16)))
    return blocks, seq


class Namer:
    def __init__(self, elf, base):
        self.syms = symbols(elf)
        self.addrs = [a for a, _ in self.syms]
        self.base = base

    def __call__(self, pc):
        i = bisect.bisect_right(self.addrs, pc - self.base) - 1
        return self.syms[i][1] if i >= 0 else "?"

    def address(self, name):
        return self.base + next(a for a, n in self.syms if n == name)


def whole_run(blocks, seq, name, args):
    per_fn = collections.Counter()
    for host, _ in seq:
        for insn, _ in blocks.get(host, []):
            per_fn[name(insn)] += 1
    total = sum(per_fn.values())
    print(f"{total / args.per:10.1f}  total")
    for fn, n in per_fn.most_common(args.top):
        print(f"{n / args.per:10.1f}  {fn}")


def split(blocks, seq, name, args):
    mark = name.address(args.split)
    segs, cur = [], []
    for host, pc in seq:
        if pc == mark and cur:
            segs.append(cur)
            cur = []
        cur.append(host)
    lengths = [sum(len(blocks.get(h, [])) for h in s) for s in segs]
    common = collections.Counter(lengths).most_common(12)
    print(f"{len(segs)} segments; most common lengths (length, count): "
          f"{common}")
    want = args.length or common[0][0]
    picks = [i for i, n in enumerate(lengths) if n == want]
    if not picks:
        print(f"no segment of length {want}")
        return
    seg = segs[picks[len(picks) // 2]]
    per_fn, flow, listing = collections.Counter(), [], []
    for host in seg:
        for insn, text in blocks.get(host, []):
            fn = name(insn)
            per_fn[fn] += 1
            if not flow or flow[-1][0] != fn:
                flow.append([fn, 0])
            flow[-1][1] += 1
            listing.append(f"  {fn:28s} +{insn - name.base:#07x}  {text}")
    print(f"segment of {want} instructions in the image:")
    for fn, n in per_fn.most_common():
        print(f"{n:6d}  {fn}")
    print("flow: " + " -> ".join(f"{fn}:{n}" for fn, n in flow))
    if args.listing:
        print("\n".join(listing))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log")
    ap.add_argument("elf")
    ap.add_argument("base", type=lambda s: int(s, 0))
    ap.add_argument("--per", type=float, default=1.0)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--split", metavar="SYMBOL")
    ap.add_argument("--length", type=int)
    ap.add_argument("--listing", action="store_true")
    args = ap.parse_args()

    name = Namer(args.elf, args.base)
    size = max(name.addrs) + 0x1000
    blocks, seq = read_log(args.log, args.base, size)
    if args.split:
        split(blocks, seq, name, args)
    else:
        whole_run(blocks, seq, name, args)


if __name__ == "__main__":
    main()
