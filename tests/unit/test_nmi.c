// SPDX-License-Identifier: GPL-2.0
/*
 * NMIs from every state, nested NMIs and an #MC-like exception inside an
 * NMI: irqentry_nmi_enter/exit leave every counter as they found it, never
 * change the context-tracking state, and make RCU watch inside.
 */
#include "harness.h"

static struct entry_state_snap nmi_before;
static bool nmi_watching;
static unsigned int nmi_pc;

static void record_nmi(void)
{
	nmi_watching = rcu_is_watching();
	nmi_pc = preempt_count();
	assert_true(in_nmi());
	assert_false(lockdep_hardirqs_enabled());
}

/* Inject an NMI now and check that it restored everything. */
static void nmi_and_check(const char *where)
{
	struct entry_state_snap after;
	unsigned int ct = ct_state();

	snap_take(&nmi_before);
	fake_nmi_handler = record_nmi;
	fake_nmi();
	snap_take(&after);
	snap_assert_equal(&nmi_before, &after, where);
	assert_int_equal(fake_last_nmi_ct_state, ct);
	assert_true(nmi_watching);
	assert_int_equal(nmi_pc, nmi_before.preempt_count + NMI_OFFSET +
					 HARDIRQ_OFFSET);
}

static void test_nmi_kernel_irqs_on(void **state)
{
	(void)state;
	sim_irqs_on();
	nmi_and_check("kernel, IRQs on");
	assert_true(lockdep_hardirqs_enabled());
	assert_int_equal(this_cpu()->stats.nmis, 1);
	assert_int_equal(this_cpu()->stats.nested_nmis, 0);
	assert_no_violation();
}

static void test_nmi_kernel_irqs_off(void **state)
{
	(void)state;
	nmi_and_check("kernel, IRQs off");
	assert_no_violation();
}

static void test_nmi_user(void **state)
{
	(void)state;
	sim_irqs_on();
	sim_go_to_user();
	nmi_and_check("user");
	assert_int_equal(fake_last_nmi_ct_state, CONTEXT_USER);
	assert_false(rcu_is_watching());
	sim_return_from_user();
	assert_no_violation();
}

static void guest_nmi(void)
{
	nmi_and_check("guest");
}

static void test_nmi_guest(void **state)
{
	(void)state;
	sim_irqs_on();
	sim_guest_hook = guest_nmi;
	sim_vcpu_enter_guest();
	assert_int_equal(fake_last_nmi_ct_state, CONTEXT_GUEST);
	assert_no_violation();
}

static void idle_nmi_then_wake(void)
{
	nmi_and_check("idle");
	assert_int_equal(fake_last_nmi_ct_state, CONTEXT_IDLE);
	fake_raise_irq(0x20);
}

static void test_nmi_idle(void **state)
{
	(void)state;
	fake_halt_hook = idle_nmi_then_wake;
	sim_irqs_on();
	local_irq_disable();
	default_idle_call();
	assert_int_equal(fake_nmis_taken(), 1);
	assert_no_violation();
}

static void nmi_in_irq_handler(u32 vector)
{
	(void)vector;
	nmi_and_check("hardirq");
}

static void test_nmi_in_hardirq(void **state)
{
	(void)state;
	fake_irq_handler = nmi_in_irq_handler;
	sim_irqs_on();
	fake_irq(0x20, false);
	assert_int_equal(fake_nmis_taken(), 1);
	assert_no_violation();
}

static void nmi_in_softirq(void)
{
	nmi_and_check("softirq");
}

static void raise_timer(u32 vector)
{
	(void)vector;
	raise_softirq(TIMER_SOFTIRQ);
}

static void test_nmi_in_softirq(void **state)
{
	(void)state;
	open_softirq(TIMER_SOFTIRQ, nmi_in_softirq);
	fake_irq_handler = raise_timer;
	sim_irqs_on();
	fake_irq(0x20, false);
	assert_int_equal(fake_nmis_taken(), 1);
	assert_no_violation();
}

static void nmi_in_idle_irq(u32 vector)
{
	(void)vector;
	nmi_and_check("IRQ from idle");
}

static void wake(void)
{
	fake_raise_irq(0x20);
}

static void test_nmi_in_irq_from_idle(void **state)
{
	(void)state;
	fake_irq_handler = nmi_in_idle_irq;
	fake_halt_hook = wake;
	sim_irqs_on();
	local_irq_disable();
	default_idle_call();
	assert_int_equal(fake_nmis_taken(), 1);
	assert_int_equal(fake_last_nmi_ct_state, CONTEXT_IDLE);
	assert_no_violation();
}

/* NMI inside NMI, and an #MC-like NMI-class exception inside that. */
static int nest_depth, nest_max;
static unsigned int nest_pc[4];
static bool nest_watching[4];

static void nesting_nmi(void)
{
	int d = nest_depth++;

	nest_pc[d] = preempt_count();
	nest_watching[d] = rcu_is_watching();
	if (nest_depth < nest_max)
		fake_nmi();
	nest_depth--;
}

static void test_nested_nmi_and_mc(void **state)
{
	struct entry_state_snap before, after;

	(void)state;
	sim_irqs_on();
	sim_go_to_user(); /* RCU not watching: the outermost NMI starts it */
	snap_take(&before);
	nest_depth = 0;
	nest_max = 3;
	fake_nmi_handler = nesting_nmi;
	fake_nmi();
	snap_take(&after);
	snap_assert_equal(&before, &after, "nested NMI + #MC");
	assert_int_equal(nest_pc[0], NMI_OFFSET + HARDIRQ_OFFSET);
	assert_int_equal(nest_pc[1], 2 * (NMI_OFFSET + HARDIRQ_OFFSET));
	assert_int_equal(nest_pc[2], 3 * (NMI_OFFSET + HARDIRQ_OFFSET));
	assert_true(nest_watching[0] && nest_watching[1] && nest_watching[2]);
	assert_int_equal(this_cpu()->stats.nmis, 3);
	assert_int_equal(this_cpu()->stats.nested_nmis, 2);
	assert_int_equal(ct_state(), CONTEXT_USER);
	assert_false(rcu_is_watching());
	sim_return_from_user();
	assert_no_violation();
}

/* ct_nmi_enter from an EQS: nesting 1 (then 3 nested), back to 0. */
static long nesting_seen[2];
static int nesting_i;
static void record_nesting(void)
{
	nesting_seen[nesting_i++] = this_cpu()->ct_nmi_nesting;
	if (nesting_i < 2)
		fake_nmi();
}

static void test_ct_nmi_nesting_counter(void **state)
{
	(void)state;
	sim_irqs_on();
	sim_go_to_user();
	nesting_i = 0;
	fake_nmi_handler = record_nesting;
	fake_nmi();
	assert_int_equal(nesting_seen[0], 1);
	assert_int_equal(nesting_seen[1], 3);
	assert_int_equal(this_cpu()->ct_nmi_nesting, 0);
	sim_return_from_user();
	assert_no_violation();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) ENTRY_TEST(f)
		T(test_nmi_kernel_irqs_on), T(test_nmi_kernel_irqs_off),
		T(test_nmi_user),	    T(test_nmi_guest),
		T(test_nmi_idle),	    T(test_nmi_in_hardirq),
		T(test_nmi_in_softirq),	    T(test_nmi_in_irq_from_idle),
		T(test_nested_nmi_and_mc),  T(test_ct_nmi_nesting_counter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
