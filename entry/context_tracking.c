// SPDX-License-Identifier: GPL-2.0
/*
 * Context tracking: idle, IRQ and NMI transitions of the RCU-like watching
 * state (Linux's kernel/context_tracking.c).  The user/guest transitions are
 * inline in include/entry/context_tracking.h; their debug checks are here.
 *
 * Everything in this file runs with RCU possibly not watching: noinstr.
 */
#include <entry/context_tracking.h>
#include <entry/irqflags.h>
#include <entry/lockdep.h>
#include <entry/preempt.h>

#if LIMINAL_DEBUG
static noinstr enum entry_rule ct_nested_rule(unsigned int state)
{
	if (state == CONTEXT_GUEST)
		return ENTRY_RULE_GUEST_NESTED;
	if (state == CONTEXT_USER)
		return ENTRY_RULE_USER_NESTED;
	return ENTRY_RULE_CT_STATE;
}

/*
 * Checks of a kernel -> EQS transition: IRQs off, not from IRQ/NMI context
 * (offstack), from CONTEXT_KERNEL with RCU watching and no IRQ nesting, and
 * after both hardirqs-on prepare steps but before lockdep_hardirqs_on().
 */
noinstr void ct_check_kernel_exit(unsigned int state, const char *transition)
{
	struct entry_cpu *c = this_cpu();
	unsigned int cur = __ct_state();

	ENTRY_CHECK(raw_irqs_disabled(), ENTRY_RULE_IRQS_DISABLED, transition);
	ENTRY_CHECK(!in_interrupt(), ENTRY_RULE_CT_OFFSTACK, transition);
	ENTRY_CHECK(cur != state, ct_nested_rule(state), transition);
	ENTRY_CHECK(cur == state ||
			    (cur == CONTEXT_KERNEL && rcu_is_watching() &&
			     c->ct_nmi_nesting == 0),
		    ENTRY_RULE_CT_STATE, transition);
	ENTRY_CHECK(c->check.trace_prepared && c->check.lockdep_prepared &&
			    !c->hardirqs_enabled,
		    ENTRY_RULE_CT_ENTER_ORDER, transition);
}

/*
 * Checks of an EQS -> kernel transition: IRQs off, not from IRQ/NMI
 * context, from the matching EQS with RCU not watching, and after
 * lockdep_hardirqs_off().
 */
noinstr void ct_check_kernel_enter(unsigned int state, const char *transition)
{
	struct entry_cpu *c = this_cpu();

	ENTRY_CHECK(raw_irqs_disabled(), ENTRY_RULE_IRQS_DISABLED, transition);
	ENTRY_CHECK(!in_interrupt(), ENTRY_RULE_CT_OFFSTACK, transition);
	ENTRY_CHECK(__ct_state() == state && !rcu_is_watching() &&
			    c->ct_nmi_nesting == 0,
		    state == CONTEXT_USER ? ENTRY_RULE_USER_NESTED :
					    ENTRY_RULE_CT_STATE,
		    transition);
	ENTRY_CHECK(!c->hardirqs_enabled, ENTRY_RULE_CT_EXIT_ORDER, transition);
}
#endif

/* The idle task halts in CONTEXT_IDLE (Linux's ct_idle_enter()). */
noinstr void ct_idle_enter(void)
{
	__ct_kernel_exit(CONTEXT_IDLE, "ct_idle_enter");
}

noinstr void ct_idle_exit(void)
{
	__ct_kernel_enter(CONTEXT_IDLE, "ct_idle_exit");
}

/*
 * Make RCU watch for an IRQ or NMI: only the counter moves, the context
 * bits stay (an NMI in guest mode is still "in CONTEXT_GUEST").  nmi_nesting
 * goes up by 1 if this one started watching, else by 2, so the outermost
 * exit (nesting 1) is the one that stops watching again.  An NMI between
 * the counter update and the nesting update sees RCU watching, adds and
 * removes 2, and leaves nesting as it found it.
 */
static __always_inline void __ct_nmi_enter(const char *transition)
{
	struct entry_cpu *c = this_cpu();
	long incby = 2;

	(void)transition;
	if (!rcu_is_watching()) {
		ct_state_inc(CT_RCU_WATCHING);
		incby = 1;
	}
	ENTRY_CHECK(c->ct_nmi_nesting >= 0 && c->ct_nmi_nesting < (1l << 20),
		    ENTRY_RULE_NESTING, transition);
	WRITE_ONCE(c->ct_nmi_nesting, c->ct_nmi_nesting + incby);
}

static __always_inline void __ct_nmi_exit(const char *transition)
{
	struct entry_cpu *c = this_cpu();

	(void)transition;
	ENTRY_CHECK(c->ct_nmi_nesting > 0 && rcu_is_watching(),
		    ENTRY_RULE_NESTING, transition);
	if (c->ct_nmi_nesting != 1) {
		WRITE_ONCE(c->ct_nmi_nesting, c->ct_nmi_nesting - 2);
		return;
	}
	WRITE_ONCE(c->ct_nmi_nesting, 0);
	ct_state_inc(CT_RCU_WATCHING);
}

/*
 * An NMI (or #MC, #DF): called after the NMI preemption count went up
 * (in_nmi() must already be true: lockdep and RCU rely on it).
 */
noinstr void ct_nmi_enter(void)
{
	ENTRY_CHECK(in_nmi(), ENTRY_RULE_NMI_COUNT_ORDER, "ct_nmi_enter");
	__ct_nmi_enter("ct_nmi_enter");
}

noinstr void ct_nmi_exit(void)
{
	ENTRY_CHECK(in_nmi(), ENTRY_RULE_NMI_COUNT_ORDER, "ct_nmi_exit");
	__ct_nmi_exit("ct_nmi_exit");
}

/*
 * An IRQ from an EQS.  Only idle may take one: an IRQ that finds RCU not
 * watching in USER/GUEST context arrived between "entered the kernel" and
 * "left CONTEXT_USER/GUEST", which the offstack property forbids.
 */
noinstr void ct_irq_enter(void)
{
	lockdep_assert_irqs_disabled();
	ENTRY_CHECK(rcu_is_watching() || __ct_state() == CONTEXT_IDLE,
		    ENTRY_RULE_CT_OFFSTACK, "ct_irq_enter");
	__ct_nmi_enter("ct_irq_enter");
}

noinstr void ct_irq_exit(void)
{
	lockdep_assert_irqs_disabled();
	__ct_nmi_exit("ct_irq_exit");
}
