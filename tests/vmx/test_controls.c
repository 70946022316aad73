// SPDX-License-Identifier: GPL-2.0
/*
 * vmx_adjust_controls(): the allowed-0/allowed-1 rules of SDM A.3-A.5, and
 * vmx_attr_to_ar(), the neutral segment attributes in VMX form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <liminal/errno.h>
#include <vmm/vmx/vmx_arch.h>
#include <vmm/vmx/vmx_checks.h>

static u64 cap(u32 must_be_1, u32 may_be_1)
{
	return ((u64)may_be_1 << 32) | must_be_1;
}

static void required_and_default1(void **state)
{
	struct vmx_msg m;
	u32 out = 0;

	(void)state;
	/* Bochs' TRUE pin-based MSR: bits 1, 2, 4 must be 1 */
	assert_int_equal(vmx_adjust_controls(VMX_CTL_PIN,
					     PIN_BASED_EXT_INTR_EXITING |
						     PIN_BASED_NMI_EXITING,
					     0, cap(0x16, 0x7f), &out, &m),
			 0);
	assert_int_equal(out, 0x1f);
}

static void optional_only_when_allowed(void **state)
{
	struct vmx_msg m;
	u32 out = 0;

	(void)state;
	assert_int_equal(vmx_adjust_controls(VMX_CTL_PIN, 0,
					     PIN_BASED_PREEMPTION_TIMER,
					     cap(0, 0x3f), &out, &m),
			 0);
	assert_int_equal(out, 0);
	assert_int_equal(vmx_adjust_controls(VMX_CTL_PIN, 0,
					     PIN_BASED_PREEMPTION_TIMER,
					     cap(0, 0x7f), &out, &m),
			 0);
	assert_int_equal(out, PIN_BASED_PREEMPTION_TIMER);
}

static void required_not_allowed_names_the_control(void **state)
{
	struct vmx_msg m;
	u32 out = 0xdead;

	(void)state;
	assert_int_equal(
		vmx_adjust_controls(VMX_CTL_PROC,
				    CPU_BASED_HLT_EXITING |
					    CPU_BASED_ACTIVATE_SECONDARY,
				    0, cap(0, 0x7fffffff), &out, &m),
		-EOPNOTSUPP);
	assert_string_equal(
		m.buf,
		"VMX primary processor-based control bit 31 (activate secondary controls) is not supported");
	assert_int_equal(out, 0xdead); /* nothing written on failure */

	assert_int_equal(
		vmx_adjust_controls(VMX_CTL_PROC2,
				    SECONDARY_ENABLE_EPT |
					    SECONDARY_UNRESTRICTED_GUEST,
				    0, cap(0, 0x2), &out, &m),
		-EOPNOTSUPP);
	assert_string_equal(
		m.buf,
		"VMX secondary processor-based control bit 7 (unrestricted guest) is not supported");
}

static void inconsistent_msr(void **state)
{
	struct vmx_msg m;
	u32 out;

	(void)state;
	assert_int_equal(vmx_adjust_controls(VMX_CTL_EXIT, 0, 0,
					     cap(0x10, 0x0f), &out, &m),
			 -EOPNOTSUPP);
	assert_non_null(
		strstr(m.buf, "VMX VM-exit capability MSR is inconsistent"));
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(vmx_control_name(VMX_CTL_ENTRY, 9),
			    "IA-32e mode guest");
	assert_string_equal(vmx_control_name(VMX_CTL_EXIT, 15),
			    "acknowledge interrupt on exit");
	assert_null(vmx_control_name(VMX_CTL_PIN, 1));
	assert_null(vmx_control_name(VMX_CTL_PIN, 32));
	assert_null(vmx_control_name(VMX_NR_CTL_WORDS, 0));
	assert_string_equal(vmx_ctl_word_name(VMX_CTL_PROC2),
			    "secondary processor-based");
}

static void feature_control(void **state)
{
	(void)state;
	/* OVMF under Bochs: 0, unlocked */
	assert_int_equal(vmx_feature_control_action(0), VMX_FC_ENABLE);
	assert_int_equal(vmx_feature_control_action(0x4), VMX_FC_ENABLE);
	assert_int_equal(vmx_feature_control_action(0x5), VMX_FC_READY);
	assert_int_equal(vmx_feature_control_action(0x7), VMX_FC_READY);
	/* locked with only VMXON inside SMX, or nothing */
	assert_int_equal(vmx_feature_control_action(0x3), VMX_FC_DISABLED);
	assert_int_equal(vmx_feature_control_action(0x1), VMX_FC_DISABLED);
	assert_string_equal(
		VMX_FC_DISABLED_MSG,
		"VMX disabled by firmware: IA32_FEATURE_CONTROL locked without VMXON outside SMX");
}

static void attr_to_ar(void **state)
{
	(void)state;
	assert_int_equal(vmx_attr_to_ar(0), VMX_AR_UNUSABLE);
	/* 64-bit code: type 11, S, P, L, G */
	assert_int_equal(vmx_attr_to_ar(0xa9b), 0xa09b);
	/* flat data: type 3, S, P, D/B, G */
	assert_int_equal(vmx_attr_to_ar(0xc93), 0xc093);
	assert_int_equal(vmx_attr_to_ar(0x8b), 0x8b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(required_and_default1),
		cmocka_unit_test(optional_only_when_allowed),
		cmocka_unit_test(required_not_allowed_names_the_control),
		cmocka_unit_test(inconsistent_msr),
		cmocka_unit_test(names),
		cmocka_unit_test(feature_control),
		cmocka_unit_test(attr_to_ar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
