// SPDX-License-Identifier: GPL-2.0
/*
 * Time accounting: reading the buckets, the TSC frequency.
 */
#include <entry/vtime.h>

static u64 entry_tsc_khz_value;

static const char *const vtime_bucket_names[VTIME_NR_BUCKETS] = {
	[VTIME_HOST] = "host",	     [VTIME_GUEST] = "guest",
	[VTIME_IDLE] = "idle",	     [VTIME_HARDIRQ] = "hardirq",
	[VTIME_SOFTIRQ] = "softirq", [VTIME_NMI] = "nmi",
};

const char *vtime_bucket_name(enum vtime_bucket bucket)
{
	if ((unsigned int)bucket >= VTIME_NR_BUCKETS)
		return "?";
	return vtime_bucket_names[bucket];
}

/*
 * Snapshot the buckets of a CPU.  For the calling CPU the time up to now is
 * charged first, so the buckets add up to the time since vtime_reset().
 */
void vtime_read(int cpu, struct vtime_times *t)
{
	const struct entry_cpu *c = per_cpu_ptr(cpu);
	int b;

	if (cpu == smp_processor_id())
		vtime_account_now(this_cpu());
	t->total = 0;
	for (b = 0; b < VTIME_NR_BUCKETS; b++) {
		t->cycles[b] = READ_ONCE(c->vtime_acc[b]);
		t->total += t->cycles[b];
	}
}

void vtime_reset(void)
{
	struct entry_cpu *c = this_cpu();
	int b;

	for (b = 0; b < VTIME_NR_BUCKETS; b++)
		c->vtime_acc[b] = 0;
	c->vtime_last = entry_clock();
}

void entry_set_tsc_khz(u64 khz)
{
	entry_tsc_khz_value = khz;
}

u64 entry_tsc_khz(void)
{
	return entry_tsc_khz_value;
}

/* cycles * 1000 / khz without overflowing for any 64-bit count. */
u64 entry_cycles_to_us(u64 cycles)
{
	u64 khz = entry_tsc_khz_value;

	if (!khz)
		return 0;
	return cycles / khz * 1000 + cycles % khz * 1000 / khz;
}
