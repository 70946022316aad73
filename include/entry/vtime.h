/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time accounting (vtime): host, guest, idle, hardirq, softirq and NMI time
 * per CPU, in TSC cycles.
 *
 * Every accounting point reads the clock once and moves the CPU from one
 * bucket to another:
 *
 *	acc[from] += now;  acc[to] -= now;
 *
 * so the bucket the CPU is in holds "-start" until it is left.  Each update
 * is one ADD/SUB to memory, which an NMI cannot split, and additions
 * commute: whatever an NMI does in between (it switches to VTIME_NMI and
 * back the same way), the buckets plus "now" for the open one always sum to
 * the time since vtime_reset().  An NMI that lands between the two updates
 * of a switch charges its own duration to NMI and shifts that much from the
 * old bucket to the new one; the total stays exact.
 *
 * The bucket comes from the preemption count, as Linux's irqtime does
 * (NMI > hardirq > serving softirq), else from the base context
 * (vtime_base: host, guest or idle), which guest_timing_*_irqoff() and the
 * idle loop switch.
 */
#ifndef ENTRY_VTIME_H
#define ENTRY_VTIME_H

#include <arch/platform.h>
#include <entry/percpu.h>
#include <entry/preempt.h>

/* The platform's TSC (a fake clock that advances on each read in tests). */
static __always_inline u64 entry_clock(void)
{
	return arch_rdtsc();
}

static __always_inline enum vtime_bucket vtime_bucket_of(unsigned int pc,
							 unsigned int base)
{
	if (pc & NMI_MASK)
		return VTIME_NMI;
	if (pc & HARDIRQ_MASK)
		return VTIME_HARDIRQ;
	if (pc & SOFTIRQ_OFFSET)
		return VTIME_SOFTIRQ;
	return (enum vtime_bucket)base;
}

static __always_inline void vtime_switch(struct entry_cpu *c,
					 enum vtime_bucket from,
					 enum vtime_bucket to, u64 now)
{
	this_cpu_add_u64(&c->vtime_acc[from], now);
	this_cpu_sub_u64(&c->vtime_acc[to], now);
}

/* The bucket of the current context (preemption count + base). */
static __always_inline enum vtime_bucket vtime_current(struct entry_cpu *c)
{
	return vtime_bucket_of(READ_ONCE(c->preempt_count),
			       READ_ONCE(c->vtime_base));
}

/*
 * Switch from the current bucket to the one a preemption count change to
 * new_pc will give (irq_enter_rcu, irq_exit_rcu, softirqs): call it right
 * before changing the count.
 */
static __always_inline void vtime_switch_pc(struct entry_cpu *c,
					    unsigned int new_pc)
{
	vtime_switch(c, vtime_current(c),
		     vtime_bucket_of(new_pc, READ_ONCE(c->vtime_base)),
		     entry_clock());
}

/*
 * Host -> guest: the hot path knows it comes from host task context.  The
 * clock read is kept in vtime_stamp for the kvm_entry event that follows.
 */
static __always_inline void vtime_account_guest_enter(struct entry_cpu *c)
{
	u64 now = entry_clock();

	vtime_switch(c, VTIME_HOST, VTIME_GUEST, now);
	WRITE_ONCE(c->vtime_base, VTIME_GUEST);
	c->vtime_stamp = now;
}

static __always_inline void vtime_account_guest_exit(struct entry_cpu *c)
{
	vtime_switch(c, VTIME_GUEST, VTIME_HOST, entry_clock());
	WRITE_ONCE(c->vtime_base, VTIME_HOST);
}

/* Switch the base context (idle <-> host) from task context. */
static __always_inline void vtime_set_base(struct entry_cpu *c,
					   enum vtime_bucket base)
{
	unsigned int pc = READ_ONCE(c->preempt_count);

	vtime_switch(c, vtime_bucket_of(pc, c->vtime_base),
		     vtime_bucket_of(pc, base), entry_clock());
	WRITE_ONCE(c->vtime_base, base);
}

/* Accounted time of a CPU, flushed up to now. */
struct vtime_times {
	u64 cycles[VTIME_NR_BUCKETS];
	u64 total; /* sum of cycles[] */
	u64 now; /* clock at the read */
	u64 epoch; /* clock at vtime_reset()/entry_init() */
};

void vtime_read(int cpu, struct vtime_times *t);
void vtime_reset(void);
const char *vtime_bucket_name(enum vtime_bucket bucket);

/* The host tells entry/ the TSC frequency (for microseconds). */
void entry_set_tsc_khz(u64 khz);
u64 entry_tsc_khz(void);
u64 entry_cycles_to_us(u64 cycles);

#endif /* ENTRY_VTIME_H */
