/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU trace ring and tracepoints, printed like `trace-cmd report`.
 *
 * The ring holds TRACE_RING_EVENTS fixed-size events; a writer reserves a
 * slot by adding sizeof(struct trace_event) to a 16-bit byte offset with one
 * XADD (atomic against NMIs, wraps by itself) and fills it.  The oldest
 * events are overwritten.  An empty slot has type TRACE_NONE.
 *
 * Tracing is instrumentation: a tracepoint may fire only while RCU watches
 * (checked in debug builds).  Every tracepoint is enabled per type with
 * trace_set_enabled(); a disabled one costs a test of trace_mask, as a
 * Linux tracepoint costs its static key.  kvm_entry and kvm_exit, on every
 * round trip, are off by default (as in Linux) and on for a guest with
 * trace=1; kvm_entry reuses the timestamp its caller already took.
 */
#ifndef ENTRY_TRACE_H
#define ENTRY_TRACE_H

#include <entry/percpu.h>
#include <entry/context_tracking.h>
#include <entry/vtime.h>

enum trace_type {
	TRACE_NONE,
	TRACE_IRQ_DISABLE, /* a0: -, a1: caller ip */
	TRACE_IRQ_ENABLE,
	TRACE_KVM_ENTRY, /* a0: vcpu, a1: rip */
	TRACE_KVM_EXIT, /* a0: reason, a1: rip, a2: info1, a3: info2 */
	TRACE_IRQ_HANDLER_ENTRY, /* a0: vector */
	TRACE_IRQ_HANDLER_EXIT, /* a0: vector, a1: handled */
	TRACE_NMI_HANDLER, /* a1: handler, a2: delta cycles, a3: handled */
	TRACE_SOFTIRQ_RAISE, /* a0: nr */
	TRACE_SOFTIRQ_ENTRY,
	TRACE_SOFTIRQ_EXIT,
	TRACE_SCHED_SWITCH, /* a1: prev name, a2: next name */
	TRACE_USER_ENTER, /* context tracking, a0: state */
	TRACE_USER_EXIT,
	TRACE_NR_TYPES,
};

#define TRACE_BIT(type) (1u << (type))
#define TRACE_DEFAULT_MASK                                                  \
	(TRACE_BIT(TRACE_IRQ_HANDLER_ENTRY) |                               \
	 TRACE_BIT(TRACE_IRQ_HANDLER_EXIT) | TRACE_BIT(TRACE_NMI_HANDLER) | \
	 TRACE_BIT(TRACE_SOFTIRQ_ENTRY) | TRACE_BIT(TRACE_SOFTIRQ_EXIT) |   \
	 TRACE_BIT(TRACE_SCHED_SWITCH))

static __always_inline bool trace_enabled(enum trace_type type)
{
	return this_cpu()->trace_mask & TRACE_BIT(type);
}

void trace_set_enabled(enum trace_type type, bool on);
void trace_reset(void);

/* Reserve the next slot: one XADD on the 16-bit byte offset. */
static __always_inline struct trace_event *trace_reserve(struct entry_cpu *c)
{
	unsigned long off = sizeof(struct trace_event);

	/* XADDW leaves bits 63:16 of the register as they were: zero */
	__asm__ __volatile__("xaddw %w0, %1" : "+r"(off), "+m"(c->trace_off));
	return (struct trace_event *)((char *)this_cpu_trace_ring() + off);
}

#if LIMINAL_DEBUG
void trace_check_rcu(const char *tracepoint);
#define TRACE_CHECK_RCU(name) trace_check_rcu(name)
#else
#define TRACE_CHECK_RCU(name) ((void)0)
#endif

/* Out of line, gated by trace_mask. */
void trace_event_write(enum trace_type type, u32 a0, u64 a1, u64 a2, u64 a3);

/*
 * kvm_entry, with the entry's timestamp @ts (the run loop's clock read:
 * guest_timing_enter_irqoff()'s, or the fastpath's).
 */
static __always_inline void trace_kvm_entry(u32 vcpu_id, u64 rip, u64 ts)
{
#if LIMINAL_DISCIPLINE
	struct entry_cpu *c = this_cpu();
	struct trace_event *ev;

	/* as Linux's lockdep builds: checked even when disabled */
	TRACE_CHECK_RCU("kvm_entry");
	if (likely(!trace_enabled(TRACE_KVM_ENTRY)))
		return;
	ev = trace_reserve(c);
	ev->ts = ts;
	ev->type = TRACE_KVM_ENTRY;
	ev->a0 = vcpu_id;
	ev->a1 = rip;
#else
	(void)vcpu_id;
	(void)rip;
	(void)ts;
#endif
}

/* kvm_exit: its own clock read, stored as RDTSC left it (EDX:EAX). */
static __always_inline void trace_kvm_exit(u32 reason, u64 rip, u64 info1,
					   u64 info2)
{
#if LIMINAL_DISCIPLINE
	struct entry_cpu *c = this_cpu();
	struct trace_event *ev;

	/* as Linux's lockdep builds: checked even when disabled */
	TRACE_CHECK_RCU("kvm_exit");
	if (likely(!trace_enabled(TRACE_KVM_EXIT)))
		return;
	ev = trace_reserve(c);
	arch_rdtsc_lohi(&ev->ts_lo, &ev->ts_hi);
	ev->type = TRACE_KVM_EXIT;
	ev->a0 = reason;
	ev->a1 = rip;
	ev->a2 = info1;
	ev->a3 = info2;
#else
	(void)reason;
	(void)rip;
	(void)info1;
	(void)info2;
#endif
}

static __always_inline void trace_irq_handler_entry(u32 vector)
{
	trace_event_write(TRACE_IRQ_HANDLER_ENTRY, vector, 0, 0, 0);
}

static __always_inline void trace_irq_handler_exit(u32 vector, bool handled)
{
	trace_event_write(TRACE_IRQ_HANDLER_EXIT, vector, handled, 0, 0);
}

static __always_inline void trace_nmi_handler(unsigned long handler, u64 delta,
					      bool handled)
{
	trace_event_write(TRACE_NMI_HANDLER, 0, handler, delta, handled);
}

static __always_inline void trace_sched_switch(const char *prev,
					       const char *next)
{
	trace_event_write(TRACE_SCHED_SWITCH, 0, (unsigned long)prev,
			  (unsigned long)next, 0);
}

/*
 * The printer.  Lines look like trace-cmd report:
 *   "  liminal-0     [000]  1234.567890: kvm_exit:             reason CPUID
 *    rip 0x1000 info 0 0"
 * Exit reason names come from the callback the VMM registers.
 */
typedef const char *(*trace_exit_reason_fn)(u32 reason);
void trace_set_exit_reason_namer(trace_exit_reason_fn fn);

/* Format one event into buf (no newline); returns its length. */
int trace_format_event(const struct trace_event *ev, int cpu, char *buf,
		       size_t size);
/* Print the ring of a CPU, oldest event first; returns the event count. */
unsigned int trace_print(int cpu);
/* Visit the events of a CPU oldest first (tests, dumps). */
unsigned int trace_for_each(int cpu,
			    void (*fn)(const struct trace_event *ev, void *arg),
			    void *arg);
const char *trace_type_name(enum trace_type type);

#endif /* ENTRY_TRACE_H */
