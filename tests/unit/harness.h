/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the entry unit tests: per-test reset, output capture,
 * state snapshots, and the simulated sequences (a vCPU round trip, a
 * syscall, the idle loop) that the tests drive entry/ through.
 */
#ifndef TESTS_UNIT_HARNESS_H
#define TESTS_UNIT_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_arch.h"
#include "user_mode.h"
#include <entry/kvm.h>
#include <entry/rcu.h>
#include <entry/sched.h>
#include <entry/smp.h>
#include <entry/output.h>
#include <liminal/errno.h>

#define TEST_TSC_KHZ 2000000 /* 2 GHz */
#define TEST_EXIT_CPUID 0x72
#define TEST_RIP 0x1000

/* cmocka setup: fake arch, entry state, checks, trace, output capture. */
int entry_test_setup(void **state);
int entry_test_teardown(void **state);
/* A test with that setup and teardown, for the cmocka tables. */
#define ENTRY_TEST(f)                                        \
	cmocka_unit_test_setup_teardown(f, entry_test_setup, \
					entry_test_teardown)

/* Output capture (entry_printf lines). */
unsigned int capture_count(void);
const char *capture_line(unsigned int i);
bool capture_contains(const char *needle);
void capture_reset(void);
void capture_echo(bool on);

/* Everything an NMI must leave as it found it. */
struct entry_state_snap {
	unsigned long ct_bits; /* context + watching bit */
	long ct_nmi_nesting;
	unsigned int preempt_count;
	u8 hardirqs_enabled, tracing_irq_cpu, vtime_base;
	bool lockdep_prepared, trace_prepared;
	bool fake_if;
	unsigned long violations;
};

void snap_take(struct entry_state_snap *s);
/* Fails the test (naming what) if a and b differ. */
void snap_assert_equal(const struct entry_state_snap *a,
		       const struct entry_state_snap *b, const char *what);

/* Fails the test, printing the last violation, if any was recorded. */
#define assert_no_violation() assert_no_violation_at(__FILE__, __LINE__)
void assert_no_violation_at(const char *file, int line);
/* Asserts the rule was violated at least once (and prints all). */
void assert_violation(enum entry_rule rule);

/*
 * The simulated vCPU (the order of Linux's vcpu_enter_guest(),
 * arch/x86/kvm/x86.c; docs/boundary.md).
 * sim_guest_hook runs "in the guest" (CONTEXT_GUEST, RCU not watching);
 * sim_exit_irqoff_hook runs after guest_state_exit_irqoff, IRQs off
 * (handle_exit_irqoff).  Returns 1 if the guest ran, 0 if pending work made
 * it back out before entry.
 */
extern void (*sim_guest_hook)(void);
extern void (*sim_exit_irqoff_hook)(void);
extern bool sim_use_combined_names;
int sim_vcpu_enter_guest(void);
/* The outer loop: up to n entries; returns 0 or -EINTR. */
int sim_vcpu_run(int n);

/* A syscall from user mode: enter, "work" with IRQs on, exit. */
void sim_syscall(void);
/* Start in user mode (ct USER, IRQs on in user, lockdep on). */
void sim_go_to_user(void);
void sim_return_from_user(void);

/* Host task context with IRQs enabled, as vmm_main runs. */
void sim_irqs_on(void);

#endif /* TESTS_UNIT_HARNESS_H */
