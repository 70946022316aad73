// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO instruction decoder (the supported forms are listed in
 * include/vmm/insn.h).  Encoding facts from SDM Vol. 2A chapter 2
 * ("Instruction Format"): legacy prefixes, then REX (64-bit mode only, and
 * only when it is the last prefix), the opcode, ModRM, SIB, displacement,
 * immediate.
 */
#include <arch/segment.h>
#include <arch/x86.h>
#include <liminal/compiler.h>
#include <liminal/errno.h>
#include <vmm/insn.h>
#include <vmm/vcpu.h>

/* Prefixes and opcodes (SDM Vol. 2A 2.1.1, 2.2.1; Vol. 2B "MOV"). */
enum {
	PFX_OPSIZE = 0x66,
	PFX_ADDRSIZE = 0x67,
	PFX_LOCK = 0xf0,
	PFX_REPNE = 0xf2,
	PFX_REP = 0xf3,
	PFX_ES = 0x26,
	PFX_CS = 0x2e,
	PFX_SS = 0x36,
	PFX_DS = 0x3e,
	PFX_FS = 0x64,
	PFX_GS = 0x65,
	REX_BASE = 0x40, /* 0100WRXB */
	REX_W = 0x08,
	REX_R = 0x04,
	REX_B = 0x01,
	OP_MOV_RM8_R8 = 0x88,
	OP_MOV_RM_R = 0x89,
	OP_MOV_R8_RM8 = 0x8a,
	OP_MOV_R_RM = 0x8b,
	OP_MOV_RM8_IMM8 = 0xc6,
	OP_MOV_RM_IMM = 0xc7,
	OP_TWO_BYTE = 0x0f,
	OP2_MOVZX_8 = 0xb6,
	OP2_MOVZX_16 = 0xb7,
	OP2_MOV_R_DR = 0x21,
	OP2_MOV_DR_R = 0x23,
	OP2_GROUP7 = 0x01, /* /6 with ModRM: LMSW */
	OP2_CLTS = 0x06,
	OP2_MOV_TO_CR = 0x22,
	GROUP7_LMSW = 6,
};

#define MODRM_MOD(m) ((m) >> 6)
#define MODRM_REG(m) (((m) >> 3) & 7)
#define MODRM_RM(m) ((m)&7)
#define MOD_REG 3 /* register operand, no memory */
#define RM_SIB 4 /* 32/64-bit: a SIB byte follows */
#define RM_DISP32 5 /* 32/64-bit with mod 0: disp32 (RIP-rel) */
#define SIB_BASE_NONE 5 /* with mod 0: disp32, no base */
#define RM16_DISP16 6 /* 16-bit with mod 0: disp16 only */

struct cursor {
	const u8 *code;
	size_t avail;
	size_t pos;
};

static int next_byte(struct cursor *c, u8 *b)
{
	if (c->pos >= c->avail || c->pos >= INSN_MAX_LEN)
		return -EFAULT;
	*b = c->code[c->pos++];
	return 0;
}

static int skip(struct cursor *c, size_t n)
{
	if (c->pos + n > c->avail || c->pos + n > INSN_MAX_LEN)
		return -EFAULT;
	c->pos += n;
	return 0;
}

/* Little-endian immediate of @n bytes, sign-extended from its top bit. */
static int read_imm(struct cursor *c, size_t n, u64 *v)
{
	u64 x = 0;

	if (c->pos + n > c->avail || c->pos + n > INSN_MAX_LEN)
		return -EFAULT;
	for (size_t i = 0; i < n; i++)
		x |= (u64)c->code[c->pos + i] << (8 * i);
	c->pos += n;
	if (n < 8 && (x >> (8 * n - 1)) & 1)
		x |= ~0ull << (8 * n);
	*v = x;
	return 0;
}

struct prefixes {
	bool opsize;
	bool addrsize;
	u8 rex;
};

/*
 * Legacy prefixes, then an optional REX; returns the opcode byte.  Inlined
 * in both decoders: the MMIO round trip must not pay a call for it.
 */
static __always_inline int decode_prefixes(struct cursor *c,
					   enum insn_mode mode,
					   struct prefixes *p, u8 *op)
{
	int r;

	for (;;) {
		r = next_byte(c, op);
		if (r)
			return r;
		switch (*op) {
		case PFX_OPSIZE:
			p->opsize = true;
			p->rex = 0; /* REX counts only as the last prefix */
			continue;
		case PFX_ADDRSIZE:
			p->addrsize = true;
			p->rex = 0;
			continue;
		case PFX_ES:
		case PFX_CS:
		case PFX_SS:
		case PFX_DS:
		case PFX_FS:
		case PFX_GS:
			p->rex = 0;
			continue;
		case PFX_LOCK:
			/* LOCK MOV is #UD (SDM "LOCK"); LOCK MOV CR0 is CR8 */
			return -EOPNOTSUPP;
		case PFX_REP:
		case PFX_REPNE:
			return -EOPNOTSUPP; /* string forms: not MOV */
		}
		if (mode == INSN_MODE_64 && (*op & 0xf0) == REX_BASE) {
			p->rex = *op;
			continue;
		}
		return 0;
	}
}

/* Skip ModRM's SIB and displacement; the address itself is not needed. */
static int skip_memory_operand(struct cursor *c, enum insn_mode mode,
			       bool addrsize, u8 modrm)
{
	unsigned int mod = MODRM_MOD(modrm), rm = MODRM_RM(modrm);
	bool addr16 = (mode == INSN_MODE_16) != addrsize;
	u8 sib;
	int r;

	if (mode == INSN_MODE_64)
		addr16 = false; /* 0x67 in 64-bit mode: 32-bit forms */
	if (addr16) {
		if (mod == 0 && rm == RM16_DISP16)
			return skip(c, 2);
		return skip(c, mod == 1 ? 1 : mod == 2 ? 2 : 0);
	}
	if (rm == RM_SIB) {
		r = next_byte(c, &sib);
		if (r)
			return r;
		if (mod == 0 && MODRM_RM(sib) == SIB_BASE_NONE)
			return skip(c, 4);
	}
	if (mod == 0 && rm == RM_DISP32)
		return skip(c, 4);
	return skip(c, mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

/* Operand size of a non-byte form: REX.W, then 0x66, then the default. */
static u8 operand_size(enum insn_mode mode, const struct prefixes *p)
{
	if (p->rex & REX_W)
		return 8;
	if (mode == INSN_MODE_16)
		return p->opsize ? 4 : 2;
	return p->opsize ? 2 : 4;
}

/* Fill size/write/dst_size from the opcode; -EOPNOTSUPP if not ours. */
static int classify(struct cursor *c, u8 op, u8 opsize, struct mmio_insn *insn)
{
	int r;

	insn->dst_size = opsize;
	switch (op) {
	case OP_MOV_RM8_R8:
		insn->size = 1;
		insn->write = true;
		return 0;
	case OP_MOV_RM_R:
		insn->size = opsize;
		insn->write = true;
		return 0;
	case OP_MOV_R8_RM8:
		insn->size = insn->dst_size = 1;
		return 0;
	case OP_MOV_R_RM:
		insn->size = opsize;
		return 0;
	case OP_MOV_RM8_IMM8:
		insn->size = 1;
		insn->write = insn->has_imm = true;
		return 0;
	case OP_MOV_RM_IMM:
		insn->size = opsize;
		insn->write = insn->has_imm = true;
		return 0;
	case OP_TWO_BYTE:
		r = next_byte(c, &op);
		if (r)
			return r;
		if (op != OP2_MOVZX_8 && op != OP2_MOVZX_16)
			return -EOPNOTSUPP;
		insn->size = op == OP2_MOVZX_8 ? 1 : 2;
		return 0;
	}
	return -EOPNOTSUPP;
}

/* The register operand (ModRM.reg, extended by REX.R). */
static void decode_reg(struct mmio_insn *insn, const struct prefixes *p,
		       u8 modrm)
{
	insn->reg = MODRM_REG(modrm) | (p->rex & REX_R ? 8 : 0);
	/* Without REX, byte registers 4-7 are AH, CH, DH, BH. */
	if (!p->rex && insn->reg >= 4 && insn->reg < 8 &&
	    (insn->write ? insn->size : insn->dst_size) == 1) {
		insn->high8 = true;
		insn->reg -= 4;
	}
}

int insn_decode_mmio(const u8 *code, size_t avail, enum insn_mode mode,
		     struct mmio_insn *insn)
{
	struct cursor c = { .code = code, .avail = avail };
	struct prefixes p = { 0 };
	u8 op, modrm;
	int r;

	*insn = (struct mmio_insn){ 0 };
	r = decode_prefixes(&c, mode, &p, &op);
	if (!r)
		r = classify(&c, op, operand_size(mode, &p), insn);
	if (!r)
		r = next_byte(&c, &modrm);
	if (r)
		return r;
	if (MODRM_MOD(modrm) == MOD_REG)
		return -EOPNOTSUPP;
	if (insn->has_imm && MODRM_REG(modrm) != 0)
		return -EOPNOTSUPP; /* C6/C7 /1../7 are not MOV */
	r = skip_memory_operand(&c, mode, p.addrsize, modrm);
	if (r)
		return r;
	if (insn->has_imm) {
		/* imm8, imm16, or imm32 (sign-extended for REX.W) */
		r = read_imm(&c, insn->size == 8 ? 4 : insn->size, &insn->imm);
		if (r)
			return r;
		if (insn->size < 8)
			insn->imm &= ~0ull >> (64 - 8 * insn->size);
	} else {
		decode_reg(insn, &p, modrm);
	}
	insn->len = c.pos;
	return 0;
}

static u64 size_mask(u8 size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

u64 insn_write_value(const struct mmio_insn *insn, const u64 *gpr)
{
	if (insn->has_imm)
		return insn->imm & size_mask(insn->size);
	if (insn->high8)
		return (gpr[insn->reg] >> 8) & 0xff;
	return gpr[insn->reg] & size_mask(insn->size);
}

void insn_read_complete(const struct mmio_insn *insn, u64 *gpr, u64 value)
{
	u64 *dst = &gpr[insn->reg];

	value &= size_mask(insn->size); /* MOVZX: zero-extended here */
	switch (insn->dst_size) {
	case 1:
		if (insn->high8)
			*dst = (*dst & ~0xff00ull) | (value << 8);
		else
			*dst = (*dst & ~0xffull) | value;
		break;
	case 2:
		*dst = (*dst & ~0xffffull) | value;
		break;
	case 4:
		*dst = value & 0xffffffffull; /* 32-bit writes zero-extend */
		break;
	default:
		*dst = value;
		break;
	}
}

/* MOV CR's, MOV DR's and LMSW's register operand: ModRM.rm, extended by REX.B. */
static u8 modrm_rm_reg(const struct prefixes *p, u8 modrm)
{
	return MODRM_RM(modrm) | (p->rex & REX_B ? 8 : 0);
}

/*
 * MOV DR (SDM Vol. 2B "MOV-Move to/from Debug Registers"): 0F 21 /r reads
 * DRn into a GPR, 0F 23 /r writes it.  ModRM.mod is ignored (the operands
 * are always registers), ModRM.reg extended by REX.R names the debug
 * register, ModRM.rm extended by REX.B the GPR; operand-size prefixes do
 * not matter (32 bits outside 64-bit mode, 64 bits in it).
 */
int insn_decode_mov_dr(const u8 *code, size_t avail, enum insn_mode mode,
		       struct dr_insn *insn)
{
	struct cursor c = { .code = code, .avail = avail };
	struct prefixes p = { 0 };
	u8 op, modrm;
	int r;

	*insn = (struct dr_insn){ 0 };
	r = decode_prefixes(&c, mode, &p, &op);
	if (!r && op != OP_TWO_BYTE)
		r = -EOPNOTSUPP;
	if (!r)
		r = next_byte(&c, &op);
	if (!r && op != OP2_MOV_R_DR && op != OP2_MOV_DR_R)
		r = -EOPNOTSUPP;
	if (!r)
		r = next_byte(&c, &modrm);
	if (r)
		return r;
	insn->write = op == OP2_MOV_DR_R;
	insn->dr = MODRM_REG(modrm) | (p.rex & REX_R ? 8 : 0);
	insn->gpr = modrm_rm_reg(&p, modrm);
	insn->len = c.pos;
	return 0;
}

enum insn_mode insn_mode_of(u64 cr0, u64 efer, u16 cs_attr)
{
	if (!(cr0 & X86_CR0_PE))
		return INSN_MODE_16;
	if ((efer & X86_EFER_LMA) && (cs_attr & SEG_ATTR_L))
		return INSN_MODE_64;
	return cs_attr & SEG_ATTR_DB ? INSN_MODE_32 : INSN_MODE_16;
}

int insn_decode_cr(const u8 *code, size_t avail, enum insn_mode mode,
		   struct cr_insn *insn)
{
	struct cursor c = { .code = code, .avail = avail };
	struct prefixes p = { 0 };
	u8 op, modrm = 0;
	int r;

	*insn = (struct cr_insn){ 0 };
	r = decode_prefixes(&c, mode, &p, &op);
	if (!r && op != OP_TWO_BYTE)
		return -EOPNOTSUPP;
	if (!r)
		r = next_byte(&c, &op);
	if (!r && op != OP2_CLTS)
		r = next_byte(&c, &modrm);
	if (r)
		return r;
	switch (op) {
	case OP2_CLTS:
		insn->kind = CR_INSN_CLTS;
		break;
	case OP2_MOV_TO_CR: /* mod is ignored: always a register (SDM) */
		insn->kind = CR_INSN_MOV_TO;
		insn->cr = MODRM_REG(modrm) | (p.rex & REX_R ? 8 : 0);
		insn->gpr = modrm_rm_reg(&p, modrm);
		break;
	case OP2_GROUP7:
		if (MODRM_REG(modrm) != GROUP7_LMSW ||
		    MODRM_MOD(modrm) != MOD_REG)
			return -EOPNOTSUPP; /* not LMSW, or LMSW m16 */
		insn->kind = CR_INSN_LMSW;
		insn->gpr = modrm_rm_reg(&p, modrm);
		break;
	default:
		return -EOPNOTSUPP;
	}
	insn->len = c.pos;
	return 0;
}
