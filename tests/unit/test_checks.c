// SPDX-License-Identifier: GPL-2.0
/*
 * Negative tests: each ordering rule (include/entry/check.h, after
 * Linux's Documentation/core-api/entry.rst) broken on purpose is reported with
 * its rule name, the transition, and the CPU state, and counted.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static void expect(enum entry_rule rule, const char *transition)
{
	const struct entry_violation_info *v;
	char line[96];

	assert_violation(rule);
	snprintf(line, sizeof(line), "rule %s in %s", entry_rule_name(rule),
		 transition);
	if (!capture_contains(line))
		fail_msg("no report \"%s\"", line);
	v = entry_last_violation();
	assert_non_null(v);
	assert_true(entry_violations() >= 1);
}

/* Bring the CPU to "in the guest" the right way. */
static void enter_guest_state(void)
{
	sim_irqs_on();
	local_irq_disable();
	guest_timing_enter_irqoff();
	guest_state_enter_irqoff();
	assert_no_violation();
}

static void test_rule_irqs_disabled(void **state)
{
	(void)state;
	sim_irqs_on();
	guest_state_enter_irqoff(); /* IRQs on */
	expect(ENTRY_RULE_IRQS_DISABLED, "guest_state_enter_irqoff");
	assert_false(entry_last_violation()->irqs_disabled);
}

static void test_rule_irqs_enabled(void **state)
{
	(void)state;
	xfer_to_guest_mode_handle_work(); /* IRQs off */
	expect(ENTRY_RULE_IRQS_ENABLED, "xfer_to_guest_mode_handle_work");
}

static void test_rule_lockdep_on_unprepared(void **state)
{
	(void)state;
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on(0); /* no lockdep_hardirqs_on_prepare() */
	expect(ENTRY_RULE_LOCKDEP_ON_UNPREPARED, "lockdep_hardirqs_on");
}

static void test_rule_lockdep_prepare_order(void **state)
{
	(void)state;
	lockdep_hardirqs_on_prepare(); /* before the tracing half */
	expect(ENTRY_RULE_LOCKDEP_PREPARE_ORDER, "lockdep_hardirqs_on_prepare");
}

static void test_rule_ct_enter_order(void **state)
{
	(void)state;
	context_tracking_guest_enter(); /* before the hardirqs-on prepares */
	expect(ENTRY_RULE_CT_ENTER_ORDER, "context_tracking_guest_enter");
	assert_int_equal(entry_last_violation()->ct_state, CONTEXT_KERNEL);
}

static void test_rule_ct_exit_order(void **state)
{
	(void)state;
	enter_guest_state();
	guest_context_exit_irqoff(); /* lockdep still says on */
	expect(ENTRY_RULE_CT_EXIT_ORDER, "context_tracking_guest_exit");
	assert_true(entry_last_violation()->hardirqs_enabled);
}

static void test_rule_trace_off_order(void **state)
{
	(void)state;
	enter_guest_state();
	lockdep_hardirqs_off(0);
	trace_hardirqs_off_finish(); /* before RCU watches again */
	expect(ENTRY_RULE_TRACE_OFF_ORDER, "trace_hardirqs_off_finish");
}

static void test_rule_trace_rcu(void **state)
{
	(void)state;
	enter_guest_state();
	trace_kvm_exit(TEST_EXIT_CPUID, 0, 0, 0); /* still in the EQS */
	expect(ENTRY_RULE_TRACE_RCU, "kvm_exit");
	assert_int_equal(entry_last_violation()->ct_state, CONTEXT_GUEST);
	assert_false(entry_last_violation()->ct_watching & CT_RCU_WATCHING);
}

static void test_rule_instr_rcu(void **state)
{
	(void)state;
	enter_guest_state();
	irq_enter_rcu(); /* an IRQ handler without irqentry_enter() */
	expect(ENTRY_RULE_INSTR_RCU, "irq_enter_rcu");
}

/* A broken NMI entry: RCU first, preemption count after. */
static void test_rule_nmi_count_first(void **state)
{
	(void)state;
	lockdep_hardirqs_off(0);
	ct_nmi_enter();
	expect(ENTRY_RULE_NMI_COUNT_ORDER, "ct_nmi_enter");
}

/* ...and a broken NMI exit: count removed before RCU. */
static void test_rule_nmi_count_last(void **state)
{
	(void)state;
	__preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET);
	ct_nmi_enter();
	__preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
	ct_nmi_exit();
	expect(ENTRY_RULE_NMI_COUNT_ORDER, "ct_nmi_exit");
}

static void test_rule_guest_nested_state(void **state)
{
	(void)state;
	enter_guest_state();
	trace_hardirqs_on_prepare();
	guest_state_enter_irqoff(); /* again */
	expect(ENTRY_RULE_GUEST_NESTED, "context_tracking_guest_enter");
}

static void test_rule_guest_nested_timing(void **state)
{
	(void)state;
	local_irq_disable();
	guest_timing_enter_irqoff();
	guest_timing_enter_irqoff();
	expect(ENTRY_RULE_GUEST_NESTED, "guest_timing_enter_irqoff");
}

static void test_rule_user_nested_enter(void **state)
{
	struct pt_regs regs = { .cs = FAKE_USER_CS };

	(void)state;
	enter_from_user_mode(&regs); /* already in the kernel */
	expect(ENTRY_RULE_USER_NESTED, "user_exit_irqoff");
}

static void test_rule_user_nested_exit(void **state)
{
	(void)state;
	sim_irqs_on();
	sim_go_to_user();
	fake_if = false;
	exit_to_user_mode(); /* already in user mode */
	expect(ENTRY_RULE_USER_NESTED, "user_enter_irqoff");
}

static void test_rule_ct_state(void **state)
{
	(void)state;
	ct_idle_exit(); /* not idle */
	expect(ENTRY_RULE_CT_STATE, "ct_idle_exit");
}

static void test_rule_ct_state_timing_exit(void **state)
{
	(void)state;
	guest_timing_exit_irqoff(); /* never entered */
	expect(ENTRY_RULE_CT_STATE, "guest_timing_exit_irqoff");
}

/*
 * The offstack property broken: an IRQ taken between "left CONTEXT_KERNEL"
 * and "entered the guest" (IF=1 in the window).
 */
static void test_rule_offstack_irq_in_window(void **state)
{
	(void)state;
	enter_guest_state();
	fake_if = true;
	fake_irq(0x20, false);
	expect(ENTRY_RULE_CT_OFFSTACK, "ct_irq_enter");
}

/* ...or a context-tracking transition from IRQ context. */
static void user_exit_in_irq(u32 vector)
{
	(void)vector;
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	user_enter_irqoff();
}

static void test_rule_offstack_ct_in_irq(void **state)
{
	(void)state;
	fake_irq_handler = user_exit_in_irq;
	fake_irq(0x20, false);
	expect(ENTRY_RULE_CT_OFFSTACK, "user_enter_irqoff");
}

static void leak_preempt(u32 vector)
{
	(void)vector;
	preempt_disable();
}

static void test_rule_preempt_balance_irq(void **state)
{
	(void)state;
	fake_irq_handler = leak_preempt;
	fake_irq(0x20, false);
	expect(ENTRY_RULE_PREEMPT_BALANCE, "irqentry_exit");
}

static void test_rule_preempt_balance_vcpu_run(void **state)
{
	struct entry_snapshot snap;

	(void)state;
	sim_irqs_on();
	entry_check_snapshot(&snap);
	sim_vcpu_enter_guest();
	preempt_disable();
	assert_false(entry_check_balanced(&snap, "vcpu_run"));
	expect(ENTRY_RULE_PREEMPT_BALANCE, "vcpu_run");
}

static void test_rule_sched_atomic(void **state)
{
	(void)state;
	sim_irqs_on();
	preempt_disable();
	schedule();
	expect(ENTRY_RULE_SCHED_ATOMIC, "schedule");
}

static void test_rule_nesting(void **state)
{
	(void)state;
	irq_exit_rcu(); /* no irq_enter_rcu() */
	expect(ENTRY_RULE_NESTING, "irq_exit_rcu");
}

static void test_report_names_state(void **state)
{
	const struct entry_violation_info *v;

	(void)state;
	enter_guest_state();
	trace_kvm_exit(0, 0, 0, 0);
	v = entry_last_violation();
	assert_string_equal(v->rule, "trace-without-rcu");
	assert_string_equal(v->transition, "kvm_exit");
	assert_int_equal(v->ct_state, CONTEXT_GUEST);
	assert_true(v->hardirqs_enabled);
	assert_true(v->irqs_disabled);
	assert_int_equal(v->preempt_count, 0);
	assert_true(capture_contains("liminal: entry violation: rule "
				     "trace-without-rcu in kvm_exit (ct 3, "
				     "rcu not watching"));
	assert_int_equal(entry_violations(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) ENTRY_TEST(f)
		T(test_rule_irqs_disabled),
		T(test_rule_irqs_enabled),
		T(test_rule_lockdep_on_unprepared),
		T(test_rule_lockdep_prepare_order),
		T(test_rule_ct_enter_order),
		T(test_rule_ct_exit_order),
		T(test_rule_trace_off_order),
		T(test_rule_trace_rcu),
		T(test_rule_instr_rcu),
		T(test_rule_nmi_count_first),
		T(test_rule_nmi_count_last),
		T(test_rule_guest_nested_state),
		T(test_rule_guest_nested_timing),
		T(test_rule_user_nested_enter),
		T(test_rule_user_nested_exit),
		T(test_rule_ct_state),
		T(test_rule_ct_state_timing_exit),
		T(test_rule_offstack_irq_in_window),
		T(test_rule_offstack_ct_in_irq),
		T(test_rule_preempt_balance_irq),
		T(test_rule_preempt_balance_vcpu_run),
		T(test_rule_sched_atomic),
		T(test_rule_nesting),
		T(test_report_names_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
