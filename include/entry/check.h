/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run-time checks of the rules of Linux's
 * Documentation/core-api/entry.rst (debug builds only).
 *
 * Each rule has a name; a violated rule calls entry_violation(rule,
 * transition), which counts it per CPU, records the CPU's entry state next to
 * it (entry_last_violation()) and reports it through printk (VMM) or the test
 * sink (host tests).  entry_violation() is noinstr and wraps its report in
 * instrumentation_begin()/instrumentation_end(), so noinstr code may call it
 * anywhere.
 *
 * With LIMINAL_DEBUG=0 ENTRY_CHECK() does not even evaluate its condition:
 * the checks compile out entirely.
 */
#ifndef ENTRY_CHECK_H
#define ENTRY_CHECK_H

#include <entry/percpu.h>

enum entry_rule {
	/* *_irqoff and context-tracking transitions need IRQs disabled */
	ENTRY_RULE_IRQS_DISABLED,
	/* IRQs-on work (xfer_to_guest_mode_handle_work, schedule) with IRQs off */
	ENTRY_RULE_IRQS_ENABLED,
	/* lockdep_hardirqs_on() without lockdep_hardirqs_on_prepare() first */
	ENTRY_RULE_LOCKDEP_ON_UNPREPARED,
	/* lockdep_hardirqs_on_prepare() before trace_hardirqs_on_prepare() */
	ENTRY_RULE_LOCKDEP_PREPARE_ORDER,
	/* context tracking entered USER/GUEST/IDLE before the hardirqs-on
	 * prepare steps (tracing, lockdep) */
	ENTRY_RULE_CT_ENTER_ORDER,
	/* context tracking left USER/GUEST/IDLE while lockdep still said
	 * hardirqs on (lockdep_hardirqs_off() comes first) */
	ENTRY_RULE_CT_EXIT_ORDER,
	/* trace_hardirqs_off_finish() before RCU watches again */
	ENTRY_RULE_TRACE_OFF_ORDER,
	/* a tracepoint fired while RCU was not watching */
	ENTRY_RULE_TRACE_RCU,
	/* instrumentable code ran while RCU was not watching */
	ENTRY_RULE_INSTR_RCU,
	/* an NMI state update before the NMI preemption count (first on
	 * entry, last on exit) */
	ENTRY_RULE_NMI_COUNT_ORDER,
	/* guest entry nested in guest entry (state or timing) */
	ENTRY_RULE_GUEST_NESTED,
	/* user/syscall entry nested, or exit to user mode twice */
	ENTRY_RULE_USER_NESTED,
	/* context-tracking state inconsistent with the transition */
	ENTRY_RULE_CT_STATE,
	/* a context-tracking state change from IRQ/NMI context: breaks the
	 * offstack property (no exception_enter/exit) */
	ENTRY_RULE_CT_OFFSTACK,
	/* preemption count not balanced across irqentry or a vcpu run */
	ENTRY_RULE_PREEMPT_BALANCE,
	/* schedule() from atomic context */
	ENTRY_RULE_SCHED_ATOMIC,
	/* nesting counter overflow/underflow (NMI, hardirq, RCU) */
	ENTRY_RULE_NESTING,
	ENTRY_NR_RULES,
};

_Static_assert(ENTRY_NR_RULES <= ENTRY_MAX_RULES, "rule_count[] size");

const char *entry_rule_name(enum entry_rule rule);
unsigned long entry_violation_count(enum entry_rule rule);

void entry_violation(enum entry_rule rule, const char *transition);

#if LIMINAL_DEBUG
#define ENTRY_CHECK(cond, rule, transition)                    \
	do {                                                   \
		if (unlikely(!(cond)))                         \
			entry_violation((rule), (transition)); \
	} while (0)
#else
#define ENTRY_CHECK(cond, rule, transition) ((void)sizeof(!(cond)))
#endif

/* Number of violations seen on this CPU (always 0 in release builds). */
unsigned long entry_violations(void);
const struct entry_violation_info *entry_last_violation(void);
void entry_check_reset(void);

/*
 * Balance snapshot: taken before a sequence (a vcpu run, an irqentry pair),
 * compared after it.
 */
struct entry_snapshot {
	unsigned int preempt_count;
	unsigned int ct_state;
	bool rcu_watching;
	bool hardirqs_enabled;
	long ct_nmi_nesting;
};

void entry_check_snapshot(struct entry_snapshot *snap);
/* true if balanced; in debug builds a mismatch is also a violation */
bool entry_check_balanced(const struct entry_snapshot *snap,
			  const char *transition);

#endif /* ENTRY_CHECK_H */
