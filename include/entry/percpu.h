/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU state of the entry discipline.
 *
 * Every piece of mutable entry state (context tracking, the lockdep view of
 * the IRQ flag, the preemption count, the trace ring, time accounting, the
 * "current task" work flags, the scheduler and the debug checks) lives in one
 * struct entry_cpu per CPU, reached through this_cpu().  The VMM runs on one
 * CPU for now (LIMINAL_NR_CPUS == 1, smp_processor_id() == 0), so this_cpu()
 * is the address of a global: every field is one RIP-relative operand away,
 * which is what keeps the guest-boundary hot path to a few instructions.
 *
 * LIMINAL_NR_CPUS is a build parameter.  Above 1, smp_processor_id() is the
 * platform's arch_smp_processor_id(): the host unit tests' seam picks a
 * simulated CPU (tests/unit/seam/arch/platform.h), so entry/ runs there
 * with several CPUs' state and a test can be "on" any of them; the VMM's
 * platform has no such function yet -- the SMP bring-up gives it one that
 * reads a per-CPU base (GS) -- so a VMM built with more than one CPU fails
 * to compile instead of running every CPU on CPU 0's state.  Other CPUs'
 * state is reached with per_cpu_ptr() only, by code that says which of
 * their fields it may read (RCU reads their context-tracking word).
 *
 * Fields touched on every VM-exit round trip come first.
 */
#ifndef ENTRY_PERCPU_H
#define ENTRY_PERCPU_H

#include <liminal/compiler.h>
#include <liminal/types.h>

#ifndef LIMINAL_DEBUG
#define LIMINAL_DEBUG 0
#endif
#ifndef LIMINAL_DISCIPLINE
#define LIMINAL_DISCIPLINE 1
#endif

#ifndef LIMINAL_NR_CPUS
#define LIMINAL_NR_CPUS 1
#endif
/* cpu masks are one unsigned long (include/entry/smp.h) */
_Static_assert(LIMINAL_NR_CPUS >= 1 && LIMINAL_NR_CPUS <= 64,
	       "LIMINAL_NR_CPUS: 1 to 64");
#define ENTRY_MAX_RULES 32 /* room for enum entry_rule (check.h) */

/* Time-accounting buckets (entry/vtime.c). */
enum vtime_bucket {
	VTIME_HOST,
	VTIME_GUEST,
	VTIME_IDLE,
	VTIME_HARDIRQ,
	VTIME_SOFTIRQ,
	VTIME_NMI,
	VTIME_NR_BUCKETS,
};

/*
 * One trace event: 64 bytes, so that a 16-bit byte offset into a ring of
 * TRACE_RING_EVENTS events wraps by itself (see trace_reserve()).
 */
struct trace_event {
	union {
		u64 ts;
		struct {
			u32 ts_lo,
				ts_hi; /* rdtsc's EAX and EDX, stored as is */
		};
	};
	u32 type;
	u32 a0;
	u64 a1, a2, a3;
	u64 pad[3];
};
_Static_assert(sizeof(struct trace_event) == 64, "trace_event size");

#define TRACE_RING_EVENTS 1024
_Static_assert(TRACE_RING_EVENTS * sizeof(struct trace_event) == 65536,
	       "the ring offset is a u16 that wraps by itself");

/* Linux's struct callback_head (task work). */
struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
};

/* A run-to-completion housekeeping task (entry/sched.c). */
struct sched_task {
	struct sched_task *next;
	void (*fn)(struct sched_task *task);
	const char *name;
	bool queued;
	u64 runs;
};

/* Linux's struct rcu_head is its struct callback_head. */
#define rcu_head callback_head

/* A list of RCU callbacks in queueing order (entry/rcu.c). */
struct rcu_cblist {
	struct callback_head *head, *tail;
};

/*
 * RCU's per-CPU data (Linux's struct rcu_data, entry/rcu.c).  The callback
 * lists belong to the CPU (IRQs off); the grace-period fields and the
 * counters are written by the grace-period CPU under rcu_state's lock.
 */
struct rcu_data {
	/* this CPU's callbacks, by what they wait for */
	struct rcu_cblist next; /* not yet given a grace period */
	struct rcu_cblist wait; /* wait for gp_seq to reach wait_seq */
	unsigned long wait_seq;
	struct rcu_cblist done; /* grace period over: run by RCU_SOFTIRQ */
	/* the current grace period's view of this CPU */
	unsigned long watching_snap; /* ct_state at the grace period's start */
	unsigned long kicked_gp; /* gp_seq of the last kick, or 0 */
	unsigned long stall_gp; /* gp_seq of the last stall report, or 0 */
	/* quiescent states reported for this CPU, per cause */
	u64 qs_eqs_snap; /* in an EQS at the snapshot */
	u64 qs_watching; /* ct word changed since the snapshot */
	u64 qs_tick; /* its tick (or IPI) found it in host context */
	u64 qs_kicked; /* either of the last two, after a kick */
	u64 kicks; /* reschedule IPIs RCU sent it */
	u64 stalls; /* stall reports naming it */
	u64 cbs_queued, cbs_invoked;
};

/* Debug-build check state (entry/check.c). */
struct entry_violation_info {
	const char *rule;
	const char *transition;
	unsigned int ct_state;
	unsigned long ct_watching;
	unsigned int preempt_count;
	bool hardirqs_enabled;
	bool irqs_disabled;
};

struct entry_check_cpu {
	bool lockdep_prepared; /* lockdep_hardirqs_on_prepare() done */
	bool trace_prepared; /* trace_hardirqs_on_prepare() done */
	unsigned int guest_timing; /* inside guest_timing_enter/exit */
	unsigned long violations;
	unsigned long rule_count[ENTRY_MAX_RULES]; /* per enum entry_rule */
	/* debug builds only: guest entry leaves RCU watching (no EQS), for
	 * the negative test of the RCU demonstration (ct_debug_guest_eqs()) */
	bool no_guest_eqs;
	struct entry_violation_info last;
};

struct entry_stats {
	u64 irqs;
	u64 nmis;
	u64 nested_nmis;
	u64 softirqs;
	u64 schedules;
	u64 switches;
	u64 ticks;
	u64 slices;
	u64 resched_ipis; /* reschedule IPIs sent to this CPU */
};

struct entry_cpu {
	/* ---- hot: every guest entry/exit ---- */
	unsigned long ti_flags; /* work flags of the current task (_TIF_*) */
	/* context tracking: CT_STATE_MASK state | RCU watching counter */
	unsigned long ct_state;
	unsigned int preempt_count;
	u8 hardirqs_enabled; /* lockdep's view of the IRQ flag */
	u8 tracing_irq_cpu; /* irq_disable traced, irq_enable not yet */
	u8 vtime_base; /* VTIME_HOST, VTIME_GUEST or VTIME_IDLE */
	u8 pad0;
	unsigned int trace_mask; /* enabled tracepoints, BIT(trace type) */
	u16 trace_off; /* byte offset of the next slot in trace_ring */
	u16 pad1[3];
	u64 vtime_stamp; /* TSC read by guest_timing_enter (kvm_entry) */
	u64 vtime_acc[VTIME_NR_BUCKETS]; /* see vtime.h */
	u64 vtime_epoch; /* TSC at vtime_reset() */

	/* ---- context tracking nesting (Linux's ct->nesting/nmi_nesting) ---- */
	long ct_nesting;
	long ct_nmi_nesting;

	/* ---- softirqs ---- */
	unsigned int softirq_pending;

	/* ---- scheduler ---- */
	struct sched_task *runq_head, *runq_tail;
	struct callback_head *task_works;
	struct sched_task *curr_task; /* running housekeeping task or NULL */
	u64 slice_ticks;

	struct rcu_data rcu;
	struct entry_stats stats;
	struct entry_check_cpu check;
};

/*
 * The per-CPU data.  entry_cpu_data is statically initialised to the boot
 * state (kernel context, RCU watching, IRQs off); the trace rings are a
 * separate zeroed array so that 64 KiB of events stay in .bss.
 */
/* Hidden: one RIP-relative operand, never a GOT load, under -fpic. */
#define __entry_hidden __attribute__((__visibility__("hidden")))
extern struct entry_cpu entry_cpu_data[LIMINAL_NR_CPUS] __entry_hidden;
extern struct trace_event entry_trace_ring[LIMINAL_NR_CPUS]
					  [TRACE_RING_EVENTS] __entry_hidden;

#if LIMINAL_NR_CPUS == 1
static __always_inline int smp_processor_id(void)
{
	return 0;
}
#else
#include <arch/platform.h>

static __always_inline int smp_processor_id(void)
{
	return arch_smp_processor_id(); /* the platform's: see above */
}
#endif

static __always_inline struct entry_cpu *this_cpu(void)
{
	return &entry_cpu_data[smp_processor_id()];
}

static __always_inline struct entry_cpu *per_cpu_ptr(int cpu)
{
	return &entry_cpu_data[cpu];
}

static __always_inline struct trace_event *this_cpu_trace_ring(void)
{
	return entry_trace_ring[smp_processor_id()];
}

/*
 * Single-instruction read-modify-write of a per-CPU word: atomic against an
 * NMI on this CPU (it cannot split one instruction), no LOCK prefix needed.
 */
static __always_inline void this_cpu_add_u64(u64 *p, u64 v)
{
	__asm__ __volatile__("addq %1, %0" : "+m"(*p) : "er"(v));
}

static __always_inline void this_cpu_add_ulong(unsigned long *p,
					       unsigned long v)
{
	this_cpu_add_u64((u64 *)p, v);
}

static __always_inline void this_cpu_sub_u64(u64 *p, u64 v)
{
	__asm__ __volatile__("subq %1, %0" : "+m"(*p) : "er"(v));
}

void entry_init(void);
void entry_dump_cpu_stats(void);

#endif /* ENTRY_PERCPU_H */
