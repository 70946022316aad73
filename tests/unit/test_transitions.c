// SPDX-License-Identifier: GPL-2.0
/*
 * Every transition of entry/, step by step: syscall-like enter/exit, guest
 * enter/exit (state + timing, new and combined names), idle, and the state
 * each leaves behind.
 */
#include "harness.h"

static void assert_kernel_watching(void)
{
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	assert_true(rcu_is_watching());
	assert_int_equal(this_cpu()->ct_nmi_nesting, 0);
}

static void test_boot_state(void **state)
{
	(void)state;
	assert_kernel_watching();
	assert_int_equal(preempt_count(), 0);
	assert_false(lockdep_hardirqs_enabled());
	assert_true(irqs_disabled());
	assert_true(in_task());
	assert_false(in_interrupt());
	sim_irqs_on();
	assert_true(lockdep_hardirqs_enabled());
	assert_false(irqs_disabled());
	assert_no_violation();
}

static void test_user_enter_exit(void **state)
{
	unsigned long t0 = ct_watching_transitions();

	(void)state;
	sim_irqs_on();
	sim_go_to_user();
	assert_int_equal(ct_state(), CONTEXT_USER);
	assert_false(rcu_is_watching());
	assert_true(lockdep_hardirqs_enabled());
	assert_int_equal(this_cpu()->tracing_irq_cpu, 0);
	sim_return_from_user();
	assert_kernel_watching();
	assert_true(lockdep_hardirqs_enabled());
	assert_int_equal(ct_watching_transitions(), t0 + 2);
	assert_no_violation();
}

static void test_syscall(void **state)
{
	(void)state;
	sim_irqs_on();
	sim_go_to_user();
	sim_syscall();
	sim_syscall();
	assert_int_equal(ct_state(), CONTEXT_USER);
	assert_false(rcu_is_watching());
	assert_true(fake_if);
	sim_return_from_user();
	assert_kernel_watching();
	assert_no_violation();
}

/* Work pending on syscall exit is handled with IRQs on, before user mode. */
static int syscall_work_ran;
static void syscall_work(struct callback_head *cb)
{
	(void)cb;
	assert_false(irqs_disabled());
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	syscall_work_ran++;
}

static void test_syscall_exit_work(void **state)
{
	static struct callback_head cb;

	(void)state;
	sim_irqs_on();
	task_work_add(&cb, syscall_work);
	sim_go_to_user();
	assert_int_equal(syscall_work_ran, 0);
	sim_syscall();
	assert_int_equal(syscall_work_ran, 1);
	assert_false(test_thread_flag(TIF_NOTIFY_RESUME));
	sim_return_from_user();
	assert_no_violation();
}

static void test_guest_state_steps(void **state)
{
	struct entry_cpu *c = this_cpu();

	(void)state;
	sim_irqs_on();
	preempt_disable();
	local_irq_disable();
	assert_false(xfer_to_guest_mode_work_pending());
	guest_timing_enter_irqoff();
	assert_int_equal(c->vtime_base, VTIME_GUEST);
	assert_int_equal(ct_state(), CONTEXT_KERNEL);

	guest_state_enter_irqoff();
	assert_int_equal(ct_state(), CONTEXT_GUEST);
	assert_false(rcu_is_watching());
	assert_true(lockdep_hardirqs_enabled());
	assert_int_equal(c->tracing_irq_cpu, 0);
	assert_true(irqs_disabled()); /* the host's IF stays 0 */

	guest_state_exit_irqoff();
	assert_kernel_watching();
	assert_false(lockdep_hardirqs_enabled());
	assert_int_equal(c->tracing_irq_cpu, 1);

	local_irq_enable();
	local_irq_disable();
	guest_timing_exit_irqoff();
	assert_int_equal(c->vtime_base, VTIME_HOST);
	local_irq_enable();
	preempt_enable();
	assert_int_equal(preempt_count(), 0);
	assert_no_violation();
}

static void test_vcpu_run_loop(void **state)
{
	unsigned long t0 = ct_watching_transitions();

	(void)state;
	sim_irqs_on();
	assert_int_equal(sim_vcpu_run(10), 0);
	assert_int_equal(ct_watching_transitions(), t0 + 20);
	assert_kernel_watching();
	assert_int_equal(preempt_count(), 0);
	assert_true(lockdep_hardirqs_enabled());
	assert_no_violation();
}

static void test_combined_names(void **state)
{
	struct vtime_times t;

	(void)state;
	sim_irqs_on();
	sim_use_combined_names = true;
	assert_int_equal(sim_vcpu_run(3), 0);
	assert_kernel_watching();
	vtime_read(0, &t);
	assert_true(t.cycles[VTIME_GUEST] >= 3 * 1000);
	assert_int_equal(this_cpu()->vtime_base, VTIME_HOST);
	assert_no_violation();
}

static bool guest_watching = true;
static unsigned int guest_ct = ~0u;
static void guest_record(void)
{
	guest_watching = rcu_is_watching();
	guest_ct = ct_state();
}

static void test_rcu_not_watching_in_guest(void **state)
{
	(void)state;
	sim_irqs_on();
	sim_guest_hook = guest_record;
	sim_vcpu_enter_guest();
	assert_false(guest_watching);
	assert_int_equal(guest_ct, CONTEXT_GUEST);
	assert_no_violation();
}

/* The wake-up IRQ of the idle loop enters from idle: ct_irq_enter. */
static unsigned int idle_irq_ct;
static bool idle_irq_watching;
static long idle_irq_nesting;
static void idle_irq_handler(u32 vector)
{
	(void)vector;
	idle_irq_ct = ct_state();
	idle_irq_watching = rcu_is_watching();
	idle_irq_nesting = this_cpu()->ct_nmi_nesting;
}

static void wake_up(void)
{
	fake_raise_irq(0x20);
}

static void test_idle(void **state)
{
	struct vtime_times t;

	(void)state;
	fake_irq_handler = idle_irq_handler;
	fake_halt_hook = wake_up;
	sim_irqs_on();
	local_irq_disable();
	default_idle_call();
	assert_int_equal(fake_irqs_taken(), 1);
	assert_int_equal(idle_irq_ct, CONTEXT_IDLE);
	assert_true(idle_irq_watching);
	assert_int_equal(idle_irq_nesting, 1);
	assert_kernel_watching();
	assert_false(irqs_disabled());
	assert_true(lockdep_hardirqs_enabled());
	vtime_read(0, &t);
	assert_true(t.cycles[VTIME_IDLE] > 0);
	assert_true(t.cycles[VTIME_HARDIRQ] > 0);
	assert_no_violation();
}

static void test_idle_need_resched_skips_halt(void **state)
{
	(void)state;
	fake_halt_hook = wake_up;
	sim_irqs_on();
	set_tsk_need_resched();
	local_irq_disable();
	default_idle_call();
	assert_int_equal(fake_irqs_taken(), 0);
	assert_false(irqs_disabled());
	assert_no_violation();
}

/*
 * The offstack property (docs/boundary.md, "Context tracking"): between
 * "entered the kernel" and "left CONTEXT_GUEST" (and the reverse) IRQs are
 * off, so an IRQ raised there is held until the IRQ window and then runs in
 * CONTEXT_KERNEL; an NMI there never touches the context-tracking state.
 * Nothing has to save and restore the state (no exception_enter/exit).
 */
static void test_offstack_property(void **state)
{
	unsigned long word;

	(void)state;
	sim_irqs_on();
	preempt_disable();
	local_irq_disable();
	guest_timing_enter_irqoff();
	guest_state_enter_irqoff();
	assert_int_equal(ct_state(), CONTEXT_GUEST);

	fake_raise_irq(0x20); /* held: IF=0 */
	assert_int_equal(fake_pending_irqs(), 1);
	assert_int_equal(fake_irqs_taken(), 0);

	word = this_cpu()->ct_state;
	fake_nmi(); /* RCU watches inside, the context stays GUEST */
	assert_int_equal(fake_last_nmi_ct_state, CONTEXT_GUEST);
	assert_int_equal(ct_state(), CONTEXT_GUEST);
	assert_false(rcu_is_watching());
	assert_int_equal(this_cpu()->ct_state, word + 2 * CT_RCU_WATCHING);

	guest_state_exit_irqoff();
	assert_int_equal(fake_irqs_taken(), 0);
	local_irq_enable(); /* the window: taken now, in the kernel */
	assert_int_equal(fake_irqs_taken(), 1);
	assert_int_equal(fake_last_irq_ct_state, CONTEXT_KERNEL);
	local_irq_disable();
	guest_timing_exit_irqoff();
	local_irq_enable();
	preempt_enable();
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	assert_no_violation();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) ENTRY_TEST(f)
		T(test_boot_state),
		T(test_user_enter_exit),
		T(test_syscall),
		T(test_syscall_exit_work),
		T(test_guest_state_steps),
		T(test_vcpu_run_loop),
		T(test_combined_names),
		T(test_rcu_not_watching_in_guest),
		T(test_idle),
		T(test_idle_need_resched_skips_halt),
		T(test_offstack_property),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
