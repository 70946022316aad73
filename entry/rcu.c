// SPDX-License-Identifier: GPL-2.0
/*
 * RCU whose grace periods read the context-tracking word of every CPU
 * (include/entry/rcu.h; docs/rcu.md).  After Linux's kernel/rcu/tree.c,
 * in miniature: one grace-period CPU instead of a kthread and a tree of
 * nodes, a CPU mask instead of the tree's qsmask fields.
 *
 * A grace period, on the grace-period CPU's ticks (rcu_sched_clock_irq()):
 *  1) start (rcu_gp_init(), Linux's rcu_gp_init() and
 *     rcu_watching_snap_save()): gp_seq moves to "in progress" with a full
 *     barrier after it; then each online CPU's context-tracking word is
 *     read with acquire and kept as its snapshot.  A CPU whose word says
 *     "RCU not watching" (idle or in a guest: an extended quiescent state,
 *     EQS) is quiescent already; every other CPU is a holdout, in qsmask.
 *  2) on every later tick, each holdout (rcu_gp_fqs(), Linux's
 *     force_qs_rnp() with rcu_watching_snap_recheck()):
 *     a) its word differs from the snapshot: it passed through an EQS
 *        (or an EQS ended) since, so every read-side critical section it
 *        had at the snapshot is over: quiescent;
 *     b) else it may report itself: its own tick, or a reschedule IPI,
 *        that interrupted host code outside any read-side critical
 *        section, or a context switch (rcu_report_qs());
 *     c) else, once the grace period is kick_ticks old, it is sent one
 *        reschedule IPI (Linux's resched_cpu()): an interrupt makes a CPU
 *        in a guest exit (its word changes) and lets a CPU in the host
 *        report from the IPI's handler;
 *     d) once it is stall_ticks old, it is reported as a stall, by CPU,
 *        with its context-tracking state (Linux's print_other_cpu_stall()).
 *  3) end (rcu_gp_cleanup()): qsmask empty: a full barrier, then gp_seq
 *     moves to "done".  Each CPU's tick then moves its callbacks whose
 *     grace period is done to its done list and raises RCU_SOFTIRQ, which
 *     runs them.
 *
 * The orderings, and why (docs/rcu.md, "Orderings"):
 *  - a CPU updates its own word with one fully ordered RMW (ct_state_inc(),
 *    LOCK ADD with more than one CPU): its read-side accesses before
 *    entering an EQS are ordered before the word's new value, and the
 *    word's new value before its accesses after leaving it;
 *  - the grace-period side reads other CPUs' words with acquire, after the
 *    full barrier of step 1 (the updater's stores, e.g. the unpublished
 *    pointer, are ordered before the reads), and ends with a full barrier
 *    before gp_seq says "done" (every quiescent state seen is ordered
 *    before the callbacks that the new gp_seq releases);
 *  - a CPU reads gp_seq with acquire before it runs callbacks.
 *
 * State shared between CPUs is under rcu_state.lock (IRQs off, never from
 * NMI context); the callback lists are their CPU's own (IRQs off).
 */
#include <arch/atomic.h>
#include <entry/common.h>
#include <entry/output.h>
#include <entry/rcu.h>
#include <entry/sched.h>
#include <entry/smp.h>
#include <entry/spinlock.h>

/*
 * Linux's rcu_seq (kernel/rcu/rcu.h): the low two bits say whether a grace
 * period is in progress, the rest count them, so "the grace period that
 * must end for a callback queued now" is a number that can be compared.
 */
#define RCU_SEQ_CTR_SHIFT 2
#define RCU_SEQ_STATE_MASK ((1ul << RCU_SEQ_CTR_SHIFT) - 1)
#define ULONG_CMP_GE(a, b) ((long)((a) - (b)) >= 0)
#define ULONG_CMP_LT(a, b) ((long)((a) - (b)) < 0)

static struct rcu_state {
	raw_spinlock_t lock;
	unsigned long gp_seq;
	unsigned long gp_seq_needed; /* the furthest gp_seq a CPU waits for */
	unsigned long qsmask; /* holdouts of the grace period in progress */
	unsigned long ticks; /* the grace-period CPU's ticks */
	unsigned long gp_start; /* ticks at the start of this period */
	int gp_cpu;
	unsigned long kick_ticks, stall_ticks;
	u64 completed, stalls;
} rcu_state = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED,
	.kick_ticks = RCU_KICK_TICKS_DEFAULT,
	.stall_ticks = RCU_STALL_TICKS_DEFAULT,
};

static void rcu_core(void);

void rcu_init(void)
{
	int cpu;

	rcu_state = (struct rcu_state){
		.lock = __RAW_SPIN_LOCK_UNLOCKED,
		.kick_ticks = RCU_KICK_TICKS_DEFAULT,
		.stall_ticks = RCU_STALL_TICKS_DEFAULT,
	};
	for (cpu = 0; cpu < LIMINAL_NR_CPUS; cpu++)
		per_cpu_ptr(cpu)->rcu = (struct rcu_data){ 0 };
	rcu_cpu_starting();
}

void rcu_cpu_starting(void)
{
	open_softirq(RCU_SOFTIRQ, rcu_core);
}

void rcu_set_timeouts(unsigned long kick_ticks, unsigned long stall_ticks)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&rcu_state.lock, flags);
	rcu_state.kick_ticks = kick_ticks;
	rcu_state.stall_ticks = stall_ticks;
	raw_spin_unlock_irqrestore(&rcu_state.lock, flags);
}

void rcu_set_gp_cpu(int cpu)
{
	WRITE_ONCE(rcu_state.gp_cpu, cpu);
}

/* ---- grace-period numbers ---- */

static bool rcu_gp_in_progress(void)
{
	return READ_ONCE(rcu_state.gp_seq) & RCU_SEQ_STATE_MASK;
}

/* The gp_seq at which a grace period that starts after now has ended. */
static unsigned long rcu_seq_snap(void)
{
	smp_mb(); /* the caller's accesses before the read of gp_seq */
	return (READ_ONCE(rcu_state.gp_seq) + 2 * RCU_SEQ_STATE_MASK + 1) &
	       ~RCU_SEQ_STATE_MASK;
}

/* Has gp_seq reached @s?  Acquire: pairs with rcu_seq_end()'s barrier. */
static bool rcu_seq_done(unsigned long s)
{
	return ULONG_CMP_GE(smp_load_acquire(&rcu_state.gp_seq), s);
}

/* Ask for the grace period that ends at @s (under the lock). */
static void __rcu_need_gp(unsigned long s)
{
	if (ULONG_CMP_LT(rcu_state.gp_seq_needed, s))
		rcu_state.gp_seq_needed = s;
}

/* ---- callback lists (their CPU's, IRQs off) ---- */

static bool cblist_empty(const struct rcu_cblist *l)
{
	return !l->head;
}

static void cblist_splice(struct rcu_cblist *to, struct rcu_cblist *from)
{
	if (cblist_empty(from))
		return;
	if (to->tail)
		to->tail->next = from->head;
	else
		to->head = from->head;
	to->tail = from->tail;
	*from = (struct rcu_cblist){ NULL, NULL };
}

/*
 * Give the callbacks queued since the last time a grace period to wait
 * for (Linux's rcu_accelerate_cbs()): the one that starts after now.  The
 * wait list holds one such number, so callbacks that need a later one stay
 * in next until the wait list is done.
 */
static void rcu_accelerate_cbs(struct rcu_data *rdp)
{
	unsigned long s;

	if (cblist_empty(&rdp->next))
		return;
	s = rcu_seq_snap();
	if (!cblist_empty(&rdp->wait) && rdp->wait_seq != s)
		return;
	rdp->wait_seq = s;
	cblist_splice(&rdp->wait, &rdp->next);
	raw_spin_lock(&rcu_state.lock);
	__rcu_need_gp(s);
	raw_spin_unlock(&rcu_state.lock);
}

/* Callbacks whose grace period ended go to done (rcu_advance_cbs()). */
static void rcu_advance_cbs(struct rcu_data *rdp)
{
	if (!cblist_empty(&rdp->wait) && rcu_seq_done(rdp->wait_seq))
		cblist_splice(&rdp->done, &rdp->wait);
	rcu_accelerate_cbs(rdp);
	if (!cblist_empty(&rdp->done))
		raise_softirq_irqoff(RCU_SOFTIRQ);
}

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	struct rcu_data *rdp;
	unsigned long flags;

	head->func = func;
	head->next = NULL;
	local_irq_save(flags);
	rdp = &this_cpu()->rcu;
	rdp->cbs_queued++;
	cblist_splice(&rdp->next,
		      &(struct rcu_cblist){ .head = head, .tail = head });
	rcu_accelerate_cbs(rdp);
	local_irq_restore(flags);
}

/* RCU_SOFTIRQ: run this CPU's done callbacks, each once, IRQs on. */
static void rcu_core(void)
{
	struct rcu_data *rdp = &this_cpu()->rcu;
	struct callback_head *cb, *next;
	unsigned long flags;

	local_irq_save(flags);
	cb = rdp->done.head;
	rdp->done = (struct rcu_cblist){ NULL, NULL };
	local_irq_restore(flags);
	for (; cb; cb = next) {
		next = cb->next;
		cb->next = NULL;
		cb->func(cb);
		rdp->cbs_invoked++;
	}
}

/* ---- waiting for a grace period ---- */

unsigned long get_state_synchronize_rcu(void)
{
	return rcu_seq_snap();
}

unsigned long start_poll_synchronize_rcu(void)
{
	unsigned long s = rcu_seq_snap();
	unsigned long flags;

	raw_spin_lock_irqsave(&rcu_state.lock, flags);
	__rcu_need_gp(s);
	raw_spin_unlock_irqrestore(&rcu_state.lock, flags);
	return s;
}

bool poll_state_synchronize_rcu(unsigned long cookie)
{
	if (!rcu_seq_done(cookie))
		return false;
	smp_mb(); /* the grace period before the caller's frees */
	return true;
}

/*
 * Task context, IRQs on, outside any read-side critical section: idle
 * (halt until the next interrupt) until a grace period that starts after
 * now has ended.  The ticks drive it, this CPU's included.
 */
void synchronize_rcu(void)
{
	unsigned long cookie;

	ENTRY_CHECK(!preempt_count() && !irqs_disabled(),
		    ENTRY_RULE_SCHED_ATOMIC, "synchronize_rcu");
	cookie = start_poll_synchronize_rcu();
	while (!poll_state_synchronize_rcu(cookie)) {
		local_irq_disable();
		default_idle_call(); /* returns with IRQs on */
	}
}

/* Linux's cond_synchronize_rcu(): wait only if no full grace period passed. */
void cond_synchronize_rcu(unsigned long cookie)
{
	if (!poll_state_synchronize_rcu(cookie))
		synchronize_rcu();
}

/* ---- quiescent states ---- */

static void rcu_count_qs(struct rcu_data *rdp, u64 *cause)
{
	if (rdp->kicked_gp == rcu_state.gp_seq)
		rdp->qs_kicked++;
	else
		(*cause)++;
}

/* @cpu is quiescent for the grace period in progress (under the lock). */
static void __rcu_report_qs(int cpu, u64 *cause)
{
	unsigned long bit = 1ul << cpu;

	if (!rcu_gp_in_progress() || !(rcu_state.qsmask & bit))
		return;
	WRITE_ONCE(rcu_state.qsmask, rcu_state.qsmask & ~bit);
	rcu_count_qs(&per_cpu_ptr(cpu)->rcu, cause);
}

/* This CPU is outside any read-side critical section (any context). */
static void rcu_report_qs(void)
{
	struct rcu_data *rdp = &this_cpu()->rcu;
	unsigned long flags;

	if (!(READ_ONCE(rcu_state.qsmask) >> smp_processor_id() & 1))
		return; /* nothing to report: the common case, no lock */
	raw_spin_lock_irqsave(&rcu_state.lock, flags);
	__rcu_report_qs(smp_processor_id(), &rdp->qs_tick);
	raw_spin_unlock_irqrestore(&rcu_state.lock, flags);
}

/*
 * Linux's rcu_is_cpu_rrupt_from_idle(): this interrupt came straight from
 * the idle EQS (it made RCU watch: nesting 1).
 */
static bool rcu_is_cpu_rrupt_from_idle(void)
{
	return __ct_state() == CONTEXT_IDLE &&
	       READ_ONCE(this_cpu()->ct_nmi_nesting) == 1;
}

/*
 * From a hardirq handler: the interrupted code held no read-side critical
 * section if the preemption count is the handler's own HARDIRQ_OFFSET
 * (Linux's rcu_flavor_sched_clock_irq() without PREEMPT_RCU), or if it was
 * the idle loop.
 */
void rcu_sched_clock_irq_qs(void)
{
	if (preempt_count() == HARDIRQ_OFFSET || rcu_is_cpu_rrupt_from_idle())
		rcu_report_qs();
}

void rcu_note_context_switch(void)
{
	rcu_report_qs();
}

/* ---- the grace-period CPU's steps ---- */

/* Linux's ct_rcu_watching_cpu_acquire(): another CPU's word, acquire. */
static unsigned long ct_watching_cpu_acquire(int cpu)
{
	return smp_load_acquire(&per_cpu_ptr(cpu)->ct_state);
}

/* Step 1 (under the lock): start a grace period, snapshot every word. */
static void rcu_gp_init(void)
{
	unsigned long mask = 0;
	int cpu;

	WRITE_ONCE(rcu_state.gp_seq, rcu_state.gp_seq + 1);
	smp_mb(); /* Linux's rcu_seq_start(): the updates before the reads */
	rcu_state.gp_start = rcu_state.ticks;
	for_each_online_cpu(cpu)
	{
		struct rcu_data *rdp = &per_cpu_ptr(cpu)->rcu;
		unsigned long snap = ct_watching_cpu_acquire(cpu);

		rdp->watching_snap = snap;
		if (!(snap & CT_RCU_WATCHING))
			rdp->qs_eqs_snap++; /* in an EQS: quiescent now */
		else
			mask |= 1ul << cpu;
	}
	WRITE_ONCE(rcu_state.qsmask, mask);
}

/* Step 3 (under the lock). */
static void rcu_gp_cleanup(void)
{
	smp_mb(); /* Linux's rcu_seq_end(): the quiescent states first */
	WRITE_ONCE(rcu_state.gp_seq,
		   (rcu_state.gp_seq | RCU_SEQ_STATE_MASK) + 1);
	rcu_state.completed++;
}

static void rcu_gp_start_if_needed(void)
{
	raw_spin_lock(&rcu_state.lock);
	rcu_state.ticks++;
	if (!rcu_gp_in_progress() &&
	    ULONG_CMP_LT(rcu_state.gp_seq, rcu_state.gp_seq_needed))
		rcu_gp_init();
	raw_spin_unlock(&rcu_state.lock);
}

/* Step 2 for one holdout (under the lock); sets its bit in kick/stall. */
static void rcu_check_holdout(int cpu, unsigned long age, unsigned long *kick,
			      unsigned long *stall)
{
	struct rcu_data *rdp = &per_cpu_ptr(cpu)->rcu;
	unsigned long gp = rcu_state.gp_seq;

	if (ct_watching_cpu_acquire(cpu) != rdp->watching_snap) {
		__rcu_report_qs(cpu, &rdp->qs_watching);
		return;
	}
	if (cpu != smp_processor_id() && age >= rcu_state.kick_ticks &&
	    rdp->kicked_gp != gp) {
		rdp->kicked_gp = gp;
		rdp->kicks++;
		*kick |= 1ul << cpu;
	}
	if (age >= rcu_state.stall_ticks && rdp->stall_gp != gp) {
		rdp->stall_gp = gp;
		rdp->stalls++;
		rcu_state.stalls++;
		*stall |= 1ul << cpu;
	}
}

/* Steps 2 and 3; the kicks and reports are made after the lock. */
static void rcu_gp_fqs(unsigned long *kick, unsigned long *stall)
{
	unsigned long age;
	int cpu;

	raw_spin_lock(&rcu_state.lock);
	if (!rcu_gp_in_progress()) {
		raw_spin_unlock(&rcu_state.lock);
		return;
	}
	age = rcu_state.ticks - rcu_state.gp_start;
	for_each_online_cpu(cpu) if (rcu_state.qsmask >> cpu & 1)
		rcu_check_holdout(cpu, age, kick, stall);
	if (!rcu_state.qsmask)
		rcu_gp_cleanup();
	raw_spin_unlock(&rcu_state.lock);
}

static const char *const ct_state_names[] = {
	[CONTEXT_KERNEL] = "kernel",
	[CONTEXT_IDLE] = "idle",
	[CONTEXT_USER] = "user",
	[CONTEXT_GUEST] = "guest",
};

/* Linux's print_other_cpu_stall(), for one CPU, without the lock. */
static void rcu_print_stall(int cpu)
{
	const struct entry_cpu *c = per_cpu_ptr(cpu);
	unsigned long word = READ_ONCE(c->ct_state);

	entry_printf(
		"rcu: INFO: CPU %d stalls grace period %lu for %lu ticks:"
		" ct %s, rcu %s (counter %lu, nmi-nesting %ld), preempt "
		"0x%x, %s",
		cpu, (READ_ONCE(rcu_state.gp_seq) >> RCU_SEQ_CTR_SHIFT) + 1,
		READ_ONCE(rcu_state.ticks) - READ_ONCE(rcu_state.gp_start),
		ct_state_names[word & CT_STATE_MASK],
		word & CT_RCU_WATCHING ? "watching" : "not watching",
		word >> CT_STATE_WIDTH, READ_ONCE(c->ct_nmi_nesting),
		READ_ONCE(c->preempt_count),
		READ_ONCE(c->rcu.kicked_gp) == READ_ONCE(rcu_state.gp_seq) ?
			"kicked" :
			"not kicked");
}

/*
 * Every CPU's tick, hardirq context: the grace-period CPU starts a grace
 * period if one is needed, this CPU reports a quiescent state if it is in
 * one, the grace-period CPU checks the holdouts and ends the period, and
 * this CPU's callbacks advance.  The order lets a lone CPU start and end a
 * grace period in one tick that interrupted host code outside any
 * read-side critical section.
 */
void rcu_sched_clock_irq(void)
{
	bool gp_cpu = smp_processor_id() == READ_ONCE(rcu_state.gp_cpu);
	unsigned long kick = 0, stall = 0;
	int cpu;

	lockdep_assert_irqs_disabled();
	if (gp_cpu)
		rcu_gp_start_if_needed();
	rcu_sched_clock_irq_qs();
	if (gp_cpu)
		rcu_gp_fqs(&kick, &stall);
	for_each_online_cpu(cpu)
	{
		if (stall >> cpu & 1)
			rcu_print_stall(cpu);
		if (kick >> cpu & 1)
			smp_send_reschedule(cpu);
	}
	rcu_advance_cbs(&this_cpu()->rcu);
}

void rcu_gp_info(struct rcu_gp_info *info)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&rcu_state.lock, flags);
	info->gp_seq = rcu_state.gp_seq;
	info->in_progress = rcu_gp_in_progress();
	info->qsmask = rcu_state.qsmask;
	info->ticks = rcu_state.ticks;
	info->completed = rcu_state.completed;
	info->stalls = rcu_state.stalls;
	raw_spin_unlock_irqrestore(&rcu_state.lock, flags);
}

void rcu_dump_cpu_stats(int cpu)
{
	const struct rcu_data *rdp = &per_cpu_ptr(cpu)->rcu;

	if (cpu == READ_ONCE(rcu_state.gp_cpu))
		entry_printf("cpu%d: rcu grace-periods %llu stalls %llu "
			     "(grace-period cpu)",
			     cpu, (unsigned long long)rcu_state.completed,
			     (unsigned long long)rcu_state.stalls);
	entry_printf("cpu%d: rcu qs eqs-at-snapshot %llu word-changed %llu "
		     "tick %llu forced-kick %llu kicks %llu stalls %llu "
		     "callbacks %llu/%llu",
		     cpu, (unsigned long long)rdp->qs_eqs_snap,
		     (unsigned long long)rdp->qs_watching,
		     (unsigned long long)rdp->qs_tick,
		     (unsigned long long)rdp->qs_kicked,
		     (unsigned long long)rdp->kicks,
		     (unsigned long long)rdp->stalls,
		     (unsigned long long)rdp->cbs_invoked,
		     (unsigned long long)rdp->cbs_queued);
}
