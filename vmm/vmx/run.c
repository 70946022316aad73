// SPDX-License-Identifier: GPL-2.0
/*
 * The VMX vendor run: step 5 of vcpu_enter_guest() (LINUX-BOUNDARY.md),
 * Linux's vmx_vcpu_enter_exit().  noinstr, IRQs off, called through
 * vcpu_ops.run.  Nothing here may be instrumented: between
 * guest_state_enter_irqoff() and guest_state_exit_irqoff() RCU is not
 * watching.
 */
#include <arch/x86.h>
#include <entry/kvm.h>
#include <liminal/compiler.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>

/* Exit reason of an entry our own checks refused: what the CPU would say. */
#define VMX_REFUSED_BY_CHECKS \
	(VMX_EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_INVALID_STATE)

/* The encodings vmenter.asm uses, as numbers there. */
_Static_assert(HOST_RSP == 0x6c14, "vmenter.asm VMCS_HOST_RSP");
_Static_assert(VM_EXIT_REASON == 0x4402, "vmenter.asm VMCS_EXIT_REASON");
_Static_assert(VMX_NO_EXIT == 0xffffffffu, "vmenter.asm VMX_NO_EXIT");

static __always_inline bool exit_has_intr_info(u32 reason)
{
	return reason == EXIT_REASON_EXCEPTION_NMI ||
	       reason == EXIT_REASON_EXTERNAL_INTERRUPT;
}

static __always_inline bool exit_is_nmi(u32 reason, u32 info)
{
	return reason == EXIT_REASON_EXCEPTION_NMI &&
	       (info & (INTR_INFO_VALID | INTR_INFO_TYPE_MASK)) ==
		       (INTR_INFO_VALID | INTR_TYPE_NMI);
}

/*
 * In this order (Linux: vmx_vcpu_enter_exit()):
 *  1) guest_state_enter_irqoff(): irq-state tracking says IRQs on, context
 *     tracking enters CONTEXT_GUEST (RCU stops watching)
 *  2) __vmx_vcpu_run(): VMLAUNCH/VMRESUME ... VM exit, returning the exit
 *     reason (read right at the exit)
 *  3) read the interruption information for the exits that have one
 *  4) an NMI that caused the exit is handled here, before anything else,
 *     through the host's NMI entry with a synthetic frame (its handler runs
 *     irqentry_nmi_enter(), which makes RCU watch, then exc_nmi, then
 *     irqentry_nmi_exit(); its IRETQ unblocks NMIs)
 *  5) guest_state_exit_irqoff(): lockdep IRQs off, context tracking leaves
 *     CONTEXT_GUEST (RCU watches again), tracing
 * An entry our own checks refused (vmx_prepare_run) never reaches 1).
 */
noinstr void vmx_vcpu_enter_exit(struct vcpu *vcpu)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);
	u32 reason;

	if (unlikely(vmx->entry_fail)) {
		vcpu->exit_tsc =
			rdtsc(); /* no guest time: the core subtracts */
		vmx->fail = false;
		vmx->exit_reason = VMX_REFUSED_BY_CHECKS;
		vcpu->last_reason = VMX_REFUSED_BY_CHECKS;
		return;
	}

	guest_state_enter_irqoff();

	/* vmx->fail is false here: after a VM-fail, entry_fail is set */
	reason = __vmx_vcpu_run(&vcpu->regs, &vmx->host_rsp, vmx->launched);
	if (unlikely(reason == VMX_NO_EXIT)) {
		vmx->fail = true;
	} else {
		if (exit_has_intr_info(reason))
			vmx->exit_intr_info =
				(u32)__vmcs_read(VM_EXIT_INTR_INFO);
		if (unlikely(!vmx->launched) &&
		    !(reason & VMX_EXIT_REASON_ENTRY_FAILURE))
			vmx->launched = true;
	}
	vcpu->exit_tsc = entry_clock(); /* RDTSC, no extra zero-extension */
	vmx->exit_reason = reason;
	vcpu->last_reason = reason;

	if (unlikely(exit_is_nmi(reason, vmx->exit_intr_info)))
		vmx_do_nmi_irqoff();

	guest_state_exit_irqoff();
}
