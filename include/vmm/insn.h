/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small x86 instruction decoder for MMIO emulation (vmm/insn.c).
 *
 * A nested-paging fault in the MMIO window tells the VMM the guest-physical
 * address and, at best, read or write; the VMM fetches the faulting
 * instruction from guest memory and decodes it to learn the access size,
 * the register or immediate operand and the instruction length.  Supported
 * (SDM Vol. 2, "MOV", "MOVZX"):
 *
 *   88 /r      MOV r/m8, r8          8A /r      MOV r8, r/m8
 *   89 /r      MOV r/m16/32/64, r    8B /r      MOV r, r/m16/32/64
 *   C6 /0 ib   MOV r/m8, imm8        C7 /0 iw/id MOV r/m16/32/64, imm
 *   0F B6 /r   MOVZX r, r/m8         0F B7 /r   MOVZX r, r/m16
 *
 * with the 0x66 operand-size prefix, REX (W, R, X, B), ModRM, SIB and 8/32
 * bit displacements (RIP-relative in 64-bit mode), in 16-, 32- and 64-bit
 * code (16-bit addressing forms included).  The memory operand's address
 * is not computed: the fault already reported it.
 */
#ifndef VMM_INSN_H
#define VMM_INSN_H

#include <liminal/types.h>

#define INSN_MAX_LEN 15

enum insn_mode {
	INSN_MODE_16,
	INSN_MODE_32,
	INSN_MODE_64,
};

struct mmio_insn {
	u8 len; /* bytes, prefixes included */
	u8 size; /* memory access size: 1, 2, 4 or 8 */
	bool write; /* true: register/immediate -> memory */
	bool has_imm; /* write of imm (C6/C7) */
	bool high8; /* reg is AH/CH/DH/BH (8-bit, no REX) */
	u8 reg; /* enum vcpu_reg of the register operand */
	u8 dst_size; /* reads: register size written (MOVZX widens) */
	u64 imm; /* sign-extended to the access size for C7 in 64-bit */
};

/*
 * Decode the instruction in @code (@avail bytes readable, at most
 * INSN_MAX_LEN used).  0, -EOPNOTSUPP for an instruction outside the list
 * above (or a register destination: no memory operand), -EFAULT when
 * @avail ends inside the instruction.
 */
int insn_decode_mmio(const u8 *code, size_t avail, enum insn_mode mode,
		     struct mmio_insn *insn);

/* A decoded MOV to or from a debug register (0F 21 /r, 0F 23 /r). */
struct dr_insn {
	u8 len; /* bytes, prefixes included */
	u8 dr; /* 0-15: REX.R names DR8-DR15, which raise #UD */
	u8 gpr; /* enum vcpu_reg */
	bool write; /* true: MOV DRn, reg */
};

/*
 * Decode MOV DR in @code, as insn_decode_mmio() does MOV: 0, -EOPNOTSUPP
 * for anything else, -EFAULT when @avail ends inside the instruction.
 */
int insn_decode_mov_dr(const u8 *code, size_t avail, enum insn_mode mode,
		       struct dr_insn *insn);

/*
 * Register side of an emulated access on a register file of
 * VCPU_NR_GPRS u64s: the value a write stores (register or immediate, cut to
 * size), and the register update a read makes (x86 rules: 8/16-bit writes
 * merge, 32-bit writes zero the upper half, 64-bit replace).
 */
u64 insn_write_value(const struct mmio_insn *insn, const u64 *gpr);
void insn_read_complete(const struct mmio_insn *insn, u64 *gpr, u64 value);

#endif /* VMM_INSN_H */
