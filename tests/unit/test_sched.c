// SPDX-License-Identifier: GPL-2.0
/*
 * Pending work before guest entry (xfer_to_guest_mode_*) and the
 * run-to-completion scheduler: reschedule, task work queued from IRQ
 * context, stop requests (-EINTR, resumable), ticks and slices.
 */
#include "harness.h"

static unsigned int runs_a, runs_b;
static void fn_a(struct sched_task *t)
{
	(void)t;
	runs_a++;
}

static void fn_b(struct sched_task *t)
{
	(void)t;
	runs_b++;
}

static struct sched_task task_a = SCHED_TASK_INIT(fn_a, "a");
static struct sched_task task_b = SCHED_TASK_INIT(fn_b, "b");

static int setup(void **state)
{
	runs_a = runs_b = 0;
	task_a.queued = task_b.queued = false;
	return entry_test_setup(state);
}

static void test_work_pending_checks(void **state)
{
	(void)state;
	sim_irqs_on();
	assert_false(__xfer_to_guest_mode_work_pending());
	set_tsk_need_resched();
	assert_true(__xfer_to_guest_mode_work_pending());
	local_irq_disable();
	assert_true(xfer_to_guest_mode_work_pending());
	local_irq_enable();
	assert_int_equal(xfer_to_guest_mode_handle_work(), 0);
	assert_false(__xfer_to_guest_mode_work_pending());
	assert_no_violation();
}

static void test_reschedule(void **state)
{
	(void)state;
	sim_irqs_on();
	sched_wakeup(&task_a);
	sched_wakeup(&task_b);
	sched_wakeup(&task_a); /* already queued: once */
	assert_true(need_resched());
	assert_int_equal(xfer_to_guest_mode_handle_work(), 0);
	assert_int_equal(runs_a, 1);
	assert_int_equal(runs_b, 1);
	assert_int_equal(this_cpu()->stats.switches, 4);
	assert_false(need_resched());
	assert_no_violation();
}

/* Work arriving between the outer check and entry makes the vCPU bail. */
static void test_entry_bails_on_late_work(void **state)
{
	(void)state;
	sim_irqs_on();
	set_tsk_need_resched();
	assert_int_equal(sim_vcpu_enter_guest(), 0);
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	assert_int_equal(preempt_count(), 0);
	assert_no_violation();
}

static unsigned int work_runs;
static bool work_irqs_on;
static void work_fn(struct callback_head *cb)
{
	(void)cb;
	work_runs++;
	work_irqs_on = !irqs_disabled();
}

static struct callback_head works[3];
static void queue_work_from_irq(u32 vector)
{
	(void)vector;
	task_work_add(&works[0], work_fn);
	task_work_add(&works[1], work_fn);
}

static void test_task_work_from_irq(void **state)
{
	(void)state;
	work_runs = 0;
	fake_irq_handler = queue_work_from_irq;
	sim_irqs_on();
	fake_irq(0x20, false);
	assert_true(test_thread_flag(TIF_NOTIFY_RESUME));
	assert_int_equal(work_runs, 0);
	assert_int_equal(sim_vcpu_run(2), 0);
	assert_int_equal(work_runs, 2);
	assert_true(work_irqs_on);
	assert_false(test_thread_flag(TIF_NOTIFY_RESUME));
	assert_no_violation();
}

static unsigned int order[3], order_n;
static void order_fn(struct callback_head *cb)
{
	order[order_n++] = (unsigned int)(cb - works);
}

static void test_task_work_fifo(void **state)
{
	(void)state;
	order_n = 0;
	sim_irqs_on();
	task_work_add(&works[2], order_fn);
	task_work_add(&works[0], order_fn);
	task_work_add(&works[1], order_fn);
	assert_int_equal(xfer_to_guest_mode_handle_work(), 0);
	assert_int_equal(order_n, 3);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 0);
	assert_int_equal(order[2], 1);
}

static void stop_from_irq(u32 vector)
{
	(void)vector;
	request_stop();
}

static void test_stop_request(void **state)
{
	(void)state;
	fake_irq_handler = stop_from_irq;
	sim_irqs_on();
	fake_irq(0x20, false);
	sched_wakeup(&task_a);
	assert_int_equal(sim_vcpu_run(5), -EINTR);
	/* stop wins over the other work, and stays until cleared */
	assert_int_equal(runs_a, 0);
	assert_int_equal(sim_vcpu_run(5), -EINTR);
	clear_stop();
	assert_int_equal(sim_vcpu_run(5), 0);
	assert_int_equal(runs_a, 1);
	assert_no_violation();
}

static void test_notify_signal_stops(void **state)
{
	(void)state;
	sim_irqs_on();
	set_thread_flag(TIF_NOTIFY_SIGNAL);
	assert_int_equal(xfer_to_guest_mode_handle_work(), -EINTR);
	clear_stop();
	assert_int_equal(xfer_to_guest_mode_handle_work(), 0);
}

/* Work queued by a task run is handled in the same call (re-read). */
static void requeue_fn(struct sched_task *t)
{
	(void)t;
	runs_a++;
	if (runs_a == 1)
		task_work_add(&works[0], work_fn);
}

static void test_work_reread(void **state)
{
	static struct sched_task t = SCHED_TASK_INIT(requeue_fn, "requeue");

	(void)state;
	work_runs = 0;
	sim_irqs_on();
	sched_wakeup(&t);
	assert_int_equal(xfer_to_guest_mode_handle_work(), 0);
	assert_int_equal(runs_a, 1);
	assert_int_equal(work_runs, 1);
	assert_false(__xfer_to_guest_mode_work_pending());
}

static void tick_handler(u32 vector)
{
	(void)vector;
	sched_tick();
}

static void test_ticks_and_slices(void **state)
{
	int i;

	(void)state;
	fake_irq_handler = tick_handler;
	sim_irqs_on();
	preempt_disable(); /* the ticks hit a vCPU run: no preemption */
	for (i = 0; i < LIMINAL_TICKS_PER_SLICE - 1; i++)
		fake_irq(0x20, false);
	assert_false(need_resched());
	fake_irq(0x20, false);
	assert_true(need_resched());
	assert_int_equal(this_cpu()->stats.ticks, LIMINAL_TICKS_PER_SLICE);
	assert_int_equal(this_cpu()->stats.slices, 0);
	preempt_enable_no_resched();
	assert_int_equal(xfer_to_guest_mode_handle_work(), 0);
	assert_int_equal(this_cpu()->stats.slices, 1);
	assert_no_violation();
}

static void test_tick_with_runnable_task(void **state)
{
	(void)state;
	fake_irq_handler = tick_handler;
	sim_irqs_on();
	local_irq_disable();
	sched_wakeup(&task_a);
	clear_thread_flag(TIF_NEED_RESCHED);
	fake_irq(0x20, false); /* IRQs-off context: no preemption */
	assert_true(need_resched());
	local_irq_enable();
	schedule();
	assert_int_equal(runs_a, 1);
	assert_no_violation();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, entry_test_teardown)
		T(test_work_pending_checks),
		T(test_reschedule),
		T(test_entry_bails_on_late_work),
		T(test_task_work_from_irq),
		T(test_task_work_fifo),
		T(test_stop_request),
		T(test_notify_signal_stops),
		T(test_work_reread),
		T(test_ticks_and_slices),
		T(test_tick_with_runnable_task),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
