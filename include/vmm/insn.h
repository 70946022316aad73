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
 * The code size of the guest's current instruction (SDM Vol. 3A 5.2.1,
 * APM Vol. 2 4.8.1): real mode is 16-bit; in IA-32e mode CS.L=1 is 64-bit
 * mode; otherwise (legacy protected or compatibility mode) CS.D picks 32
 * or 16.  @cs_attr in the neutral segment packing (SEG_ATTR_L, SEG_ATTR_DB).
 */
enum insn_mode insn_mode_of(u64 cr0, u64 efer, u16 cs_attr);

/* The instructions that write CR0, CR3 or CR4 (SDM Vol. 2 "MOV CR", "LMSW",
 * "CLTS"): what a CR-write intercept without decode assists must decode. */
enum cr_insn_kind {
	CR_INSN_MOV_TO, /* 0F 22 /r: MOV CRn, r32/r64 */
	CR_INSN_LMSW, /* 0F 01 /6 with a register operand: LMSW r16 */
	CR_INSN_CLTS, /* 0F 06 */
};

struct cr_insn {
	enum cr_insn_kind kind;
	u8 len; /* bytes, prefixes included */
	u8 cr; /* MOV_TO: CR number (REX.R adds 8); LMSW/CLTS: 0 */
	u8 gpr; /* MOV_TO, LMSW: the source register, enum vcpu_reg */
};

/*
 * Decode a CR-writing instruction in @code (@avail bytes).  0, -EOPNOTSUPP
 * for anything else (LMSW from memory, a LOCK prefix -- AMD's alternative
 * CR8 encoding --, MOV from CR, any other opcode), -EFAULT when @avail ends
 * inside the instruction.
 */
int insn_decode_cr(const u8 *code, size_t avail, enum insn_mode mode,
		   struct cr_insn *insn);

struct vcpu;
/*
 * The bytes of the guest's instruction at CS:RIP (vmm/mmio.c): the linear
 * address is @cs_base + RIP (RIP alone in 64-bit mode; 32 bits wrap outside
 * it), translated with the guest's paging page by page; up to INSN_MAX_LEN
 * bytes of guest RAM, in place or gathered into @buf.  *@n says how many
 * were readable (0: none, e.g. the code is not in RAM).
 */
const u8 *vcpu_fetch_insn(const struct vcpu *vcpu, u64 cs_base,
			  enum insn_mode mode, u8 *buf, size_t *n);

/*
 * Register side of an emulated access on a register file of
 * VCPU_NR_GPRS u64s: the value a write stores (register or immediate, cut to
 * size), and the register update a read makes (x86 rules: 8/16-bit writes
 * merge, 32-bit writes zero the upper half, 64-bit replace).
 */
u64 insn_write_value(const struct mmio_insn *insn, const u64 *gpr);
void insn_read_complete(const struct mmio_insn *insn, u64 *gpr, u64 value);

#endif /* VMM_INSN_H */
