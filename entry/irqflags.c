// SPDX-License-Identifier: GPL-2.0
/*
 * The instrumentable halves of IRQ-state tracking (Linux's
 * kernel/trace/trace_preemptirq.c) and the traced preempt count updates.
 */
#include <entry/common.h>

#if LIMINAL_DEBUG
/* local_irq_enable(): trace, lockdep prepare, lockdep on; then STI. */
void trace_hardirqs_on(void)
{
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	lockdep_hardirqs_on(_RET_IP_);
}

/* local_irq_disable(): CLI; then lockdep off, trace. */
void trace_hardirqs_off(void)
{
	lockdep_hardirqs_off(_RET_IP_);
	trace_hardirqs_off_finish();
}
#endif

void trace_irq_enable(unsigned long ip)
{
	trace_event_write(TRACE_IRQ_ENABLE, 0, ip, 0, 0);
}

void trace_irq_disable(unsigned long ip)
{
	trace_event_write(TRACE_IRQ_DISABLE, 0, ip, 0, 0);
}

void preempt_count_add(unsigned int val)
{
	ENTRY_CHECK(((preempt_count() & PREEMPT_MASK) + (val & PREEMPT_MASK)) <=
			    PREEMPT_MASK,
		    ENTRY_RULE_NESTING, __func__);
	__preempt_count_add(val);
}

void preempt_count_sub(unsigned int val)
{
	ENTRY_CHECK(preempt_count() >= val, ENTRY_RULE_NESTING, __func__);
	__preempt_count_sub(val);
}
