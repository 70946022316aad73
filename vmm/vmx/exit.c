// SPDX-License-Identifier: GPL-2.0
/*
 * VM exits: decode the basic exit reason (SDM Appendix C) into the neutral
 * struct vcpu_exit through a const handler table, and the few things the
 * backend completes itself: CR0/CR4/CR8 accesses and EFER writes (which
 * decide the IA-32e mode guest entry control), the interrupt window.
 *
 * The exit path reads only the VMCS fields each exit needs; nothing on it
 * prints.  The decoders the fastpath shares (vmm/vmx/run.c) are in
 * decode.h.
 */
#include <arch/msr.h>
#include <arch/segment.h>
#include <arch/x86.h>
#include <entry/irqflags.h>
#include <host/host.h>
#include <lib/printk.h>
#include <host/panic.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>
#include <vmm/cr_rules.h>
#include <vmm/exit.h>
#include <vmm/vmenter.h>

#include "decode.h"

/* The CR0 bits LMSW writes (SDM Vol. 2A "LMSW") */
#define CR0_LMSW_BITS (X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | X86_CR0_TS)

/* Completed in the backend: step over the instruction, nothing for the core. */
static void skip_insn(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	vcpu->regs.rip += exit_insn_len();
	exit->kind = VCPU_EXIT_NONE;
}

/*
 * An illegal CR or EFER write: #GP(0) at the instruction, as the CPU would
 * raise it; the guest goes on with its handler (or triple-faults without
 * one).  @why is the rule; the dump prints it if the guest stops.
 */
static void raise_gp(struct vcpu *vcpu, struct vcpu_exit *exit, const char *why)
{
	vcpu_queue_gp(vcpu, why);
	exit->kind = VCPU_EXIT_NONE;
}

/* ---- guest CR0 / CR4 / EFER: the read shadows hold what the guest wrote ---- */

/* Raw writes (also used for the boot state, which is loaded unmodified). */
void vmx_write_guest_cr0(struct vcpu_vmx *vmx, u64 cr0)
{
	/* Unrestricted guest relaxes PE and PG; NE etc. stay forced on. */
	u64 fixed0 = vmx_caps.cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG);

	vmx->cr0 = cr0;
	vmx->vcpu->regs.cr0 = cr0;
	vmcs_writel(CR0_READ_SHADOW, cr0);
	vmcs_writel(GUEST_CR0, cr0 | fixed0);
}

void vmx_write_guest_cr4(struct vcpu_vmx *vmx, u64 cr4)
{
	vmx->cr4 = cr4;
	vmx->vcpu->regs.cr4 = cr4;
	vmcs_writel(CR4_READ_SHADOW, cr4);
	vmcs_writel(GUEST_CR4, cr4 | vmx_caps.cr4_fixed0);
}

/* EFER and the IA-32e mode guest entry control move together. */
void vmx_write_guest_efer(struct vcpu_vmx *vmx, u64 efer)
{
	u32 entry = vmx->entry_ctls & ~VM_ENTRY_IA32E_MODE;

	if (efer & X86_EFER_LMA)
		entry |= VM_ENTRY_IA32E_MODE;
	vmx->efer = efer;
	vmx->vcpu->regs.efer = efer;
	vmcs_write64(GUEST_IA32_EFER, efer);
	if (entry != vmx->entry_ctls) {
		vmx->entry_ctls = entry;
		vmcs_write32(VM_ENTRY_CONTROLS, entry);
	}
}

/*
 * Entering IA-32e mode requires a 64-bit busy TSS in TR (SDM 27.3.1.2); a
 * guest that never loaded TR has the 16/32-bit one: retype it, as KVM does.
 */
static void fixup_tr_for_long_mode(void)
{
	u32 ar = vmcs_read32(GUEST_TR_AR_BYTES);

	if ((ar & VMX_AR_TYPE_MASK) != VMX_AR_TYPE_BUSY_TSS64)
		vmcs_write32(GUEST_TR_AR_BYTES,
			     (ar & ~VMX_AR_TYPE_MASK) | VMX_AR_TYPE_BUSY_TSS64);
}

/* EFER.LMA = EFER.LME && CR0.PG (SDM Vol. 3A 10.8.5), emulated. */
static void update_long_mode(struct vcpu_vmx *vmx)
{
	u64 efer = cr_rules_efer_lma(vmx->efer, vmx->cr0);

	if (efer & X86_EFER_LMA)
		fixup_tr_for_long_mode();
	if (efer != vmx->efer)
		vmx_write_guest_efer(vmx, efer);
}

/* Paging-mode changes invalidate the guest's translations (VPID-tagged). */
static void flush_guest_tlb(struct vcpu_vmx *vmx)
{
	u16 vpid = vmx->vcpu->vm->asid;

	if (vmx_caps.ept_vpid_cap & VMX_VPID_INVVPID_SINGLE_CONTEXT)
		vmx_invvpid(VMX_INVVPID_SINGLE_CONTEXT, vpid, 0);
	else
		vmx_invvpid(VMX_INVVPID_ALL_CONTEXT, 0, 0);
}

/*
 * The guest's CR/EFER state for the write rules (include/vmm/cr_rules.h):
 * CR0/CR4 as the guest wrote them (the read shadows), EFER, CR3 and CS.L
 * from the VMCS.
 */
static struct cr_state guest_cr_state(const struct vcpu_vmx *vmx)
{
	return (struct cr_state){
		.cr0 = vmx->cr0,
		.cr3 = vmcs_readl(GUEST_CR3),
		.cr4 = vmx->cr4,
		.efer = vmx->efer,
		.cs_l = vmcs_read32(GUEST_CS_AR_BYTES) & VMX_AR_L,
	};
}

/*
 * What a guest may set here: the CR4 bits VMX lets a guest run with
 * (IA32_VMX_CR4_FIXED1) but VMXE and SMXE, which it is not offered; the
 * EFER bits of this CPU; CR3 up to MAXPHYADDR.
 */
static struct cr_env guest_cr_env(void)
{
	struct vcpu_cpuid ext;

	vcpu_host_cpuid(CR_RULES_CPUID_EXT, 0, &ext);
	return (struct cr_env){
		.cr4_valid = vmx_caps.cr4_fixed1 & CR_RULES_CR4_DEFINED &
			     ~(X86_CR4_VMXE | X86_CR4_SMXE),
		.efer_valid = cr_rules_efer_supported(ext.edx),
		.maxphyaddr = vmx_caps.phys_addr_bits,
	};
}

/* NULL once done; else why the CPU raises #GP (nothing changed). */
static const char *emulate_cr0(struct vcpu_vmx *vmx, u64 cr0)
{
	const struct cr_state s = guest_cr_state(vmx);
	const struct cr_env e = guest_cr_env();
	const char *fault = cr_rules_cr0(&s, &e, cr0);

	if (fault)
		return fault;
	vmx_write_guest_cr0(vmx, cr0);
	update_long_mode(vmx);
	flush_guest_tlb(vmx);
	return NULL;
}

static const char *emulate_cr4(struct vcpu_vmx *vmx, u64 cr4)
{
	const struct cr_state s = guest_cr_state(vmx);
	const struct cr_env e = guest_cr_env();
	const char *fault = cr_rules_cr4(&s, &e, cr4);

	if (fault)
		return fault;
	vmx_write_guest_cr4(vmx, cr4);
	flush_guest_tlb(vmx);
	return NULL;
}

/* WRMSR EFER: NULL once done, else why the CPU raises #GP. */
static const char *emulate_efer(struct vcpu_vmx *vmx, u64 efer)
{
	const struct cr_state s = guest_cr_state(vmx);
	const struct cr_env e = guest_cr_env();
	const char *fault = cr_rules_efer(&s, &e, efer);

	if (fault)
		return fault;
	vmx_set_guest_efer(vmx, efer);
	return NULL;
}

void vmx_set_guest_efer(struct vcpu_vmx *vmx, u64 efer)
{
	/* LMA is read-only for WRMSR: it follows LME and CR0.PG. */
	vmx->efer = (vmx->efer & X86_EFER_LMA) | (efer & ~X86_EFER_LMA);
	vmx_write_guest_efer(vmx, vmx->efer);
	update_long_mode(vmx);
}

static const char *cr_mov_to(struct vcpu_vmx *vmx, unsigned int cr, u64 val)
{
	const struct cr_state s = guest_cr_state(vmx);
	const struct cr_env e = guest_cr_env();
	const char *fault;

	/* outside 64-bit mode MOV CR moves 32 bits (SDM Vol. 2B MOV CR) */
	if (!((s.efer & X86_EFER_LMA) && s.cs_l))
		val = (u32)val;
	switch (cr) {
	case 0:
		return emulate_cr0(vmx, val);
	case 3: /* only if the processor forces CR3-load exiting */
		fault = cr_rules_cr3(&s, &e, val);
		if (fault)
			return fault;
		val = cr_rules_cr3_value(&s, val);
		vmcs_writel(GUEST_CR3, val);
		vmx->vcpu->regs.cr3 = val;
		return NULL;
	case 4:
		return emulate_cr4(vmx, val);
	case 8: /* no virtual TPR: writes are dropped */
		return NULL;
	}
	return "MOV to an unknown control register";
}

/*
 * RSP is in vcpu->regs only on the exits whose emulation may name it (a
 * ModRM register operand: MOV CR, MMIO); prepare_run writes it back then.
 */
static void load_guest_rsp(struct vcpu *vcpu, struct vcpu_vmx *vmx)
{
	vcpu->regs.gpr[VCPU_RSP] = vmcs_readl(GUEST_RSP);
	vmx->rsp_loaded = true;
}

static void handle_cr_access(struct vcpu *vcpu, struct vcpu_vmx *vmx,
			     struct vcpu_exit *exit)
{
	u64 qual = vmcs_readl(EXIT_QUALIFICATION);
	unsigned int cr = qual & EXIT_QUAL_CR_NUM_MASK;
	unsigned int gpr = (qual >> EXIT_QUAL_CR_GPR_SHIFT) &
			   EXIT_QUAL_CR_GPR_MASK;
	u64 lmsw = (qual >> EXIT_QUAL_CR_LMSW_SHIFT) & EXIT_QUAL_CR_LMSW_MASK;
	const char *fault = NULL;

	load_guest_rsp(vcpu, vmx);

	switch ((qual >> EXIT_QUAL_CR_TYPE_SHIFT) & EXIT_QUAL_CR_TYPE_MASK) {
	case EXIT_QUAL_CR_TYPE_MOV_TO:
		fault = cr_mov_to(vmx, cr, vcpu->regs.gpr[gpr]);
		break;
	case EXIT_QUAL_CR_TYPE_MOV_FROM:
		vcpu->regs.gpr[gpr] = cr == 3 ? vmcs_readl(GUEST_CR3) : 0;
		break;
	case EXIT_QUAL_CR_TYPE_CLTS:
		fault = emulate_cr0(vmx, vmx->cr0 & ~X86_CR0_TS);
		break;
	case EXIT_QUAL_CR_TYPE_LMSW: /* loads PE MP EM TS; cannot clear PE */
		fault = emulate_cr0(vmx, (vmx->cr0 & ~CR0_LMSW_BITS) |
						 (lmsw & CR0_LMSW_BITS) |
						 (vmx->cr0 & X86_CR0_PE));
		break;
	}
	if (fault)
		raise_gp(vcpu, exit, fault);
	else
		skip_insn(vcpu, exit);
}

/* ---- exits the core emulates ---- */

/*
 * An NMI that caused a VM exit was not delivered to the guest, so the guest
 * is not blocked by it (SDM 28.3.4 saves blocking as it was before the
 * NMI).  Bochs 2.7 saves it as blocked; the guest would then never see an
 * NMI exit again.  liminal injects no NMIs, so the bit can only be that.
 */
static void clear_guest_nmi_blocking(void)
{
	u32 is = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	if (is & GUEST_INTR_STATE_NMI)
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO,
			     is & ~GUEST_INTR_STATE_NMI);
}

/*
 * A #DB exit leaves DR6 alone: its causes are in the exit qualification
 * (SDM Vol. 3C 28.2.1, Table 28-1).  ICEBP (INT1) is a privileged software
 * exception whose RIP is the instruction's own: the core delivers it past
 * the instruction (its length, SDM 28.2.5).
 */
static void decode_debug_exception(struct vcpu_vmx *vmx, struct vcpu_exit *exit,
				   u32 info)
{
	(void)vmx;
	exit->exception.dr6 = vmcs_readl(EXIT_QUALIFICATION) &
			      EXIT_QUAL_DB_DR6_MASK;
	if ((info & INTR_INFO_TYPE_MASK) == INTR_TYPE_PRIV_SW_EXCEPTION)
		exit->insn_len = exit_insn_len();
}

/*
 * MOV DR: the exit qualification names the register, the direction and
 * the GPR (SDM Vol. 3C Table 28-4); the core checks and emulates it.  The
 * CPL is SS.DPL; 64-bit mode is IA-32e with CS.L.  CR4.DE is in the CR4
 * copy this backend keeps (vmx_write_guest_cr4()).
 */
static void handle_dr_access(struct vcpu *vcpu, struct vcpu_vmx *vmx,
			     struct vcpu_exit *exit)
{
	u64 qual = vmcs_readl(EXIT_QUALIFICATION);
	u32 ss_ar = vmcs_read32(GUEST_SS_AR_BYTES);
	u32 cs_ar = vmcs_read32(GUEST_CS_AR_BYTES);

	load_guest_rsp(vcpu, vmx); /* the GPR may be RSP */
	exit->kind = VCPU_EXIT_DR_ACCESS;
	exit->insn_len = exit_insn_len();
	exit->dr.dr = qual & EXIT_QUAL_DR_NUM_MASK;
	exit->dr.write = !(qual & EXIT_QUAL_DR_FROM);
	exit->dr.gpr = (qual >> EXIT_QUAL_DR_GPR_SHIFT) & EXIT_QUAL_DR_GPR_MASK;
	exit->dr.cpl = (ss_ar & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT;
	exit->dr.long64 = (vmx->efer & X86_EFER_LMA) && (cs_ar & VMX_AR_L);
	exit->dr.rip_linear = vmcs_readl(GUEST_CS_BASE) + vcpu->regs.rip;
}

static void handle_exception_nmi(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				 struct vcpu_exit *exit)
{
	u32 info = vmx->exit_intr_info;

	if ((info & INTR_INFO_TYPE_MASK) == INTR_TYPE_NMI) {
		/* the NMI itself was handled in vmx_vcpu_enter_exit */
		clear_guest_nmi_blocking();
		exit->kind = VCPU_EXIT_NONE;
		return;
	}
	vcpu->regs.cr3 = vmcs_readl(GUEST_CR3);
	exit->kind = VCPU_EXIT_EXCEPTION;
	exit->exception.vector = info & INTR_INFO_VECTOR_MASK;
	exit->exception.error_code =
		(info & INTR_INFO_DELIVER_CODE) ?
			vmcs_read32(VM_EXIT_INTR_ERROR_CODE) :
			0;
	exit->exception.dr6 = 0;
	if (exit->exception.vector == X86_TRAP_DB)
		decode_debug_exception(vmx, exit, info);
}

static void handle_external_interrupt(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				      struct vcpu_exit *exit)
{
	(void)vcpu;
	(void)vmx;
	exit->kind = VCPU_EXIT_NONE; /* taken in vmx_handle_exit_irqoff */
}

/* The watchdog expired (vcpu.c): pending host work runs at step 8. */
static void handle_preemption_timer(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				    struct vcpu_exit *exit)
{
	(void)vcpu;
	(void)vmx;
	exit->kind = VCPU_EXIT_NONE;
}

static void handle_triple_fault(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				struct vcpu_exit *exit)
{
	(void)vcpu;
	(void)vmx;
	exit->kind = VCPU_EXIT_SHUTDOWN;
}

static void handle_interrupt_window(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				    struct vcpu_exit *exit)
{
	(void)vcpu;
	vmx->proc_ctls &= ~CPU_BASED_INTR_WINDOW_EXITING;
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, vmx->proc_ctls);
	exit->kind = VCPU_EXIT_NONE; /* prepare_run injects now */
}

static void handle_hlt(struct vcpu *vcpu, struct vcpu_vmx *vmx,
		       struct vcpu_exit *exit)
{
	(void)vmx;
	vcpu->regs.rflags = vmcs_readl(GUEST_RFLAGS); /* the core tests IF */
	exit->kind = VCPU_EXIT_HLT;
	exit->insn_len = exit_insn_len();
}

static void handle_invd(struct vcpu *vcpu, struct vcpu_vmx *vmx,
			struct vcpu_exit *exit)
{
	(void)vcpu;
	unhandled(vmx, exit, "guest executed INVD (always intercepted on VMX)");
}

static void handle_rdmsr(struct vcpu *vcpu, struct vcpu_vmx *vmx,
			 struct vcpu_exit *exit)
{
	u32 index = (u32)vcpu->regs.gpr[VCPU_RCX];

	if (index == MSR_EFER) { /* the bitmap passes it; be safe anyway */
		vcpu->regs.gpr[VCPU_RAX] = (u32)vmx->efer;
		vcpu->regs.gpr[VCPU_RDX] = vmx->efer >> 32;
		skip_insn(vcpu, exit);
		return;
	}
	vmx_decode_rdmsr(vcpu, exit);
}

static void handle_wrmsr(struct vcpu *vcpu, struct vcpu_vmx *vmx,
			 struct vcpu_exit *exit)
{
	const char *fault;

	vmx_decode_wrmsr(vcpu, exit);
	if (exit->msr.index != MSR_EFER)
		return;
	fault = emulate_efer(vmx, exit->msr.value);
	if (fault)
		raise_gp(vcpu, exit, fault);
	else
		skip_insn(vcpu, exit);
}

/*
 * What made the access (enum vcpu_mmio_access), from the exit
 * qualification (SDM 28.2.1, Table 28-7) and the IDT-vectoring information
 * (28.2.4): an event whose delivery the violation cut short means the IDT,
 * GDT, TSS or stack was read there; bit 2 a fetch; without bit 7 there was
 * no guest-linear address (e.g. PDPTE loads); bit 7 without bit 8 a read
 * of a guest paging-structure entry; bits 7 and 8 the final translation of
 * the access.
 */
static u8 ept_violation_access(u64 qual)
{
	if (vmcs_read32(IDT_VECTORING_INFO_FIELD) & INTR_INFO_VALID)
		return VCPU_MMIO_DELIVERY;
	if (qual & EXIT_QUAL_EPT_FETCH)
		return VCPU_MMIO_FETCH;
	if (!(qual & EXIT_QUAL_EPT_GLA_VALID))
		return VCPU_MMIO_NO_LINEAR;
	if (!(qual & EXIT_QUAL_EPT_GLA_TRANSLATED))
		return VCPU_MMIO_PAGE_WALK;
	return VCPU_MMIO_DATA;
}

/* CS access rights in the neutral packing: the code-size bits the core reads. */
static u16 cs_attr(u32 ar)
{
	return (ar & 0xff) | (ar & VMX_AR_L ? SEG_ATTR_L : 0) |
	       (ar & VMX_AR_DB ? SEG_ATTR_DB : 0);
}

/* Not in RAM: the MMIO window, or outside the guest altogether. */
static void handle_ept_violation(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				 struct vcpu_exit *exit)
{
	u64 qual = vmcs_readl(EXIT_QUALIFICATION);
	gpa_t gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
	struct vm *vm = vcpu->vm;

	/* the core decodes the faulting instruction: it walks CR3 */
	vcpu->regs.cr3 = vmcs_readl(GUEST_CR3);
	if (!vcpu_exit_gpa_fault(exit, vm, gpa, qual & EXIT_QUAL_EPT_WRITE,
				 qual))
		return;
	exit->mmio.access = ept_violation_access(qual);
	exit->mmio.cs_attr = cs_attr(vmcs_read32(GUEST_CS_AR_BYTES));
	exit->mmio.cs_base = vmcs_readl(GUEST_CS_BASE);
	load_guest_rsp(vcpu, vmx); /* a register operand may be RSP */
}

static void handle_ept_misconfig(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				 struct vcpu_exit *exit)
{
	(void)vcpu;
	snprintf(vmx->msg.buf, sizeof(vmx->msg.buf),
		 "EPT misconfiguration at GPA 0x%llx (a bug in the VMM's EPT)",
		 (unsigned long long)vmcs_read64(GUEST_PHYSICAL_ADDRESS));
	unhandled(vmx, exit, vmx->msg.buf);
}

static const vmx_exit_handler_t vmx_exit_handlers[VMX_NR_EXIT_REASONS] = {
	[EXIT_REASON_EXCEPTION_NMI] = handle_exception_nmi,
	[EXIT_REASON_EXTERNAL_INTERRUPT] = handle_external_interrupt,
	[EXIT_REASON_TRIPLE_FAULT] = handle_triple_fault,
	[EXIT_REASON_INTERRUPT_WINDOW] = handle_interrupt_window,
	[EXIT_REASON_CPUID] = handle_cpuid,
	[EXIT_REASON_HLT] = handle_hlt,
	[EXIT_REASON_INVD] = handle_invd,
	[EXIT_REASON_VMCALL] = handle_vmcall,
	[EXIT_REASON_CR_ACCESS] = handle_cr_access,
	[EXIT_REASON_DR_ACCESS] = handle_dr_access,
	[EXIT_REASON_IO_INSTRUCTION] = handle_io,
	[EXIT_REASON_MSR_READ] = handle_rdmsr,
	[EXIT_REASON_MSR_WRITE] = handle_wrmsr,
	[EXIT_REASON_EPT_VIOLATION] = handle_ept_violation,
	[EXIT_REASON_EPT_MISCONFIG] = handle_ept_misconfig,
	[EXIT_REASON_PREEMPTION_TIMER] = handle_preemption_timer,
	[EXIT_REASON_XSETBV] = vmx_handle_xsetbv, /* state.c */
};

/* ---- failed entries: VM-fail, and exits 33, 34, 41 ---- */

static const char *entry_failure_why(struct vcpu_vmx *vmx)
{
	const char *rule;

	switch (vmx->vcpu->last_reason & VMX_EXIT_REASON_BASIC_MASK) {
	case EXIT_REASON_INVALID_STATE:
		rule = vmx_check_current(vmx);
		return rule ? rule :
			      "VM-entry failed: invalid guest state (exit reason 33); liminal's own SDM 27.3.1 checks found nothing";
	case EXIT_REASON_MSR_LOAD_FAIL:
		return "VM-entry failed: MSR loading (exit reason 34)";
	case EXIT_REASON_MCE_DURING_ENTRY:
		return "VM-entry failed: machine-check event during VM entry (exit reason 41)";
	}
	return "VM-entry failed with an unknown exit reason";
}

static const char *vm_fail_why(struct vcpu_vmx *vmx)
{
	int err = vmx_read_insn_error();
	const char *rule = NULL;

	if (err == 7 || err == 8) /* invalid control or host-state fields */
		rule = vmx_check_current(vmx);
	snprintf(vmx->msg.buf, sizeof(vmx->msg.buf), "%s failed: %s%s%s",
		 vmx->launched ? "VMRESUME" : "VMLAUNCH",
		 vmx_insn_error_name(err), rule ? ": " : "", rule ? rule : "");
	return vmx->msg.buf;
}

/*
 * Our own checks' refusal keeps its words; a failure the CPU reported is
 * named now.  Either way the vCPU is not entered again.
 */
static noinline void decode_entry_failure(struct vcpu_vmx *vmx,
					  struct vcpu_exit *exit)
{
	struct vcpu *vcpu = vmx->vcpu;

	exit->kind = VCPU_EXIT_ENTRY_FAILED;
	if (vcpu->fail.refused)
		exit->fail.why = vcpu->fail.why;
	else if (vmenter_faulted(vcpu->last_reason))
		exit->fail.why = vmenter_fault_why(
			vcpu->last_reason, vmx->msg.buf, sizeof(vmx->msg.buf));
	else if (vmx->fail)
		exit->fail.why = vm_fail_why(vmx);
	else
		exit->fail.why = entry_failure_why(vmx);
	vcpu_refuse(vcpu, exit->fail.why);
}

/* An event that the exit interrupted goes back to the core's queue. */
static void complete_injection(struct vcpu *vcpu, struct vcpu_vmx *vmx)
{
	u32 idt = vmcs_read32(IDT_VECTORING_INFO_FIELD);

	vmx->injected = false;
	if ((idt & INTR_INFO_VALID) &&
	    (idt & INTR_INFO_TYPE_MASK) == INTR_TYPE_EXT_INTR)
		vcpu->pending_irq = idt & INTR_INFO_VECTOR_MASK;
}

static noinline void no_handler(struct vcpu_vmx *vmx, struct vcpu_exit *exit,
				u32 basic)
{
	snprintf(vmx->msg.buf, sizeof(vmx->msg.buf),
		 "no handler for VMX exit reason %u (%s)", basic,
		 vmx_exit_reason_name(basic));
	unhandled(vmx, exit, vmx->msg.buf);
}

/*
 * Hot path: the exit reason (read in vmx_vcpu_enter_exit), RIP, then what
 * the handler needs: RSP where the emulation may name it (MMIO, MOV CR),
 * RFLAGS where the core tests it (HLT), CR3 where the core walks it.
 * CR0/CR4/EFER in vcpu->regs are kept by the CR/EFER emulation.
 */
static __always_inline void decode_basic(struct vcpu *vcpu,
					 struct vcpu_vmx *vmx,
					 struct vcpu_exit *exit, u32 basic)
{
	vmx_exit_handler_t handler;

	vcpu->regs.rip = vmcs_readl(GUEST_RIP);
	vmx->exit_rip = vcpu->regs.rip;
	if (unlikely(vmx->injected))
		complete_injection(vcpu, vmx);
	handler = basic < VMX_NR_EXIT_REASONS ? vmx_exit_handlers[basic] : NULL;
	if (likely(handler))
		handler(vcpu, vmx, exit);
	else
		no_handler(vmx, exit, basic);
}

/* Exit reasons with more than a basic reason: flags in bits 31:16. */
static noinline void decode_flagged(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				    struct vcpu_exit *exit)
{
	/* bit 31: an entry failure, a VM-fail or our own checks' refusal */
	if (vmx->vcpu->last_reason & VMX_EXIT_REASON_ENTRY_FAILURE) {
		decode_entry_failure(vmx, exit);
		return;
	}
	decode_basic(vcpu, vmx, exit,
		     vmx->vcpu->last_reason & VMX_EXIT_REASON_BASIC_MASK);
}

void vmx_decode_exit(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);
	u32 reason = vcpu->last_reason;

	exit->reason = reason;
	exit->insn_len = 0;
	/* the common case, a bare basic reason with a table slot: one compare */
	if (unlikely(reason >= VMX_NR_EXIT_REASONS)) {
		decode_flagged(vcpu, vmx, exit);
		return;
	}
	decode_basic(vcpu, vmx, exit, reason);
}
