// SPDX-License-Identifier: GPL-2.0
/* The MMIO instruction decoder (vmm/insn.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arch/segment.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <vmm/insn.h>
#include <vmm/vcpu.h>

#define DECODE(mode, ...)                                            \
	({                                                           \
		static const u8 code[] = { __VA_ARGS__ };            \
		insn_decode_mmio(code, sizeof(code), (mode), &insn); \
	})

static void test_mov_load_store_32(void **state)
{
	struct mmio_insn insn;

	(void)state;
	/* mov eax, [rbx] */
	assert_int_equal(DECODE(INSN_MODE_64, 0x8b, 0x03), 0);
	assert_int_equal(insn.len, 2);
	assert_int_equal(insn.size, 4);
	assert_false(insn.write);
	assert_int_equal(insn.reg, VCPU_RAX);
	/* mov [rbx + 0x100], edx: disp32 */
	assert_int_equal(
		DECODE(INSN_MODE_64, 0x89, 0x93, 0x00, 0x01, 0x00, 0x00), 0);
	assert_int_equal(insn.len, 6);
	assert_true(insn.write);
	assert_int_equal(insn.reg, VCPU_RDX);
	assert_int_equal(insn.size, 4);
}

static void test_rex(void **state)
{
	struct mmio_insn insn;

	(void)state;
	/* mov [rbx + 0x100], rdx: REX.W */
	assert_int_equal(DECODE(INSN_MODE_64, 0x48, 0x89, 0x93, 0x00, 0x01,
				0x00, 0x00),
			 0);
	assert_int_equal(insn.len, 7);
	assert_int_equal(insn.size, 8);
	/* mov [r9 + r10*8], r11d: REX.RXB, SIB */
	assert_int_equal(DECODE(INSN_MODE_64, 0x47, 0x89, 0x1c, 0xd1), 0);
	assert_int_equal(insn.len, 4);
	assert_int_equal(insn.size, 4);
	assert_int_equal(insn.reg, VCPU_R11);
	/* mov r12d, [r9 + r10*8]: REX.R selects r12 */
	assert_int_equal(DECODE(INSN_MODE_64, 0x47, 0x8b, 0x24, 0xd1), 0);
	assert_int_equal(insn.reg, VCPU_R12);
	/* REX followed by a legacy prefix is ignored: 48 66 89 03 */
	assert_int_equal(DECODE(INSN_MODE_64, 0x48, 0x66, 0x89, 0x03), 0);
	assert_int_equal(insn.size, 2);
	/* outside 64-bit mode 0x48 is DEC eax, not REX */
	assert_int_equal(DECODE(INSN_MODE_32, 0x48, 0x89, 0x03), -EOPNOTSUPP);
}

static void test_byte_and_high8(void **state)
{
	struct mmio_insn insn;

	(void)state;
	/* mov ah, [rbx + 0x118]: no REX -> AH */
	assert_int_equal(
		DECODE(INSN_MODE_64, 0x8a, 0xa3, 0x18, 0x01, 0x00, 0x00), 0);
	assert_int_equal(insn.size, 1);
	assert_true(insn.high8);
	assert_int_equal(insn.reg, VCPU_RAX);
	/* with REX, reg 4 is SPL, not AH */
	assert_int_equal(DECODE(INSN_MODE_64, 0x40, 0x8a, 0x23), 0);
	assert_false(insn.high8);
	assert_int_equal(insn.reg, VCPU_RSP);
	/* mov [rbx], bh */
	assert_int_equal(DECODE(INSN_MODE_64, 0x88, 0x3b), 0);
	assert_true(insn.write);
	assert_true(insn.high8);
	assert_int_equal(insn.reg, VCPU_RBX);
}

static void test_immediates(void **state)
{
	struct mmio_insn insn;

	(void)state;
	/* mov byte [rbx + 0x118], 0x5a */
	assert_int_equal(DECODE(INSN_MODE_64, 0xc6, 0x83, 0x18, 0x01, 0x00,
				0x00, 0x5a),
			 0);
	assert_int_equal(insn.len, 7);
	assert_true(insn.has_imm);
	assert_int_equal(insn.imm, 0x5a);
	/* mov word [rbx + 0x20], 0xbeef: 66 C7 43 20 ef be */
	assert_int_equal(
		DECODE(INSN_MODE_64, 0x66, 0xc7, 0x43, 0x20, 0xef, 0xbe), 0);
	assert_int_equal(insn.len, 6);
	assert_int_equal(insn.size, 2);
	assert_int_equal(insn.imm, 0xbeef);
	/* mov qword [rbx], -2: imm32 sign-extended to 64 bits */
	assert_int_equal(DECODE(INSN_MODE_64, 0x48, 0xc7, 0x03, 0xfe, 0xff,
				0xff, 0xff),
			 0);
	assert_int_equal(insn.size, 8);
	assert_int_equal(insn.imm, 0xfffffffffffffffeull);
	/* C7 /1 is not MOV */
	assert_int_equal(DECODE(INSN_MODE_64, 0xc7, 0x0b, 0, 0, 0, 0),
			 -EOPNOTSUPP);
}

static void test_movzx(void **state)
{
	struct mmio_insn insn;
	u64 gpr[VCPU_NR_GPRS] = { 0 };

	(void)state;
	/* movzx ecx, byte [rbx + 0x18] */
	assert_int_equal(DECODE(INSN_MODE_64, 0x0f, 0xb6, 0x4b, 0x18), 0);
	assert_int_equal(insn.len, 4);
	assert_int_equal(insn.size, 1);
	assert_int_equal(insn.dst_size, 4);
	assert_int_equal(insn.reg, VCPU_RCX);
	gpr[VCPU_RCX] = ~0ull;
	insn_read_complete(&insn, gpr, 0xa5);
	assert_int_equal(gpr[VCPU_RCX], 0xa5);
	/* movzx rdx, word [rbx]: REX.W */
	assert_int_equal(DECODE(INSN_MODE_64, 0x48, 0x0f, 0xb7, 0x13), 0);
	assert_int_equal(insn.size, 2);
	assert_int_equal(insn.dst_size, 8);
	/* 0F B8 is not supported */
	assert_int_equal(DECODE(INSN_MODE_64, 0x0f, 0xb8, 0x13), -EOPNOTSUPP);
}

static void test_addressing_forms(void **state)
{
	struct mmio_insn insn;

	(void)state;
	/* RIP-relative: mov eax, [rip + disp32] */
	assert_int_equal(DECODE(INSN_MODE_64, 0x8b, 0x05, 1, 2, 3, 4), 0);
	assert_int_equal(insn.len, 6);
	/* SIB with no base: mov eax, [rcx*4 + disp32] */
	assert_int_equal(DECODE(INSN_MODE_64, 0x8b, 0x04, 0x8d, 1, 2, 3, 4), 0);
	assert_int_equal(insn.len, 7);
	/* disp8 + SIB: mov eax, [rsp + 8] */
	assert_int_equal(DECODE(INSN_MODE_64, 0x8b, 0x44, 0x24, 0x08), 0);
	assert_int_equal(insn.len, 4);
	/* 16-bit code: mov ax, [bx + si + disp16] */
	assert_int_equal(DECODE(INSN_MODE_16, 0x8b, 0x80, 0x34, 0x12), 0);
	assert_int_equal(insn.len, 4);
	assert_int_equal(insn.size, 2);
	/* 16-bit code, 0x66: 32-bit operand; [disp16] */
	assert_int_equal(DECODE(INSN_MODE_16, 0x66, 0x8b, 0x06, 0x00, 0x10), 0);
	assert_int_equal(insn.len, 5);
	assert_int_equal(insn.size, 4);
	/* 32-bit code with 0x67: 16-bit addressing, [disp16] */
	assert_int_equal(DECODE(INSN_MODE_32, 0x67, 0x8b, 0x06, 0x00, 0x10), 0);
	assert_int_equal(insn.len, 5);
	/* segment override and mod=0 rm=5 in 32-bit code: absolute disp32 */
	assert_int_equal(DECODE(INSN_MODE_32, 0x64, 0x8b, 0x05, 0, 0, 0, 0xd0),
			 0);
	assert_int_equal(insn.len, 7);
}

static void test_rejects(void **state)
{
	struct mmio_insn insn;

	(void)state;
	/* register destination: mov eax, ebx has no memory operand */
	assert_int_equal(DECODE(INSN_MODE_64, 0x8b, 0xc3), -EOPNOTSUPP);
	/* rep movsb */
	assert_int_equal(DECODE(INSN_MODE_64, 0xf3, 0xa4), -EOPNOTSUPP);
	/* add [rbx], eax */
	assert_int_equal(DECODE(INSN_MODE_64, 0x01, 0x03), -EOPNOTSUPP);
	/* lock mov eax, [rbx]: #UD on the CPU, never an access to emulate
	 * (found by tests/fuzz: corpus/insn/regress-lock-mov) */
	assert_int_equal(DECODE(INSN_MODE_64, 0xf0, 0x8b, 0x03), -EOPNOTSUPP);
	assert_int_equal(DECODE(INSN_MODE_32, 0x66, 0xf0, 0x89, 0x03),
			 -EOPNOTSUPP);
	/* truncated: the disp32 is cut short */
	assert_int_equal(DECODE(INSN_MODE_64, 0x8b, 0x83, 0x00, 0x01), -EFAULT);
	/* truncated immediate */
	assert_int_equal(DECODE(INSN_MODE_64, 0xc7, 0x03, 0x01), -EFAULT);
	/* nothing readable */
	assert_int_equal(insn_decode_mmio(NULL, 0, INSN_MODE_64, &insn),
			 -EFAULT);
	/* 15 prefixes and no opcode: longer than the architecture allows */
	assert_int_equal(DECODE(INSN_MODE_64, 0x66, 0x66, 0x66, 0x66, 0x66,
				0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				0x66, 0x66, 0x89, 0x03),
			 -EFAULT);
}

static void test_register_side(void **state)
{
	struct mmio_insn insn = { 0 };
	u64 gpr[VCPU_NR_GPRS] = { 0 };

	(void)state;
	gpr[VCPU_RAX] = 0x1122334455667788ull;
	insn = (struct mmio_insn){ .size = 1, .dst_size = 1, .reg = VCPU_RAX };
	insn_read_complete(&insn, gpr, 0x1ff);
	assert_int_equal(gpr[VCPU_RAX], 0x11223344556677ffull);
	insn.high8 = true;
	insn_read_complete(&insn, gpr, 0xab);
	assert_int_equal(gpr[VCPU_RAX], 0x112233445566abffull);
	assert_int_equal(insn_write_value(&insn, gpr), 0xab);
	insn = (struct mmio_insn){ .size = 2, .dst_size = 2, .reg = VCPU_RAX };
	insn_read_complete(&insn, gpr, 0xbeef);
	assert_int_equal(gpr[VCPU_RAX], 0x112233445566beefull);
	insn = (struct mmio_insn){ .size = 4, .dst_size = 4, .reg = VCPU_RAX };
	insn_read_complete(&insn, gpr, 0xffffffffcafef00dull);
	assert_int_equal(gpr[VCPU_RAX], 0xcafef00dull);
	assert_int_equal(insn_write_value(&insn, gpr), 0xcafef00dull);
	insn = (struct mmio_insn){ .size = 8, .dst_size = 8, .reg = VCPU_R15 };
	insn_read_complete(&insn, gpr, ~0ull);
	assert_int_equal(gpr[VCPU_R15], ~0ull);
	insn = (struct mmio_insn){ .size = 2, .has_imm = true, .imm = 0x12345 };
	assert_int_equal(insn_write_value(&insn, gpr), 0x2345);
}

/* The code size comes from CR0.PE, EFER.LMA and CS.L/CS.D together. */
static void test_mode_of(void **state)
{
	u64 pe = X86_CR0_PE, lma = X86_EFER_LME | X86_EFER_LMA;

	(void)state;
	assert_int_equal(insn_mode_of(0, 0, SEG_ATTR_DB), INSN_MODE_16);
	assert_int_equal(insn_mode_of(pe, 0, 0), INSN_MODE_16);
	assert_int_equal(insn_mode_of(pe, 0, SEG_ATTR_DB), INSN_MODE_32);
	/* CS.L means nothing outside IA-32e mode */
	assert_int_equal(insn_mode_of(pe, 0, SEG_ATTR_L | SEG_ATTR_DB),
			 INSN_MODE_32);
	assert_int_equal(insn_mode_of(pe, lma, SEG_ATTR_L), INSN_MODE_64);
	/* compatibility mode: EFER.LMA=1 and CS.L=0 */
	assert_int_equal(insn_mode_of(pe, lma, SEG_ATTR_DB), INSN_MODE_32);
	assert_int_equal(insn_mode_of(pe, lma, 0), INSN_MODE_16);
}

/* Compatibility-mode bytes decoded as 32-bit code, not 64-bit. */
static void test_compat_lengths(void **state)
{
	struct mmio_insn insn;

	(void)state;
	/* 67 8b 06 disp16: [disp16] in 32-bit code, [esi] in 64-bit */
	assert_int_equal(DECODE(INSN_MODE_32, 0x67, 0x8b, 0x06, 0x34, 0x12), 0);
	assert_int_equal(insn.len, 5);
	assert_int_equal(DECODE(INSN_MODE_64, 0x67, 0x8b, 0x06, 0x34, 0x12), 0);
	assert_int_equal(insn.len, 3);
	/* 16-bit code: 8b 03 moves 2 bytes; with 66, 4 */
	assert_int_equal(DECODE(INSN_MODE_16, 0x8b, 0x07), 0);
	assert_int_equal(insn.size, 2);
	assert_int_equal(DECODE(INSN_MODE_16, 0x66, 0x8b, 0x07), 0);
	assert_int_equal(insn.size, 4);
	/* 0x48 is DEC eax outside 64-bit mode, not REX.W: refused */
	assert_int_equal(DECODE(INSN_MODE_32, 0x48, 0x89, 0x03), -EOPNOTSUPP);
}

/* What the decoder cannot emulate it refuses. */
static void test_refuses_lock_and_strings(void **state)
{
	struct mmio_insn insn;

	(void)state;
	assert_int_equal(DECODE(INSN_MODE_64, 0xf0, 0x89, 0x03), -EOPNOTSUPP);
	assert_int_equal(DECODE(INSN_MODE_64, 0xf3, 0xa5), -EOPNOTSUPP);
	/* 15 prefixes and no opcode: the length limit, not a guess */
	assert_int_equal(DECODE(INSN_MODE_64, 0x66, 0x66, 0x66, 0x66, 0x66,
				0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				0x66, 0x8b, 0x03),
			 -EFAULT);
}

#define DECODE_CR(mode, ...)                                     \
	({                                                       \
		static const u8 code[] = { __VA_ARGS__ };        \
		insn_decode_cr(code, sizeof(code), (mode), &cr); \
	})

static void test_cr_writes(void **state)
{
	struct cr_insn cr;

	(void)state;
	/* mov cr0, rax */
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x0f, 0x22, 0xc0), 0);
	assert_int_equal(cr.kind, CR_INSN_MOV_TO);
	assert_int_equal(cr.cr, 0);
	assert_int_equal(cr.gpr, VCPU_RAX);
	assert_int_equal(cr.len, 3);
	/* mov cr4, r9: REX.B */
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x41, 0x0f, 0x22, 0xe1), 0);
	assert_int_equal(cr.cr, 4);
	assert_int_equal(cr.gpr, VCPU_R9);
	assert_int_equal(cr.len, 4);
	/* mov cr3, rbx with mod != 3: still a register (SDM: mod ignored) */
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x0f, 0x22, 0x1b), 0);
	assert_int_equal(cr.cr, 3);
	assert_int_equal(cr.gpr, VCPU_RBX);
	/* mov cr8, rax: REX.R */
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x44, 0x0f, 0x22, 0xc0), 0);
	assert_int_equal(cr.cr, 8);
	/* 32-bit code: 0x41 is INC ecx, not REX */
	assert_int_equal(DECODE_CR(INSN_MODE_32, 0x41, 0x0f, 0x22, 0xe1),
			 -EOPNOTSUPP);
	/* lmsw dx */
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x0f, 0x01, 0xf2), 0);
	assert_int_equal(cr.kind, CR_INSN_LMSW);
	assert_int_equal(cr.gpr, VCPU_RDX);
	assert_int_equal(cr.len, 3);
	/* clts */
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x0f, 0x06), 0);
	assert_int_equal(cr.kind, CR_INSN_CLTS);
	assert_int_equal(cr.len, 2);
	/* refused: lmsw [rax], lock mov cr0 (AMD's CR8), mov rax, cr0, nop */
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x0f, 0x01, 0x30),
			 -EOPNOTSUPP);
	assert_int_equal(DECODE_CR(INSN_MODE_32, 0xf0, 0x0f, 0x22, 0xc0),
			 -EOPNOTSUPP);
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x0f, 0x20, 0xc0),
			 -EOPNOTSUPP);
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x90), -EOPNOTSUPP);
	/* truncated */
	assert_int_equal(DECODE_CR(INSN_MODE_64, 0x0f, 0x22), -EFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mov_load_store_32),
		cmocka_unit_test(test_rex),
		cmocka_unit_test(test_byte_and_high8),
		cmocka_unit_test(test_immediates),
		cmocka_unit_test(test_movzx),
		cmocka_unit_test(test_addressing_forms),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_register_side),
		cmocka_unit_test(test_mode_of),
		cmocka_unit_test(test_compat_lengths),
		cmocka_unit_test(test_refuses_lock_and_strings),
		cmocka_unit_test(test_cr_writes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
