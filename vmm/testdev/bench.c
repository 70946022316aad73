// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark statistics of the test device (HC_BENCH_REPORT): pure C,
 * unit-tested on the host (tests/vmm/test_bench.c).
 */
#include <vmm/bench.h>

static const char *const bench_names[BENCH_NR] = {
	[BENCH_EMPTY] = "empty",
	[BENCH_CPUID] = "cpuid",
	[BENCH_VMMCALL] = "vmmcall",
	[BENCH_PORT_OUT] = "port_out",
	[BENCH_PORT_IN] = "port_in",
	[BENCH_MMIO_READ] = "mmio_read",
	[BENCH_MMIO_WRITE] = "mmio_write",
	[BENCH_MSR_READ] = "msr_read",
	[BENCH_HLT] = "hlt",
};

const char *bench_type_name(unsigned int type)
{
	return type < BENCH_NR ? bench_names[type] : NULL;
}

/* Move a[i] down the max-heap of the first n elements. */
static void sift_down(u64 *a, u32 i, u32 n)
{
	for (;;) {
		u32 child = 2 * i + 1;
		u64 tmp;

		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[i] >= a[child])
			return;
		tmp = a[i];
		a[i] = a[child];
		a[child] = tmp;
		i = child;
	}
}

void bench_sort(u64 *a, u32 n)
{
	for (u32 i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (u32 end = n; end-- > 1;) {
		u64 tmp = a[0];

		a[0] = a[end];
		a[end] = tmp;
		sift_down(a, 0, end);
	}
}

u32 bench_run_end(const u64 *sorted, u32 n, u32 i)
{
	u32 end = i + 1;

	while (end < n && sorted[end] == sorted[i])
		end++;
	return end;
}

void bench_stats_compute(u64 *samples, u32 n, struct bench_stats *st)
{
	u32 rank;

	*st = (struct bench_stats){ .samples = n };
	if (!n)
		return;
	bench_sort(samples, n);
	/* nearest rank: ceil(0.99 n), in integers */
	rank = (u32)(((u64)n * 99 + 99) / 100);
	st->min = samples[0];
	st->median = samples[(n - 1) / 2];
	st->p99 = samples[rank - 1];
	st->max = samples[n - 1];
}
