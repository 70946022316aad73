/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's steps of each pass of the run loop (step 5 of
 * vcpu_enter_guest()): kvm_entry, the exit's clock, the IRQs-off re-check
 * before a re-entry, the kvm_stat accounting.
 */
#ifndef VMM_VCPU_PASS_H
#define VMM_VCPU_PASS_H

#include <entry/kvm.h>
#include <entry/trace.h>
#include <entry/vtime.h>
#include <vmm/fastpath.h>
#include <vmm/guest.h>

/*
 * kvm_stat-like accounting, perf-kvm-stat style: an exit's time is the TSC
 * from the exit (vcpu->exit_tsc, taken by the backend right after the
 * hardware exit) to the next entry (the timestamp the entry already took),
 * or to the end of vcpu_run().  The entry that ends it counts the exit of
 * vcpu->last_reason and adds the time.  Every pass after the first follows
 * an exit; the first one of a vcpu_enter_guest() closes the exit the core
 * handled only if there was one (g->stat_open, vmm/vcpu_run.c).
 */
static __always_inline void __vcpu_close_stat(struct vmm_guest *g, u32 slot,
					      u64 now)
{
	struct vcpu_exit_stat *s = &g->reason_stats[slot];

	s->count++;
	s->tsc += now - g->vcpu.exit_tsc;
}

/*
 * Any exit: raw exit codes at or above the backend's nr_exit_reasons share
 * the last slot ("other").
 */
static __always_inline void vcpu_close_stat(struct vmm_guest *g, u64 now)
{
	u32 slot = g->vcpu.last_reason;

	if (unlikely(slot >= g->nr_reason_stats - 1))
		slot = g->nr_reason_stats - 1;
	__vcpu_close_stat(g, slot, now);
}

/*
 * Step 3 of vcpu_enter_guest(), mirror of kvm_vcpu_exit_request(): with
 * IRQs off, anything that must run before the guest does?  Work flags set
 * by an interrupt since the outer loop looked (xfer_to_guest_mode_work_
 * pending() asserts IRQs off), or a guest that was stopped meanwhile.
 */
static __always_inline bool vcpu_exit_request(struct vmm_guest *g)
{
	return xfer_to_guest_mode_work_pending() ||
	       READ_ONCE(g->verdict) != VERDICT_RUNNING;
}

/*
 * The same check between fastpath round trips (KVM re-checks
 * kvm_vcpu_exit_request() there), but for the verdict, which only the
 * core's exit handlers and limit checks set, never a fastpath pass or an
 * NMI; plus the max_exits/tick deadline, which the outer loop would
 * otherwise look at after every exit.  The deadline is a plain read: only
 * the host tick lowers it, and IRQs stay off for the whole vendor run (the
 * world switch's memory clobber makes each pass read it again anyway).
 */
static __always_inline bool vcpu_fastpath_exit_request(struct vmm_guest *g)
{
	/* this exit, counted once the loop goes on or at step 8, is + 1 */
	return xfer_to_guest_mode_work_pending() ||
	       g->exits + 1 >= g->exit_deadline;
}

/* Before the hardware entry (IRQs off, RCU watching): kvm_entry. */
static __always_inline void vcpu_pass_enter(struct vcpu *vcpu)
{
	trace_kvm_entry(vcpu->id, vcpu->regs.rip, vcpu->entry_tsc);
}

/*
 * Right after the hardware exit, in the noinstr world switch (plain
 * arithmetic, no call): @now, the exit's clock read, is the start of the
 * exit's handling time (vcpu->exit_tsc) and the end of the pass's guest
 * time.  Given the value the backend just read, not a reload of it.
 */
static __always_inline void vcpu_pass_exit(struct vcpu *vcpu, u64 now)
{
	struct vmm_guest *g = to_guest(vcpu);

	vcpu->exit_tsc = now;
	g->guest_tsc += now - vcpu->entry_tsc;
}

/*
 * The end of a pass, given what the fastpath made of its exit: an exit it
 * emulated is entered again (EXIT_FASTPATH_REENTER_GUEST) unless something
 * must run first -- KVM's loop re-checks kvm_vcpu_exit_request() there
 * (EXIT_FASTPATH_EXIT_HANDLED) -- and is counted (++vcpu->stat.exits), as
 * step 8 counts the others.  The next pass's entry time is a new clock
 * read, which ends this exit's handling time.  Anything else is returned
 * as it is, for run to return.
 */
static __always_inline fastpath_t vcpu_fastpath_reenter(struct vcpu *vcpu,
							fastpath_t fastpath)
{
	struct vmm_guest *g = to_guest(vcpu);
	u64 now;

	if (fastpath != EXIT_FASTPATH_REENTER_GUEST)
		return fastpath;
	if (unlikely(vcpu_fastpath_exit_request(g)))
		return EXIT_FASTPATH_EXIT_HANDLED;
	g->exits++;
	now = entry_clock();
	/*
	 * The exit is one the backend's fastpath emulated: its raw code is
	 * below nr_exit_reasons (each backend asserts it at build time for
	 * every reason its fastpath takes), so it is its own slot.
	 */
	__vcpu_close_stat(g, vcpu->last_reason, now);
	vcpu->entry_tsc = now;
	return EXIT_FASTPATH_REENTER_GUEST;
}

#endif /* VMM_VCPU_PASS_H */
