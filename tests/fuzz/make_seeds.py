#!/usr/bin/env python3
"""Write the fuzz targets' binary seeds into tests/fuzz/corpus/ (docs/fuzzing.md).

    tests/fuzz/make_seeds.py [--build build/debug]

corpus/config/ holds real configs, copied by hand; this script makes the seeds
that are bytes: real instructions (assembled with NASM, in each code size),
MMIO exits on small guests, and configs with the guest images of --build.
Seeds named regress-* are inputs that once found a bug: never remove them.
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
MODE = {16: 0, 32: 1, 64: 2}  # fuzz_insn.c's mode byte (enum insn_mode)

# The MOV forms the decoder knows (include/vmm/insn.h), as guests write them
# (guest/mmio.asm, guest/bench.asm), and a few it must refuse.
INSNS = {
    64: ["mov eax, [rbx]", "mov [rbx + 0x100], rdx", "mov rax, [rsi]",
         "mov byte [rbx + 0x118], 0x5a", "mov ah, [rbx + 0x118]",
         "movzx ecx, byte [rbx + 0x118]", "mov word [rbx + 0x120], 0xbeef",
         "mov ax, [rbx + 0x120]", "movzx edx, word [rbx + 0x120]",
         "mov qword [rbx + 8], -2", "mov r12d, [r9 + r10*8]",
         "mov [rel $ + 0x1000], eax", "mov [fs:rax], ecx",
         "mov eax, [eax]", "add [rbx], eax", "mov eax, ebx"],
    32: ["mov eax, [ebx]", "mov [ebx + 0x100], edx", "mov dword [0xd0000000], 1",
         "mov ax, [ebx + esi*4 + 8]", "mov bh, [ebx]", "mov eax, [bx + si]"],
    16: ["mov ax, [bx + si]", "mov [bp + 4], dx", "mov word [0x100], 7",
         "mov eax, [ebx]", "movzx ax, byte [di]"],
}


def assemble(bits, text):
    with tempfile.TemporaryDirectory() as d:
        src, out = os.path.join(d, "i.asm"), os.path.join(d, "i.bin")
        with open(src, "w") as f:
            f.write(f"bits {bits}\n{text}\n")
        subprocess.run(["nasm", "-f", "bin", "-o", out, src], check=True)
        with open(out, "rb") as f:
            return f.read()


def write(target, name, data):
    path = os.path.join(CORPUS, target, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def mmio_seed(flags, rip, cr3, off, ram):
    """fuzz_mmio.c's input: flags, RIP, CR3, window offset, then RAM."""
    return struct.pack("<BIIH", flags, rip, cr3, off) + ram


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/debug")
    args = ap.parse_args()

    for bits, insns in INSNS.items():
        for i, text in enumerate(insns):
            code = assemble(bits, text)
            write("insn", f"{bits}-{i:02d}", bytes([MODE[bits]]) + code)

    write_, pe, pg, long_ = 1, 2, 4, 8
    load = assemble(64, "mov eax, [rbx]")
    store = assemble(32, "mov [ebx], eax")
    imm = assemble(32, "mov dword [ebx], 0x12345678")
    # 64-bit code under one self-referencing table page: CR3 = 0 and entry
    # 0 of page 0 (present, writable) is every level's first entry, so the
    # guest's page 0 maps itself; the instruction is at 0x10
    ram = struct.pack("<Q", 3) + bytes(8) + load
    write("mmio", "long64-paged", mmio_seed(pe | pg | long_, 0x10, 0, 0, ram))
    write("mmio", "prot32-store", mmio_seed(write_ | pe, 0, 0, 0x100, store))
    write("mmio", "prot32-imm", mmio_seed(write_ | pe, 0, 0, 0x108, imm))
    # an instruction that crosses into the next page
    write("mmio", "prot32-cross",
          mmio_seed(write_ | pe, 0xffe, 0, 0x100, bytes(0xffe) + imm))
    write("mmio", "real16", mmio_seed(0, 0, 0, 0, load))
    write("mmio", "window-end", mmio_seed(pe, 0, 0, 0xffe, assemble(32, "mov eax, [ebx]")))

    guests = os.path.join(args.build, "guest")
    for mode, image in [("long64", "mmio"), ("prot32", "prot32"),
                        ("real16", "realmode")]:
        try:
            with open(os.path.join(guests, image + ".bin"), "rb") as f:
                data = f.read()
        except OSError as e:
            sys.exit(f"make_seeds.py: {e} (build first: cmake --build "
                     f"--preset debug)")
        cfg = f"guest {image} image={image}.bin mode={mode}\n".encode()
        write("image", mode, cfg + b"\0" + struct.pack("<BH", 0, 0) + data)
    # an image that just fits 256K with the stack's reserve, in zeros
    # (the count of zeros: m << e, here 0xbc00 << 2)
    cfg = b"guest big image=big.bin mem=256K\n"
    zeros = 0x40000 - 0x10000 - 0x1000
    assert zeros == 0xbc00 << 2
    write("image", "fits-256k",
          cfg + b"\0" + struct.pack("<BH", 2, 0xbc00))


if __name__ == "__main__":
    main()
