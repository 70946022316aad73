// SPDX-License-Identifier: GPL-2.0
/*
 * The VMX entry path: prepare_run (IRQs on), the run (IRQs off: step 5 of
 * vcpu_enter_guest(), the core's pass loop with this backend's pieces of a
 * pass) and handle_exit_irqoff (step 7).  Between guest_state_enter_irqoff()
 * and guest_state_exit_irqoff() RCU is not watching: nothing there may be
 * instrumented.
 */
#include <arch/x86.h>
#include <entry/irqflags.h>
#include <entry/kvm.h>
#include <entry/trace.h>
#include <liminal/compiler.h>
#include <lib/printk.h>
#include <host/panic.h>
#include <liminal/objtool.h>
#include <vmm/fastpath.h>
#include <host/host.h>
#include <vmm/vcpu_pass.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>

#include "decode.h"

/* ---- prepare_run ---- */

/*
 * Inject vcpu->pending_irq as an external interrupt (SDM 27.6.1) when the
 * guest can take it: RFLAGS.IF=1 and no STI/MOV SS shadow.  Otherwise ask
 * for an interrupt-window exit and inject on that exit's next entry.
 */
static u32 guest_intr_shadow(struct vcpu *vcpu, struct vcpu_vmx *vmx)
{
	u32 is = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	u32 shadow = is & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);

	/*
	 * The shadow covers the one instruction after STI/MOV SS: once that
	 * instruction was emulated or skipped (RIP moved since the exit), it
	 * is over -- "sti; hlt" must take the wake-up interrupt right after
	 * the HLT (KVM: skip_emulated_instruction() clears it too).
	 */
	if (shadow && vcpu->regs.rip != vmx->exit_rip) {
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, is & ~shadow);
		shadow = 0;
	}
	return shadow;
}

static void inject_pending_irq(struct vcpu *vcpu, struct vcpu_vmx *vmx)
{
	bool can_take = vmcs_readl(GUEST_RFLAGS) & X86_EFLAGS_IF;

	if (can_take && !guest_intr_shadow(vcpu, vmx)) {
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD,
			     (vcpu->pending_irq & INTR_INFO_VECTOR_MASK) |
				     INTR_TYPE_EXT_INTR | INTR_INFO_VALID);
		vcpu->pending_irq = -1;
		vmx->injected = true;
		return;
	}
	if (!(vmx->proc_ctls & CPU_BASED_INTR_WINDOW_EXITING)) {
		vmx->proc_ctls |= CPU_BASED_INTR_WINDOW_EXITING;
		vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, vmx->proc_ctls);
	}
}

/*
 * An exception the core raised (vcpu->exc: a reflected #DB or #AC, a fault
 * of an emulated MOV DR, XSETBV or CR/EFER write), as a hardware exception (SDM Vol. 3C 27.6.1).
 * It goes in alone: an interrupt waits for the next entry.  An event it
 * replaces was already given back by complete_injection() (an external
 * interrupt) or is raised again when the instruction re-executes.
 */
static void inject_exception(struct vcpu *vcpu, struct vcpu_vmx *vmx)
{
	u32 info = vcpu->exc.vector | INTR_TYPE_HARD_EXCEPTION |
		   INTR_INFO_VALID;

	if (vcpu->exc.has_error) {
		info |= INTR_INFO_DELIVER_CODE;
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE,
			     vcpu->exc.error_code);
	}
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, info);
	vcpu->exc.pending = false;
	vmx->injected = true;
}

/*
 * Before the first VMLAUNCH: our own SDM 27.2/27.3.1 checks; a state they
 * refuse is reported by the run loop as the CPU would report it.
 */
static void check_before_launch(struct vcpu *vcpu, struct vcpu_vmx *vmx)
{
	const char *rule = vmx_check_current(vmx);

	vmx->checked = !rule;
	if (rule)
		vcpu_refuse(vcpu, rule);
}

/*
 * The registers the core may have changed back into the VMCS: RIP, and RSP
 * when the last exit loaded it (RFLAGS is read-only for the core).  A
 * failed VMWRITE is reported.
 */
static noinline void vmx_write_regs_checked(struct vcpu *vcpu,
					    struct vcpu_vmx *vmx)
{
	vmcs_writel(GUEST_RIP, vcpu->regs.rip);
	if (vmx->rsp_loaded)
		vmcs_writel(GUEST_RSP, vcpu->regs.gpr[VCPU_RSP]);
	vmx->rsp_loaded = false;
}

/* The same without a call on the way: a failure redoes it, reported. */
static __always_inline void vmx_write_regs(struct vcpu *vcpu,
					   struct vcpu_vmx *vmx)
{
	if (unlikely(!vmcs_try_writel(GUEST_RIP, vcpu->regs.rip)))
		goto fail;
	if (likely(!vmx->rsp_loaded))
		return;
	if (unlikely(!vmcs_try_writel(GUEST_RSP, vcpu->regs.gpr[VCPU_RSP])))
		goto fail;
	vmx->rsp_loaded = false;
	return;
fail:
	vmx_write_regs_checked(vcpu, vmx);
}

/* Everything prepare_run does, in order, when there is more than regs. */
static noinline void vmx_prepare_run_slow(struct vcpu *vcpu,
					  struct vcpu_vmx *vmx)
{
	if (unlikely(vmx_cpu0.current != vmx) && vmx_make_current(vmx)) {
		vcpu_refuse(vcpu, "VMPTRLD of the vCPU's VMCS failed");
		return;
	}
	vmx_write_regs(vcpu, vmx);
	if (vcpu->exc.pending)
		inject_exception(vcpu, vmx);
	else if (vcpu->pending_irq >= 0)
		inject_pending_irq(vcpu, vmx);
	if (unlikely(!vmx->checked))
		check_before_launch(vcpu, vmx);
}

/*
 * struct vcpu_ops.prepare_run: the register file back into the VMCS; the
 * rare work (another vCPU's VMCS current, an event to inject, the checks
 * before the first launch) out of line.
 */
void vmx_prepare_run(struct vcpu *vcpu)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);

	if (unlikely(vmx_cpu0.current != vmx || vcpu->pending_irq >= 0 ||
		     vcpu->exc.pending || !vmx->checked)) {
		vmx_prepare_run_slow(vcpu, vmx);
		return;
	}
	vmx_write_regs(vcpu, vmx);
}

/* ---- the pieces of a pass (struct vcpu_pass_ops) ---- */

/* Nothing to do before guest_state_enter_irqoff() or after its exit. */
static __always_inline void vmx_switch_nop(void *v)
{
	(void)v;
}

/*
 * 3) of the world switch: __vmx_vcpu_run() (vmenter.asm), VMLAUNCH or
 * VMRESUME ... VM exit, returning the exit reason read right at the exit
 * (VMX_NO_EXIT after a VM-fail).  It keeps only RBP, RBX, R12, R13 and RSP:
 * everything else is clobbered here, so the compiler saves the registers it
 * needs once per run loop, in vmx_vcpu_run()'s prologue.
 */
static __always_inline u32 vmx_vmenter(struct vcpu *vcpu, void *v)
{
	struct vcpu_vmx *vmx = v;
	struct vcpu_regs *regs = &vcpu->regs;
	u64 *host_rsp = &vmx->host_rsp;
	bool launched = vmx->launched;
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
 * 5) of the world switch (Linux: vmx_vcpu_enter_exit() after the entry):
 * a VM exit makes the VMCS launched (bit 31 clear; KVM:
 * loaded_vmcs->launched); the interruption information of the exits that
 * have one; an NMI that caused the exit is handled here, before anything
 * else, through the host's NMI entry with a synthetic frame (its handler
 * runs irqentry_nmi_enter(), which makes RCU watch, then exc_nmi, then
 * irqentry_nmi_exit(); its IRETQ unblocks NMIs).  A VM-fail is noted for
 * decode_exit.
 */
static __always_inline void vmx_exit_irqoff(struct vcpu *vcpu, void *v,
					    u32 reason)
{
	struct vcpu_vmx *vmx = v;

	(void)vcpu;
	if (likely(!(reason & VMX_EXIT_REASON_ENTRY_FAILURE))) {
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
}

/* kvm_exit with KVM's exit qualification and interruption information. */
static __always_inline void vmx_trace_exit(struct vcpu *vcpu, void *v,
					   u32 reason)
{
	struct vcpu_vmx *vmx = v;

	(void)vcpu;
	if (trace_enabled(TRACE_KVM_EXIT))
		trace_kvm_exit(reason, vmcs_readl(GUEST_RIP),
			       vmcs_readl(EXIT_QUALIFICATION),
			       vmx->exit_intr_info);
}

/*
 * The fastpath's decode (Linux: vmx_exit_handlers_fastpath()), with the
 * handlers of decode_exit (decode.h), none of which reads RIP; RIP then
 * follows the VMCS, as decode_exit has it follow.  A bare basic exit
 * reason only, and not after an entry that injected an event:
 * decode_exit completes that.
 */
static __always_inline bool vmx_fastpath_decode(struct vcpu *vcpu, void *v,
						u32 reason,
						struct vcpu_exit *exit)
{
	struct vcpu_vmx *vmx = v;

	if (unlikely(vmx->injected))
		return false;
	switch (reason) {
	case EXIT_REASON_CPUID:
		handle_cpuid(vcpu, vmx, exit);
		break;
	case EXIT_REASON_VMCALL:
		handle_vmcall(vcpu, vmx, exit);
		break;
	case EXIT_REASON_IO_INSTRUCTION:
		handle_io(vcpu, vmx, exit);
		break;
	case EXIT_REASON_MSR_READ:
		vmx_decode_rdmsr(vcpu, exit);
		break;
	case EXIT_REASON_MSR_WRITE:
		vmx_decode_wrmsr(vcpu, exit);
		break;
	default:
		return false;
	}
	vcpu->regs.rip = vmcs_readl(GUEST_RIP);
	vmx->exit_rip = vcpu->regs.rip;
	return true;
}

/*
 * RIP back for the next VMRESUME (the GPRs are the assembly's).  A failed
 * VMWRITE leaves the exit handled but the loop: the next prepare_run
 * writes RIP again and reports the failure.
 */
static __always_inline bool vmx_fastpath_commit(struct vcpu *vcpu, void *v)
{
	(void)v;
	return vmcs_try_writel(GUEST_RIP, vcpu->regs.rip);
}

/* Exit reason of an entry our own checks refused: what the CPU would say. */
#define VMX_REFUSED_BY_CHECKS \
	(VMX_EXIT_REASON_ENTRY_FAILURE | EXIT_REASON_INVALID_STATE)

static const struct vcpu_pass_ops vmx_pass_ops = {
	.switch_begin = vmx_switch_nop,
	.vmenter = vmx_vmenter,
	.exit_irqoff = vmx_exit_irqoff,
	.switch_end = vmx_switch_nop,
	.trace_exit = vmx_trace_exit,
	.fastpath_decode = vmx_fastpath_decode,
	.fastpath_commit = vmx_fastpath_commit,
	.refused_reason = VMX_REFUSED_BY_CHECKS,
};

/*
 * vcpu->last_reason is the raw exit reason, which the fastpath re-entry
 * uses as its kvm_stat slot unchecked: every reason the fastpath takes must
 * be below nr_exit_reasons.
 */
_Static_assert(EXIT_REASON_CPUID < VMX_NR_EXIT_REASONS &&
		       EXIT_REASON_VMCALL < VMX_NR_EXIT_REASONS &&
		       EXIT_REASON_IO_INSTRUCTION < VMX_NR_EXIT_REASONS &&
		       EXIT_REASON_MSR_READ < VMX_NR_EXIT_REASONS &&
		       EXIT_REASON_MSR_WRITE < VMX_NR_EXIT_REASONS,
	       "the fastpath's exit reasons are kvm_stat slots");

/*
 * struct vcpu_ops.run: noinstr, IRQs off.  Mirror of Linux's
 * vmx_vcpu_run() from its VM entry on: the core's pass loop with the
 * pieces above.
 */
noinstr fastpath_t vmx_vcpu_run(struct vcpu *vcpu)
{
	return vcpu_pass_loop(vcpu, to_vmx(vcpu), &vmx_pass_ops);
}

NOINSTR_OPS_TARGET(vcpu_ops, run, vmx_vcpu_run);

/* ---- handle_exit_irqoff ---- */

/*
 * The external interrupt that caused the exit was acknowledged on exit
 * ("acknowledge interrupt on exit"): its vector is in the VM-exit
 * interruption information.  Dispatch it through the host IDT's handler
 * with a synthetic frame whose RFLAGS.IF=0, so irqentry_enter()/
 * irqentry_exit() see an interrupted context with IRQs off and do not
 * preempt -- Linux's vmx_handle_external_interrupt_irqoff().
 */
void vmx_handle_exit_irqoff(struct vcpu *vcpu)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);
	u32 info = vmx->exit_intr_info;

	lockdep_assert_irqs_disabled();
	if (vcpu->last_reason != EXIT_REASON_EXTERNAL_INTERRUPT)
		return;
	if (WARN_ON_ONCE(!(info & INTR_INFO_VALID) ||
			 (info & INTR_INFO_TYPE_MASK) != INTR_TYPE_EXT_INTR))
		return;
	vmx_do_interrupt_irqoff(host_idt_stub(info & INTR_INFO_VECTOR_MASK));
}
