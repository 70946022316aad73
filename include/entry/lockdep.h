/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IRQ-state tracking in the role of lockdep, and the tracing half of it
 * (Linux's kernel/locking/lockdep.c and kernel/trace/trace_preemptirq.c).
 *
 * lockdep's view: this_cpu()->hardirqs_enabled says whether the CPU runs with
 * IRQs logically enabled.  Turning it on is two-phase, as in Linux:
 * lockdep_hardirqs_on_prepare() while RCU still watches (instrumentable),
 * then lockdep_hardirqs_on() as the very last step (noinstr), after context
 * tracking may have stopped RCU.  lockdep_hardirqs_off() is the very first
 * step on the way in.  In NMIs the view is tracked too (Linux's
 * CONFIG_TRACE_IRQFLAGS_NMI): irqentry_nmi_enter() saves it and
 * irqentry_nmi_exit() restores it.
 *
 * Tracing: tracing_irq_cpu is set when an irq_disable event was recorded and
 * cleared by the matching irq_enable, so events pair up.
 *
 * Everything is __always_inline; the only out-of-line calls are the
 * tracepoint slow path (instrumentable: noinstr callers bracket it) and the
 * debug checks (noinstr).
 */
#ifndef ENTRY_LOCKDEP_H
#define ENTRY_LOCKDEP_H

#include <entry/percpu.h>
#include <entry/check.h>
#include <entry/trace.h>

static __always_inline bool lockdep_hardirqs_enabled(void)
{
	return READ_ONCE(this_cpu()->hardirqs_enabled);
}

#if LIMINAL_DEBUG
void lockdep_check_on_prepare(void);
void lockdep_check_on(unsigned long ip);
void lockdep_check_off(void);
void trace_check_on_prepare(void);
void trace_check_off_finish(void);
#endif

/* The irq_enable/irq_disable tracepoints (instrumentable, out of line). */
void trace_irq_enable(unsigned long ip);
void trace_irq_disable(unsigned long ip);

/*
 * Fire @tracepoint (trace_irq_enable or trace_irq_disable) for the caller,
 * inside instrumentation_begin()/instrumentation_end() when @bracket.
 */
#define trace_irq_event(tracepoint, bracket)     \
	do {                                     \
		if (bracket)                     \
			instrumentation_begin(); \
		tracepoint(_RET_IP_);            \
		if (bracket)                     \
			instrumentation_end();   \
	} while (0)

/*
 * Tracing half of "hardirqs on", first step of every exit sequence
 * (Linux's trace_hardirqs_on_prepare()).  As in Linux, a noinstr caller
 * calls it inside instrumentation_begin()/instrumentation_end().
 * bracket=true is for the guest-boundary hot path instead: the function
 * brackets its only instrumentable call (the tracepoint, on the unlikely
 * path) itself, so the fast path carries no markers.
 */
static __always_inline void __trace_hardirqs_on_prepare(bool bracket)
{
	struct entry_cpu *c = this_cpu();

#if LIMINAL_DEBUG
	trace_check_on_prepare();
	if (c->tracing_irq_cpu) {
		if (trace_enabled(TRACE_IRQ_ENABLE))
			trace_irq_event(trace_irq_enable, bracket);
		WRITE_ONCE(c->tracing_irq_cpu, 0);
	}
#else
	/* Release: one test-and-branch while irq tracepoints are off. */
	if (unlikely(trace_enabled(TRACE_IRQ_ENABLE)) && c->tracing_irq_cpu) {
		trace_irq_event(trace_irq_enable, bracket);
		WRITE_ONCE(c->tracing_irq_cpu, 0);
	}
#endif
}

/* Tracing half of "hardirqs off", last step of every entry sequence. */
static __always_inline void __trace_hardirqs_off_finish(bool bracket)
{
	struct entry_cpu *c = this_cpu();

#if LIMINAL_DEBUG
	trace_check_off_finish();
	if (!c->tracing_irq_cpu) {
		WRITE_ONCE(c->tracing_irq_cpu, 1);
		if (trace_enabled(TRACE_IRQ_DISABLE))
			trace_irq_event(trace_irq_disable, bracket);
	}
#else
	if (unlikely(trace_enabled(TRACE_IRQ_DISABLE)) && !c->tracing_irq_cpu) {
		WRITE_ONCE(c->tracing_irq_cpu, 1);
		trace_irq_event(trace_irq_disable, bracket);
	}
#endif
}

static __always_inline void trace_hardirqs_on_prepare(void)
{
	__trace_hardirqs_on_prepare(false);
}

static __always_inline void trace_hardirqs_off_finish(void)
{
	__trace_hardirqs_off_finish(false);
}

static __always_inline void lockdep_hardirqs_on_prepare(void)
{
#if LIMINAL_DEBUG
	lockdep_check_on_prepare();
#endif
}

static __always_inline void lockdep_hardirqs_on(unsigned long ip)
{
#if LIMINAL_DEBUG
	lockdep_check_on(ip);
#else
	(void)ip;
#endif
	WRITE_ONCE(this_cpu()->hardirqs_enabled, 1);
}

static __always_inline void lockdep_hardirqs_off(unsigned long ip)
{
	(void)ip;
	WRITE_ONCE(this_cpu()->hardirqs_enabled, 0);
#if LIMINAL_DEBUG
	lockdep_check_off();
#endif
}

#endif /* ENTRY_LOCKDEP_H */
