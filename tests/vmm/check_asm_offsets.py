#!/usr/bin/env python3
"""The assembly's numbers come from C only (ctest label unit).

    check_asm_offsets.py --inc BUILD/generated/asm-offsets.inc --src SRC

cmake/asm-offsets.cmake makes asm-offsets.inc from
tools/asm-offsets/asm-offsets.c at every build where a header it includes
changed, so its values are C's by construction.  What could still go stale
is a second copy, so this fails when
  - the generated file lacks a name the world switch needs, or
  - any .asm or .inc in the source tree defines one of its names itself
    (%define, %assign, equ): a hand-kept copy, or
  - a C file still has a _Static_assert guarding such a copy (one naming
    a .inc or vmenter.asm), or
  - an .asm or .inc uses one of its names without including it.
"""
import argparse
import os
import re
import sys

NEEDED = ["VCPU_RAX", "VCPU_R15", "VCPU_REGS_VMENTER_FLAGS",
          "VMENTER_RSB_FILL", "VMENTER_RSB_ENTRIES", "VMENTER_FAULT_VMRUN",
          "VMCS_HOST_RSP", "VMCS_EXIT_REASON", "VMX_NO_EXIT",
          "HOST_IDT_STUB_SIZE", "PTREGS_SIZE"]
DEFINE_RE = re.compile(r"^%define (\w+) (-?\d+)$")


def sources(root, exts):
    for d in ("efi", "vmm", "entry", "lib", "include", "guest"):
        for dirpath, _, files in os.walk(os.path.join(root, d)):
            for f in files:
                if f.endswith(exts):
                    yield os.path.join(dirpath, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inc", required=True)
    ap.add_argument("--src", required=True)
    args = ap.parse_args()
    with open(args.inc) as f:
        names = dict(m.groups() for m in map(DEFINE_RE.match, f) if m)
    problems = [f"{args.inc}: no {n}" for n in NEEDED if n not in names]
    copy_re = re.compile(r"^\s*(?:%(?:x?define|assign)\s+(\w+)|(\w+)\s+equ\b)",
                         re.M | re.I)
    include_re = re.compile(r'%include\s+"(?:asm-offsets\.inc|'
                            r'vmm/vcpu_regs\.inc)"')
    for path in sources(args.src, (".asm", ".inc")):
        text = open(path).read()
        rel = os.path.relpath(path, args.src)
        for m in copy_re.finditer(text):
            name = m.group(1) or m.group(2)
            if name in names:
                problems.append(f"{rel}: defines {name} itself (a copy of "
                                f"asm-offsets.inc's {names[name]})")
        used = [n for n in names if re.search(rf"\b{n}\b", text)]
        if used and not include_re.search(text) and \
                not rel.endswith("vcpu_regs.inc"):
            problems.append(f"{rel}: uses {used[0]} without including "
                            f"asm-offsets.inc")
    guard_re = re.compile(r'_Static_assert\([^;]*"[^"]*(?:\.inc|vmenter\.asm)',
                          re.S)
    for path in sources(args.src, (".c", ".h")):
        if guard_re.search(open(path).read()):
            problems.append(f"{os.path.relpath(path, args.src)}: a "
                            f"_Static_assert guards a copy for the assembly")
    for p in problems:
        print(f"check_asm_offsets: {p}")
    if not problems:
        print(f"check_asm_offsets: {len(names)} values, all from C, "
              f"no copies")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
