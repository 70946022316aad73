// SPDX-License-Identifier: GPL-2.0
/*
 * Debug-build checks of the rules of Linux's
 * Documentation/core-api/entry.rst: the violation record and report, and
 * the lockdep/tracing order checks.  In release builds only the query API
 * remains (and reports nothing).
 */
#include <entry/common.h>
#include <entry/output.h>

static const char *const entry_rule_names[ENTRY_NR_RULES] = {
	[ENTRY_RULE_IRQS_DISABLED] = "irqs-disabled",
	[ENTRY_RULE_IRQS_ENABLED] = "irqs-enabled",
	[ENTRY_RULE_LOCKDEP_ON_UNPREPARED] = "lockdep-on-unprepared",
	[ENTRY_RULE_LOCKDEP_PREPARE_ORDER] = "lockdep-prepare-before-trace",
	[ENTRY_RULE_CT_ENTER_ORDER] = "ct-enter-before-hardirqs-prepare",
	[ENTRY_RULE_CT_EXIT_ORDER] = "ct-exit-before-lockdep-off",
	[ENTRY_RULE_TRACE_OFF_ORDER] = "trace-off-before-rcu",
	[ENTRY_RULE_TRACE_RCU] = "trace-without-rcu",
	[ENTRY_RULE_INSTR_RCU] = "instrumentation-without-rcu",
	[ENTRY_RULE_NMI_COUNT_ORDER] = "nmi-count-first-last",
	[ENTRY_RULE_GUEST_NESTED] = "guest-entry-nested",
	[ENTRY_RULE_USER_NESTED] = "user-entry-nested",
	[ENTRY_RULE_CT_STATE] = "ct-state",
	[ENTRY_RULE_CT_OFFSTACK] = "ct-offstack",
	[ENTRY_RULE_PREEMPT_BALANCE] = "preempt-count-balance",
	[ENTRY_RULE_SCHED_ATOMIC] = "schedule-while-atomic",
	[ENTRY_RULE_NESTING] = "nesting-counter",
};

const char *entry_rule_name(enum entry_rule rule)
{
	if ((unsigned int)rule >= ENTRY_NR_RULES)
		return "?";
	return entry_rule_names[rule];
}

unsigned long entry_violations(void)
{
	return this_cpu()->check.violations;
}

unsigned long entry_violation_count(enum entry_rule rule)
{
	if ((unsigned int)rule >= ENTRY_NR_RULES)
		return 0;
	return this_cpu()->check.rule_count[rule];
}

const struct entry_violation_info *entry_last_violation(void)
{
	const struct entry_cpu *c = this_cpu();

	return c->check.violations ? &c->check.last : NULL;
}

void entry_check_reset(void)
{
	struct entry_check_cpu *k = &this_cpu()->check;
	unsigned int i;

	k->violations = 0;
	for (i = 0; i < ENTRY_NR_RULES; i++)
		k->rule_count[i] = 0;
	k->last = (struct entry_violation_info){ 0 };
}

static void entry_report_violation(const struct entry_violation_info *v)
{
	entry_printf("liminal: entry violation: rule %s in %s (ct %u, rcu %s "
		     "0x%lx, preempt 0x%x, hardirqs %s, IF %u)",
		     v->rule, v->transition, v->ct_state,
		     (v->ct_watching & CT_RCU_WATCHING) ? "watching" :
							  "not watching",
		     v->ct_watching, v->preempt_count,
		     v->hardirqs_enabled ? "on" : "off", !v->irqs_disabled);
}

/*
 * Record and report a violated rule.  Callable from any noinstr code: the
 * recording touches per-CPU memory only, the report is bracketed as
 * instrumentation.
 */
noinstr void entry_violation(enum entry_rule rule, const char *transition)
{
	struct entry_cpu *c = this_cpu();
	struct entry_violation_info *v = &c->check.last;

	if ((unsigned int)rule >= ENTRY_NR_RULES)
		rule = ENTRY_RULE_CT_STATE;
	c->check.violations++;
	c->check.rule_count[rule]++;
	v->rule = entry_rule_names[rule];
	v->transition = transition;
	v->ct_state = c->ct_state & CT_STATE_MASK;
	v->ct_watching = c->ct_state & CT_RCU_WATCHING_MASK;
	v->preempt_count = c->preempt_count;
	v->hardirqs_enabled = c->hardirqs_enabled;
	v->irqs_disabled = raw_irqs_disabled();
	instrumentation_begin();
	entry_report_violation(v);
	instrumentation_end();
}

void entry_check_snapshot(struct entry_snapshot *snap)
{
	const struct entry_cpu *c = this_cpu();

	snap->preempt_count = c->preempt_count;
	snap->ct_state = c->ct_state & CT_STATE_MASK;
	snap->rcu_watching = rcu_is_watching();
	snap->hardirqs_enabled = c->hardirqs_enabled;
	snap->ct_nmi_nesting = c->ct_nmi_nesting;
}

bool entry_check_balanced(const struct entry_snapshot *snap,
			  const char *transition)
{
	struct entry_snapshot now;
	bool preempt_ok, ct_ok;

	entry_check_snapshot(&now);
	preempt_ok = now.preempt_count == snap->preempt_count;
	ct_ok = now.ct_state == snap->ct_state &&
		now.rcu_watching == snap->rcu_watching &&
		now.ct_nmi_nesting == snap->ct_nmi_nesting;
	ENTRY_CHECK(preempt_ok, ENTRY_RULE_PREEMPT_BALANCE, transition);
	ENTRY_CHECK(ct_ok, ENTRY_RULE_CT_STATE, transition);
	(void)transition;
	return preempt_ok && ct_ok &&
	       now.hardirqs_enabled == snap->hardirqs_enabled;
}

#if LIMINAL_DEBUG
/* trace_hardirqs_on_prepare(): instrumentable, so RCU must watch. */
noinstr void trace_check_on_prepare(void)
{
	struct entry_cpu *c = this_cpu();

	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_INSTR_RCU,
		    "trace_hardirqs_on_prepare");
	c->check.trace_prepared = true;
}

/* trace_hardirqs_off_finish(): after RCU watches again. */
noinstr void trace_check_off_finish(void)
{
	struct entry_cpu *c = this_cpu();

	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_TRACE_OFF_ORDER,
		    "trace_hardirqs_off_finish");
	c->check.trace_prepared = false;
}

/*
 * lockdep_hardirqs_on_prepare(): IRQs still off, RCU watching, tracing done
 * first.  Redundant when lockdep already says on (Linux counts and returns).
 */
noinstr void lockdep_check_on_prepare(void)
{
	struct entry_cpu *c = this_cpu();

	if (c->hardirqs_enabled)
		return;
	ENTRY_CHECK(raw_irqs_disabled(), ENTRY_RULE_IRQS_DISABLED,
		    "lockdep_hardirqs_on_prepare");
	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_INSTR_RCU,
		    "lockdep_hardirqs_on_prepare");
	ENTRY_CHECK(c->check.trace_prepared, ENTRY_RULE_LOCKDEP_PREPARE_ORDER,
		    "lockdep_hardirqs_on_prepare");
	c->check.lockdep_prepared = true;
}

/* lockdep_hardirqs_on(): prepared, IRQs still off in the CPU. */
noinstr void lockdep_check_on(unsigned long ip)
{
	struct entry_cpu *c = this_cpu();

	(void)ip;
	if (c->hardirqs_enabled)
		return;
	ENTRY_CHECK(c->check.lockdep_prepared, ENTRY_RULE_LOCKDEP_ON_UNPREPARED,
		    "lockdep_hardirqs_on");
	ENTRY_CHECK(raw_irqs_disabled(), ENTRY_RULE_IRQS_DISABLED,
		    "lockdep_hardirqs_on");
	c->check.lockdep_prepared = false;
	c->check.trace_prepared = false;
}

/* lockdep_hardirqs_off(): cancels any prepare. */
noinstr void lockdep_check_off(void)
{
	struct entry_cpu *c = this_cpu();

	c->check.lockdep_prepared = false;
	c->check.trace_prepared = false;
}
#endif
