// SPDX-License-Identifier: GPL-2.0
/*
 * The VMX vendor run: step 5 of vcpu_enter_guest() (LINUX-BOUNDARY.md),
 * Linux's vmx_vcpu_run() from its VM entry on: the noinstr
 * vmx_vcpu_enter_exit(), then the kvm_exit tracepoint and the fastpath.
 * noinstr, IRQs off, called through vcpu_ops.run.  Nothing before
 * instrumentation_begin() may be instrumented: between
 * guest_state_enter_irqoff() and guest_state_exit_irqoff() RCU is not
 * watching.
 */
#include <arch/x86.h>
#include <entry/kvm.h>
#include <entry/trace.h>
#include <liminal/compiler.h>
#include <liminal/objtool.h>
#include <vmm/fastpath.h>
#include <vmm/vcpu_pass.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>

#include "decode.h"

/* Exit reason of an entry our own checks refused: what the CPU would say. */
#define VMX_REFUSED_BY_CHECKS \
	(VMX_EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_INVALID_STATE)

/*
 * __vmx_vcpu_run() (vmenter.asm) keeps only RBP, RBX, R12, R13 and RSP:
 * everything else is clobbered here, so the compiler saves the registers
 * it needs once per run loop, in vmx_vcpu_run()'s prologue.
 */
static __always_inline u32 vmx_vmenter(struct vcpu_regs *regs, u64 *host_rsp,
				       bool launched)
{
	u32 reason;

	__asm__ __volatile__("call __vmx_vcpu_run"
			     : "=a"(reason), "+D"(regs), "+S"(host_rsp),
			       "+d"(launched)
			     :
			     : "rcx", "r8", "r9", "r10", "r11", "r14", "r15",
			       "memory", "cc");
	return reason;
}

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
 *  3) the exit's TSC for the core's statistics (vcpu_pass_exit(): exit
 *     time, guest time); the interruption information of the exits that
 *     have one
 *  4) an NMI that caused the exit is handled here, before anything else,
 *     through the host's NMI entry with a synthetic frame (its handler runs
 *     irqentry_nmi_enter(), which makes RCU watch, then exc_nmi, then
 *     irqentry_nmi_exit(); its IRETQ unblocks NMIs)
 *  5) guest_state_exit_irqoff(): lockdep IRQs off, context tracking leaves
 *     CONTEXT_GUEST (RCU watches again), tracing
 * Inlined into vmx_vcpu_run()'s loop, which handles an entry our own
 * checks refused (vmx_prepare_run) before it.
 */
static __always_inline u32 vmx_vcpu_enter_exit(struct vcpu *vcpu,
					       struct vcpu_vmx *vmx)
{
	u32 reason;

	guest_state_enter_irqoff();

	/* vmx->fail is false here: after a VM-fail, entry_fail is set */
	reason = vmx_vmenter(&vcpu->regs, &vmx->host_rsp, vmx->launched);
	vcpu_pass_exit(vcpu, entry_clock()); /* RDTSC, no zero-extension */
	vcpu->last_reason = reason;
	if (likely(!(reason & VMX_EXIT_REASON_ENTRY_FAILURE))) {
		/* a VM exit: the VMCS is launched (KVM: loaded_vmcs->launched) */
		vmx->launched = true;
		if (unlikely(exit_has_intr_info(reason))) {
			vmx->exit_intr_info =
				(u32)__vmcs_read(VM_EXIT_INTR_INFO);
			if (exit_is_nmi(reason, vmx->exit_intr_info))
				vmx_do_nmi_irqoff();
		}
	} else if (reason == VMX_NO_EXIT) {
		vmx->fail = true; /* a VM-fail: bit 31 is set there too */
	}

	guest_state_exit_irqoff();
	return reason;
}

/*
 * vcpu->last_reason is the raw exit reason; vcpu_fastpath_reenter() uses
 * it as the kvm_stat slot unchecked, so every reason the fastpath takes
 * must be one of the backend's nr_exit_reasons.
 */
_Static_assert(EXIT_REASON_CPUID < VMX_NR_EXIT_REASONS &&
		       EXIT_REASON_VMCALL < VMX_NR_EXIT_REASONS &&
		       EXIT_REASON_IO_INSTRUCTION < VMX_NR_EXIT_REASONS &&
		       EXIT_REASON_MSR_READ < VMX_NR_EXIT_REASONS &&
		       EXIT_REASON_MSR_WRITE < VMX_NR_EXIT_REASONS,
	       "the fastpath's exit reasons are kvm_stat slots");

/*
 * Mirror of Linux's vmx_exit_handlers_fastpath(): the exits the core
 * emulates with IRQs off (include/vmm/fastpath.h), decoded by the same
 * handlers as decode_exit (decode.h), none of which reads RIP.  RIP
 * then follows the VMCS, as decode_exit has it follow; once emulated, it
 * goes back for the next VMRESUME (the GPRs are the assembly's).  A bare
 * basic exit reason only, and not after an entry that injected an event:
 * decode_exit completes that.  A failed VMWRITE leaves the exit handled
 * but the loop: the next prepare_run writes RIP again and reports the
 * failure.
 */
static __always_inline fastpath_t
vmx_exit_handlers_fastpath(struct vcpu *vcpu, struct vcpu_vmx *vmx, u32 reason)
{
	struct vcpu_exit exit;

	if (unlikely(vmx->injected))
		return EXIT_FASTPATH_NONE;
	switch (reason) {
	case EXIT_REASON_CPUID:
		handle_cpuid(vcpu, vmx, &exit);
		break;
	case EXIT_REASON_VMCALL:
		handle_vmcall(vcpu, vmx, &exit);
		break;
	case EXIT_REASON_IO_INSTRUCTION:
		handle_io(vcpu, vmx, &exit);
		break;
	case EXIT_REASON_MSR_READ:
		vmx_decode_rdmsr(vcpu, &exit);
		break;
	case EXIT_REASON_MSR_WRITE:
		vmx_decode_wrmsr(vcpu, &exit);
		break;
	default:
		return EXIT_FASTPATH_NONE;
	}
	vcpu->regs.rip = vmcs_readl(GUEST_RIP);
	vmx->exit_rip = vcpu->regs.rip;
	if (vcpu_exit_fastpath(vcpu, &exit) != EXIT_FASTPATH_REENTER_GUEST)
		return EXIT_FASTPATH_NONE;
	if (unlikely(!vmcs_try_writel(GUEST_RIP, vcpu->regs.rip)))
		return EXIT_FASTPATH_EXIT_HANDLED;
	return EXIT_FASTPATH_REENTER_GUEST;
}

/*
 * struct vcpu_ops.run.  Mirror of Linux's vmx_vcpu_run() from its entry
 * on, as a loop (include/vmm/fastpath.h):
 *  1) an entry our own checks refused is reported as the CPU would report
 *     it (exit reason 33), without entering
 *  2) each pass: vcpu_pass_enter() (kvm_entry); vmx_vcpu_enter_exit(), the
 *     noinstr part; then, RCU watching again, instrumentable code: the
 *     kvm_exit tracepoint (KVM's exit qualification and interruption
 *     information as info1/info2) and the fastpath
 *  3) an exit the fastpath emulated is entered again if
 *     vcpu_fastpath_reenter() allows, else returned as handled
 */
noinstr fastpath_t vmx_vcpu_run(struct vcpu *vcpu)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);
	fastpath_t fastpath;
	u32 reason;

	if (unlikely(vmx->entry_fail)) {
		vcpu->exit_tsc =
			rdtsc(); /* no guest time: the core subtracts */
		vmx->fail = false;
		vcpu->last_reason = VMX_REFUSED_BY_CHECKS;
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

		reason = vmx_vcpu_enter_exit(vcpu, vmx);

		instrumentation_begin();
		if (trace_enabled(TRACE_KVM_EXIT))
			trace_kvm_exit(reason, vmcs_readl(GUEST_RIP),
				       vmcs_readl(EXIT_QUALIFICATION),
				       vmx->exit_intr_info);
		fastpath = vmx_exit_handlers_fastpath(vcpu, vmx, reason);
		fastpath = vcpu_fastpath_reenter(vcpu, fastpath);
		if (fastpath != EXIT_FASTPATH_REENTER_GUEST)
			break;
	}
	instrumentation_end();
	return fastpath;
}
