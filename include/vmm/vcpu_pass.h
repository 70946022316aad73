/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Step 5 of vcpu_enter_guest(), the vendor run, owned by the core: the pass
 * loop vcpu_pass_loop() at the end of this file, and its steps (kvm_entry,
 * the world switch's order, the exit's clock, kvm_exit, the fastpath, the
 * IRQs-off re-check before a re-entry, the kvm_stat accounting).
 *
 * KVM's vcpu_enter_guest() (arch/x86/kvm/x86.c) owns the loop around
 * kvm_x86_call(vcpu_run), and the vendors' vcpu_run supply one world switch
 * and their fastpath.  Here the loop is an always-inline function that each
 * backend instantiates as its vcpu_ops.run with its own pieces (struct
 * vcpu_pass_ops), so that
 *  - the order of the boundary is written once, here, and the host unit
 *    tests instantiate the same loop with a fake backend's pieces
 *    (tests/vmm/test_vcpu_run.c): they run the order that ships;
 *  - a re-entry still makes no call: every piece is inlined, and the world
 *    switch's assembly saves the host's registers once per loop.
 */
#ifndef VMM_VCPU_PASS_H
#define VMM_VCPU_PASS_H

#include <entry/kvm.h>
#include <entry/trace.h>
#include <entry/vtime.h>
#include <vmm/fastpath.h>
#include <vmm/guest.h>
#include <vmm/request.h>

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
 * Requests and kicks (include/vmm/request.h): the part of KVM's
 * kvm_vcpu_exit_request() that looks at the vCPU -- a kick since step 2
 * (EXITING_GUEST_MODE) or a request made since step 1.  Both re-checks
 * below include it; step 2's smp_store_mb() of IN_GUEST_MODE orders the
 * mode before these reads.  Plain reads (__kvm_request_pending() says
 * why): one compare with memory each, 4 instructions per re-check.
 */
static __always_inline bool vcpu_kick_pending(struct vcpu *vcpu)
{
	return vcpu->mode == EXITING_GUEST_MODE || __kvm_request_pending(vcpu);
}

/*
 * Step 3 of vcpu_enter_guest(), mirror of kvm_vcpu_exit_request(): with
 * IRQs off, anything that must run before the guest does?  Work flags set
 * by an interrupt since the outer loop looked (xfer_to_guest_mode_work_
 * pending() asserts IRQs off), a kick or request, or a guest that was
 * stopped meanwhile.
 */
static __always_inline bool vcpu_exit_request(struct vmm_guest *g)
{
	return xfer_to_guest_mode_work_pending() ||
	       vcpu_kick_pending(&g->vcpu) ||
	       READ_ONCE(g->verdict) != VERDICT_RUNNING;
}

/*
 * The same check between fastpath round trips (KVM re-checks
 * kvm_vcpu_exit_request() there), but for the verdict, which only the
 * core's exit handlers and limit checks set, never a fastpath pass or an
 * NMI; plus the max_exits/tick deadline, which the outer loop would
 * otherwise look at after every exit; and a kick or request, which a
 * remote CPU may make at any time (mode stays IN_GUEST_MODE across the
 * passes, so a kick during one sends its IPI and is seen here before the
 * next entry).  The deadline is a plain read: only
 * the host tick lowers it, and IRQs stay off for the whole vendor run (the
 * world switch's memory clobber makes each pass read it again anyway).
 */
static __always_inline bool vcpu_fastpath_exit_request(struct vmm_guest *g)
{
	/* this exit, counted once the loop goes on or at step 8, is + 1 */
	return xfer_to_guest_mode_work_pending() ||
	       vcpu_kick_pending(&g->vcpu) || g->exits + 1 >= g->exit_deadline;
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

/* ---- the pass loop ---- */

/*
 * A backend's pieces of a pass.  Each is a static __always_inline function
 * of the backend, named in a static const struct that the backend passes to
 * vcpu_pass_loop(): the calls fold into direct calls and inline, so the
 * instantiated loop makes no call but the world switch's.  @v is the
 * backend's own vCPU state (struct vcpu_svm, struct vcpu_vmx).
 *
 * switch_begin(v)      noinstr, first thing of the world switch, before
 *                      guest_state_enter_irqoff() (SVM: CLGI).
 * vmenter(vcpu, v)     noinstr, RCU not watching: the hardware entry and
 *                      exit; returns the raw exit code (the meaning of
 *                      vcpu->last_reason: SVM EXITCODE's low 32 bits, the
 *                      VMX exit reason with its flag bits).  Plain code only.
 * exit_irqoff(vcpu, v, reason)  noinstr, after the exit's clock, before
 *                      guest_state_exit_irqoff(): what must happen before
 *                      anything else runs in the host (VMX: the NMI that
 *                      caused the exit, through irqentry_nmi_enter/exit()).
 * switch_end(v)        noinstr, last thing of the world switch, RCU
 *                      watching (SVM: STGI, where a pending NMI is taken).
 * trace_exit(vcpu, v, reason)  instrumentable: the kvm_exit tracepoint
 *                      with the vendor's exit information.
 * fastpath_decode(vcpu, v, reason, exit)  instrumentable, IRQs off: true
 *                      if @reason is an exit the core may emulate here,
 *                      with *exit decoded and the register file synced
 *                      from the VMCB/VMCS as the emulation needs it; false
 *                      changes nothing the full path needs.
 * fastpath_commit(vcpu, v)  instrumentable, IRQs off, after the core
 *                      emulated the exit: what the emulation changed of the
 *                      register file back into the VMCB/VMCS.  False if
 *                      that failed: the exit is handled, the loop ends and
 *                      prepare_run writes it again (and reports).
 * refused_reason       the raw exit code the hardware gives a state it
 *                      refuses (SVM VMEXIT_INVALID, VMX reason 33 with the
 *                      entry-failure bit): the core reports a state the
 *                      VMM's own checks refused (vcpu->fail.refused) as
 *                      this, without entering.
 */
struct vcpu_pass_ops {
	void (*switch_begin)(void *v);
	u32 (*vmenter)(struct vcpu *vcpu, void *v);
	void (*exit_irqoff)(struct vcpu *vcpu, void *v, u32 reason);
	void (*switch_end)(void *v);
	void (*trace_exit)(struct vcpu *vcpu, void *v, u32 reason);
	bool (*fastpath_decode)(struct vcpu *vcpu, void *v, u32 reason,
				struct vcpu_exit *exit);
	bool (*fastpath_commit)(struct vcpu *vcpu, void *v);
	u32 refused_reason;
};

/*
 * The world switch, noinstr, in this order (Linux: svm_vcpu_enter_exit()
 * with the CLGI/STGI of svm_vcpu_run(); vmx_vcpu_enter_exit()):
 *  1) the vendor's first step (SVM: CLGI; from here nothing reaches the
 *     host: no interrupt, NMI or SMI)
 *  2) guest_state_enter_irqoff(): irq-state tracking says IRQs on, context
 *     tracking enters CONTEXT_GUEST (RCU stops watching)
 *  3) the hardware entry and exit; the raw exit code
 *  4) the exit's clock: vcpu_pass_exit() (exit time, guest time), and
 *     vcpu->last_reason
 *  5) what must precede anything else in the host (VMX: an NMI that
 *     caused the exit, handled through the host's NMI entry, whose
 *     irqentry_nmi_enter() makes RCU watch)
 *  6) guest_state_exit_irqoff(): lockdep IRQs off, context tracking leaves
 *     CONTEXT_GUEST (RCU watches again), tracing
 *  7) the vendor's last step (SVM: STGI: an NMI held since the exit is
 *     taken here by the host IDT; an INTR stays pending, IF=0, until the
 *     core's IRQ window)
 */
static __always_inline u32 vcpu_world_switch(struct vcpu *vcpu, void *v,
					     const struct vcpu_pass_ops *pass)
{
	u32 reason;

	pass->switch_begin(v);
	guest_state_enter_irqoff();
	reason = pass->vmenter(vcpu, v);
	vcpu_pass_exit(vcpu, entry_clock()); /* RDTSC, no zero-extension */
	vcpu->last_reason = reason;
	pass->exit_irqoff(vcpu, v, reason);
	guest_state_exit_irqoff();
	pass->switch_end(v);
	return reason;
}

/*
 * Mirror of the vendors' *_exit_handlers_fastpath(): the exits the core
 * emulates with IRQs off (include/vmm/fastpath.h), decoded by the vendor
 * with the handlers its decode_exit uses, so the two paths cannot differ.
 */
static __always_inline fastpath_t
vcpu_pass_fastpath(struct vcpu *vcpu, void *v, u32 reason,
		   const struct vcpu_pass_ops *pass)
{
	struct vcpu_exit exit;

	if (!pass->fastpath_decode(vcpu, v, reason, &exit))
		return EXIT_FASTPATH_NONE;
	if (vcpu_exit_fastpath(vcpu, &exit) != EXIT_FASTPATH_REENTER_GUEST)
		return EXIT_FASTPATH_NONE;
	if (unlikely(!pass->fastpath_commit(vcpu, v)))
		return EXIT_FASTPATH_EXIT_HANDLED;
	return EXIT_FASTPATH_REENTER_GUEST;
}

/*
 * Step 5 of vcpu_enter_guest(): the body of every backend's vcpu_ops.run,
 * noinstr, IRQs off, from vcpu->entry_tsc (step 4's clock read) on:
 *  1) a state the VMM's own checks refused is reported as the hardware
 *     would report it (pass->refused_reason), without entering
 *  2) each pass, in order:
 *     a) kvm_entry (RCU watching, instrumentable)
 *     b) the noinstr world switch, vcpu_world_switch()
 *     c) RCU watching again, instrumentable from here to the next
 *        pass's world switch (one instrumentation_begin() section, so a
 *        re-entry costs no marker pair): kvm_exit
 *     d) the fastpath: the exits the core emulates with IRQs off
 *     e) an exit it emulated is counted and entered again unless the
 *        IRQs-off re-check finds work (vcpu_fastpath_reenter(), KVM's
 *        kvm_vcpu_exit_request() in its loop)
 *  3) returns EXIT_FASTPATH_NONE for an exit the core decodes and handles
 *     with IRQs on, EXIT_FASTPATH_EXIT_HANDLED for one emulated when the
 *     loop had to stop
 */
static __always_inline fastpath_t
vcpu_pass_loop(struct vcpu *vcpu, void *v, const struct vcpu_pass_ops *pass)
{
	fastpath_t fastpath;
	u32 reason;

	if (unlikely(vcpu->fail.refused)) {
		vcpu->last_reason = pass->refused_reason;
		vcpu->exit_tsc = entry_clock(); /* no guest time */
		return EXIT_FASTPATH_NONE;
	}
	instrumentation_begin();
	for (;;) {
		vcpu_pass_enter(vcpu);
		instrumentation_end();

		reason = vcpu_world_switch(vcpu, v, pass);

		instrumentation_begin();
		pass->trace_exit(vcpu, v, reason);
		fastpath = vcpu_pass_fastpath(vcpu, v, reason, pass);
		fastpath = vcpu_fastpath_reenter(vcpu, fastpath);
		if (fastpath != EXIT_FASTPATH_REENTER_GUEST)
			break;
	}
	instrumentation_end();
	return fastpath;
}

#endif /* VMM_VCPU_PASS_H */
