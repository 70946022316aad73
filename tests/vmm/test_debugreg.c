// SPDX-License-Identifier: GPL-2.0
/*
 * The debug-register emulation (vmm/debugreg.c): MOV DR checked as the CPU
 * checks it (SDM Vol. 2B "MOV-Move to/from Debug Registers"), the values
 * as the CPU keeps them, the MOV DR decoder (vmm/insn.c), and the
 * reflection of intercepted #DB and #AC, on a fake vCPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/x86.h>
#include <vmm/debugreg.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <vmm/insn.h>

#include "host_stubs.h"

#define RAM (2u << 20)

static unsigned int dumps;

static void fake_dump(struct vcpu *vcpu)
{
	(void)vcpu;
	dumps++;
}

static const char *fake_reason_name(u32 reason)
{
	(void)reason;
	return "REASON";
}

static const struct vcpu_ops fake_ops = {
	.name = "fake",
	.dump = fake_dump,
	.exit_reason_name = fake_reason_name,
	.nr_exit_reasons = 256,
};

static struct vmm_guest g;
static struct guest_config gc;
static struct vcpu *vcpu = &g.vcpu;
static u8 *ram;

static int setup(void **state)
{
	(void)state;
	stub_reset();
	dumps = 0;
	memset(&g, 0, sizeof(g));
	memset(&gc, 0, sizeof(gc));
	strcpy(gc.name, "test");
	ram = aligned_alloc(4096, RAM);
	memset(ram, 0, RAM);
	g.cfg = &gc;
	strcpy(g.vm.name, "test");
	g.vm.boot_mode = VM_BOOT_LONG64;
	vm_mem_init(&g.vm, ram, RAM);
	g.vcpu.vm = &g.vm;
	g.vcpu.ops = &fake_ops;
	g.vcpu.pending_irq = -1;
	assert_int_equal(vm_setup_boot_state(&g.vm, &g.vcpu.boot), 0);
	vcpu_load_boot_regs(&g.vcpu);
	vcpu_debugregs_reset(&g.vcpu.dbg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

/* ---- the checks, in the CPU's order ----------------------------------- */

static struct vcpu_debugregs reset_regs(void)
{
	struct vcpu_debugregs d;

	vcpu_debugregs_reset(&d);
	return d;
}

static void test_reset_values(void **state)
{
	struct vcpu_debugregs d = reset_regs();

	(void)state;
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(d.db[i], 0);
	assert_int_equal(d.dr6, 0xffff0ff0);
	assert_int_equal(d.dr7, 0x400);
}

static void test_cpl_first(void **state)
{
	struct vcpu_debugregs d = reset_regs();
	struct dr_access a = { .dr = 5, .cpl = 3, .cr4_de = true };

	(void)state;
	d.dr7 |= DR7_GD;
	/* #GP(0) at CPL 3 comes before #UD (DR5, DE) and #DB (GD) */
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_GP);
	a.cpl = 0;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_UD);
	a.dr = 0;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_DB);
}

static void test_dr4_dr5(void **state)
{
	struct vcpu_debugregs d = reset_regs();
	struct dr_access a = { .dr = 4 };

	(void)state;
	/* CR4.DE=0: aliases of DR6/DR7 */
	assert_int_equal(dr_access_fault(&d, &a), DR_ACCESS_OK);
	assert_int_equal(dr_alias(4), 6);
	assert_int_equal(dr_alias(5), 7);
	assert_int_equal(dr_alias(3), 3);
	a.cr4_de = true;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_UD);
	a.dr = 5;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_UD);
	a.dr = 6;
	assert_int_equal(dr_access_fault(&d, &a), DR_ACCESS_OK);
}

static void test_dr8_and_up_ud(void **state)
{
	struct vcpu_debugregs d = reset_regs();
	struct dr_access a = { .dr = 8, .long64 = true };

	(void)state;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_UD);
	a.dr = 15;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_UD);
}

static void test_upper_bits_gp(void **state)
{
	struct vcpu_debugregs d = reset_regs();
	struct dr_access a = { .dr = 7, .write = true, .long64 = true };

	(void)state;
	a.value = 1ull << 32;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_GP);
	a.dr = 6;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_GP);
	a.dr = 5; /* DR7 by its alias */
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_GP);
	/* DR0-3 take 64-bit addresses */
	a.dr = 0;
	assert_int_equal(dr_access_fault(&d, &a), DR_ACCESS_OK);
	/* reads and 32-bit code have no upper bits to refuse */
	a.dr = 7;
	a.write = false;
	assert_int_equal(dr_access_fault(&d, &a), DR_ACCESS_OK);
	a.write = true;
	a.long64 = false;
	assert_int_equal(dr_access_fault(&d, &a), DR_ACCESS_OK);
	/* general detect comes before the value */
	a.long64 = true;
	d.dr7 |= DR7_GD;
	assert_int_equal(dr_access_fault(&d, &a), X86_TRAP_DB);
}

static void test_values(void **state)
{
	struct vcpu_debugregs d = reset_regs();

	(void)state;
	dr_write(&d, 0, 0x123456789abcdef0ull, true);
	assert_int_equal(dr_read(&d, 0), 0x123456789abcdef0ull);
	dr_write(&d, 3, 0x123456789abcdef0ull, false); /* 32-bit code */
	assert_int_equal(dr_read(&d, 3), 0x9abcdef0ull);
	dr_write(&d, 6, 0, true);
	assert_int_equal(dr_read(&d, 6), 0xffff0ff0);
	dr_write(&d, 6, ~0ull >> 32, true);
	assert_int_equal(dr_read(&d, 6), 0xffffeff0 | 0xf);
	dr_write(&d, 7, 0, true);
	assert_int_equal(dr_read(&d, 7), 0x400);
	/* bits 12, 14, 15 read as 0 */
	dr_write(&d, 7, 0xffffffff, true);
	assert_int_equal(dr_read(&d, 7), 0xffff2fffull);
}

static void test_deliver_db(void **state)
{
	struct vcpu_debugregs d = reset_regs();

	(void)state;
	d.dr6 |= 0x3 | DR6_BD; /* stale: B0, B1, BD */
	d.dr7 |= DR7_GD;
	dr_deliver_db(&d, DR6_BS | 0x4);
	/* B0-B3 replaced, BD and BS sticky, GD cleared */
	assert_int_equal(d.dr6, 0xffff0ff0 | 0x4 | DR6_BD | DR6_BS);
	assert_int_equal(d.dr7, 0x400);
}

/* ---- the decoder ------------------------------------------------------ */

#define DECODE(mode, ...)                                              \
	({                                                             \
		static const u8 code[] = { __VA_ARGS__ };              \
		insn_decode_mov_dr(code, sizeof(code), (mode), &insn); \
	})

static void test_decode(void **state)
{
	struct dr_insn insn;

	(void)state;
	/* mov rax, dr7 */
	assert_int_equal(DECODE(INSN_MODE_64, 0x0f, 0x21, 0xf8), 0);
	assert_false(insn.write);
	assert_int_equal(insn.dr, 7);
	assert_int_equal(insn.gpr, VCPU_RAX);
	assert_int_equal(insn.len, 3);
	/* mov dr3, rsp */
	assert_int_equal(DECODE(INSN_MODE_64, 0x0f, 0x23, 0xdc), 0);
	assert_true(insn.write);
	assert_int_equal(insn.dr, 3);
	assert_int_equal(insn.gpr, VCPU_RSP);
	/* mov dr0, r9: REX.B; mov r8, dr8: REX.RB names DR8 (#UD) */
	assert_int_equal(DECODE(INSN_MODE_64, 0x41, 0x0f, 0x23, 0xc1), 0);
	assert_int_equal(insn.gpr, VCPU_R9);
	assert_int_equal(insn.len, 4);
	assert_int_equal(DECODE(INSN_MODE_64, 0x45, 0x0f, 0x21, 0xc0), 0);
	assert_int_equal(insn.dr, 8);
	assert_int_equal(insn.gpr, VCPU_R8);
	/* mod is ignored: 0f 21 07 is mov edi, dr0 */
	assert_int_equal(DECODE(INSN_MODE_32, 0x0f, 0x21, 0x07), 0);
	assert_int_equal(insn.gpr, VCPU_RDI);
	/* 0x40 is INC EAX in 32-bit code, not REX */
	assert_int_equal(DECODE(INSN_MODE_32, 0x41, 0x0f, 0x23, 0xc1),
			 -EOPNOTSUPP);
	/* not MOV DR, or cut short */
	assert_int_equal(DECODE(INSN_MODE_64, 0x0f, 0x22, 0xc0), -EOPNOTSUPP);
	assert_int_equal(DECODE(INSN_MODE_64, 0x0f, 0x21), -EFAULT);
}

/* ---- the exits -------------------------------------------------------- */

static int run(struct vcpu_exit exit)
{
	return vcpu_handle_exit(vcpu, &exit);
}

static struct vcpu_exit dr_exit(u8 dr, bool write, u8 gpr)
{
	return (struct vcpu_exit){
		.kind = VCPU_EXIT_DR_ACCESS,
		.insn_len = 3,
		.dr = { .dr = dr, .write = write, .gpr = gpr, .long64 = true }
	};
}

static void test_exit_moves(void **state)
{
	u64 rip = vcpu->regs.rip;

	(void)state;
	vcpu->regs.gpr[VCPU_RSP] = 0xfff8;
	assert_int_equal(run(dr_exit(2, true, VCPU_RSP)), 1);
	assert_int_equal(vcpu->dbg.db[2], 0xfff8);
	assert_int_equal(run(dr_exit(2, false, VCPU_R15)), 1);
	assert_int_equal(vcpu->regs.gpr[VCPU_R15], 0xfff8);
	assert_int_equal(vcpu->regs.rip, rip + 6);
	assert_false(vcpu->exc.pending);
	assert_int_equal(g.verdict, VERDICT_RUNNING);
}

static void test_exit_faults(void **state)
{
	u64 rip = vcpu->regs.rip;

	(void)state;
	vcpu->regs.gpr[VCPU_RAX] = 1ull << 40;
	assert_int_equal(run(dr_exit(7, true, VCPU_RAX)), 1);
	assert_true(vcpu->exc.pending);
	assert_int_equal(vcpu->exc.vector, X86_TRAP_GP);
	assert_true(vcpu->exc.has_error);
	assert_int_equal(vcpu->exc.error_code, 0);
	assert_int_equal(vcpu->dbg.dr7, 0x400); /* unchanged */
	assert_int_equal(vcpu->regs.rip, rip); /* a fault */

	/* general detect: #DB with BD, GD cleared, RIP on the MOV */
	vcpu->exc.pending = false;
	vcpu->dbg.dr7 |= DR7_GD;
	assert_int_equal(run(dr_exit(0, false, VCPU_RAX)), 1);
	assert_int_equal(vcpu->exc.vector, X86_TRAP_DB);
	assert_false(vcpu->exc.has_error);
	assert_true(vcpu->dbg.dr6 & DR6_BD);
	assert_false(vcpu->dbg.dr7 & DR7_GD);
	assert_int_equal(vcpu->regs.rip, rip);

	/* CPL 3: #GP(0) */
	vcpu->exc.pending = false;
	{
		struct vcpu_exit e = dr_exit(0, false, VCPU_RAX);

		e.dr.cpl = 3;
		assert_int_equal(run(e), 1);
	}
	assert_int_equal(vcpu->exc.vector, X86_TRAP_GP);
}

/* Without the GPR from the backend (SVM without decode assists). */
static void test_exit_decodes(void **state)
{
	u64 rip = vcpu->regs.rip;
	u8 *code = vm_gpa_to_hva(&g.vm, rip, 4);
	struct vcpu_exit e = dr_exit(1, true, VCPU_DR_GPR_DECODE);

	(void)state;
	assert_non_null(code);
	memcpy(code, "\x41\x0f\x23\xcb", 4); /* mov dr1, r11 */
	e.insn_len = 0;
	e.dr.rip_linear = rip;
	vcpu->regs.gpr[VCPU_R11] = 0xabc;
	assert_int_equal(run(e), 1);
	assert_int_equal(vcpu->dbg.db[1], 0xabc);
	assert_int_equal(vcpu->regs.rip, rip + 4);

	/* the bytes at RIP are not the MOV DR the exit named: a stop */
	e = dr_exit(2, true, VCPU_DR_GPR_DECODE);
	e.insn_len = 0;
	e.dr.rip_linear = vcpu->regs.rip;
	memcpy(code + 4, "\x0f\x23\xc0", 3); /* mov dr0, rax */
	assert_int_equal(run(e), 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
	assert_int_equal(dumps, 1);
	assert_non_null(strstr(g.report, "DR2"));
}

static void test_reflect_db_ac(void **state)
{
	(void)state;
	vcpu->dbg.dr6 |= 0x1;
	assert_int_equal(
		run((struct vcpu_exit){ .kind = VCPU_EXIT_EXCEPTION,
					.exception = { .vector = X86_TRAP_DB,
						       .dr6 = DR6_BS } }),
		1);
	assert_true(vcpu->exc.pending);
	assert_int_equal(vcpu->exc.vector, X86_TRAP_DB);
	assert_int_equal(vcpu->dbg.dr6, 0xffff0ff0 | DR6_BS);

	assert_int_equal(run((struct vcpu_exit){
				 .kind = VCPU_EXIT_EXCEPTION,
				 .exception = { .vector = X86_TRAP_AC } }),
			 1);
	assert_int_equal(vcpu->exc.vector, X86_TRAP_AC);
	assert_true(vcpu->exc.has_error);
	assert_int_equal(g.verdict, VERDICT_RUNNING);

	/* ICEBP (VMX gives its length): delivered past the instruction */
	{
		u64 rip = vcpu->regs.rip;

		assert_int_equal(
			run((struct vcpu_exit){
				.kind = VCPU_EXIT_EXCEPTION,
				.insn_len = 1,
				.exception = { .vector = X86_TRAP_DB } }),
			1);
		assert_int_equal(vcpu->regs.rip, rip + 1);
	}

	/* any other vector still stops the guest */
	assert_int_equal(run((struct vcpu_exit){
				 .kind = VCPU_EXIT_EXCEPTION,
				 .exception = { .vector = X86_TRAP_UD } }),
			 0);
	assert_int_equal(g.verdict, VERDICT_EXCEPTION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_values),
		cmocka_unit_test(test_cpl_first),
		cmocka_unit_test(test_dr4_dr5),
		cmocka_unit_test(test_dr8_and_up_ud),
		cmocka_unit_test(test_upper_bits_gp),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_deliver_db),
		cmocka_unit_test(test_decode),
		cmocka_unit_test_setup_teardown(test_exit_moves, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exit_faults, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exit_decodes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reflect_db_ac, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
