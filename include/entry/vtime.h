/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time accounting (vtime): host, guest, idle, hardirq, softirq and NMI time
 * per CPU, in TSC cycles.
 *
 * Every accounting point reads the clock once and charges the time since the
 * previous point to the bucket the CPU was in:
 *
 *	prev = xchg(&vtime_last, now);  acc[bucket] += now - prev;
 *
 * Both are single instructions, so an NMI that accounts in between cannot
 * lose or double-count time: the deltas always telescope, and the buckets sum
 * to the time elapsed.  The bucket comes from the preemption count, as
 * Linux's irqtime does (NMI > hardirq > serving softirq), else from the base
 * context (vtime_base: host, guest or idle), which guest_timing_*_irqoff()
 * and the idle loop switch.
 */
#ifndef ENTRY_VTIME_H
#define ENTRY_VTIME_H

#include <entry/percpu.h>
#include <entry/preempt.h>

#ifdef LIMINAL_HOST_TEST
u64 fake_arch_rdtsc(void);
#endif

/* Read the TSC (a fake clock that advances on each read in host tests). */
static __always_inline u64 entry_clock(void)
{
#ifdef LIMINAL_HOST_TEST
	return fake_arch_rdtsc();
#else
	u64 lo, hi; /* RDTSC zeroes bits 63:32 of both */

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (hi << 32) | lo;
#endif
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

static __always_inline void vtime_account(struct entry_cpu *c,
					  enum vtime_bucket bucket, u64 now)
{
	u64 prev = this_cpu_xchg_u64(&c->vtime_last, now);

	this_cpu_add_u64(&c->vtime_acc[bucket], now - prev);
}

/* Charge the time up to now to the bucket the CPU is in right now. */
static __always_inline void vtime_account_now(struct entry_cpu *c)
{
	vtime_account(c, vtime_bucket_of(c->preempt_count, c->vtime_base),
		      entry_clock());
}

/* Host -> guest: the hot path knows it comes from host task context. */
static __always_inline void vtime_account_guest_enter(struct entry_cpu *c)
{
	vtime_account(c, VTIME_HOST, entry_clock());
	WRITE_ONCE(c->vtime_base, VTIME_GUEST);
}

static __always_inline void vtime_account_guest_exit(struct entry_cpu *c)
{
	vtime_account(c, VTIME_GUEST, entry_clock());
	WRITE_ONCE(c->vtime_base, VTIME_HOST);
}

/* Switch the base context (idle), charging what came before. */
static __always_inline void vtime_set_base(struct entry_cpu *c,
					   enum vtime_bucket base)
{
	vtime_account_now(c);
	WRITE_ONCE(c->vtime_base, base);
}

/* Accounted time of a CPU, flushed up to now. */
struct vtime_times {
	u64 cycles[VTIME_NR_BUCKETS];
	u64 total;
};

void vtime_read(int cpu, struct vtime_times *t);
void vtime_reset(void);
const char *vtime_bucket_name(enum vtime_bucket bucket);

/* The host tells entry/ the TSC frequency (for microseconds). */
void entry_set_tsc_khz(u64 khz);
u64 entry_tsc_khz(void);
u64 entry_cycles_to_us(u64 cycles);

#endif /* ENTRY_VTIME_H */
