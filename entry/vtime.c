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
 * Snapshot the buckets of a CPU; the open one counts up to now, so they add
 * up to now - epoch.
 */
void vtime_read(int cpu, struct vtime_times *t)
{
	struct entry_cpu *c = per_cpu_ptr(cpu);
	enum vtime_bucket cur = vtime_current(c);
	int b;

	t->now = entry_clock();
	t->epoch = c->vtime_epoch;
	t->total = 0;
	for (b = 0; b < VTIME_NR_BUCKETS; b++) {
		t->cycles[b] = READ_ONCE(c->vtime_acc[b]);
		if (b == (int)cur)
			t->cycles[b] += t->now; /* close the open interval */
		t->total += t->cycles[b];
	}
}

/* Start over: every bucket 0, the current one open from now. */
void vtime_reset(void)
{
	struct entry_cpu *c = this_cpu();
	u64 now = entry_clock();
	int b;

	for (b = 0; b < VTIME_NR_BUCKETS; b++)
		c->vtime_acc[b] = 0;
	c->vtime_epoch = now;
	this_cpu_sub_u64(&c->vtime_acc[vtime_current(c)], now);
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
