// SPDX-License-Identifier: GPL-2.0
/*
 * The world switch's C side: the exception table's lookup and fixup
 * (vmm/host/extable.c), the words for a faulted switch (vmm/vmenter.c) and
 * the Spectre v2 decision for the VM exit (vmm/host/bugs.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <arch/extable.h>
#include <arch/x86.h>
#include <host/bugs.h>
#include <vmm/vmenter.h>

/* Stand-ins for instructions and fixups, and a table pointing at them. */
static char text[64];
static struct exception_table_entry table[3];

static void entry(struct exception_table_entry *e, const char *insn,
		  const char *fixup, u32 data)
{
	e->insn = (s32)(insn - (const char *)&e->insn);
	e->fixup = (s32)(fixup - (const char *)&e->fixup);
	e->data = data;
}

static int setup(void **state)
{
	(void)state;
	entry(&table[0], &text[3], &text[40], VMENTER_FAULT_DATA(1));
	entry(&table[1], &text[10], &text[48], VMENTER_FAULT_DATA(2));
	entry(&table[2], &text[17], &text[48], VMENTER_FAULT_DATA(4));
	return 0;
}

static void search_finds_exact_instruction(void **state)
{
	const struct exception_table_entry *end = table + 3;

	(void)state;
	assert_ptr_equal(search_extable(table, end, (unsigned long)&text[10]),
			 &table[1]);
	assert_ptr_equal(search_extable(table, end, (unsigned long)&text[17]),
			 &table[2]);
	assert_ptr_equal(search_extable(table, end, (unsigned long)&text[3]),
			 &table[0]);
	/* not the bytes after an instruction, not the fixups, not empty */
	assert_null(search_extable(table, end, (unsigned long)&text[11]));
	assert_null(search_extable(table, end, (unsigned long)&text[48]));
	assert_null(search_extable(table, table, (unsigned long)&text[3]));
}

static void fixup_resumes_with_status(void **state)
{
	struct pt_regs regs = { .rip = (unsigned long)&text[10],
				.rax = 0x1234,
				.vector = X86_TRAP_GP };
	const struct exception_table_entry *e =
		search_extable(table, table + 3, regs.rip);

	(void)state;
	ex_handler_fault(e, &regs);
	assert_int_equal(regs.rip, (unsigned long)&text[48]);
	assert_int_equal(regs.rax, VMENTER_FAULT_DATA(2) | X86_TRAP_GP);
	assert_true(vmenter_faulted(regs.rax));
	/* bit 31 set: VMX takes it for a failed entry */
	assert_true(regs.rax & 0x80000000u);
}

static void fault_names_instruction_and_exception(void **state)
{
	char buf[128];

	(void)state;
	vmenter_fault_why(VMENTER_FAULT_DATA(VMENTER_INSN_VMRUN) | X86_TRAP_GP,
			  buf, sizeof(buf));
	assert_string_equal(
		buf,
		"VMRUN faulted (#GP): the exception fixup ended the world switch");
	vmenter_fault_why(VMENTER_FAULT_DATA(VMENTER_INSN_VMLAUNCH) |
				  X86_TRAP_UD,
			  buf, sizeof(buf));
	assert_string_equal(
		buf,
		"VMLAUNCH faulted (#UD): the exception fixup ended the world switch");
	/* exit reasons and VMX_NO_EXIT are not faults */
	assert_false(vmenter_faulted(10));
	assert_false(vmenter_faulted(0x80000021u));
	assert_false(vmenter_faulted(0xffffffffu));
}

static enum rsb_vmexit decide(bool intel, unsigned int family, bool eibrs,
			      bool pbrsb_no)
{
	struct spectre_cpu c = { .intel = intel,
				 .amd = !intel,
				 .family = family,
				 .eibrs = eibrs,
				 .pbrsb_no = pbrsb_no };
	const char *why = NULL;
	enum rsb_vmexit r = spectre_v2_rsb_decide(&c, &why);

	assert_non_null(why);
	return r;
}

/* Linux's spectre_v2_determine_rsb_fill_type_at_vmexit(), case by case. */
static void rsb_decision_as_linux(void **state)
{
	(void)state;
	/* no eIBRS: retpoline or IBRS, the whole RSB (QEMU TCG, Bochs) */
	assert_int_equal(decide(false, 0xf, false, false), RSB_VMEXIT_FILL);
	assert_int_equal(decide(true, 6, false, false), RSB_VMEXIT_FILL);
	/* eIBRS with the PBRSB bug: one CALL; without it: nothing */
	assert_int_equal(decide(true, 6, true, false), RSB_VMEXIT_LITE);
	assert_int_equal(decide(true, 6, true, true), RSB_VMEXIT_NONE);
	assert_int_equal(decide(false, 0x19, true, false), RSB_VMEXIT_LITE);
	/* no speculation at all */
	assert_int_equal(decide(true, 5, false, false), RSB_VMEXIT_NONE);
}

/* The VMM's printk, here into a buffer. */
static char printed[512];

int printk(const char *fmt, ...);
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(printed, sizeof(printed), fmt, ap);
	va_end(ap);
	return n;
}

/* The decision becomes each guest's flags, unless mitigations=off. */
static void flags_follow_decision_and_config(void **state)
{
	struct spectre_cpu qemu_tcg = { .amd = true, .family = 0xf };
	struct spectre_cpu pbrsb = { .intel = true,
				     .family = 6,
				     .eibrs = true };
	struct spectre_cpu eibrs = {
		.intel = true, .family = 6, .eibrs = true, .pbrsb_no = true
	};

	(void)state;
	/* before the boot-time decision: none */
	assert_int_equal(vmenter_flags(true), 0);
	spectre_v2_rsb_select(&qemu_tcg);
	assert_int_equal(spectre_v2_rsb_vmexit(), RSB_VMEXIT_FILL);
	assert_non_null(strstr(printed, "RSB filled on VM exit"));
	assert_int_equal(vmenter_flags(true), VMENTER_RSB_FILL);
	assert_int_equal(vmenter_flags(false), 0);
	spectre_v2_rsb_select(&pbrsb);
	assert_int_equal(vmenter_flags(true), VMENTER_RSB_LITE);
	assert_int_equal(vmenter_flags(false), 0);
	spectre_v2_rsb_select(&eibrs);
	assert_int_equal(vmenter_flags(true), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(search_finds_exact_instruction),
		cmocka_unit_test(fixup_resumes_with_status),
		cmocka_unit_test(fault_names_instruction_and_exception),
		cmocka_unit_test(rsb_decision_as_linux),
		cmocka_unit_test(flags_follow_decision_and_config),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
