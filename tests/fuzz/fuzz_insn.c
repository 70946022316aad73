// SPDX-License-Identifier: GPL-2.0
/*
 * The MMIO instruction decoder (vmm/insn.c) on any bytes.  Input: one byte
 * for the mode (16-, 32- or 64-bit code), then the instruction bytes, all
 * of them readable (libFuzzer's buffer has exactly that size: ASan sees a
 * read past it).
 *
 * Checked for an instruction the decoder accepts:
 *  - its length is 1..INSN_MAX_LEN and within the bytes given; it used all
 *    of them: the same bytes cut to that length decode the same, and one
 *    byte fewer is -EFAULT
 *  - the fields are consistent: sizes 1/2/4/8 (8 only in 64-bit code), a
 *    register 0..15 (AH..BH only as byte operands), an immediate only in
 *    a write and within its size
 *  - Capstone, the disassembler objtool uses, decodes the same bytes in the
 *    same mode as a MOV or MOVZX of the same length whose memory operand
 *    has the same size
 *  - the register side (insn_write_value(), insn_read_complete()) reads
 *    and writes only the named register, and a read writes what x86 does
 */
#include <string.h>

#include <capstone/capstone.h>

#include <liminal/errno.h>
#include <vmm/insn.h>
#include <vmm/vcpu.h>

#include "fuzz.h"

static csh cs_handle[3];

static const cs_mode cs_modes[3] = {
	[INSN_MODE_16] = CS_MODE_16,
	[INSN_MODE_32] = CS_MODE_32,
	[INSN_MODE_64] = CS_MODE_64,
};

static csh capstone(enum insn_mode mode)
{
	if (!cs_handle[mode]) {
		FUZZ_CHECK(cs_open(CS_ARCH_X86, cs_modes[mode],
				   &cs_handle[mode]) == CS_ERR_OK,
			   "cs_open");
		cs_option(cs_handle[mode], CS_OPT_DETAIL, CS_OPT_ON);
	}
	return cs_handle[mode];
}

static bool valid_size(unsigned int s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

static void check_fields(const struct mmio_insn *insn, enum insn_mode mode)
{
	FUZZ_CHECK(valid_size(insn->size) && valid_size(insn->dst_size),
		   "size %u dst_size %u", insn->size, insn->dst_size);
	FUZZ_CHECK(mode == INSN_MODE_64 ||
			   (insn->size < 8 && insn->dst_size < 8),
		   "8 bytes outside 64-bit code");
	FUZZ_CHECK(insn->write || insn->dst_size >= insn->size,
		   "a read narrower than its access");
	FUZZ_CHECK(insn->reg < VCPU_NR_GPRS, "reg %u", insn->reg);
	FUZZ_CHECK(!insn->high8 || (insn->reg < 4 && insn->size == 1),
		   "high8 with reg %u size %u", insn->reg, insn->size);
	FUZZ_CHECK(!insn->has_imm || insn->write, "an immediate read");
	FUZZ_CHECK(insn->has_imm || !insn->imm, "imm without has_imm");
	FUZZ_CHECK(insn->size == 8 || insn->imm >> (8 * insn->size) == 0,
		   "imm 0x%llx for size %u", (unsigned long long)insn->imm,
		   insn->size);
}

static bool same(const struct mmio_insn *a, const struct mmio_insn *b)
{
	return a->len == b->len && a->size == b->size && a->write == b->write &&
	       a->has_imm == b->has_imm && a->high8 == b->high8 &&
	       a->reg == b->reg && a->dst_size == b->dst_size &&
	       a->imm == b->imm;
}

/* The bytes the decoder used, and nothing after them, decode the same. */
static void check_length(const uint8_t *code, const struct mmio_insn *insn,
			 enum insn_mode mode)
{
	uint8_t *copy = malloc(insn->len);
	struct mmio_insn again;

	FUZZ_CHECK(copy, "out of memory");
	memcpy(copy, code, insn->len);
	FUZZ_CHECK(insn_decode_mmio(copy, insn->len, mode, &again) == 0 &&
			   same(&again, insn),
		   "decodes differently cut to its %u bytes", insn->len);
	FUZZ_CHECK(insn_decode_mmio(copy, insn->len - 1, mode, &again) ==
			   -EFAULT,
		   "decodes without its last byte");
	free(copy);
}

static void check_capstone(const uint8_t *code, size_t avail,
			   const struct mmio_insn *insn, enum insn_mode mode)
{
	csh h = capstone(mode);
	const cs_x86 *x86;
	cs_insn *ci;
	int mem = -1;

	FUZZ_CHECK(cs_disasm(h, code, avail, 0, 1, &ci) == 1,
		   "Capstone cannot decode what the decoder took (%u bytes)",
		   insn->len);
	FUZZ_CHECK(ci->size == insn->len, "%s %s: Capstone %u bytes, ours %u",
		   ci->mnemonic, ci->op_str, ci->size, insn->len);
	FUZZ_CHECK(ci->id == X86_INS_MOV || ci->id == X86_INS_MOVZX,
		   "decoded as a MOV, Capstone says %s %s", ci->mnemonic,
		   ci->op_str);
	x86 = &ci->detail->x86;
	for (int i = 0; i < x86->op_count; i++) {
		if (x86->operands[i].type == X86_OP_MEM)
			mem = i;
	}
	FUZZ_CHECK(mem >= 0, "%s %s: no memory operand", ci->mnemonic,
		   ci->op_str);
	FUZZ_CHECK(x86->operands[mem].size == insn->size,
		   "%s %s: Capstone %u bytes of memory, ours %u", ci->mnemonic,
		   ci->op_str, x86->operands[mem].size, insn->size);
	cs_free(ci, 1);
}

/* The register file changes as x86 says, in the named register only. */
static void check_registers(const struct mmio_insn *insn)
{
	u64 gpr[VCPU_NR_GPRS], before[VCPU_NR_GPRS];
	u64 value = 0x8899aabbccddeeffull, old, mask, v;

	for (unsigned int i = 0; i < VCPU_NR_GPRS; i++)
		gpr[i] = 0x0101010101010101ull * (i + 1);
	memcpy(before, gpr, sizeof(gpr));
	old = gpr[insn->reg];
	mask = insn->size == 8 ? ~0ull : (1ull << (8 * insn->size)) - 1;
	if (insn->write) {
		v = insn_write_value(insn, gpr);
		FUZZ_CHECK(!(v & ~mask), "write value 0x%llx for size %u",
			   (unsigned long long)v, insn->size);
		if (insn->has_imm)
			FUZZ_CHECK(v == insn->imm, "immediate changed");
		else
			FUZZ_CHECK(v == ((insn->high8 ? old >> 8 : old) & mask),
				   "wrong register value");
		FUZZ_CHECK(!memcmp(gpr, before, sizeof(gpr)),
			   "a write "
			   "changed a register");
		return;
	}
	insn_read_complete(insn, gpr, value);
	for (unsigned int i = 0; i < VCPU_NR_GPRS; i++)
		FUZZ_CHECK(i == insn->reg || gpr[i] == before[i],
			   "a read into r%u changed r%u", insn->reg, i);
	v = value & mask;
	switch (insn->dst_size) {
	case 1:
		FUZZ_CHECK(gpr[insn->reg] ==
				   (insn->high8 ? (old & ~0xff00ull) | v << 8 :
						  (old & ~0xffull) | v),
			   "byte read");
		break;
	case 2:
		FUZZ_CHECK(gpr[insn->reg] == ((old & ~0xffffull) | v),
			   "word read");
		break;
	default: /* 32-bit writes zero-extend, 64-bit replace */
		FUZZ_CHECK(gpr[insn->reg] == v, "read of %u bytes",
			   insn->dst_size);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mmio_insn insn;
	enum insn_mode mode;
	int r;

	if (size < 1)
		return 0;
	mode = data[0] % 3;
	data++;
	size--;
	r = insn_decode_mmio(data, size, mode, &insn);
	FUZZ_CHECK(r == 0 || r == -EOPNOTSUPP || r == -EFAULT, "returned %d",
		   r);
	if (r)
		return 0;
	FUZZ_CHECK(insn.len >= 1 && insn.len <= INSN_MAX_LEN &&
			   insn.len <= size,
		   "length %u of %zu bytes", insn.len, size);
	check_fields(&insn, mode);
	check_length(data, &insn, mode);
	check_capstone(data, size, &insn, mode);
	check_registers(&insn);
	return 0;
}
