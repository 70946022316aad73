// SPDX-License-Identifier: GPL-2.0
/*
 * Names of VMX numbers (vmm/vmx/names.c): every basic exit reason below
 * VMX_NR_EXIT_REASONS, every VM-instruction error of SDM 31.4, every VMCS
 * field the VMM knows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <vmm/vmx/names.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx_arch.h>

static void exit_reasons(void **state)
{
	unsigned int r;

	(void)state;
	for (r = 0; r < VMX_NR_EXIT_REASONS; r++) {
		const char *n = vmx_exit_reason_name(r);

		assert_non_null(n);
		if (!strcmp(n, "UNKNOWN"))
			fail_msg("exit reason %u has no name", r);
	}
	assert_string_equal(vmx_exit_reason_name(EXIT_REASON_CPUID), "CPUID");
	assert_string_equal(vmx_exit_reason_name(EXIT_REASON_EPT_VIOLATION),
			    "EPT_VIOLATION");
	/* the entry-failure bit does not change the name */
	assert_string_equal(vmx_exit_reason_name(0x80000021u),
			    "INVALID_GUEST_STATE");
	assert_string_equal(vmx_exit_reason_name(VMX_NR_EXIT_REASONS),
			    "UNKNOWN");
	assert_string_equal(vmx_exit_reason_name(0xffffffffu), "UNKNOWN");
}

static void insn_errors(void **state)
{
	int e;

	(void)state;
	for (e = 0; e < VMX_NR_INSN_ERRORS; e++)
		assert_non_null(vmx_insn_error_name(e));
	assert_string_equal(vmx_insn_error_name(7),
			    "VM entry with invalid control field(s)");
	assert_string_equal(vmx_insn_error_name(8),
			    "VM entry with invalid host-state field(s)");
	assert_string_equal(vmx_insn_error_name(28),
			    "invalid operand to INVEPT/INVVPID");
	assert_string_equal(vmx_insn_error_name(-1),
			    "VMfailInvalid (no current VMCS)");
	assert_string_equal(vmx_insn_error_name(29),
			    "unknown VM-instruction error");
}

static void field_names(void **state)
{
	unsigned int i, j;

	(void)state;
	assert_string_equal(vmcs_field_name(GUEST_RIP), "GUEST_RIP");
	assert_string_equal(vmcs_field_name(EPT_POINTER), "EPT_POINTER");
	assert_string_equal(vmcs_field_name(0x7777), "unknown field");
	assert_true(vmcs_nr_field_names > 100);
	/* no encoding listed twice */
	for (i = 0; i < vmcs_nr_field_names; i++)
		for (j = i + 1; j < vmcs_nr_field_names; j++)
			assert_int_not_equal(vmcs_field_names[i].field,
					     vmcs_field_names[j].field);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exit_reasons),
		cmocka_unit_test(insn_errors),
		cmocka_unit_test(field_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
