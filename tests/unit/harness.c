// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of the entry unit tests (see harness.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define CAPTURE_MAX 4096
#define CAPTURE_LINE 200

static char capture_buf[CAPTURE_MAX][CAPTURE_LINE];
static unsigned int capture_n;
static bool capture_echo_on;

static void capture_sink(const char *line)
{
	if (capture_echo_on || getenv("ENTRY_TEST_VERBOSE"))
		printf("%s\n", line);
	if (capture_n < CAPTURE_MAX)
		snprintf(capture_buf[capture_n++], CAPTURE_LINE, "%s", line);
}

unsigned int capture_count(void)
{
	return capture_n;
}

const char *capture_line(unsigned int i)
{
	return i < capture_n ? capture_buf[i] : "";
}

bool capture_contains(const char *needle)
{
	unsigned int i;

	for (i = 0; i < capture_n; i++)
		if (strstr(capture_buf[i], needle))
			return true;
	return false;
}

void capture_reset(void)
{
	capture_n = 0;
}

void capture_echo(bool on)
{
	capture_echo_on = on;
}

void (*sim_guest_hook)(void);
void (*sim_exit_irqoff_hook)(void);
bool sim_use_combined_names;

int entry_test_setup(void **state)
{
	(void)state;
	fake_arch_reset();
	for (int cpu = 1; cpu < LIMINAL_NR_CPUS; cpu++)
		set_cpu_online(cpu, false);
	smp_set_send_reschedule(NULL);
	entry_init();
	rcu_init();
	entry_check_reset();
	entry_probe_hook = NULL;
	entry_output_sink = capture_sink;
	capture_reset();
	capture_echo(false);
	entry_set_tsc_khz(TEST_TSC_KHZ);
	trace_set_exit_reason_namer(NULL);
	sim_guest_hook = NULL;
	sim_exit_irqoff_hook = NULL;
	sim_use_combined_names = false;
	vtime_reset();
	return 0;
}

int entry_test_teardown(void **state)
{
	(void)state;
	entry_probe_hook = NULL;
	return 0;
}

void snap_take(struct entry_state_snap *s)
{
	const struct entry_cpu *c = this_cpu();

	s->ct_bits = c->ct_state & (CT_STATE_MASK | CT_RCU_WATCHING);
	s->ct_nmi_nesting = c->ct_nmi_nesting;
	s->preempt_count = c->preempt_count;
	s->hardirqs_enabled = c->hardirqs_enabled;
	s->tracing_irq_cpu = c->tracing_irq_cpu;
	s->vtime_base = c->vtime_base;
	s->lockdep_prepared = c->check.lockdep_prepared;
	s->trace_prepared = c->check.trace_prepared;
	s->fake_if = fake_if;
	s->violations = entry_violations();
}

#define SNAP_FIELD(f)                                                    \
	do {                                                             \
		if (a->f != b->f)                                        \
			fail_msg("%s: %s changed: %ld -> %ld", what, #f, \
				 (long)a->f, (long)b->f);                \
	} while (0)

void snap_assert_equal(const struct entry_state_snap *a,
		       const struct entry_state_snap *b, const char *what)
{
	SNAP_FIELD(ct_bits);
	SNAP_FIELD(ct_nmi_nesting);
	SNAP_FIELD(preempt_count);
	SNAP_FIELD(hardirqs_enabled);
	SNAP_FIELD(tracing_irq_cpu);
	SNAP_FIELD(vtime_base);
	SNAP_FIELD(lockdep_prepared);
	SNAP_FIELD(trace_prepared);
	SNAP_FIELD(fake_if);
	SNAP_FIELD(violations);
}

void assert_no_violation_at(const char *file, int line)
{
	const struct entry_violation_info *v = entry_last_violation();

	if (entry_violations())
		fail_msg("%s:%d: %lu violation(s), last: rule %s in %s", file,
			 line, entry_violations(), v->rule, v->transition);
}

void assert_violation(enum entry_rule rule)
{
	if (!entry_violation_count(rule)) {
		const struct entry_violation_info *v = entry_last_violation();

		fail_msg("rule %s not reported (%lu others, last %s in %s)",
			 entry_rule_name(rule), entry_violations(),
			 v ? v->rule : "-", v ? v->transition : "-");
	}
}

/*
 * The older combined names, as Linux 5.9-5.17 defined them: timing +
 * context only.  Like their users there (kvm_guest_enter_irqoff()), the
 * caller does the tracing/lockdep steps around them:
 *	trace_hardirqs_on_prepare(); lockdep_hardirqs_on_prepare();
 *	guest_enter_irqoff(); lockdep_hardirqs_on(ip);
 * and
 *	lockdep_hardirqs_off(ip); guest_exit_irqoff();
 *	trace_hardirqs_off_finish();
 * The VMM uses the split guest_timing_*()/guest_state_*() of
 * include/entry/kvm.h; the tests check that the old order keeps the rules
 * too (sim_use_combined_names).
 */
static void guest_enter_irqoff(void)
{
	guest_timing_enter_irqoff();
	guest_context_enter_irqoff();
}

static void guest_exit_irqoff(void)
{
	guest_context_exit_irqoff();
	guest_timing_exit_irqoff();
}

/* The noinstr part of a vendor run: state enter, the guest, state exit. */
static void sim_vendor_run(void)
{
	if (sim_use_combined_names) {
		/* kvm_guest_enter_irqoff() of Linux 5.9-5.17 */
		trace_hardirqs_on_prepare();
		lockdep_hardirqs_on_prepare();
		guest_enter_irqoff();
		lockdep_hardirqs_on(_RET_IP_);
	} else {
		guest_state_enter_irqoff();
	}
	if (sim_guest_hook)
		sim_guest_hook();
	else
		fake_tsc_advance(1000);
	if (sim_use_combined_names) {
		lockdep_hardirqs_off(_RET_IP_);
		guest_exit_irqoff();
		trace_hardirqs_off_finish();
	} else {
		guest_state_exit_irqoff();
	}
}

int sim_vcpu_enter_guest(void)
{
	preempt_disable();
	local_irq_disable();
	if (xfer_to_guest_mode_work_pending()) {
		local_irq_enable();
		preempt_enable();
		return 0;
	}
	if (!sim_use_combined_names)
		guest_timing_enter_irqoff();
	trace_kvm_entry(0, TEST_RIP, entry_clock());
	sim_vendor_run();
	trace_kvm_exit(TEST_EXIT_CPUID, TEST_RIP, 0, 0);
	if (sim_exit_irqoff_hook)
		sim_exit_irqoff_hook();
	/* the window where pending host IRQs are taken */
	local_irq_enable();
	local_irq_disable();
	if (!sim_use_combined_names)
		guest_timing_exit_irqoff();
	local_irq_enable();
	preempt_enable();
	return 1;
}

int sim_vcpu_run(int n)
{
	struct entry_snapshot snap;
	int i, r;

	entry_check_snapshot(&snap);
	for (i = 0; i < n; i++) {
		if (__xfer_to_guest_mode_work_pending()) {
			r = xfer_to_guest_mode_handle_work();
			if (r)
				return r;
		}
		sim_vcpu_enter_guest();
		entry_check_balanced(&snap, "vcpu_run");
	}
	return 0;
}

void sim_irqs_on(void)
{
	local_irq_enable();
}

void sim_go_to_user(void)
{
	local_irq_disable();
	exit_to_user_mode();
	fake_return_to_user(); /* IRET/SYSRET */
}

void sim_return_from_user(void)
{
	struct pt_regs regs = { .cs = FAKE_USER_CS, .rflags = X86_EFLAGS_IF };

	fake_if = false; /* SYSCALL (FMASK) */
	enter_from_user_mode(&regs);
	local_irq_enable();
}

void sim_syscall(void)
{
	struct pt_regs regs = { .cs = FAKE_USER_CS, .rflags = X86_EFLAGS_IF };

	fake_if = false;
	syscall_enter_from_user_mode(&regs, 0);
	fake_tsc_advance(100);
	syscall_exit_to_user_mode(&regs);
	fake_return_to_user();
}
