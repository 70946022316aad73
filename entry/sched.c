// SPDX-License-Identifier: GPL-2.0
/*
 * The run-to-completion housekeeping scheduler, task work and the idle call.
 */
#include <entry/common.h>
#include <entry/rcu.h>
#include <entry/sched.h>

#define CALLER_ADDR0 _RET_IP_

static const char sched_host_name[] = "liminal";

/* The housekeeping tick task: counts time slices. */
static void sched_tick_task_fn(struct sched_task *task)
{
	(void)task;
	this_cpu()->stats.slices++;
}

static struct sched_task sched_tick_task =
	SCHED_TASK_INIT(sched_tick_task_fn, "tick");

void sched_init(void)
{
	sched_tick_task.next = NULL;
	sched_tick_task.queued = false;
}

void sched_wakeup(struct sched_task *task)
{
	struct entry_cpu *c = this_cpu();
	unsigned long flags;

	raw_local_irq_save(flags);
	if (!task->queued) {
		task->queued = true;
		task->next = NULL;
		if (c->runq_tail)
			c->runq_tail->next = task;
		else
			c->runq_head = task;
		c->runq_tail = task;
	}
	set_tsk_need_resched();
	raw_local_irq_restore(flags);
}

static struct sched_task *sched_dequeue(struct entry_cpu *c)
{
	struct sched_task *task;
	unsigned long flags;

	raw_local_irq_save(flags);
	task = c->runq_head;
	if (task) {
		c->runq_head = task->next;
		if (!c->runq_head)
			c->runq_tail = NULL;
		task->next = NULL;
		task->queued = false;
	}
	raw_local_irq_restore(flags);
	return task;
}

/*
 * Run every runnable task.  NEED_RESCHED is cleared first, so a wakeup
 * during a task run sets it again and the caller's loop comes back.
 */
static void __schedule(void)
{
	struct entry_cpu *c = this_cpu();
	struct sched_task *task;

	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_INSTR_RCU, "schedule");
	rcu_note_context_switch();
	c->stats.schedules++;
	clear_thread_flag(TIF_NEED_RESCHED);
	while ((task = sched_dequeue(c))) {
		trace_sched_switch(sched_host_name, task->name);
		c->stats.switches++;
		c->curr_task = task;
		task->runs++;
		task->fn(task);
		c->curr_task = NULL;
		trace_sched_switch(task->name, sched_host_name);
		c->stats.switches++;
	}
}

void schedule(void)
{
	ENTRY_CHECK(!in_interrupt() && !(preempt_count() & PREEMPT_MASK),
		    ENTRY_RULE_SCHED_ATOMIC, __func__);
	lockdep_assert_irqs_enabled();
	__schedule();
}

/* preempt_enable() reached 0 with NEED_RESCHED set. */
void preempt_schedule(void)
{
	if (preempt_count() || irqs_disabled())
		return;
	preempt_disable();
	__schedule();
	preempt_enable_no_resched();
}

/*
 * Linux's preempt_schedule_irq(): from irqentry_exit() to an IRQs-on
 * context.  No exception_enter()/exception_exit(): with the offstack
 * property the context-tracking state cannot be anything but KERNEL here.
 */
void preempt_schedule_irq(void)
{
	ENTRY_CHECK(!preempt_count(), ENTRY_RULE_SCHED_ATOMIC, __func__);
	lockdep_assert_irqs_disabled();
	ENTRY_CHECK(__ct_state() == CONTEXT_KERNEL, ENTRY_RULE_CT_OFFSTACK,
		    __func__);
	do {
		preempt_disable();
		local_irq_enable();
		__schedule();
		local_irq_disable();
		preempt_enable_no_resched();
	} while (need_resched());
}

/*
 * The host timer tick, hardirq context: reschedule when a task is runnable,
 * and every LIMINAL_TICKS_PER_SLICE ticks run the housekeeping tick task;
 * then RCU's tick (Linux's update_process_times() calls
 * rcu_sched_clock_irq() the same way).
 */
void sched_tick(void)
{
	struct entry_cpu *c = this_cpu();

	c->stats.ticks++;
	if (++c->slice_ticks >= LIMINAL_TICKS_PER_SLICE) {
		c->slice_ticks = 0;
		sched_wakeup(&sched_tick_task);
	}
	if (READ_ONCE(c->runq_head))
		set_tsk_need_resched();
	rcu_sched_clock_irq();
}

int task_work_add(struct callback_head *work,
		  void (*fn)(struct callback_head *work))
{
	struct entry_cpu *c = this_cpu();
	unsigned long flags;

	work->func = fn;
	raw_local_irq_save(flags);
	work->next = c->task_works;
	c->task_works = work;
	set_thread_flag(TIF_NOTIFY_RESUME);
	raw_local_irq_restore(flags);
	return 0;
}

/* Run queued task work in the order it was added. */
void task_work_run(void)
{
	struct entry_cpu *c = this_cpu();
	struct callback_head *work, *next, *fifo = NULL;
	unsigned long flags;

	clear_thread_flag(TIF_NOTIFY_RESUME);
	raw_local_irq_save(flags);
	work = c->task_works;
	c->task_works = NULL;
	raw_local_irq_restore(flags);
	for (; work; work = next) {
		next = work->next;
		work->next = fifo;
		fifo = work;
	}
	for (work = fifo; work; work = next) {
		next = work->next;
		work->func(work);
	}
}

void request_stop(void)
{
	set_thread_flag(TIF_SIGPENDING);
}

void clear_stop(void)
{
	clear_thread_flag(TIF_SIGPENDING);
	clear_thread_flag(TIF_NOTIFY_SIGNAL);
}

/*
 * Linux's ct_cpuidle_enter(): the idle EQS is entered like user mode:
 *  1) tracing, 2) lockdep: hardirqs on (prepare) -- HLT runs with IRQs on
 *  3) time: idle from now; context tracking: CONTEXT_IDLE, RCU stops
 *  4) lockdep: hardirqs on
 */
static noinstr void ct_cpuidle_enter(void)
{
	lockdep_assert_irqs_disabled();
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	vtime_set_base(this_cpu(), VTIME_IDLE);
	instrumentation_end();
	entry_probe(ENTRY_PROBE_IDLE_ENTER_PREPARE);
	ct_idle_enter();
	entry_probe(ENTRY_PROBE_IDLE_ENTER_CT);
	lockdep_hardirqs_on(CALLER_ADDR0);
}

/* The mirror: lockdep off, RCU watches, then time and tracing. */
static noinstr void ct_cpuidle_exit(void)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	entry_probe(ENTRY_PROBE_IDLE_EXIT_LOCKDEP);
	ct_idle_exit();
	entry_probe(ENTRY_PROBE_IDLE_EXIT_CT);
	instrumentation_begin();
	vtime_set_base(this_cpu(), VTIME_HOST);
	trace_hardirqs_off_finish();
	instrumentation_end();
}

/*
 * Linux's default_idle_call(): IRQs off on entry.  STI;HLT waits for an
 * interrupt, which enters through irqentry_enter() from idle (RCU not
 * watching: ct_irq_enter); after it, CLI and leave idle.  Returns with IRQs
 * on.
 */
noinstr void default_idle_call(void)
{
	if (need_resched()) {
		instrumentation_begin();
		local_irq_enable();
		instrumentation_end();
		return;
	}
	ct_cpuidle_enter();
	arch_safe_halt();
	entry_probe(ENTRY_PROBE_IDLE_HALT_DONE);
	raw_local_irq_disable();
	ct_cpuidle_exit();
	instrumentation_begin();
	local_irq_enable();
	instrumentation_end();
}
