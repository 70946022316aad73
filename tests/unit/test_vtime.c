// SPDX-License-Identifier: GPL-2.0
/*
 * Time accounting: every cycle lands in exactly one bucket, nested contexts
 * (NMI in hardirq in guest timing, softirq, idle) are charged to the right
 * one, and the dump prints them.
 */
#include "harness.h"

/* Each context below spends a known time; clock reads add a little. */
#define SLACK 300

static u64 t_start;

static int setup(void **state)
{
	entry_test_setup(state);
	t_start = fake_tsc; /* vtime_reset() was the last clock read */
	return 0;
}

static void assert_near(u64 got, u64 want, const char *what)
{
	if (got < want || got > want + SLACK)
		fail_msg("%s: %llu cycles, expected %llu (+%d)", what,
			 (unsigned long long)got, (unsigned long long)want,
			 SLACK);
}

static void assert_sum_is_elapsed(const struct vtime_times *t)
{
	assert_int_equal(t->epoch, t_start);
	assert_int_equal(t->now, fake_tsc);
	assert_int_equal(t->total, t->now - t_start);
}

static void nmi_spends(void)
{
	fake_tsc_advance(700);
}

static void irq_spends(u32 vector)
{
	(void)vector;
	fake_tsc_advance(300);
	if (vector == 0x21) {
		fake_nmi_handler = nmi_spends;
		fake_nmi(); /* NMI in hardirq in guest timing */
	}
}

static void guest_spends(void)
{
	fake_tsc_advance(5000);
	fake_raise_irq(0x21); /* taken in the IRQ window, still guest timing */
}

static void test_guest_host_irq_nmi(void **state)
{
	struct vtime_times t;

	(void)state;
	sim_irqs_on();
	fake_tsc_advance(2000); /* host */
	fake_irq_handler = irq_spends;
	sim_guest_hook = guest_spends;
	sim_vcpu_enter_guest();
	fake_tsc_advance(1000); /* host */
	vtime_read(0, &t);
	assert_near(t.cycles[VTIME_HOST], 3000, "host");
	assert_near(t.cycles[VTIME_GUEST], 5000, "guest");
	assert_near(t.cycles[VTIME_HARDIRQ], 300, "hardirq");
	assert_near(t.cycles[VTIME_NMI], 700, "nmi");
	assert_int_equal(t.cycles[VTIME_IDLE], 0);
	assert_int_equal(t.cycles[VTIME_SOFTIRQ], 0);
	assert_sum_is_elapsed(&t);
	assert_no_violation();
}

static void softirq_spends(void)
{
	fake_tsc_advance(400);
}

static void raise_and_spend(u32 vector)
{
	(void)vector;
	fake_tsc_advance(100);
	raise_softirq(TIMER_SOFTIRQ);
}

static void test_softirq_time(void **state)
{
	struct vtime_times t;

	(void)state;
	open_softirq(TIMER_SOFTIRQ, softirq_spends);
	fake_irq_handler = raise_and_spend;
	sim_irqs_on();
	fake_irq(0x20, false);
	vtime_read(0, &t);
	assert_near(t.cycles[VTIME_SOFTIRQ], 400, "softirq");
	assert_near(t.cycles[VTIME_HARDIRQ], 100, "hardirq");
	assert_sum_is_elapsed(&t);
	assert_no_violation();
}

static void halt_spends(void)
{
	fake_tsc_advance(8000);
	fake_raise_irq(0x20);
}

static void test_idle_time(void **state)
{
	struct vtime_times t;

	(void)state;
	fake_halt_hook = halt_spends;
	fake_irq_handler = irq_spends;
	sim_irqs_on();
	local_irq_disable();
	default_idle_call();
	vtime_read(0, &t);
	assert_near(t.cycles[VTIME_IDLE], 8000, "idle");
	assert_near(t.cycles[VTIME_HARDIRQ], 300, "hardirq");
	assert_true(t.cycles[VTIME_HOST] < SLACK);
	assert_sum_is_elapsed(&t);
	assert_no_violation();
}

static void test_nmi_in_guest_not_guest_time(void **state)
{
	struct vtime_times t;

	(void)state;
	sim_irqs_on();
	fake_nmi_handler = nmi_spends;
	sim_guest_hook = fake_nmi;
	sim_vcpu_run(3);
	vtime_read(0, &t);
	assert_near(t.cycles[VTIME_NMI], 3 * 700, "nmi");
	assert_true(t.cycles[VTIME_GUEST] < 3 * 100);
	assert_sum_is_elapsed(&t);
	assert_no_violation();
}

static void test_cycles_to_us_and_dump(void **state)
{
	(void)state;
	entry_set_tsc_khz(2000000);
	assert_int_equal(entry_cycles_to_us(2000000), 1000);
	assert_int_equal(entry_cycles_to_us(~0ull),
			 ~0ull / 2000000 * 1000 +
				 ~0ull % 2000000 * 1000 / 2000000);
	sim_irqs_on();
	fake_irq(0x20, false);
	fake_nmi();
	capture_reset();
	entry_dump_cpu_stats();
	assert_true(capture_contains("cpu0: irqs 1 nmis 1 nested-nmis 0"));
	assert_true(capture_contains("cpu0: time guest"));
	assert_true(capture_contains("cpu0: time nmi"));
	assert_true(capture_contains("violations 0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, entry_test_teardown)
		T(test_guest_host_irq_nmi),
		T(test_softirq_time),
		T(test_idle_time),
		T(test_nmi_in_guest_not_guest_time),
		T(test_cycles_to_us_and_dump),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
