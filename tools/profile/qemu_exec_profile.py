#!/usr/bin/env python3
"""Instruction profile of liminal from a QEMU exec log.

    qemu_exec_profile.py LOG liminal.so BASE [--from SYM] [--per N]

LOG comes from QEMU run with `-d exec,nochain,in_asm -dfilter BASE..END`
(scripts/boot.py --qemu-arg ...): in_asm gives each translation block's
instructions, exec (with nochain) logs every execution of a block.  BASE is
the load address of the image (printed by a fault dump: "image base").
Prints, per function of liminal.so, the instructions executed; with
--per N, divided by N (e.g. the number of round trips).
"""
import argparse
import bisect
import collections
import re
import subprocess

IN_RE = re.compile(r"^0x([0-9a-f]+):\s")
TRACE_RE = re.compile(r"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")


def symbols(elf):
    out = subprocess.run(["nm", "-n", "--defined-only", elf],
                         capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("elf")
    ap.add_argument("base", type=lambda s: int(s, 0))
    ap.add_argument("--per", type=float, default=1.0)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()

    tb_insns = {}           # tb start -> list of instruction addresses
    execs = collections.Counter()
    cur = None
    with open(args.log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                cur = []
                continue
            m = IN_RE.match(line)
            if m and cur is not None:
                cur.append(int(m.group(1), 16))
                continue
            m = TRACE_RE.match(line)
            if m:
                pc = int(m.group(1), 16)
                if cur:
                    tb_insns[cur[0]] = cur
                    cur = None
                execs[pc] += 1

    syms = symbols(args.elf)
    addrs = [a for a, _ in syms]
    per_fn = collections.Counter()
    total = 0
    for pc, n in execs.items():
        for insn in tb_insns.get(pc, [pc]):
            off = insn - args.base
            i = bisect.bisect_right(addrs, off) - 1
            name = syms[i][1] if i >= 0 else "?"
            per_fn[name] += n
            total += n
    print(f"{total / args.per:10.1f}  total")
    for name, n in per_fn.most_common(args.top):
        print(f"{n / args.per:10.1f}  {name}")


if __name__ == "__main__":
    main()
