// SPDX-License-Identifier: GPL-2.0
/*
 * The SVM entry path: prepare_run (IRQs on) and the run (IRQs off), step 5
 * of vcpu_enter_guest() in LINUX-BOUNDARY.md: its noinstr world switch,
 * then the kvm_exit tracepoint and the fastpath.
 *
 * Only the VMCB fields an exit round trip needs are touched: RAX and RIP on
 * the way in (the core may have changed them), RSP after an exit that gave
 * it to the core (MMIO), EVENTINJ only when something is injected.  RFLAGS
 * is read-only for the core (include/vmm/vcpu.h).
 */
#include <arch/x86.h>
#include <entry/irqflags.h>
#include <entry/kvm.h>
#include <liminal/objtool.h>
#include <entry/trace.h>
#include <vmm/fastpath.h>
#include <vmm/vcpu_pass.h>
#include <lib/printk.h>
#include <vmm/svm/svm.h>

#include "decode.h"

/*
 * Injects vcpu->pending_irq as an external interrupt if the guest can take
 * it now (RFLAGS.IF=1, no interrupt shadow: APM 15.20); otherwise asks for
 * a VINTR exit at the moment it can (V_IRQ + VINTR intercept, 15.21.4) and
 * leaves it pending.  The shadow belongs to the instruction at the exit
 * RIP: once the core has moved RIP past an emulated instruction (sti; hlt),
 * it is over.
 */
static void svm_inject_irq(struct vcpu *vcpu, struct vcpu_svm *svm,
			   struct vmcb *vmcb)
{
	bool rip_moved = vmcb->save.rip != vcpu->regs.rip;
	bool shadow = (vmcb->control.int_state & SVM_INTERRUPT_SHADOW) &&
		      !rip_moved;

	if ((vmcb->save.rflags & X86_EFLAGS_IF) && !shadow) {
		vmcb->control.event_inj =
			(vcpu->pending_irq & SVM_EVTINJ_VEC_MASK) |
			(SVM_EVTINJ_TYPE_INTR << SVM_EVTINJ_TYPE_SHIFT) |
			SVM_EVTINJ_VALID;
		svm->oneshot = true;
		vcpu->pending_irq = -1;
		return;
	}
	vmcb->control.int_ctl |= SVM_V_IRQ | SVM_V_INTR_PRIO_MASK |
				 SVM_V_IGN_TPR;
	vmcb->control.intercept_misc1 |= SVM_BIT(SVM_INTERCEPT_VINTR);
}

/*
 * Events for the coming VMRUN, before the register file is written back
 * (the interrupt shadow test compares the old RIP with the new one):
 *  1) an event whose delivery the exit cut short (EXITINTINFO valid, e.g.
 *     an injected interrupt whose IDT entry faulted into the NPT) is
 *     delivered again before anything else (APM 15.7.2)
 *  2) else vcpu->pending_irq, now or at the next interrupt window
 */
static void svm_prepare_events(struct vcpu *vcpu, struct vcpu_svm *svm,
			       struct vmcb *vmcb)
{
	if (vmcb->control.exit_int_info & SVM_EVTINJ_VALID) {
		vmcb->control.event_inj = vmcb->control.exit_int_info;
		vmcb->control.event_inj_err = vmcb->control.exit_int_info_err;
		vmcb->control.exit_int_info = 0;
		svm->oneshot = true;
	} else if (vcpu->pending_irq >= 0) {
		svm_inject_irq(vcpu, svm, vmcb);
	}
}

/* Names a state VMRUN would refuse before trying it (lenient emulators). */
static void svm_precheck(struct vcpu_svm *svm)
{
	const struct svm_check_env env = svm_check_env_of_caps();

	svm->prechecked = true;
	svm->checked.dr6 = svm->vmcb->save.dr6;
	svm->checked.dr7 = svm->vmcb->save.dr7;
	svm->checked.g_pat = svm->vmcb->save.g_pat;
	svm->checked.cs_attrib = svm->vmcb->save.cs.attrib;
	if (!svm_check_vmrun(svm->vmcb, &env, svm->blocked_why,
			     sizeof(svm->blocked_why)))
		svm->blocked = true;
}

/* The registers the core may have changed: RAX, RIP; RSP if it had it. */
static __always_inline void
svm_write_regs(const struct vcpu *vcpu, struct vcpu_svm *svm, struct vmcb *vmcb)
{
	vmcb->save.rax = vcpu->regs.gpr[VCPU_RAX];
	vmcb->save.rip = vcpu->regs.rip;
	if (unlikely(svm->rsp_loaded)) {
		vmcb->save.rsp = vcpu->regs.gpr[VCPU_RSP];
		svm->rsp_loaded = false;
	}
}

/*
 * prepare_run with something to do besides the register file, in order:
 *  1) events to inject, before the register file is written back
 *  2) the register file
 *  3) the VMRUN consistency check on the state about to be entered: once
 *     per vCPU, on every entry in debug builds
 */
static noinline void svm_prepare_run_slow(struct vcpu *vcpu)
{
	struct vcpu_svm *svm = to_svm(vcpu);
	struct vmcb *vmcb = svm->vmcb;

	svm_prepare_events(vcpu, svm, vmcb);
	svm_write_regs(vcpu, svm, vmcb);
	if (!svm->prechecked || LIMINAL_DEBUG)
		svm_precheck(svm);
}

/*
 * struct vcpu_ops.prepare_run, IRQs on, preemption off.  The round trip of
 * an emulated instruction only writes the register file back; events and
 * the pre-VMRUN check take the slow path.
 */
void svm_prepare_run(struct vcpu *vcpu)
{
	struct vcpu_svm *svm = to_svm(vcpu);
	struct vmcb *vmcb = svm->vmcb;

	if (unlikely((vmcb->control.exit_int_info & SVM_EVTINJ_VALID) ||
		     vcpu->pending_irq >= 0 || !svm->prechecked ||
		     LIMINAL_DEBUG)) {
		svm_prepare_run_slow(vcpu);
		return;
	}
	svm_write_regs(vcpu, svm, vmcb);
}

/*
 * Mirror of Linux's svm_vcpu_enter_exit() (arch/x86/kvm/svm/svm.c) with the
 * CLGI/STGI of its caller, in this order:
 *  1) CLGI: from here no interrupt, NMI or SMI reaches the host
 *  2) guest_state_enter_irqoff(): irq-state tracking says IRQs on, context
 *     tracking enters CONTEXT_GUEST (RCU stops watching)
 *  3) RFLAGS.IF=1 while GIF=0: nothing is delivered now, but with
 *     V_INTR_MASKING the host's IF is what lets a physical interrupt exit
 *     the guest (APM 15.21.1); no "sti; vmrun; cli" shadow games
 *  4) __svm_vcpu_run(): VMLOAD guest, VMRUN, VMSAVE guest, VMLOAD host
 *     (the host's VMSAVE was done once, at hardware_enable); it keeps
 *     only RBP, RBX, R12, R13 and RSP, and the asm statement that calls
 *     it says so, so the compiler saves the host's other registers once
 *     per run loop (in svm_vcpu_run()'s prologue), not once per pass
 *  5) RFLAGS.IF=0 again before anything can be taken (GIF is still 0)
 *  6) the exit's TSC, for the core's statistics: vcpu_pass_exit() (exit
 *     time, guest time; decode_exit reads the exit code)
 *  7) guest_state_exit_irqoff(): context tracking leaves CONTEXT_GUEST (RCU
 *     watches again), irq-state tracking says IRQs off
 *  8) STGI: an NMI (or SMI) that arrived in the guest, or caused the exit,
 *     is taken right here by the host IDT, whose NMI handler runs through
 *     irqentry_nmi_enter()/irqentry_nmi_exit() with RCU watching; the INTR
 *     that caused an exit stays pending (IF=0) until the core's IRQ window
 * Inlined into svm_vcpu_run()'s loop: a pass makes no call but the
 * world switch.
 */
static __always_inline void svm_vcpu_enter_exit(struct vcpu *vcpu,
						struct vcpu_svm *svm)
{
	hpa_t vmcb_pa = svm->vmcb_pa, host_save_pa = svm->host_save_pa;
	struct vcpu_regs *regs = &vcpu->regs;
	u32 status;

	svm_clgi();
	guest_state_enter_irqoff();
	raw_local_irq_enable();
	__asm__ __volatile__("call __svm_vcpu_run"
			     : "=a"(status), "+D"(vmcb_pa), "+S"(regs),
			       "+d"(host_save_pa)
			     :
			     : "rcx", "r8", "r9", "r10", "r11", "r14", "r15",
			       "memory", "cc");
	raw_local_irq_disable();
	if (unlikely(status))
		svm_vmenter_faulted(svm, status);
	vcpu_pass_exit(vcpu, entry_clock()); /* RDTSC, no zero-extension */
	guest_state_exit_irqoff();
	svm_stgi();
}

/*
 * vcpu->last_reason is svm_exit_index(), below SVM_EXIT_NR_INDEX for every
 * exit: vcpu_fastpath_reenter() uses it as the kvm_stat slot unchecked.
 */
_Static_assert(SVM_EXIT_IDX_OTHER < SVM_EXIT_NR_INDEX &&
		       SVM_EXIT_IDX_BUSY < SVM_EXIT_NR_INDEX &&
		       SVM_EXIT_IDX_INVALID < SVM_EXIT_NR_INDEX,
	       "svm_exit_index() stays below nr_exit_reasons");

/*
 * Mirror of Linux's svm_exit_handlers_fastpath(): the exits the core
 * emulates with IRQs off (include/vmm/fastpath.h), decoded by the same
 * handlers as decode_exit (decode.h).  RAX and RIP follow the VMCB
 * first, as decode_exit has them follow it; once emulated, what the
 * emulation may have changed of them goes back for the next VMRUN (the
 * other GPRs are the assembly's).  Not after an entry that armed EVENTINJ
 * or TLB_CONTROL: decode_exit retires those.
 */
static __always_inline fastpath_t svm_exit_handlers_fastpath(
	struct vcpu *vcpu, struct vcpu_svm *svm, struct vmcb *vmcb)
{
	struct vcpu_exit exit;
	fastpath_t fastpath;

	if (unlikely(svm->oneshot))
		return EXIT_FASTPATH_NONE;
	vcpu->regs.gpr[VCPU_RAX] = vmcb->save.rax;
	vcpu->regs.rip = vmcb->save.rip;
	switch (vmcb->control.exit_code) {
	case SVM_EXIT_CPUID:
		svm_handle_cpuid(vcpu, svm, vmcb, &exit);
		break;
	case SVM_EXIT_VMMCALL:
		svm_handle_vmmcall(vcpu, svm, vmcb, &exit);
		break;
	case SVM_EXIT_IOIO:
		svm_handle_ioio(vcpu, svm, vmcb, &exit);
		break;
	case SVM_EXIT_MSR:
		svm_handle_msr(vcpu, svm, vmcb, &exit);
		break;
	default:
		return EXIT_FASTPATH_NONE;
	}
	fastpath = vcpu_exit_fastpath(vcpu, &exit);
	if (fastpath == EXIT_FASTPATH_REENTER_GUEST) {
		vmcb->save.rax = vcpu->regs.gpr[VCPU_RAX];
		vmcb->save.rip = vcpu->regs.rip;
	}
	return fastpath;
}

/*
 * struct vcpu_ops.run: noinstr, IRQs off.  Mirror of Linux's
 * svm_vcpu_run() from its VMRUN on, as a loop (include/vmm/fastpath.h):
 *  1) a state the pre-VMRUN check refused is reported as VMRUN would
 *     report it, without entering
 *  2) each pass: vcpu_pass_enter() (kvm_entry); svm_vcpu_enter_exit(), the
 *     noinstr world switch; the exit index; then, RCU watching again,
 *     instrumentable code: the kvm_exit tracepoint (KVM's EXITINFO1/2 as
 *     info1/info2) and the fastpath
 *  3) an exit the fastpath emulated is entered again if
 *     vcpu_fastpath_reenter() allows, else returned as handled
 */
noinstr fastpath_t svm_vcpu_run(struct vcpu *vcpu)
{
	struct vcpu_svm *svm = to_svm(vcpu);
	struct vmcb *vmcb = svm->vmcb;
	fastpath_t fastpath;

	if (unlikely(svm->blocked)) {
		/* svm_precheck() refused the state: report it as VMRUN would. */
		vmcb->control.exit_code = SVM_EXIT_INVALID;
		vcpu->last_reason = SVM_EXIT_IDX_INVALID;
		vcpu->exit_tsc = rdtsc();
		return EXIT_FASTPATH_NONE;
	}
	/*
	 * One instrumentable section from the end of a world switch to the
	 * start of the next: the re-entry goes straight from the fastpath
	 * to kvm_entry.
	 */
	instrumentation_begin();
	for (;;) {
		vcpu_pass_enter(vcpu);
		instrumentation_end();

		svm_vcpu_enter_exit(vcpu, svm);
		vcpu->last_reason = svm_exit_index(vmcb->control.exit_code);

		instrumentation_begin();
		trace_kvm_exit(vcpu->last_reason, vmcb->save.rip,
			       vmcb->control.exit_info_1,
			       vmcb->control.exit_info_2);
		fastpath = svm_exit_handlers_fastpath(vcpu, svm, vmcb);
		fastpath = vcpu_fastpath_reenter(vcpu, fastpath);
		if (fastpath != EXIT_FASTPATH_REENTER_GUEST)
			break;
	}
	instrumentation_end();
	return fastpath;
}

NOINSTR_OPS_TARGET(vcpu_ops, run, svm_vcpu_run);

/* SVM leaves the INTR that caused an exit pending until the IRQ window. */
void svm_handle_exit_irqoff(struct vcpu *vcpu)
{
	(void)vcpu;
}
