// SPDX-License-Identifier: GPL-2.0
/*
 * The SVM entry path: prepare_run (IRQs on) and the run (IRQs off), step 5
 * of vcpu_enter_guest() (docs/boundary.md): its noinstr world switch,
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
 * An exception the core raised (vcpu->exc: a reflected #DB or #AC, a fault
 * of an emulated MOV DR, XSETBV or CR/EFER write) replaces an event whose delivery the exit cut
 * short -- re-executing the instruction raises that one again, as KVM
 * assumes when a new exception meets an old one -- except an external
 * interrupt, which goes back to vcpu->pending_irq.
 */
static void svm_inject_exception(struct vcpu *vcpu, struct vcpu_svm *svm,
				 struct vmcb *vmcb)
{
	u32 old = vmcb->control.exit_int_info;
	u32 ev = vcpu->exc.has_error ? SVM_EVTINJ_EV : 0;

	if ((old & SVM_EVTINJ_VALID) &&
	    (old & SVM_EVTINJ_TYPE_MASK) == SVM_EVTINJ_TYPE_INTR
						    << SVM_EVTINJ_TYPE_SHIFT &&
	    vcpu->pending_irq < 0)
		vcpu->pending_irq = old & SVM_EVTINJ_VEC_MASK;
	vmcb->control.exit_int_info = 0;
	vmcb->control.event_inj =
		vcpu->exc.vector |
		(SVM_EVTINJ_TYPE_EXCEPTION << SVM_EVTINJ_TYPE_SHIFT) | ev |
		SVM_EVTINJ_VALID;
	vmcb->control.event_inj_err = vcpu->exc.error_code;
	vcpu->exc.pending = false;
	svm->oneshot = true;
}

/*
 * Events for the coming VMRUN, before the register file is written back
 * (the interrupt shadow test compares the old RIP with the new one):
 *  1) an exception the core raised, alone (svm_inject_exception())
 *  2) an event whose delivery the exit cut short (EXITINTINFO valid, e.g.
 *     an injected interrupt whose IDT entry faulted into the NPT) is
 *     delivered again before anything else (APM 15.7.2)
 *  3) else vcpu->pending_irq, now or at the next interrupt window
 */
static void svm_prepare_events(struct vcpu *vcpu, struct vcpu_svm *svm,
			       struct vmcb *vmcb)
{
	if (unlikely(vcpu->exc.pending)) {
		svm_inject_exception(vcpu, svm, vmcb);
	} else if (vmcb->control.exit_int_info & SVM_EVTINJ_VALID) {
		vmcb->control.event_inj = vmcb->control.exit_int_info;
		vmcb->control.event_inj_err = vmcb->control.exit_int_info_err;
		vmcb->control.exit_int_info = 0;
		svm->oneshot = true;
	} else if (vcpu->pending_irq >= 0) {
		svm_inject_irq(vcpu, svm, vmcb);
	}
}

/*
 * Names a state VMRUN would refuse before trying it (lenient emulators): the
 * run loop then reports it as VMRUN would, without entering.
 */
static void svm_precheck(struct vcpu *vcpu, struct vcpu_svm *svm)
{
	const struct svm_check_env env = svm_check_env_of_caps();
	struct vcpu_fail *fail = &vcpu->fail;
	char cond[112];

	svm->prechecked = true;
	if (svm_check_vmrun(svm->vmcb, &env, cond, sizeof(cond)))
		return;
	snprintf(fail->buf, sizeof(fail->buf),
		 "VMRUN refused before entry: %s (APM 15.5.1)", cond);
	vcpu_refuse(vcpu, fail->buf);
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
		svm_precheck(vcpu, svm);
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
		     vcpu->pending_irq >= 0 || vcpu->exc.pending ||
		     !svm->prechecked || LIMINAL_DEBUG)) {
		svm_prepare_run_slow(vcpu);
		return;
	}
	svm_write_regs(vcpu, svm, vmcb);
}

/* ---- the pieces of a pass (struct vcpu_pass_ops) ---- */

/* 1) of the world switch: from here nothing reaches the host (GIF=0). */
static __always_inline void svm_switch_begin(void *v)
{
	(void)v;
	svm_clgi();
}

/*
 * 3) of the world switch (Linux: the middle of svm_vcpu_enter_exit()):
 *  a) RFLAGS.IF=1 while GIF=0: nothing is delivered now, but with
 *     V_INTR_MASKING the host's IF is what lets a physical interrupt exit
 *     the guest (APM 15.21.1); no "sti; vmrun; cli" shadow games
 *  b) __svm_vcpu_run(): VMLOAD guest, VMRUN, VMSAVE guest, VMLOAD host
 *     (the host's VMSAVE was done once, at hardware_enable); it keeps only
 *     RBP, RBX, R12, R13 and RSP, and the asm statement says so, so the
 *     compiler saves the host's other registers once per run loop (in
 *     svm_vcpu_run()'s prologue), not once per pass
 *  c) RFLAGS.IF=0 again before anything can be taken (GIF is still 0)
 *  d) a fault on VMLOAD or VMRUN (the exception fixup's status) becomes
 *     VMEXIT_INVALID, which decode_exit reports with the instruction
 *  e) the exit code, EXITCODE's low 32 bits (QEMU stores VMEXIT_INVALID
 *     as 0x00000000ffffffff)
 */
static __always_inline u32 svm_vmenter(struct vcpu *vcpu, void *v)
{
	struct vcpu_svm *svm = v;
	hpa_t vmcb_pa = svm->vmcb_pa, host_save_pa = svm->host_save_pa;
	struct vcpu_regs *regs = &vcpu->regs;
	u32 status;

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
	return (u32)svm->vmcb->control.exit_code;
}

/* 5) of the world switch: an NMI is taken at STGI, not here. */
static __always_inline void svm_exit_irqoff(struct vcpu *vcpu, void *v,
					    u32 reason)
{
	(void)vcpu;
	(void)v;
	(void)reason;
}

/*
 * 7) of the world switch: STGI.  An NMI (or SMI) that arrived in the guest,
 * or caused the exit, is taken right here by the host IDT, whose NMI
 * handler runs through irqentry_nmi_enter()/irqentry_nmi_exit() with RCU
 * watching; the INTR that caused an exit stays pending (IF=0) until the
 * core's IRQ window.
 */
static __always_inline void svm_switch_end(void *v)
{
	(void)v;
	svm_stgi();
}

/* kvm_exit with KVM's EXITINFO1/2 as info1/info2. */
static __always_inline void svm_trace_exit(struct vcpu *vcpu, void *v,
					   u32 reason)
{
	struct vmcb *vmcb = ((struct vcpu_svm *)v)->vmcb;

	(void)vcpu;
	trace_kvm_exit(reason, vmcb->save.rip, vmcb->control.exit_info_1,
		       vmcb->control.exit_info_2);
}

/*
 * The fastpath's decode (Linux: svm_exit_handlers_fastpath()), with the
 * handlers of decode_exit (decode.h).  RAX and RIP follow the VMCB first,
 * as decode_exit has them follow it.  Not after an entry that armed
 * EVENTINJ or TLB_CONTROL: decode_exit retires those.
 */
static __always_inline bool svm_fastpath_decode(struct vcpu *vcpu, void *v,
						u32 reason,
						struct vcpu_exit *exit)
{
	struct vcpu_svm *svm = v;
	struct vmcb *vmcb = svm->vmcb;

	if (unlikely(svm->oneshot))
		return false;
	vcpu->regs.gpr[VCPU_RAX] = vmcb->save.rax;
	vcpu->regs.rip = vmcb->save.rip;
	switch (reason) {
	case SVM_EXIT_CPUID:
		svm_handle_cpuid(vcpu, svm, vmcb, exit);
		return true;
	case SVM_EXIT_VMMCALL:
		svm_handle_vmmcall(vcpu, svm, vmcb, exit);
		return true;
	case SVM_EXIT_IOIO:
		svm_handle_ioio(vcpu, svm, vmcb, exit);
		return true;
	case SVM_EXIT_MSR:
		svm_handle_msr(vcpu, svm, vmcb, exit);
		return true;
	}
	return false; /* RAX and RIP synced as decode_exit syncs them */
}

/* What the emulation may have changed: RAX and RIP (the GPRs are asm's). */
static __always_inline bool svm_fastpath_commit(struct vcpu *vcpu, void *v)
{
	struct vmcb *vmcb = ((struct vcpu_svm *)v)->vmcb;

	vmcb->save.rax = vcpu->regs.gpr[VCPU_RAX];
	vmcb->save.rip = vcpu->regs.rip;
	return true;
}

static const struct vcpu_pass_ops svm_pass_ops = {
	.switch_begin = svm_switch_begin,
	.vmenter = svm_vmenter,
	.exit_irqoff = svm_exit_irqoff,
	.switch_end = svm_switch_end,
	.trace_exit = svm_trace_exit,
	.fastpath_decode = svm_fastpath_decode,
	.fastpath_commit = svm_fastpath_commit,
	.refused_reason = SVM_EXIT_INVALID,
};

/*
 * vcpu->last_reason is the raw exit code, which the fastpath re-entry uses
 * as its kvm_stat slot unchecked: every code the fastpath takes must be
 * below nr_exit_reasons.
 */
_Static_assert(SVM_EXIT_CPUID < SVM_EXIT_NR_HIGH_END &&
		       SVM_EXIT_VMMCALL < SVM_EXIT_NR_HIGH_END &&
		       SVM_EXIT_IOIO < SVM_EXIT_NR_HIGH_END &&
		       SVM_EXIT_MSR < SVM_EXIT_NR_HIGH_END,
	       "the fastpath's exit codes are kvm_stat slots");

/*
 * struct vcpu_ops.run: noinstr, IRQs off.  Mirror of Linux's
 * svm_vcpu_run() from its VMRUN on: the core's pass loop with the pieces
 * above.
 */
noinstr fastpath_t svm_vcpu_run(struct vcpu *vcpu)
{
	return vcpu_pass_loop(vcpu, to_svm(vcpu), &svm_pass_ops);
}

NOINSTR_OPS_TARGET(vcpu_ops, run, svm_vcpu_run);

/* SVM leaves the INTR that caused an exit pending until the IRQ window. */
void svm_handle_exit_irqoff(struct vcpu *vcpu)
{
	(void)vcpu;
}
