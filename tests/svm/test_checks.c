// SPDX-License-Identifier: GPL-2.0
/*
 * The VMRUN consistency checks (vmm/svm/checks.c): a valid state of each
 * boot mode passes; each APM 15.5.1 condition, violated alone, is refused
 * with its name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arch/x86.h>
#include <vmm/svm/svm.h>

static const struct svm_check_env env = {
	.nasid = 16,
	.maxphyaddr = 40,
	.np_supported = true,
};

static struct vmcb *v;

/* A valid 64-bit guest, as vmm/svm/vcpu.c builds it. */
static int good_long64(void **state)
{
	(void)state;
	if (!v)
		v = aligned_alloc(4096, sizeof(*v));
	memset(v, 0, sizeof(*v));
	v->control.intercept_misc2 = SVM_BIT(SVM_INTERCEPT_VMRUN);
	v->control.asid = 1;
	v->control.iopm_base_pa = 0x100000;
	v->control.msrpm_base_pa = 0x104000;
	v->control.nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	v->save.efer = X86_EFER_SVME | X86_EFER_LME | X86_EFER_LMA;
	v->save.cr0 = X86_CR0_PE | X86_CR0_PG | X86_CR0_ET | X86_CR0_NE;
	v->save.cr4 = X86_CR4_PAE;
	v->save.cr3 = 0x2000;
	v->save.cs.attrib = SEG_ATTR_L | SEG_ATTR_P | SEG_ATTR_S | 0xb;
	v->save.dr6 = SVM_DR6_INIT;
	v->save.dr7 = SVM_DR7_INIT;
	v->save.g_pat = X86_PAT_POWER_ON;
	return 0;
}

static void expect_refused(const char *needle)
{
	char why[128] = "";

	if (svm_check_vmrun(v, &env, why, sizeof(why)))
		fail_msg("state passed, expected '%s'", needle);
	if (!strstr(why, needle))
		fail_msg("expected '%s', got '%s'", needle, why);
}

static void expect_passed(void)
{
	char why[128] = "";

	if (!svm_check_vmrun(v, &env, why, sizeof(why)))
		fail_msg("valid state refused: %s", why);
}

static void valid_states_pass(void **state)
{
	(void)state;
	expect_passed();
	/* 32-bit protected mode, no paging: CS.D alone is fine */
	v->save.efer = X86_EFER_SVME;
	v->save.cr0 = X86_CR0_PE | X86_CR0_ET;
	v->save.cr4 = 0;
	v->save.cs.attrib = SEG_ATTR_DB | SEG_ATTR_P | SEG_ATTR_S | 0xb;
	expect_passed();
	/* real mode: power-on CR0 (CD=1, NW=1 is legal) */
	v->save.cr0 = X86_CR0_CD | X86_CR0_NW | X86_CR0_ET;
	expect_passed();
}

static void efer_svme(void **state)
{
	(void)state;
	v->save.efer &= ~X86_EFER_SVME;
	expect_refused("guest EFER.SVME=0");
}

static void cr0_nw_without_cd(void **state)
{
	(void)state;
	v->save.cr0 |= X86_CR0_NW;
	expect_refused("guest CR0.CD=0 with CR0.NW=1");
}

static void cr0_upper(void **state)
{
	(void)state;
	v->save.cr0 |= 1ull << 32;
	expect_refused("CR0[63:32]");
}

static void cr3_mbz(void **state)
{
	(void)state;
	v->save.cr3 = 1ull << 40;
	expect_refused("CR3 MBZ");
}

static void cr4_mbz(void **state)
{
	struct svm_check_env no_la57 = env;
	char why[128];

	(void)state;
	v->save.cr4 |= X86_CR4_VMXE; /* reserved on every AMD CPU */
	expect_refused("CR4 MBZ");
	/* LA57 (bit 12) is MBZ only where CPUID says the CPU lacks it */
	v->save.cr4 = X86_CR4_PAE | (1ull << 12);
	expect_passed();
	no_la57.cr4_unsupported = 1ull << 12;
	assert_false(svm_check_vmrun(v, &no_la57, why, sizeof(why)));
	assert_non_null(strstr(why, "reserved 0x1000"));
}

static void dr6_dr7_upper(void **state)
{
	(void)state;
	v->save.dr6 |= 1ull << 40;
	expect_refused("DR6[63:32]");
	good_long64(state);
	v->save.dr7 |= 1ull << 33;
	expect_refused("DR7[63:32]");
}

static void efer_mbz(void **state)
{
	(void)state;
	v->save.efer |= 1ull << 1;
	expect_refused("EFER MBZ");
}

static void long_mode_combinations(void **state)
{
	(void)state;
	v->save.cr4 &= ~X86_CR4_PAE;
	expect_refused("EFER.LME=1 and CR0.PG=1 with CR4.PAE=0");
	good_long64(state);
	v->save.cr0 &= ~X86_CR0_PE;
	expect_refused("EFER.LME=1 and CR0.PG=1 with CR0.PE=0");
	good_long64(state);
	v->save.cs.attrib |= SEG_ATTR_DB;
	expect_refused("CS.L=1 and CS.D=1");
}

static void control_conditions(void **state)
{
	(void)state;
	v->control.intercept_misc2 = 0;
	expect_refused("VMRUN intercept clear");
	good_long64(state);
	v->control.asid = 0;
	expect_refused("guest ASID is 0");
	good_long64(state);
	v->control.asid = 16;
	expect_refused("ASID 16 >= NASID 16");
	good_long64(state);
	v->control.msrpm_base_pa = (1ull << 40) - 0x1000;
	expect_refused("MSRPM");
	good_long64(state);
	v->control.iopm_base_pa = (1ull << 40) - 0x2000;
	expect_refused("IOPM");
}

static void event_injection(void **state)
{
	(void)state;
	v->control.event_inj =
		SVM_EVTINJ_VALID | 2 |
		(SVM_EVTINJ_TYPE_EXCEPTION << SVM_EVTINJ_TYPE_SHIFT);
	expect_refused("illegal EVENTINJ");
	v->control.event_inj = SVM_EVTINJ_VALID | (1u << SVM_EVTINJ_TYPE_SHIFT);
	expect_refused("illegal EVENTINJ");
	v->control.event_inj = SVM_EVTINJ_VALID | 0x40 |
			       (SVM_EVTINJ_TYPE_INTR << SVM_EVTINJ_TYPE_SHIFT);
	expect_passed();
}

static void guest_pat(void **state)
{
	(void)state;
	v->save.g_pat = 0x0007040600070402ull; /* type 2: reserved */
	expect_refused("guest PAT");
	v->control.nested_ctl = 0; /* only checked with nested paging */
	expect_passed();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(valid_states_pass, good_long64),
		cmocka_unit_test_setup(efer_svme, good_long64),
		cmocka_unit_test_setup(cr0_nw_without_cd, good_long64),
		cmocka_unit_test_setup(cr0_upper, good_long64),
		cmocka_unit_test_setup(cr3_mbz, good_long64),
		cmocka_unit_test_setup(cr4_mbz, good_long64),
		cmocka_unit_test_setup(dr6_dr7_upper, good_long64),
		cmocka_unit_test_setup(efer_mbz, good_long64),
		cmocka_unit_test_setup(long_mode_combinations, good_long64),
		cmocka_unit_test_setup(control_conditions, good_long64),
		cmocka_unit_test_setup(event_injection, good_long64),
		cmocka_unit_test_setup(guest_pat, good_long64),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	free(v);
	return r;
}
