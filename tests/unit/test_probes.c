// SPDX-License-Identifier: GPL-2.0
/*
 * Injection at every step of every sequence, through the probe points
 * (entry_probe()) at each step boundary:
 *  - a full simulated NMI at probe k, for every k: the NMI must leave every
 *    counter and flag as it found it (ct state, RCU watching, nesting,
 *    preempt count, lockdep and tracing views, check state) and cause no
 *    violation, and the sequence must still end in its normal state;
 *  - the same inside an NMI (nested NMI at every step of NMI entry/exit);
 *  - an IRQ raised at probe k: where IF=0 (between "entered the kernel" and
 *    "left CONTEXT_USER/GUEST", and the reverse) it is held off until the
 *    next IRQ window, and it always runs in CONTEXT_KERNEL (or IDLE) with
 *    RCU watching: the offstack property, no exception_enter/exit needed.
 */
#include <stdio.h>

#include "harness.h"

struct sequence {
	const char *name;
	void (*setup)(void);
	void (*run)(void);
};

/* ---- the sequences ---- */

static void setup_irqs_on(void)
{
	sim_irqs_on();
}

static void window_irq(void)
{
	fake_raise_irq(0x21); /* held until the IRQ window */
}

static void run_guest(void)
{
	sim_guest_hook = window_irq;
	sim_vcpu_run(1);
}

static void run_guest_combined(void)
{
	sim_use_combined_names = true;
	sim_vcpu_run(1);
}

static void guest_nmi(void)
{
	fake_nmi();
}

static void run_guest_nmi_exit(void)
{
	sim_guest_hook =
		guest_nmi; /* VMX: NMI exit handled before state exit */
	sim_vcpu_run(1);
}

static void vmx_irq(void)
{
	fake_irq(0x22, false);
}

static void run_guest_vmx_irq(void)
{
	sim_exit_irqoff_hook = vmx_irq;
	sim_vcpu_run(1);
}

static struct callback_head exit_work;
static void exit_work_fn(struct callback_head *cb)
{
	(void)cb;
}

static void setup_user(void)
{
	sim_irqs_on();
	task_work_add(&exit_work, exit_work_fn);
	sim_go_to_user();
}

static void run_syscall(void)
{
	sim_syscall();
}

static void run_irq_from_user(void)
{
	fake_irq(0x20, true);
}

static void softirq_fn(void)
{
}

static void task_fn(struct sched_task *t)
{
	(void)t;
}

static struct sched_task probe_task = SCHED_TASK_INIT(task_fn, "probe");

static void busy_handler(u32 vector)
{
	if (vector == 0x20) {
		raise_softirq(TIMER_SOFTIRQ);
		sched_wakeup(&probe_task);
	}
}

static void run_irq_kernel_on(void)
{
	open_softirq(TIMER_SOFTIRQ, softirq_fn);
	fake_irq_handler = busy_handler;
	fake_irq(0x20, false);
}

static void run_irq_kernel_off(void)
{
	local_irq_disable();
	fake_irq(0x20, false);
	local_irq_enable();
}

static void wake(void)
{
	fake_raise_irq(0x20);
}

static void run_idle(void)
{
	fake_halt_hook = wake;
	local_irq_disable();
	default_idle_call();
}

static void run_nmi(void)
{
	fake_nmi();
}

static void run_nmi_in_user(void)
{
	fake_nmi();
}

static const struct sequence sequences[] = {
	{ "guest round trip", setup_irqs_on, run_guest },
	{ "guest round trip, combined names", setup_irqs_on,
	  run_guest_combined },
	{ "guest with NMI exit", setup_irqs_on, run_guest_nmi_exit },
	{ "guest with VMX-style IRQ exit", setup_irqs_on, run_guest_vmx_irq },
	{ "syscall with exit work", setup_user, run_syscall },
	{ "IRQ from user", setup_user, run_irq_from_user },
	{ "IRQ from kernel, IRQs on", setup_irqs_on, run_irq_kernel_on },
	{ "IRQ from kernel, IRQs off", setup_irqs_on, run_irq_kernel_off },
	{ "idle", setup_irqs_on, run_idle },
	{ "NMI from kernel", setup_irqs_on, run_nmi },
	{ "NMI from user", setup_user, run_nmi_in_user },
};

/* ---- the injector ---- */

enum inject_kind { INJECT_NMI, INJECT_IRQ };

static enum inject_kind inject_kind;
static int probe_target, probe_hits, injections;
static bool injecting;
static const char *seq_name;
static bool irq_held_expected;
static bool irq_bad_context;

static void check_irq_context(u32 vector)
{
	unsigned int ct = ct_state();

	(void)vector;
	if (!rcu_is_watching() || (ct != CONTEXT_KERNEL && ct != CONTEXT_IDLE))
		irq_bad_context = true;
}

static void inject_hook(enum entry_probe probe)
{
	struct entry_state_snap before, after;
	char what[160];
	unsigned int ct;

	if (injecting || probe_hits++ != probe_target)
		return;
	injecting = true;
	injections++;
	snprintf(what, sizeof(what), "%s, %s at probe %d (%s)", seq_name,
		 inject_kind == INJECT_NMI ? "NMI" : "IRQ", probe_target,
		 entry_probe_name(probe));
	if (inject_kind == INJECT_NMI) {
		ct = ct_state();
		snap_take(&before);
		fake_nmi();
		snap_take(&after);
		snap_assert_equal(&before, &after, what);
		if (fake_last_nmi_ct_state != ct)
			fail_msg("%s: NMI saw ct %u, not %u", what,
				 fake_last_nmi_ct_state, ct);
	} else {
		bool was_off = !fake_if;
		unsigned int taken = fake_irqs_taken();

		fake_raise_irq(0x23);
		irq_held_expected = was_off;
		if (was_off && fake_irqs_taken() != taken)
			fail_msg("%s: IRQ taken with IF=0", what);
	}
	if (entry_violations())
		fail_msg("%s: violation %s in %s", what,
			 entry_last_violation()->rule,
			 entry_last_violation()->transition);
	injecting = false;
}

static void run_sequence(const struct sequence *s, int target)
{
	void *unused = NULL;

	entry_test_setup(&unused);
	if (inject_kind == INJECT_IRQ)
		fake_irq_handler = check_irq_context;
	s->setup();
	seq_name = s->name;
	probe_target = target;
	probe_hits = 0;
	injections = 0;
	injecting = false;
	irq_bad_context = false;
	entry_probe_hook = inject_hook;
	s->run();
	entry_probe_hook = NULL;
}

static void inject_everywhere(enum inject_kind kind, int *total)
{
	unsigned int i;

	inject_kind = kind;
	for (i = 0; i < sizeof(sequences) / sizeof(sequences[0]); i++) {
		const struct sequence *s = &sequences[i];
		struct entry_state_snap ref, got;
		int n, k;

		run_sequence(s, -1);
		n = probe_hits;
		snap_take(&ref);
		assert_no_violation();
		if (n == 0)
			fail_msg("%s: no probe points", s->name);
		for (k = 0; k < n; k++) {
			run_sequence(s, k);
			if (injections != 1)
				fail_msg("%s: probe %d not reached", s->name,
					 k);
			if (irq_bad_context)
				fail_msg("%s: IRQ at probe %d ran outside "
					 "kernel/idle context or without RCU",
					 s->name, k);
			assert_no_violation();
			if (kind == INJECT_IRQ && fake_pending_irqs())
				fail_msg("%s: IRQ at probe %d never taken",
					 s->name, k);
			snap_take(&got);
			/* an IRQ may have rescheduled: compare the state only */
			snap_assert_equal(&ref, &got, s->name);
		}
		*total += n;
	}
}

static void test_nmi_at_every_step(void **state)
{
	int total = 0;

	(void)state;
	inject_everywhere(INJECT_NMI, &total);
	print_message("NMI injected at %d step boundaries\n", total);
	assert_true(total > 100);
}

static void test_irq_at_every_step(void **state)
{
	int total = 0;

	(void)state;
	inject_everywhere(INJECT_IRQ, &total);
	print_message("IRQ raised at %d step boundaries\n", total);
	assert_true(total > 100);
}

/* Every probe point is reached by some sequence. */
static bool probe_seen[ENTRY_NR_PROBES];
static void coverage_hook(enum entry_probe probe)
{
	probe_seen[probe] = true;
}

static void test_probe_coverage(void **state)
{
	unsigned int i;
	int p;

	(void)state;
	for (i = 0; i < sizeof(sequences) / sizeof(sequences[0]); i++) {
		void *unused = NULL;

		entry_test_setup(&unused);
		sequences[i].setup();
		entry_probe_hook = coverage_hook;
		sequences[i].run();
		entry_probe_hook = NULL;
	}
	for (p = 0; p < ENTRY_NR_PROBES; p++)
		if (!probe_seen[p])
			fail_msg("probe %s never reached", entry_probe_name(p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) ENTRY_TEST(f)
		T(test_nmi_at_every_step),
		T(test_irq_at_every_step),
		T(test_probe_coverage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
