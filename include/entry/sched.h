/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal run-to-completion scheduler for housekeeping work.
 *
 * liminal has one thread of execution per CPU (the one running vCPUs), so
 * "scheduling" means running the callbacks of runnable housekeeping tasks
 * (struct sched_task, queued with sched_wakeup()) to completion, at the
 * points where Linux would switch tasks: xfer_to_guest_mode_handle_work(),
 * the return from an interrupt to an IRQs-on context (preempt_schedule_irq)
 * and preempt_enable().  Each task run is two context switches (to it and
 * back), each traced as sched_switch.
 *
 * sched_tick() is called by the host timer interrupt (hardirq context).  It
 * sets NEED_RESCHED when a task is runnable and, every
 * LIMINAL_TICKS_PER_SLICE ticks, wakes the housekeeping "tick" task.
 */
#ifndef ENTRY_SCHED_H
#define ENTRY_SCHED_H

#include <entry/percpu.h>
#include <entry/thread_info.h>

#ifndef LIMINAL_TICKS_PER_SLICE
#define LIMINAL_TICKS_PER_SLICE 4
#endif

#define SCHED_TASK_INIT(fn_, name_)          \
	{                                    \
		.fn = (fn_), .name = (name_) \
	}

/* Queue a task (any context, IRQ-safe) and ask for a reschedule. */
void sched_wakeup(struct sched_task *task);
/* Run every runnable task; needs IRQs on, preemption count 0. */
void schedule(void);
/* From irqentry_exit(): IRQs off, preemption count 0. */
void preempt_schedule_irq(void);
void sched_tick(void);
void sched_init(void); /* from entry_init() */

/*
 * Task work (Linux's task_work_add with TWA_RESUME): queue fn to run on the
 * way back to the guest/user; IRQ-safe; sets NOTIFY_RESUME.  Returns 0.
 */
int task_work_add(struct callback_head *work,
		  void (*fn)(struct callback_head *work));
void task_work_run(void);

/* SIGPENDING-like stop request: xfer_to_guest_mode_handle_work -> -EINTR. */
void request_stop(void);
void clear_stop(void);

/*
 * The idle loop body (Linux's default_idle_call): called with IRQs off,
 * halts in CONTEXT_IDLE until an interrupt, returns with IRQs on.
 */
void default_idle_call(void);

#endif /* ENTRY_SCHED_H */
