// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts: irqentry_enter/exit from user mode, from the host kernel
 * (IRQs-on and IRQs-off contexts), from the guest boundary (VMX-style
 * synthetic frame, SVM-style IRQ window), softirqs with IRQs re-enabled,
 * and preemption on IRQ exit.
 */
#include "harness.h"

#define VEC_TIMER 0x20
#define VEC_DEV 0x21

static void test_irq_from_user(void **state)
{
	(void)state;
	sim_irqs_on();
	sim_go_to_user();
	fake_irq(VEC_TIMER, true);
	assert_int_equal(fake_last_irq_ct_state, CONTEXT_KERNEL);
	assert_int_equal(ct_state(), CONTEXT_USER);
	assert_false(rcu_is_watching());
	assert_true(lockdep_hardirqs_enabled());
	assert_int_equal(this_cpu()->stats.irqs, 1);
	sim_return_from_user();
	assert_no_violation();
}

/* A housekeeping task and an IRQ handler that wakes it. */
static unsigned int task_runs;
static unsigned int task_preempt, task_vtime_base;
static void task_fn(struct sched_task *t)
{
	(void)t;
	task_runs++;
	task_vtime_base = this_cpu()->vtime_base;
	task_preempt = preempt_count();
	assert_false(irqs_disabled());
	assert_true(rcu_is_watching());
}

static struct sched_task test_task = SCHED_TASK_INIT(task_fn, "worker");

static void wake_task_handler(u32 vector)
{
	(void)vector;
	assert_true(in_hardirq());
	sched_wakeup(&test_task);
}

static void test_irq_preempts_irqs_on_context(void **state)
{
	(void)state;
	task_runs = 0;
	fake_irq_handler = wake_task_handler;
	sim_irqs_on();
	fake_irq(VEC_DEV, false);
	assert_int_equal(task_runs, 1);
	assert_false(need_resched());
	/* preempt_schedule_irq runs the task with preemption disabled */
	assert_int_equal(task_preempt, PREEMPT_OFFSET);
	assert_int_equal(preempt_count(), 0);
	assert_true(fake_if);
	assert_true(lockdep_hardirqs_enabled());
	assert_no_violation();
}

static void test_irq_no_preempt_irqs_off_context(void **state)
{
	(void)state;
	task_runs = 0;
	fake_irq_handler = wake_task_handler;
	sim_irqs_on();
	local_irq_disable();
	fake_irq(VEC_DEV, false);
	assert_int_equal(task_runs, 0);
	assert_true(need_resched());
	assert_false(fake_if);
	assert_false(lockdep_hardirqs_enabled());
	local_irq_enable();
	schedule();
	assert_int_equal(task_runs, 1);
	assert_no_violation();
}

static void test_irq_no_preempt_when_preempt_disabled(void **state)
{
	(void)state;
	task_runs = 0;
	fake_irq_handler = wake_task_handler;
	sim_irqs_on();
	preempt_disable();
	fake_irq(VEC_DEV, false);
	assert_int_equal(task_runs, 0);
	preempt_enable(); /* the last preempt_enable() reschedules */
	assert_int_equal(task_runs, 1);
	assert_no_violation();
}

/* Softirqs: run from irq_exit_rcu() after HARDIRQ_OFFSET is gone. */
static unsigned int softirq_runs, softirq_pc;
static bool softirq_if;
static void timer_softirq(void)
{
	softirq_runs++;
	softirq_pc = preempt_count();
	softirq_if = fake_if;
	assert_true(in_serving_softirq());
	assert_false(in_hardirq());
	assert_true(rcu_is_watching());
}

static void raise_timer_handler(u32 vector)
{
	(void)vector;
	raise_softirq(TIMER_SOFTIRQ);
}

static void test_softirq_on_irq_exit(void **state)
{
	(void)state;
	softirq_runs = 0;
	open_softirq(TIMER_SOFTIRQ, timer_softirq);
	fake_irq_handler = raise_timer_handler;
	sim_irqs_on();
	fake_irq(VEC_TIMER, false);
	assert_int_equal(softirq_runs, 1);
	assert_int_equal(softirq_pc, SOFTIRQ_OFFSET);
	assert_true(softirq_if); /* IRQs re-enabled while serving */
	assert_int_equal(local_softirq_pending(), 0);
	assert_int_equal(this_cpu()->stats.softirqs, 1);
	assert_int_equal(preempt_count(), 0);
	assert_no_violation();
}

/* An IRQ while softirqs are served: nested, no nested softirq run. */
static unsigned int nested_irq_pc, hi_runs;
static void hi_softirq(void)
{
	hi_runs++;
}

static void nested_handler(u32 vector)
{
	if (vector == VEC_DEV) {
		nested_irq_pc = preempt_count();
		raise_softirq(HI_SOFTIRQ);
	} else {
		raise_softirq(TIMER_SOFTIRQ);
	}
}

static void timer_softirq_raising_irq(void)
{
	softirq_runs++;
	fake_raise_irq(VEC_DEV); /* IF is 1: taken right here */
	assert_int_equal(hi_runs, 0); /* not nested in the nested IRQ */
}

static void test_irq_during_softirq(void **state)
{
	(void)state;
	softirq_runs = hi_runs = 0;
	open_softirq(TIMER_SOFTIRQ, timer_softirq_raising_irq);
	open_softirq(HI_SOFTIRQ, hi_softirq);
	fake_irq_handler = nested_handler;
	sim_irqs_on();
	fake_irq(VEC_TIMER, false);
	assert_int_equal(fake_irqs_taken(), 2);
	assert_int_equal(nested_irq_pc, SOFTIRQ_OFFSET + HARDIRQ_OFFSET);
	assert_int_equal(softirq_runs, 1);
	assert_int_equal(hi_runs, 1); /* by the restart loop */
	assert_int_equal(preempt_count(), 0);
	assert_no_violation();
}

static void test_softirq_not_in_nested_hardirq(void **state)
{
	(void)state;
	softirq_runs = 0;
	open_softirq(TIMER_SOFTIRQ, timer_softirq);
	sim_irqs_on();
	local_bh_disable();
	raise_softirq(TIMER_SOFTIRQ);
	fake_irq(VEC_TIMER, false); /* in_interrupt(): no softirq run */
	assert_int_equal(softirq_runs, 0);
	local_bh_enable(); /* runs them */
	assert_int_equal(softirq_runs, 1);
	assert_int_equal(preempt_count(), 0);
	assert_no_violation();
}

/* VMX: an external-interrupt exit is dispatched with an IF=0 frame. */
static void vmx_dispatch(void)
{
	fake_irq(VEC_DEV, false);
}

static void test_irq_vmx_style_exit(void **state)
{
	(void)state;
	task_runs = 0;
	fake_irq_handler = wake_task_handler;
	sim_exit_irqoff_hook = vmx_dispatch;
	sim_irqs_on();
	sim_vcpu_enter_guest();
	assert_int_equal(fake_last_irq_ct_state, CONTEXT_KERNEL);
	/*
	 * No preemption on the IRQ's exit (IRQs-off context, still inside
	 * guest timing): the task ran at the final preempt_enable(), after
	 * guest_timing_exit_irqoff().
	 */
	assert_int_equal(task_runs, 1);
	assert_int_equal(task_vtime_base, VTIME_HOST);
	assert_false(need_resched());
	assert_no_violation();
}

/* SVM: the IRQ stays pending (GIF=0/IF=0) until the IRQ window. */
static unsigned int guest_raise_pending;
static void svm_guest(void)
{
	fake_raise_irq(VEC_DEV);
	guest_raise_pending = fake_pending_irqs();
}

static void test_irq_svm_style_window(void **state)
{
	(void)state;
	fake_irq_handler = wake_task_handler;
	sim_guest_hook = svm_guest;
	sim_irqs_on();
	sim_vcpu_enter_guest();
	assert_int_equal(guest_raise_pending, 1); /* held off in the guest */
	assert_int_equal(fake_irqs_taken(), 1); /* taken in the window */
	assert_int_equal(fake_last_irq_ct_state, CONTEXT_KERNEL);
	assert_int_equal(fake_pending_irqs(), 0);
	assert_no_violation();
}

static void test_irqentry_preempt_balance(void **state)
{
	struct entry_snapshot snap;

	(void)state;
	sim_irqs_on();
	entry_check_snapshot(&snap);
	fake_irq(VEC_TIMER, false);
	assert_true(entry_check_balanced(&snap, "irq"));
	assert_no_violation();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) ENTRY_TEST(f)
		T(test_irq_from_user),
		T(test_irq_preempts_irqs_on_context),
		T(test_irq_no_preempt_irqs_off_context),
		T(test_irq_no_preempt_when_preempt_disabled),
		T(test_softirq_on_irq_exit),
		T(test_irq_during_softirq),
		T(test_softirq_not_in_nested_hardirq),
		T(test_irq_vmx_style_exit),
		T(test_irq_svm_style_window),
		T(test_irqentry_preempt_balance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
