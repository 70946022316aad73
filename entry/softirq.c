// SPDX-License-Identifier: GPL-2.0
/*
 * Hardirq context and softirqs (Linux's kernel/softirq.c): irq_enter_rcu()/
 * irq_exit_rcu() bracket every IRQ handler; pending softirqs run from
 * irq_exit_rcu() once HARDIRQ_OFFSET is gone, with IRQs enabled.
 */
#include <entry/common.h>

static struct softirq_action softirq_vec[NR_SOFTIRQS];

static const char *const softirq_names[NR_SOFTIRQS] = {
	[HI_SOFTIRQ] = "HI",	       [TIMER_SOFTIRQ] = "TIMER",
	[TASKLET_SOFTIRQ] = "TASKLET", [SCHED_SOFTIRQ] = "SCHED",
	[RCU_SOFTIRQ] = "RCU",
};

const char *softirq_name(unsigned int nr)
{
	return nr < NR_SOFTIRQS ? softirq_names[nr] : "?";
}

void open_softirq(unsigned int nr, void (*action)(void))
{
	if (nr < NR_SOFTIRQS)
		softirq_vec[nr].action = action;
}

unsigned int local_softirq_pending(void)
{
	return READ_ONCE(this_cpu()->softirq_pending);
}

void raise_softirq_irqoff(unsigned int nr)
{
	lockdep_assert_irqs_disabled();
	if (nr >= NR_SOFTIRQS)
		return;
	this_cpu()->softirq_pending |= 1u << nr;
	trace_event_write(TRACE_SOFTIRQ_RAISE, nr, 0, 0, 0);
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

/*
 * Linux's handle_softirqs(): serve the pending softirqs with IRQs on and
 * SOFTIRQ_OFFSET in the preemption count (BH context); restart while new
 * ones were raised, at most MAX_SOFTIRQ_RESTART times (the rest waits for
 * the next irq_exit_rcu()/local_bh_enable()).  Called with IRQs off.
 */
static void handle_softirqs(void)
{
	struct entry_cpu *c = this_cpu();
	unsigned int restart = MAX_SOFTIRQ_RESTART;
	unsigned int pending;

	lockdep_assert_irqs_disabled();
	vtime_switch_pc(c, preempt_count() + SOFTIRQ_OFFSET);
	preempt_count_add(SOFTIRQ_OFFSET);
	pending = local_softirq_pending();
	do {
		unsigned int nr;

		WRITE_ONCE(c->softirq_pending, 0);
		local_irq_enable();
		for (nr = 0; nr < NR_SOFTIRQS; nr++) {
			if (!(pending & (1u << nr)))
				continue;
			entry_probe(ENTRY_PROBE_SOFTIRQ_HANDLER);
			trace_event_write(TRACE_SOFTIRQ_ENTRY, nr, 0, 0, 0);
			if (softirq_vec[nr].action)
				softirq_vec[nr].action();
			trace_event_write(TRACE_SOFTIRQ_EXIT, nr, 0, 0, 0);
			c->stats.softirqs++;
		}
		local_irq_disable();
		pending = local_softirq_pending();
	} while (pending && --restart);
	vtime_switch_pc(c, preempt_count() - SOFTIRQ_OFFSET);
	preempt_count_sub(SOFTIRQ_OFFSET);
}

void local_bh_enable(void)
{
	unsigned long flags;

	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
	if (in_interrupt() || !local_softirq_pending())
		return;
	local_irq_save(flags);
	if (!in_interrupt() && local_softirq_pending())
		handle_softirqs();
	local_irq_restore(flags);
}

/*
 * Enter hardirq context: charge the interrupted context's time, then
 * in_hardirq() becomes true.  RCU watches (irqentry_enter() saw to it).
 */
void irq_enter_rcu(void)
{
	struct entry_cpu *c = this_cpu();

	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_INSTR_RCU, __func__);
	lockdep_assert_irqs_disabled();
	vtime_switch_pc(c, preempt_count() + HARDIRQ_OFFSET);
	preempt_count_add(HARDIRQ_OFFSET);
	c->stats.irqs++;
	entry_probe(ENTRY_PROBE_IRQ_ENTER_RCU_DONE);
}

/*
 * Leave hardirq context: charge hardirq time, drop HARDIRQ_OFFSET, and only
 * then run pending softirqs (they need BH context, not hardirq context).
 */
void irq_exit_rcu(void)
{
	struct entry_cpu *c = this_cpu();

	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_INSTR_RCU, __func__);
	ENTRY_CHECK(in_hardirq(), ENTRY_RULE_NESTING, __func__);
	lockdep_assert_irqs_disabled();
	vtime_switch_pc(c, preempt_count() - HARDIRQ_OFFSET);
	preempt_count_sub(HARDIRQ_OFFSET);
	entry_probe(ENTRY_PROBE_IRQ_EXIT_RCU_COUNT);
	if (!in_interrupt() && local_softirq_pending())
		handle_softirqs();
	entry_probe(ENTRY_PROBE_IRQ_EXIT_RCU_DONE);
}
