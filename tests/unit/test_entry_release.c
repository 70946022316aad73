// SPDX-License-Identifier: GPL-2.0
/*
 * entry/ built with LIMINAL_DEBUG=0: the checks compile out (a broken order
 * is not even looked at, ENTRY_CHECK does not evaluate its condition) and
 * the behaviour of every transition stays the same.
 */
#include "harness.h"

#if LIMINAL_DEBUG
#error "this test is built against the release entry library"
#endif

static void test_checks_compile_out(void **state)
{
	int evaluated = 0;

	(void)state;
	ENTRY_CHECK(++evaluated == 0, ENTRY_RULE_CT_STATE, "test");
	assert_int_equal(evaluated, 0);

	/* broken orders, unreported */
	sim_irqs_on();
	guest_state_enter_irqoff(); /* IRQs on */
	guest_state_exit_irqoff();
	local_irq_disable();
	lockdep_hardirqs_on(0); /* unprepared */
	lockdep_hardirqs_off(0);
	ct_idle_exit(); /* not idle: corrupts the state silently */
	assert_int_equal(entry_violations(), 0);
	assert_null(entry_last_violation());
	assert_int_equal(capture_count(), 0);
}

static void test_round_trip_behaviour(void **state)
{
	struct vtime_times t;

	(void)state;
	sim_irqs_on();
	trace_reset();
	trace_set_enabled(TRACE_KVM_ENTRY, true);
	trace_set_enabled(TRACE_KVM_EXIT, true);
	assert_int_equal(sim_vcpu_run(4), 0);
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	assert_true(rcu_is_watching());
	assert_int_equal(ct_watching_transitions(), 8);
	assert_int_equal(preempt_count(), 0);
	assert_true(lockdep_hardirqs_enabled());
	vtime_read(0, &t);
	assert_true(t.cycles[VTIME_GUEST] >= 4 * 1000);
	assert_int_equal(this_cpu_trace_ring()[7].type, TRACE_KVM_EXIT);
	assert_int_equal(entry_violations(), 0);
}

static void guest_nmi(void)
{
	fake_nmi();
}

static void test_nmi_and_irq_behaviour(void **state)
{
	(void)state;
	sim_irqs_on();
	sim_guest_hook = guest_nmi;
	sim_vcpu_run(2);
	assert_int_equal(fake_last_nmi_ct_state, CONTEXT_GUEST);
	sim_go_to_user();
	fake_irq(0x20, true);
	assert_int_equal(fake_last_irq_ct_state, CONTEXT_KERNEL);
	assert_int_equal(ct_state(), CONTEXT_USER);
	sim_return_from_user();
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	assert_int_equal(this_cpu()->ct_nmi_nesting, 0);
	assert_int_equal(preempt_count(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) ENTRY_TEST(f)
		T(test_checks_compile_out),
		T(test_round_trip_behaviour),
		T(test_nmi_and_irq_behaviour),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
