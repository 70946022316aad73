/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic entry code for interrupts, exceptions, NMIs and syscall-like
 * transitions (Linux's include/linux/entry-common.h, kernel/entry/common.c
 * and kernel/softirq.c).  Linux's Documentation/core-api/entry.rst
 * gives the order of every update.
 *
 * An IDT handler looks like this:
 *
 *	noinstr void handle_irq(struct pt_regs *regs)
 *	{
 *		irqentry_state_t state = irqentry_enter(regs);
 *
 *		instrumentation_begin();
 *		irq_enter_rcu();
 *		...the handler...
 *		irq_exit_rcu();
 *		instrumentation_end();
 *		irqentry_exit(regs, state);
 *	}
 *
 * and an NMI (or #MC/#DF) handler the same with irqentry_nmi_enter()/
 * irqentry_nmi_exit() and no irq_enter_rcu()/irq_exit_rcu().
 */
#ifndef ENTRY_COMMON_H
#define ENTRY_COMMON_H

#include <arch/ptregs.h>
#include <entry/percpu.h>
#include <entry/irqflags.h>
#include <entry/preempt.h>
#include <entry/context_tracking.h>
#include <entry/lockdep.h>
#include <entry/trace.h>
#include <entry/vtime.h>
#include <entry/check.h>
#include <entry/probe.h>

/*
 * What irqentry_exit()/irqentry_nmi_exit() need from the entry.  Lives on the
 * handler's stack, which is what makes NMI nesting safe.
 */
typedef struct irqentry_state {
	bool exit_rcu; /* irqentry_enter() made RCU watch (ct_irq_enter) */
	bool lockdep; /* NMI: lockdep said hardirqs on before */
	bool tracing_irq; /* NMI: tracing_irq_cpu before */
	u8 vtime_bucket; /* NMI: bucket of the interrupted context */
#if LIMINAL_DEBUG
	bool lockdep_prepared, trace_prepared; /* NMI: check state */
	unsigned int preempt_count; /* preempt count at entry */
	unsigned long ct_state; /* NMI: ct state word at entry */
#endif
} irqentry_state_t;

irqentry_state_t irqentry_enter(struct pt_regs *regs);
void irqentry_exit(struct pt_regs *regs, irqentry_state_t state);
void irqentry_exit_cond_resched(void);

irqentry_state_t irqentry_nmi_enter(struct pt_regs *regs);
void irqentry_nmi_exit(struct pt_regs *regs, irqentry_state_t irq_state);

void irq_enter_rcu(void);
void irq_exit_rcu(void);

/*
 * An IRQ from user mode and back.  Only a platform with a user mode has
 * them: the unit tests' (tests/unit/user_mode.c, with the syscall-like
 * transitions guest mode mirrors).  The VMM's host runs at CPL 0, its
 * user_mode() is false (include/arch/platform.h), so irqentry_enter() and
 * irqentry_exit() never call them and the image does not carry them.
 */
void irqentry_enter_from_user_mode(struct pt_regs *regs);
void irqentry_exit_to_user_mode(struct pt_regs *regs);

/* Softirqs (kernel/softirq.c): a small fixed set. */
enum {
	HI_SOFTIRQ,
	TIMER_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS,
};

struct softirq_action {
	void (*action)(void);
};

void open_softirq(unsigned int nr, void (*action)(void));
void raise_softirq(unsigned int nr); /* any context */
void raise_softirq_irqoff(unsigned int nr);
unsigned int local_softirq_pending(void);
const char *softirq_name(unsigned int nr);
/* Max restarts of the softirq loop before leaving the rest pending. */
#define MAX_SOFTIRQ_RESTART 10

#endif /* ENTRY_COMMON_H */
