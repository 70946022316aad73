// SPDX-License-Identifier: GPL-2.0
/*
 * The CR0/CR3/CR4/EFER write rules (vmm/cr_rules.c): for every rule a write
 * that breaks it (#GP, named) and the nearest write that does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <arch/x86.h>
#include <vmm/cr_rules.h>

static const struct cr_env env = {
	.cr4_valid = CR_RULES_CR4_DEFINED & ~(X86_CR4_VMXE | X86_CR4_SMXE),
	.efer_valid = X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE,
	.maxphyaddr = 40,
};

#define CR0_PROT (X86_CR0_PE | X86_CR0_ET | X86_CR0_NE)
#define CR0_LONG (CR0_PROT | X86_CR0_PG | X86_CR0_WP)

/* 64-bit mode as liminal's long64 guests start. */
static struct cr_state state64(void)
{
	return (struct cr_state){ .cr0 = CR0_LONG,
				  .cr3 = 0x2000,
				  .cr4 = X86_CR4_PAE,
				  .efer = X86_EFER_LME | X86_EFER_LMA,
				  .cs_l = true };
}

/* Flat 32-bit protected mode, no paging, LME set: about to enter long mode. */
static struct cr_state state_prot(void)
{
	return (struct cr_state){ .cr0 = CR0_PROT,
				  .cr4 = X86_CR4_PAE,
				  .efer = X86_EFER_LME };
}

#define assert_gp(why, part)                         \
	do {                                         \
		const char *w_ = (why);              \
		assert_non_null(w_);                 \
		assert_non_null(strstr(w_, (part))); \
	} while (0)

static void test_cr0_upper_bits(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_cr0(&s, &env, CR0_LONG | (1ull << 32)), "63:32");
	assert_null(cr_rules_cr0(&s, &env, CR0_LONG));
	/* low reserved bits are ignored, not #GP (SDM 2.5) */
	assert_null(cr_rules_cr0(&s, &env, CR0_LONG | (1ull << 7)));
}

static void test_cr0_pg_without_pe(void **state)
{
	struct cr_state s = state_prot();

	(void)state;
	s.efer = 0;
	assert_gp(cr_rules_cr0(&s, &env, X86_CR0_PG | X86_CR0_ET),
		  "PG without PE");
	assert_null(cr_rules_cr0(&s, &env, X86_CR0_PG | X86_CR0_PE));
}

static void test_cr0_nw_without_cd(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_cr0(&s, &env, CR0_LONG | X86_CR0_NW),
		  "NW without CD");
	assert_null(cr_rules_cr0(&s, &env, CR0_LONG | X86_CR0_NW | X86_CR0_CD));
	assert_null(cr_rules_cr0(&s, &env, CR0_LONG | X86_CR0_CD));
}

static void test_cr0_long_mode_without_pae(void **state)
{
	struct cr_state s = state_prot();

	(void)state;
	s.cr4 = 0;
	assert_gp(cr_rules_cr0(&s, &env, CR0_PROT | X86_CR0_PG), "CR4.PAE=0");
	s.efer = 0; /* legacy paging without PAE is fine */
	assert_null(cr_rules_cr0(&s, &env, CR0_PROT | X86_CR0_PG));
	s = state_prot();
	assert_null(cr_rules_cr0(&s, &env, CR0_PROT | X86_CR0_PG));
}

static void test_cr0_long_mode_with_cs_l(void **state)
{
	struct cr_state s = state_prot();

	(void)state;
	s.cs_l = true;
	assert_gp(cr_rules_cr0(&s, &env, CR0_PROT | X86_CR0_PG), "CS.L=1");
}

static void test_cr0_clear_pg_in_64bit_mode(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_cr0(&s, &env, CR0_LONG & ~X86_CR0_PG),
		  "64-bit mode");
	/* from compatibility mode it is how long mode is left */
	s.cs_l = false;
	assert_null(cr_rules_cr0(&s, &env, CR0_LONG & ~X86_CR0_PG));
}

static void test_cr0_clear_pg_with_pcide(void **state)
{
	struct cr_state s = state64();

	(void)state;
	s.cs_l = false;
	s.cr4 |= X86_CR4_PCIDE;
	assert_gp(cr_rules_cr0(&s, &env, CR0_LONG & ~X86_CR0_PG), "PCIDE");
}

static void test_cr0_clear_wp_with_cet(void **state)
{
	struct cr_state s = state64();

	(void)state;
	s.cr4 |= X86_CR4_CET;
	assert_gp(cr_rules_cr0(&s, &env, CR0_LONG & ~X86_CR0_WP), "CET");
	assert_null(cr_rules_cr0(&s, &env, CR0_LONG));
}

static void test_cr3_reserved(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_cr3(&s, &env, 1ull << 40), "MAXPHYADDR");
	assert_gp(cr_rules_cr3(&s, &env, 1ull << 63), "MAXPHYADDR");
	assert_null(cr_rules_cr3(&s, &env, (1ull << 40) - 0x1000));
	/* with PCIDE, bit 63 is "do not flush" and not stored */
	s.cr4 |= X86_CR4_PCIDE;
	assert_null(cr_rules_cr3(&s, &env, (1ull << 63) | 0x3000));
	assert_int_equal(cr_rules_cr3_value(&s, (1ull << 63) | 0x3000), 0x3000);
	/* outside long mode MOV CR3 writes 32 bits: nothing is reserved */
	s = state_prot();
	assert_null(cr_rules_cr3(&s, &env, 0xfffff000));
}

static void test_cr4_reserved(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_cr4(&s, &env, X86_CR4_PAE | X86_CR4_VMXE),
		  "reserved");
	assert_gp(cr_rules_cr4(&s, &env, X86_CR4_PAE | (1ull << 15)),
		  "reserved");
	assert_gp(cr_rules_cr4(&s, &env, X86_CR4_PAE | (1ull << 32)),
		  "reserved");
	assert_null(cr_rules_cr4(&s, &env, X86_CR4_PAE | X86_CR4_OSFXSR));
}

static void test_cr4_pae_in_long_mode(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_cr4(&s, &env, 0), "clears PAE");
	s.cs_l = false; /* compatibility mode is long mode too */
	assert_gp(cr_rules_cr4(&s, &env, 0), "clears PAE");
	s = state_prot();
	assert_null(cr_rules_cr4(&s, &env, 0));
}

static void test_cr4_la57_in_long_mode(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_cr4(&s, &env, X86_CR4_PAE | X86_CR4_LA57), "LA57");
	s = state_prot();
	assert_null(cr_rules_cr4(&s, &env, X86_CR4_PAE | X86_CR4_LA57));
}

static void test_cr4_pcide(void **state)
{
	struct cr_state s = state_prot();

	(void)state;
	assert_gp(cr_rules_cr4(&s, &env, X86_CR4_PAE | X86_CR4_PCIDE),
		  "outside long mode");
	s = state64();
	s.cr3 = 0x2001;
	assert_gp(cr_rules_cr4(&s, &env, X86_CR4_PAE | X86_CR4_PCIDE),
		  "CR3[11:0]");
	s.cr3 = 0x2000;
	assert_null(cr_rules_cr4(&s, &env, X86_CR4_PAE | X86_CR4_PCIDE));
}

static void test_cr4_cet_without_wp(void **state)
{
	struct cr_state s = state64();

	(void)state;
	s.cr0 &= ~X86_CR0_WP;
	assert_gp(cr_rules_cr4(&s, &env, X86_CR4_PAE | X86_CR4_CET), "WP=0");
}

static void test_efer_reserved(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_efer(&s, &env, s.efer | (1ull << 1)), "reserved");
	assert_gp(cr_rules_efer(&s, &env, s.efer | X86_EFER_SVME), "reserved");
	assert_gp(cr_rules_efer(&s, &env, s.efer | (1ull << 63)), "reserved");
	assert_null(cr_rules_efer(&s, &env, s.efer | X86_EFER_NXE));
	/* LMA is read-only: writing it either way is not a fault */
	assert_null(cr_rules_efer(&s, &env, X86_EFER_LME));
}

static void test_efer_lme_with_paging(void **state)
{
	struct cr_state s = state64();

	(void)state;
	assert_gp(cr_rules_efer(&s, &env, 0), "LME with CR0.PG=1");
	s = state_prot();
	assert_null(cr_rules_efer(&s, &env, 0));
	s.cr0 |= X86_CR0_PG;
	s.efer = 0;
	assert_gp(cr_rules_efer(&s, &env, X86_EFER_LME), "LME with CR0.PG=1");
}

static void test_efer_lma_and_supported(void **state)
{
	(void)state;
	assert_int_equal(cr_rules_efer_lma(X86_EFER_LME, X86_CR0_PG),
			 X86_EFER_LME | X86_EFER_LMA);
	assert_int_equal(cr_rules_efer_lma(X86_EFER_LME | X86_EFER_LMA, 0),
			 X86_EFER_LME);
	assert_int_equal(cr_rules_efer_lma(X86_EFER_LMA, X86_CR0_PG), 0);
	assert_int_equal(cr_rules_efer_supported(0), 0);
	assert_int_equal(
		cr_rules_efer_supported((1u << 11) | (1u << 20) | (1u << 29)),
		X86_EFER_SCE | X86_EFER_NXE | X86_EFER_LME | X86_EFER_LMA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cr0_upper_bits),
		cmocka_unit_test(test_cr0_pg_without_pe),
		cmocka_unit_test(test_cr0_nw_without_cd),
		cmocka_unit_test(test_cr0_long_mode_without_pae),
		cmocka_unit_test(test_cr0_long_mode_with_cs_l),
		cmocka_unit_test(test_cr0_clear_pg_in_64bit_mode),
		cmocka_unit_test(test_cr0_clear_pg_with_pcide),
		cmocka_unit_test(test_cr0_clear_wp_with_cet),
		cmocka_unit_test(test_cr3_reserved),
		cmocka_unit_test(test_cr4_reserved),
		cmocka_unit_test(test_cr4_pae_in_long_mode),
		cmocka_unit_test(test_cr4_la57_in_long_mode),
		cmocka_unit_test(test_cr4_pcide),
		cmocka_unit_test(test_cr4_cet_without_wp),
		cmocka_unit_test(test_efer_reserved),
		cmocka_unit_test(test_efer_lme_with_paging),
		cmocka_unit_test(test_efer_lma_and_supported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
