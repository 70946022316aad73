#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the instructions of the guest-boundary bookkeeping on the fast path.

Usage: hotpath_count.py OBJDUMP OBJECT MAX [FLOOR_OBJECT]

Disassembles entry_hotpath_round_trip (tests/unit/hotpath.c), finds the
shortest path from the entry through the VMRUN marker to a ret (the fast
path: the slow paths call out and are longer), and counts its instructions
without the frame (push/pop/ret, rsp/rbp moves), the marker and the cli/sti
stand-ins.  Fails if the count exceeds MAX.  With FLOOR_OBJECT (the same
file built with LIMINAL_DISCIPLINE=0) also prints the floor's count.
"""
import collections
import re
import subprocess
import sys

FUNC = "entry_hotpath_round_trip"
MARK = "nopl   0x1234(%rax)"
FRAME = re.compile(r"^(push|pop|ret|leave|cli|sti)\b|^mov\s+%rsp,%rbp$|"
                   r"^(sub|add)\s+\$0x[0-9a-f]+,%rsp$|^nop")


def disassemble(objdump, obj):
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", obj],
                         check=True, capture_output=True, text=True).stdout
    insns, inside = [], False
    for line in out.splitlines():
        if line.endswith("<%s>:" % FUNC):
            inside = True
            continue
        if inside:
            if not line.strip():
                break
            m = re.match(r"\s*([0-9a-f]+):\s+(.*)$", line)
            if m:
                text = re.sub(r"\s+#.*$", "", m.group(2)).strip()
                insns.append((int(m.group(1), 16), text))
    if not insns:
        sys.exit("%s: %s not found" % (obj, FUNC))
    return insns


def successors(insns, i):
    addr_index = {a: k for k, (a, _) in enumerate(insns)}
    text = insns[i][1]
    op = text.split()[0]
    if op == "ret":
        return []
    target = re.match(r"j\w+\s+([0-9a-f]+)\s", text + " ")
    succ = []
    if target and op.startswith("j"):
        t = int(target.group(1), 16)
        if t in addr_index:
            succ.append(addr_index[t])
        if op == "jmp":
            return succ
    if i + 1 < len(insns):
        succ.append(i + 1)
    return succ


def shortest(insns, start, goal):
    prev = {start: None}
    queue = collections.deque([start])
    while queue:
        i = queue.popleft()
        if goal(i):
            path = []
            while i is not None:
                path.append(i)
                i = prev[i]
            return path[::-1]
        for s in successors(insns, i):
            if s not in prev:
                prev[s] = i
                queue.append(s)
    return None


def fast_path(insns):
    mark = [k for k, (_, t) in enumerate(insns) if t == MARK]
    if len(mark) != 1:
        sys.exit("marker not found exactly once")
    head = shortest(insns, 0, lambda i: i == mark[0])
    tail = shortest(insns, mark[0], lambda i: insns[i][1] == "ret")
    path = head + tail[1:]
    return [insns[i][1] for i in path if not FRAME.search(insns[i][1])]


def main():
    objdump, obj, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    path = fast_path(disassemble(objdump, obj))
    for text in path:
        print("    " + text)
    print("round-trip bookkeeping: %d instructions (limit %d)" %
          (len(path), limit))
    if len(sys.argv) > 4:
        floor = fast_path(disassemble(objdump, sys.argv[4]))
        print("floor (LIMINAL_DISCIPLINE=0): %d instructions" % len(floor))
    sys.exit(0 if len(path) <= limit else 1)


if __name__ == "__main__":
    main()
