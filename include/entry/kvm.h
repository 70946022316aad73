/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest boundary: Linux's include/linux/kvm_host.h guest_*_irqoff()
 * helpers and include/linux/entry-kvm.h (entry-virt.h) work handling.
 *
 * The vCPU run loop uses them in this order (Linux's arch/x86/kvm/x86.c;
 * docs/boundary.md):
 *
 *	outer loop (IRQs on):
 *		if (__xfer_to_guest_mode_work_pending())
 *			r = xfer_to_guest_mode_handle_work();  // -EINTR: stop
 *	enter:  preempt_disable(); local_irq_disable();
 *		if (xfer_to_guest_mode_work_pending()) -> undo, loop
 *		guest_timing_enter_irqoff();
 *		trace_kvm_entry(vcpu, rip);
 *		vendor noinstr run: guest_state_enter_irqoff(); VMRUN/VMRESUME;
 *				    guest_state_exit_irqoff();
 *		trace_kvm_exit(reason, rip, info1, info2);
 *		local_irq_enable(); local_irq_disable();  // take host IRQs
 *		guest_timing_exit_irqoff();
 *		local_irq_enable(); preempt_enable();
 *
 * Everything here is static __always_inline so the vendor noinstr code can
 * use it; the only out-of-line calls are noinstr debug checks and the
 * irq tracepoint slow path (inside instrumentation_begin/end).  With
 * LIMINAL_DISCIPLINE=0 (the benchmark floor) the bookkeeping compiles to
 * nothing.
 */
#ifndef ENTRY_KVM_H
#define ENTRY_KVM_H

#include <entry/percpu.h>
#include <entry/thread_info.h>
#include <entry/irqflags.h>
#include <entry/context_tracking.h>
#include <entry/lockdep.h>
#include <entry/vtime.h>
#include <entry/trace.h>
#include <entry/check.h>
#include <entry/probe.h>

#define XFER_TO_GUEST_MODE_WORK                                     \
	(_TIF_NEED_RESCHED | _TIF_SIGPENDING | _TIF_NOTIFY_SIGNAL | \
	 _TIF_NOTIFY_RESUME)

#if LIMINAL_DEBUG
void guest_check_timing(bool enter);
#endif

/* RCU: the guest is an extended quiescent state, as user space is. */
static __always_inline void guest_context_enter_irqoff(void)
{
#if LIMINAL_DISCIPLINE
	context_tracking_guest_enter();
#endif
}

static __always_inline void guest_context_exit_irqoff(void)
{
#if LIMINAL_DISCIPLINE
	context_tracking_guest_exit();
#endif
}

/*
 * Start accounting guest time (Linux's guest_timing_enter_irqoff()).  Its
 * clock read is the timestamp of the following kvm_entry event.
 */
static __always_inline void guest_timing_enter_irqoff(void)
{
#if LIMINAL_DISCIPLINE
	lockdep_assert_irqs_disabled();
#if LIMINAL_DEBUG
	guest_check_timing(true);
#endif
	vtime_account_guest_enter(this_cpu());
	entry_probe(ENTRY_PROBE_GUEST_TIMING_ENTER_DONE);
#endif
}

/*
 * The clock read of the last guest_timing_enter_irqoff() (the kvm_entry
 * timestamp), for a caller that needs the entry time too: one clock read
 * per entry.  Without the discipline (the floor) nothing was read: read now.
 */
static __always_inline u64 guest_timing_enter_clock(void)
{
#if LIMINAL_DISCIPLINE
	return this_cpu()->vtime_stamp;
#else
	return entry_clock();
#endif
}

/*
 * Stop accounting guest time: after the IRQ window that follows the exit, so
 * the time up to it is guest time (IRQs in it are hardirq time).
 */
static __always_inline void guest_timing_exit_irqoff(void)
{
#if LIMINAL_DISCIPLINE
	lockdep_assert_irqs_disabled();
#if LIMINAL_DEBUG
	guest_check_timing(false);
#endif
	vtime_account_guest_exit(this_cpu());
	entry_probe(ENTRY_PROBE_GUEST_TIMING_EXIT_DONE);
#endif
}

/*
 * Mirror of exit_to_user_mode(), in this order:
 *  1) tracing: hardirqs on (prepare): the guest runs with IRQs logically on
 *  2) lockdep: hardirqs on (prepare), while RCU still watches
 *  3) context tracking: CONTEXT_GUEST; RCU stops watching
 *  4) lockdep: hardirqs on
 * Steps 1-2 are instrumentable: instead of instrumentation_begin/end around
 * them (two NOPs on every entry), __trace_hardirqs_on_prepare(true) brackets
 * its only instrumentable call (the tracepoint, on the unlikely path) and
 * lockdep_hardirqs_on_prepare() calls noinstr checks only.
 */
static __always_inline void guest_state_enter_irqoff(void)
{
#if LIMINAL_DISCIPLINE
	lockdep_assert_irqs_disabled();
	__trace_hardirqs_on_prepare(true);
	entry_probe(ENTRY_PROBE_GUEST_STATE_ENTER_TRACE);
	lockdep_hardirqs_on_prepare();
	entry_probe(ENTRY_PROBE_GUEST_STATE_ENTER_LOCKDEP_PREPARE);
	guest_context_enter_irqoff();
	entry_probe(ENTRY_PROBE_GUEST_STATE_ENTER_CT);
	lockdep_hardirqs_on(_RET_IP_);
	entry_probe(ENTRY_PROBE_GUEST_STATE_ENTER_DONE);
#endif
}

/*
 * Mirror of enter_from_user_mode(), in this order:
 *  1) lockdep: hardirqs off
 *  2) context tracking: leave CONTEXT_GUEST; RCU watches again
 *  3) tracing: hardirqs off
 */
static __always_inline void guest_state_exit_irqoff(void)
{
#if LIMINAL_DISCIPLINE
	lockdep_assert_irqs_disabled();
	lockdep_hardirqs_off(_RET_IP_);
	entry_probe(ENTRY_PROBE_GUEST_STATE_EXIT_LOCKDEP);
	guest_context_exit_irqoff();
	entry_probe(ENTRY_PROBE_GUEST_STATE_EXIT_CT);
	__trace_hardirqs_off_finish(true);
	entry_probe(ENTRY_PROBE_GUEST_STATE_EXIT_DONE);
#endif
}

/*
 * Racy check for the outer run loop, IRQs on.  A plain read (one TEST with
 * a memory operand): the callers' IRQ-flag changes and calls are compiler
 * barriers, so it cannot be cached across them.
 */
static __always_inline bool __xfer_to_guest_mode_work_pending(void)
{
	return this_cpu()->ti_flags & XFER_TO_GUEST_MODE_WORK;
}

/* Final re-check right before entry, IRQs off. */
static __always_inline bool xfer_to_guest_mode_work_pending(void)
{
	lockdep_assert_irqs_disabled();
	return __xfer_to_guest_mode_work_pending();
}

/*
 * Handle the pending work with IRQs on: SIGPENDING/NOTIFY_SIGNAL -> -EINTR
 * (the flags stay set: clear_stop() makes the vCPU resumable),
 * NEED_RESCHED -> schedule(), NOTIFY_RESUME -> task work; re-read, repeat.
 * Returns 0 when no work is left.
 */
int xfer_to_guest_mode_handle_work(void);

#endif /* ENTRY_KVM_H */
