/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Round-trip benchmark statistics of the test device (vmm/testdev/bench.c).
 *
 * The benchmark guest times each exit type with RDTSC and hands the raw
 * deltas over with HC_BENCH_REPORT; the VMM sorts them outside any timed
 * region and prints one line per type:
 *
 *   liminal: bench <type> min=<n> median=<n> p99=<n> max=<n> samples=<n> unit=tsc
 *
 * median is the lower median (element (n-1)/2 of the sorted samples), p99
 * the nearest-rank 99th percentile (element ceil(0.99 n) - 1).
 *
 * Before those, when the guest reports a type, the whole distribution, run
 * length encoded (<value>x<count>, ascending), BENCH_RUNS_PER_LINE runs a
 * line, so a plot can show every outlier (scripts/plot_report.py):
 *
 *   liminal: bench-samples <type> <value>x<count> <value>x<count> ...
 */
#ifndef VMM_BENCH_H
#define VMM_BENCH_H

#include <liminal/types.h>
#include <vmm/guest_abi.h>

struct bench_stats {
	u64 min, median, p99, max;
	u32 samples;
};

/* Sorts @samples in place (heapsort: no allocation, no recursion). */
void bench_sort(u64 *samples, u32 n);
#define BENCH_RUNS_PER_LINE 16

/* Sorts, then fills @st; n == 0 gives all zeros. */
void bench_stats_compute(u64 *samples, u32 n, struct bench_stats *st);
/* End of the run of equal values starting at @i of @sorted (i < n). */
u32 bench_run_end(const u64 *sorted, u32 n, u32 i);
/* "cpuid", "vmmcall", ... for BENCH_* types; NULL when out of range. */
const char *bench_type_name(unsigned int type);

#endif /* VMM_BENCH_H */
