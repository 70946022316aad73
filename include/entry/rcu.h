/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small RCU for the VMM's own use, whose grace periods read every CPU's
 * context-tracking word (include/entry/context_tracking.h): a CPU in an
 * extended quiescent state -- idle, or running a guest -- holds no grace
 * period up and is never interrupted for one.  entry/rcu.c has the state
 * machine, docs/rcu.md the design and the memory orderings.
 *
 * Readers: rcu_read_lock()/rcu_read_unlock() (non-preemptible RCU, as
 * Linux without CONFIG_PREEMPT_RCU: a read-side critical section is a
 * preemption-disabled region), rcu_dereference() to load a pointer inside
 * one.  Updaters: rcu_assign_pointer() to publish, then call_rcu() (the
 * callback runs once, from RCU_SOFTIRQ on the CPU that queued it, after a
 * grace period) or synchronize_rcu() (task context, IRQs on: waits), or
 * the polling form: cookie = start_poll_synchronize_rcu(), later
 * poll_state_synchronize_rcu(cookie).
 *
 * Grace periods are driven from the host tick: every CPU's tick calls
 * rcu_sched_clock_irq() (from sched_tick()); the grace-period CPU's tick
 * (rcu_set_gp_cpu(), CPU 0 by default: the role of Linux's grace-period
 * kthread on a housekeeping CPU) starts, advances and ends them and counts
 * time in its own ticks.
 */
#ifndef ENTRY_RCU_H
#define ENTRY_RCU_H

#include <arch/barrier.h>
#include <entry/context_tracking.h>
#include <entry/preempt.h>

static __always_inline void rcu_read_lock(void)
{
	preempt_disable();
	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_INSTR_RCU, "rcu_read_lock");
}

static __always_inline void rcu_read_unlock(void)
{
	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_INSTR_RCU, "rcu_read_unlock");
	preempt_enable();
}

/* x86 keeps a load's address dependency ordered: a plain load. */
#define rcu_dereference(p) READ_ONCE(p)
/* Initialise the object, then publish it (release). */
#define rcu_assign_pointer(p, v) smp_store_release(&(p), (v))

typedef void (*rcu_callback_t)(struct rcu_head *head);

void call_rcu(struct rcu_head *head, rcu_callback_t func);
unsigned long get_state_synchronize_rcu(void);
unsigned long start_poll_synchronize_rcu(void);
bool poll_state_synchronize_rcu(unsigned long cookie);
void synchronize_rcu(void);
/* synchronize_rcu() unless a grace period ended since @cookie was taken */
void cond_synchronize_rcu(unsigned long cookie);

/* The tick (hardirq, IRQs off), from sched_tick(). */
void rcu_sched_clock_irq(void);
/* Its quiescent-state part alone, for the reschedule IPI (scheduler_ipi). */
void rcu_sched_clock_irq_qs(void);
/* A context switch is a quiescent state (from __schedule()). */
void rcu_note_context_switch(void);

/*
 * Settings, with the grace-period CPU's ticks as the unit: a holdout CPU
 * (no quiescent state seen yet) is kicked with a reschedule IPI once the
 * grace period is @kick_ticks old, and reported as a stall once it is
 * @stall_ticks old (Linux: jiffies_to_sched_qs, rcu_cpu_stall_timeout).
 */
#define RCU_KICK_TICKS_DEFAULT 100
#define RCU_STALL_TICKS_DEFAULT 1000
void rcu_set_timeouts(unsigned long kick_ticks, unsigned long stall_ticks);
void rcu_set_gp_cpu(int cpu);

/* Reset to the boot state (no grace period, no callbacks, defaults). */
void rcu_init(void);
/* A CPU's RCU is ready (from entry_init()): RCU_SOFTIRQ runs callbacks. */
void rcu_cpu_starting(void);

/* What the tests and the serial summary read. */
struct rcu_gp_info {
	unsigned long gp_seq; /* Linux's rcu_state.gp_seq: 4 per period */
	bool in_progress;
	unsigned long qsmask; /* CPUs the current period still waits for */
	unsigned long ticks; /* the grace-period CPU's ticks */
	u64 completed; /* grace periods ended */
	u64 stalls; /* stall reports */
};
void rcu_gp_info(struct rcu_gp_info *info);
void rcu_dump_cpu_stats(int cpu);

#endif /* ENTRY_RCU_H */
