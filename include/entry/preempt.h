/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The preemption counter, with Linux's layout (include/linux/preempt.h):
 *
 *   PREEMPT_MASK: 0x000000ff  preempt_disable() nesting
 *   SOFTIRQ_MASK: 0x0000ff00  bit 8: serving softirqs, 9-15: BH disabled
 *   HARDIRQ_MASK: 0x000f0000  hardirq nesting (irq_enter_rcu)
 *       NMI_MASK: 0x00f00000  NMI nesting (irqentry_nmi_enter)
 *
 * __preempt_count_add()/__preempt_count_sub() are the untraced updates, one
 * instruction each (so an NMI cannot split them); the NMI entry uses them
 * first thing and the NMI exit last thing.
 */
#ifndef ENTRY_PREEMPT_H
#define ENTRY_PREEMPT_H

#include <entry/thread_info.h>
#include <entry/check.h>

#define PREEMPT_BITS 8
#define SOFTIRQ_BITS 8
#define HARDIRQ_BITS 4
#define NMI_BITS 4

#define PREEMPT_SHIFT 0
#define SOFTIRQ_SHIFT (PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT (SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT (HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x) ((1u << (x)) - 1)
#define PREEMPT_MASK (__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK (__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK (__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK (__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET (1u << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET (1u << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET (1u << HARDIRQ_SHIFT)
#define NMI_OFFSET (1u << NMI_SHIFT)
#define SOFTIRQ_DISABLE_OFFSET (2 * SOFTIRQ_OFFSET)

_Static_assert(PREEMPT_MASK == 0x000000ff, "Linux layout");
_Static_assert(SOFTIRQ_MASK == 0x0000ff00, "Linux layout");
_Static_assert(HARDIRQ_MASK == 0x000f0000, "Linux layout");
_Static_assert(NMI_MASK == 0x00f00000, "Linux layout");

static __always_inline unsigned int preempt_count(void)
{
	return READ_ONCE(this_cpu()->preempt_count);
}

static __always_inline void __preempt_count_add(unsigned int val)
{
	__asm__ __volatile__("addl %1, %0"
			     : "+m"(this_cpu()->preempt_count)
			     : "ir"(val));
}

static __always_inline void __preempt_count_sub(unsigned int val)
{
	__preempt_count_add(-val);
}

#define nmi_count() (preempt_count() & NMI_MASK)
#define hardirq_count() (preempt_count() & HARDIRQ_MASK)
#define softirq_count() (preempt_count() & SOFTIRQ_MASK)
#define irq_count() (preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK))

#define in_nmi() (nmi_count() != 0)
#define in_hardirq() (hardirq_count() != 0)
#define in_serving_softirq() ((softirq_count() & SOFTIRQ_OFFSET) != 0)
#define in_softirq() (softirq_count() != 0)
#define in_interrupt() (irq_count() != 0)
#define in_task() \
	(!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))

/* The traced (instrumentable) forms; checked for over/underflow. */
void preempt_count_add(unsigned int val);
void preempt_count_sub(unsigned int val);

void preempt_schedule(void); /* entry/sched.c */

#define preempt_disable()                            \
	do {                                         \
		__preempt_count_add(PREEMPT_OFFSET); \
		barrier();                           \
	} while (0)

#define preempt_enable_no_resched()                  \
	do {                                         \
		barrier();                           \
		__preempt_count_sub(PREEMPT_OFFSET); \
	} while (0)

/*
 * As CONFIG_PREEMPTION: the last preempt_enable() may reschedule.  The
 * rare condition (NEED_RESCHED) is tested first, so that the common path
 * is one test and a not-taken branch.
 */
#define preempt_enable()                                          \
	do {                                                      \
		barrier();                                        \
		__preempt_count_sub(PREEMPT_OFFSET);              \
		if (unlikely(need_resched() && !preempt_count())) \
			preempt_schedule();                       \
	} while (0)

#define local_bh_disable() preempt_count_add(SOFTIRQ_DISABLE_OFFSET)
void local_bh_enable(void); /* entry/softirq.c: runs pending softirqs */

#endif /* ENTRY_PREEMPT_H */
