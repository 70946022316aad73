// SPDX-License-Identifier: GPL-2.0
/*
 * The trace ring and its trace-cmd style printer.
 */
#include <string.h>

#include "harness.h"

static const char *exit_name(u32 reason)
{
	return reason == TEST_EXIT_CPUID ? "CPUID" : NULL;
}

static void test_kvm_exit_format(void **state)
{
	struct trace_event ev = { .ts = 1234567890000ull,
				  .type = TRACE_KVM_EXIT,
				  .a0 = TEST_EXIT_CPUID,
				  .a1 = 0x1000 };
	char line[160];

	(void)state;
	entry_set_tsc_khz(1000000); /* 1 GHz: cycles / 1000 = us */
	trace_set_exit_reason_namer(exit_name);
	trace_format_event(&ev, 0, line, sizeof(line));
	assert_string_equal(line,
			    "  liminal-0     [000]  1234.567890: "
			    "kvm_exit:             reason CPUID rip 0x1000 "
			    "info 0 0");
	trace_set_exit_reason_namer(NULL);
	ev.a2 = 0xabc;
	ev.a3 = 7;
	trace_format_event(&ev, 0, line, sizeof(line));
	assert_non_null(strstr(line, "kvm_exit:             reason 0x72 rip "
				     "0x1000 info abc 7"));
}

static void test_kvm_entry_format_and_timestamp(void **state)
{
	const struct trace_event *ev;
	char line[160];
	u64 ts;

	(void)state;
	sim_irqs_on();
	trace_reset();
	local_irq_disable();
	guest_timing_enter_irqoff();
	ts = this_cpu()->vtime_stamp;
	trace_kvm_entry(3, 0x1000, ts); /* off by default: not recorded */
	trace_set_enabled(TRACE_KVM_ENTRY, true);
	trace_kvm_entry(3, 0x2000, ts);
	trace_set_enabled(TRACE_KVM_ENTRY, false);
	guest_timing_exit_irqoff();
	local_irq_enable();
	ev = &this_cpu_trace_ring()[0];
	assert_int_equal(ev->type, TRACE_KVM_ENTRY);
	assert_int_equal(ev->ts, ts); /* shared with the time accounting */
	trace_format_event(ev, 0, line, sizeof(line));
	assert_non_null(strstr(line, "] "));
	assert_non_null(
		strstr(line, "kvm_entry:            vcpu 3, rip 0x2000"));
	assert_no_violation();
}

static void test_round_trip_trace(void **state)
{
	unsigned int n;

	(void)state;
	trace_set_exit_reason_namer(exit_name);
	sim_irqs_on();
	trace_reset();
	trace_set_enabled(TRACE_KVM_ENTRY, true);
	trace_set_enabled(TRACE_KVM_EXIT, true);
	assert_int_equal(sim_vcpu_run(2), 0);
	capture_reset();
	n = trace_print(0);
	assert_int_equal(n, 4);
	assert_int_equal(capture_count(), 4);
	assert_non_null(strstr(capture_line(0), "kvm_entry:"));
	assert_non_null(strstr(capture_line(1), "kvm_exit:             reason "
						"CPUID rip 0x1000 info 0 0"));
	assert_non_null(strstr(capture_line(2), "kvm_entry:"));
	assert_non_null(strstr(capture_line(3), "kvm_exit:"));
	assert_no_violation();
}

static u32 seen[TRACE_RING_EVENTS + 1];
static unsigned int seen_n;
static void collect(const struct trace_event *ev, void *arg)
{
	(void)arg;
	if (seen_n < TRACE_RING_EVENTS + 1)
		seen[seen_n] = ev->a0;
	seen_n++;
}

static void test_ring_wraps(void **state)
{
	unsigned int i, extra = 76;

	(void)state;
	sim_irqs_on();
	trace_reset();
	for (i = 0; i < TRACE_RING_EVENTS + extra; i++)
		trace_irq_handler_entry(i);
	seen_n = 0;
	assert_int_equal(trace_for_each(0, collect, NULL), TRACE_RING_EVENTS);
	assert_int_equal(seen_n, TRACE_RING_EVENTS);
	for (i = 0; i < TRACE_RING_EVENTS; i++)
		assert_int_equal(seen[i], extra + i); /* oldest first */
}

static void test_irq_enable_disable_pairs(void **state)
{
	const struct trace_event *ring = this_cpu_trace_ring();
	unsigned int i, n;

	(void)state;
	trace_set_enabled(TRACE_IRQ_ENABLE, true);
	trace_set_enabled(TRACE_IRQ_DISABLE, true);
	trace_reset();
	sim_irqs_on(); /* enable */
	local_irq_disable(); /* disable */
	local_irq_disable(); /* already off: no event */
	local_irq_enable(); /* enable */
	sim_vcpu_run(1); /* off, on (guest), off (exit), on, off, on */
	for (n = 0; ring[n].type != TRACE_NONE; n++)
		;
	assert_true(n >= 7);
	for (i = 0; i < n; i++) {
		if (ring[i].type != TRACE_IRQ_ENABLE &&
		    ring[i].type != TRACE_IRQ_DISABLE)
			continue;
		/* strictly alternating, starting with enable */
		if (i == 0)
			assert_int_equal(ring[i].type, TRACE_IRQ_ENABLE);
	}
	{
		int last = TRACE_IRQ_DISABLE;

		for (i = 0; i < n; i++) {
			if (ring[i].type != TRACE_IRQ_ENABLE &&
			    ring[i].type != TRACE_IRQ_DISABLE)
				continue;
			assert_int_not_equal(ring[i].type, last);
			last = ring[i].type;
		}
	}
	assert_no_violation();
}

static void test_disabled_tracepoint_records_nothing(void **state)
{
	(void)state;
	trace_reset();
	trace_set_enabled(TRACE_IRQ_HANDLER_ENTRY, false);
	trace_irq_handler_entry(1);
	assert_int_equal(this_cpu_trace_ring()[0].type, TRACE_NONE);
	trace_set_enabled(TRACE_IRQ_HANDLER_ENTRY, true);
	trace_irq_handler_entry(1);
	assert_int_equal(this_cpu_trace_ring()[0].type,
			 TRACE_IRQ_HANDLER_ENTRY);
}

static void task_fn(struct sched_task *t)
{
	(void)t;
}

static void test_other_events_format(void **state)
{
	static struct sched_task t = SCHED_TASK_INIT(task_fn, "worker");

	(void)state;
	sim_irqs_on();
	trace_reset();
	sched_wakeup(&t);
	schedule();
	raise_softirq(TIMER_SOFTIRQ);
	fake_irq(0x20, false);
	fake_nmi();
	capture_reset();
	trace_print(0);
	assert_true(capture_contains(
		"sched_switch:         prev_comm=liminal ==> next_comm=worker"));
	assert_true(capture_contains("prev_comm=worker ==> next_comm=liminal"));
	assert_true(capture_contains("irq_handler_entry:    irq=32"));
	assert_true(
		capture_contains("irq_handler_exit:     irq=32 ret=handled"));
	assert_true(
		capture_contains("softirq_entry:        vec=1 [action=TIMER]"));
	assert_true(
		capture_contains("softirq_exit:         vec=1 [action=TIMER]"));
	assert_true(capture_contains("nmi_handler:          handler=0x"));
	assert_no_violation();
}

static void test_user_enter_exit_events(void **state)
{
	(void)state;
	trace_set_enabled(TRACE_USER_ENTER, true);
	trace_set_enabled(TRACE_USER_EXIT, true);
	sim_irqs_on();
	trace_reset();
	sim_go_to_user();
	sim_return_from_user();
	capture_reset();
	assert_int_equal(trace_print(0), 2);
	assert_non_null(
		strstr(capture_line(0), "user_enter:           state=2"));
	assert_non_null(
		strstr(capture_line(1), "user_exit:            state=2"));
	assert_no_violation();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) ENTRY_TEST(f)
		T(test_kvm_exit_format),
		T(test_kvm_entry_format_and_timestamp),
		T(test_round_trip_trace),
		T(test_ring_wraps),
		T(test_irq_enable_disable_pairs),
		T(test_disabled_tracepoint_records_nothing),
		T(test_other_events_format),
		T(test_user_enter_exit_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
