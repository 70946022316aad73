// SPDX-License-Identifier: GPL-2.0
/* Benchmark statistics (vmm/testdev/bench.c): sorting, min/median/p99/max. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <vmm/bench.h>

static void test_sort(void **state)
{
	u64 a[257];
	unsigned int seed = 12345;

	(void)state;
	for (unsigned int i = 0; i < 257; i++) {
		seed = seed * 1103515245u + 12345u;
		a[i] = (seed >> 8) % 100; /* many duplicates */
	}
	bench_sort(a, 257);
	for (unsigned int i = 1; i < 257; i++)
		assert_true(a[i - 1] <= a[i]);
	bench_sort(a, 0); /* no-op */
	bench_sort(a, 1);
}

static void test_stats_1_to_100(void **state)
{
	u64 a[100];
	struct bench_stats st;

	(void)state;
	/* 100..1 reversed: sorted it is 1..100 */
	for (unsigned int i = 0; i < 100; i++)
		a[i] = 100 - i;
	bench_stats_compute(a, 100, &st);
	assert_int_equal(st.samples, 100);
	assert_int_equal(st.min, 1);
	assert_int_equal(st.median, 50); /* lower median */
	assert_int_equal(st.p99, 99); /* nearest rank: ceil(99) */
	assert_int_equal(st.max, 100);
}

static void test_stats_odd_and_outlier(void **state)
{
	u64 a[1000];
	struct bench_stats st;

	(void)state;
	for (unsigned int i = 0; i < 1000; i++)
		a[i] = 80;
	a[17] = 1000000; /* one INTR exit in the middle of a sample */
	a[500] = 79;
	bench_stats_compute(a, 1000, &st);
	assert_int_equal(st.min, 79);
	assert_int_equal(st.median, 80);
	assert_int_equal(st.p99, 80); /* one outlier is not the 99th pct */
	assert_int_equal(st.max, 1000000);

	u64 b[3] = { 7, 3, 5 };
	bench_stats_compute(b, 3, &st);
	assert_int_equal(st.median, 5);
	assert_int_equal(st.p99, 7); /* ceil(2.97) = 3rd */
}

static void test_stats_edge(void **state)
{
	u64 one = 42;
	struct bench_stats st;

	(void)state;
	bench_stats_compute(&one, 1, &st);
	assert_int_equal(st.min, 42);
	assert_int_equal(st.median, 42);
	assert_int_equal(st.p99, 42);
	assert_int_equal(st.max, 42);
	bench_stats_compute(NULL, 0, &st);
	assert_int_equal(st.samples, 0);
	assert_int_equal(st.max, 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(bench_type_name(BENCH_EMPTY), "empty");
	assert_string_equal(bench_type_name(BENCH_CPUID), "cpuid");
	assert_string_equal(bench_type_name(BENCH_HLT), "hlt");
	assert_null(bench_type_name(BENCH_NR));
	for (unsigned int t = 0; t < BENCH_NR; t++)
		assert_non_null(bench_type_name(t));
}

/* The runs of the samples lines: every value once, counts that add up. */
static void test_run_end(void **state)
{
	u64 a[] = { 3, 3, 3, 5, 9, 9 };
	u32 ends[3], runs = 0;

	(void)state;
	for (u32 i = 0; i < 6 && runs < 3; i = ends[runs++])
		ends[runs] = bench_run_end(a, 6, i);
	assert_int_equal(runs, 3);
	assert_int_equal(ends[0], 3);
	assert_int_equal(ends[1], 4);
	assert_int_equal(ends[2], 6);
	assert_int_equal(bench_run_end(a, 1, 0), 1); /* stops at n */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_stats_1_to_100),
		cmocka_unit_test(test_stats_odd_and_outlier),
		cmocka_unit_test(test_stats_edge),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_run_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
