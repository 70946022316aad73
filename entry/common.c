// SPDX-License-Identifier: GPL-2.0
/*
 * Generic entry/exit for syscall-like transitions, interrupts and NMIs
 * (Linux's kernel/entry/common.c).  The order of every step is that of
 * Linux's Documentation/core-api/entry.rst; the functions that run before
 * RCU watches or after it stops are noinstr and bracket their
 * instrumentable calls with instrumentation_begin/end.
 */
#include <entry/common.h>
#include <entry/sched.h>

#define CALLER_ADDR0 _RET_IP_

/*
 * Linux's irqentry_enter(), three cases:
 *  - from user mode: exactly the syscall entry (enter_from_user_mode;
 *    only the unit tests' platform has a user mode: tests/unit/user_mode.c);
 *  - from idle or another RCU EQS: lockdep off, make RCU watch
 *    (ct_irq_enter), trace; irqentry_exit() must undo it (exit_rcu);
 *  - else RCU already watches: lockdep off, trace.
 * Guest mode never gets here directly: an IRQ in the guest is a VM exit and
 * is taken after guest_state_exit_irqoff(), in CONTEXT_KERNEL.
 */
noinstr irqentry_state_t irqentry_enter(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = false };

#if LIMINAL_DEBUG
	ret.preempt_count = preempt_count();
#endif
	if (user_mode(regs)) {
		irqentry_enter_from_user_mode(regs);
		return ret;
	}

	if (__ct_state() == CONTEXT_IDLE || !rcu_is_watching()) {
		lockdep_hardirqs_off(CALLER_ADDR0);
		entry_probe(ENTRY_PROBE_IRQENTRY_ENTER_LOCKDEP);
		ct_irq_enter();
		entry_probe(ENTRY_PROBE_IRQENTRY_ENTER_CT);
		instrumentation_begin();
		trace_hardirqs_off_finish();
		instrumentation_end();
		entry_probe(ENTRY_PROBE_IRQENTRY_ENTER_DONE);
		ret.exit_rcu = true;
		return ret;
	}

	lockdep_hardirqs_off(CALLER_ADDR0);
	entry_probe(ENTRY_PROBE_IRQENTRY_ENTER_LOCKDEP);
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
	entry_probe(ENTRY_PROBE_IRQENTRY_ENTER_DONE);
	return ret;
}

/* Preempt on the way back to an IRQs-on context (CONFIG_PREEMPTION). */
void irqentry_exit_cond_resched(void)
{
	if (!preempt_count() && need_resched())
		preempt_schedule_irq();
}

/*
 * Linux's irqentry_exit(), the mirror:
 *  - to user mode: exactly the syscall exit (work, exit_to_user_mode);
 *  - to an IRQs-on context: from an EQS, undo ct_irq_enter between the
 *    hardirqs-on prepare steps and lockdep_hardirqs_on(); else maybe
 *    preempt, then hardirqs on (IRET sets IF);
 *  - to an IRQs-off context: no preemption, no hardirqs on; leave RCU if
 *    irqentry_enter() entered it.
 */
noinstr void irqentry_exit(struct pt_regs *regs, irqentry_state_t state)
{
	lockdep_assert_irqs_disabled();
#if LIMINAL_DEBUG
	ENTRY_CHECK(preempt_count() == state.preempt_count,
		    ENTRY_RULE_PREEMPT_BALANCE, "irqentry_exit");
#endif
	if (user_mode(regs)) {
		irqentry_exit_to_user_mode(regs);
	} else if (regs_irqs_enabled(regs)) {
		if (state.exit_rcu) {
			instrumentation_begin();
			trace_hardirqs_on_prepare();
			lockdep_hardirqs_on_prepare();
			instrumentation_end();
			entry_probe(ENTRY_PROBE_IRQENTRY_EXIT_PREPARE);
			ct_irq_exit();
			entry_probe(ENTRY_PROBE_IRQENTRY_EXIT_CT);
			lockdep_hardirqs_on(CALLER_ADDR0);
			entry_probe(ENTRY_PROBE_IRQENTRY_EXIT_DONE);
			return;
		}
		instrumentation_begin();
		irqentry_exit_cond_resched();
		entry_probe(ENTRY_PROBE_IRQENTRY_EXIT_PREPARE);
		trace_hardirqs_on();
		instrumentation_end();
		entry_probe(ENTRY_PROBE_IRQENTRY_EXIT_DONE);
	} else {
		if (state.exit_rcu) {
			ct_irq_exit();
			entry_probe(ENTRY_PROBE_IRQENTRY_EXIT_CT);
		}
		entry_probe(ENTRY_PROBE_IRQENTRY_EXIT_DONE);
	}
}

/* Time and statistics of an NMI, once RCU watches. */
static void nmi_account_enter(struct entry_cpu *c, irqentry_state_t *state)
{
	vtime_switch(c, (enum vtime_bucket)state->vtime_bucket, VTIME_NMI,
		     entry_clock());
	c->stats.nmis++;
	if (nmi_count() > NMI_OFFSET)
		c->stats.nested_nmis++;
}

/*
 * Linux's irqentry_nmi_enter(), in this order:
 *  1) preemption count += NMI_OFFSET + HARDIRQ_OFFSET, untraced: in_nmi()
 *     is true for every later step (lockdep and RCU rely on it)
 *  2) lockdep: hardirqs off
 *  3) RCU: watch (ct_nmi_enter; the context-tracking state is untouched)
 *  4) tracing: hardirqs off; time accounting
 * What the exit needs is saved in the returned state, on this NMI's stack:
 * NMIs (and #MC in an NMI) nest.
 */
noinstr irqentry_state_t irqentry_nmi_enter(struct pt_regs *regs)
{
	struct entry_cpu *c = this_cpu();
	irqentry_state_t irq_state = { .exit_rcu = false };
	unsigned int pc = preempt_count();

	(void)regs;
	irq_state.lockdep = lockdep_hardirqs_enabled();
	irq_state.tracing_irq = c->tracing_irq_cpu;
	irq_state.vtime_bucket = vtime_bucket_of(pc, c->vtime_base);
#if LIMINAL_DEBUG
	irq_state.lockdep_prepared = c->check.lockdep_prepared;
	irq_state.trace_prepared = c->check.trace_prepared;
	irq_state.preempt_count = pc;
	irq_state.ct_state = c->ct_state;
#endif
	ENTRY_CHECK((pc & NMI_MASK) != NMI_MASK, ENTRY_RULE_NESTING, __func__);
	__preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET);
	entry_probe(ENTRY_PROBE_NMI_ENTER_COUNT);
	lockdep_hardirqs_off(CALLER_ADDR0);
	entry_probe(ENTRY_PROBE_NMI_ENTER_LOCKDEP);
	ct_nmi_enter();
	entry_probe(ENTRY_PROBE_NMI_ENTER_CT);
	instrumentation_begin();
	trace_hardirqs_off_finish();
	nmi_account_enter(c, &irq_state);
	instrumentation_end();
	entry_probe(ENTRY_PROBE_NMI_ENTER_DONE);
	return irq_state;
}

#if LIMINAL_DEBUG
/* Just before the last step: everything back as the NMI found it. */
static noinstr void nmi_check_restored(struct entry_cpu *c,
				       const irqentry_state_t *s)
{
	c->check.lockdep_prepared = s->lockdep_prepared;
	c->check.trace_prepared = s->trace_prepared;
	ENTRY_CHECK((c->ct_state & (CT_STATE_MASK | CT_RCU_WATCHING)) ==
			    (s->ct_state & (CT_STATE_MASK | CT_RCU_WATCHING)),
		    ENTRY_RULE_CT_STATE, "irqentry_nmi_exit");
	ENTRY_CHECK(c->preempt_count ==
			    s->preempt_count + NMI_OFFSET + HARDIRQ_OFFSET,
		    ENTRY_RULE_PREEMPT_BALANCE, "irqentry_nmi_exit");
}
#endif

/*
 * Linux's irqentry_nmi_exit(), the exact mirror:
 *  4) time accounting; tracing: hardirqs on (prepare) if the NMI found them
 *     traced on; lockdep prepare if it found them on
 *  3) RCU: stop watching if this NMI started it (ct_nmi_exit)
 *  2) lockdep: hardirqs on if they were on
 *  1) preemption count -= NMI_OFFSET + HARDIRQ_OFFSET, untraced, last
 */
noinstr void irqentry_nmi_exit(struct pt_regs *regs, irqentry_state_t irq_state)
{
	struct entry_cpu *c = this_cpu();

	(void)regs;
	instrumentation_begin();
	vtime_switch(c, VTIME_NMI, (enum vtime_bucket)irq_state.vtime_bucket,
		     entry_clock());
	if (!irq_state.tracing_irq)
		trace_hardirqs_on_prepare();
	if (irq_state.lockdep)
		lockdep_hardirqs_on_prepare();
	instrumentation_end();
	entry_probe(ENTRY_PROBE_NMI_EXIT_PREPARE);
	ct_nmi_exit();
	entry_probe(ENTRY_PROBE_NMI_EXIT_CT);
	if (irq_state.lockdep)
		lockdep_hardirqs_on(CALLER_ADDR0);
	entry_probe(ENTRY_PROBE_NMI_EXIT_LOCKDEP);
#if LIMINAL_DEBUG
	nmi_check_restored(c, &irq_state);
#endif
	__preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
}
