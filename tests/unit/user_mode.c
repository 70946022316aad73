// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall-like transitions to and from user mode (Linux's
 * kernel/entry/common.c), on the unit tests' platform only.
 *
 * liminal's host has no user mode (include/arch/platform.h: user_mode() is
 * false), so the VMM image does not carry these.  They are the model the
 * guest boundary mirrors -- guest_state_enter_irqoff() is
 * exit_to_user_mode() with CONTEXT_GUEST for CONTEXT_USER, entry.rst says
 * so -- and the unit tests check both against the same rules
 * (tests/unit/test_transitions.c, test_checks.c, test_probes.c), and
 * irqentry_enter()/irqentry_exit() (entry/common.c) take their user-mode
 * branches here when a simulated IRQ comes from CPL 3.
 */
#include <entry/common.h>
#include <entry/sched.h>

#include "user_mode.h"

#define CALLER_ADDR0 _RET_IP_

/*
 * Work done on the way back to user mode with IRQs enabled.  There is no
 * user-mode signal delivery in liminal: SIGPENDING is the vCPU stop request
 * and is consumed by xfer_to_guest_mode_handle_work() only.
 */
#define EXIT_TO_USER_MODE_WORK (_TIF_NEED_RESCHED | _TIF_NOTIFY_RESUME)

/*
 * Linux's enter_from_user_mode(), in this order:
 *  1) lockdep: hardirqs off (the CPU cleared IF on the way in)
 *  2) context tracking: leave CONTEXT_USER; RCU watches again
 *  3) tracing: user_exit, hardirqs off
 */
noinstr void enter_from_user_mode(struct pt_regs *regs)
{
	(void)regs;
	lockdep_assert_irqs_disabled();
	lockdep_hardirqs_off(CALLER_ADDR0);
	entry_probe(ENTRY_PROBE_USER_EXIT_LOCKDEP);
	user_exit_irqoff();
	entry_probe(ENTRY_PROBE_USER_EXIT_CT);
	instrumentation_begin();
	trace_event_write(TRACE_USER_EXIT, CONTEXT_USER, 0, 0, 0);
	trace_hardirqs_off_finish();
	instrumentation_end();
	entry_probe(ENTRY_PROBE_USER_EXIT_DONE);
}

/*
 * Linux's exit_to_user_mode(), the reverse order:
 *  1) tracing: hardirqs on (prepare)
 *  2) lockdep: hardirqs on (prepare); tracing: user_enter (last event)
 *  3) context tracking: enter CONTEXT_USER; RCU stops watching
 *  4) lockdep: hardirqs on (IRET/SYSRET will set IF)
 */
noinstr void exit_to_user_mode(void)
{
	lockdep_assert_irqs_disabled();
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	entry_probe(ENTRY_PROBE_USER_ENTER_TRACE);
	lockdep_hardirqs_on_prepare();
	trace_event_write(TRACE_USER_ENTER, CONTEXT_USER, 0, 0, 0);
	instrumentation_end();
	entry_probe(ENTRY_PROBE_USER_ENTER_LOCKDEP_PREPARE);
	user_enter_irqoff();
	entry_probe(ENTRY_PROBE_USER_ENTER_CT);
	lockdep_hardirqs_on(CALLER_ADDR0);
	entry_probe(ENTRY_PROBE_USER_ENTER_DONE);
}

/* Linux's exit_to_user_mode_loop()/_prepare(): IRQs off in and out. */
static void exit_to_user_mode_prepare(void)
{
	unsigned long ti_work;

	lockdep_assert_irqs_disabled();
	ti_work = read_thread_flags();
	while (ti_work & EXIT_TO_USER_MODE_WORK) {
		local_irq_enable();
		if (ti_work & _TIF_NEED_RESCHED)
			schedule();
		if (ti_work & _TIF_NOTIFY_RESUME)
			task_work_run();
		local_irq_disable();
		ti_work = read_thread_flags();
	}
}

noinstr void irqentry_enter_from_user_mode(struct pt_regs *regs)
{
	enter_from_user_mode(regs);
}

noinstr void irqentry_exit_to_user_mode(struct pt_regs *regs)
{
	(void)regs;
	instrumentation_begin();
	exit_to_user_mode_prepare();
	instrumentation_end();
	exit_to_user_mode();
}

/*
 * Syscall-like entry: state first, then IRQs on for the "syscall" work.
 * Returns the syscall number to run.
 */
noinstr long syscall_enter_from_user_mode(struct pt_regs *regs, long syscall)
{
	enter_from_user_mode(regs);
	instrumentation_begin();
	local_irq_enable();
	instrumentation_end();
	return syscall;
}

/* Syscall-like exit: IRQs off, pending work, then the state (last). */
noinstr void syscall_exit_to_user_mode(struct pt_regs *regs)
{
	(void)regs;
	instrumentation_begin();
	lockdep_assert_irqs_enabled();
	local_irq_disable();
	exit_to_user_mode_prepare();
	instrumentation_end();
	exit_to_user_mode();
}
