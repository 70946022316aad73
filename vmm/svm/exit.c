// SPDX-License-Identifier: GPL-2.0
/*
 * SVM exit decoding: each handler turns one exit code into the neutral
 * struct vcpu_exit that the core emulates (vmm/emulate.c).  Handlers sit in
 * const tables indexed by the raw exit code: the dense low range
 * 0x000-0x0a6 and the high range 0x400-0x403 (NPF, AVIC, VMGEXIT);
 * VMEXIT_INVALID has its handler out of line.  A code without a handler decodes to
 * VCPU_EXIT_UNHANDLED: the core dumps the VMCB and stops the vCPU.  The
 * exit codes' names are in names.c.  The
 * decoders of the exits the fastpath also takes, and the instruction
 * lengths, are in decode.h.
 */
#include <arch/msr.h>
#include <arch/segment.h>
#include <arch/x86.h>
#include <liminal/compiler.h>
#include <lib/string.h>
#include <lib/printk.h>
#include <arch/segment.h>
#include <vmm/debugreg.h>
#include <vmm/svm/svm.h>
#include <vmm/cr_rules.h>
#include <vmm/exit.h>
#include <vmm/insn.h>
#include <vmm/vmenter.h>

/* The CR0 bits LMSW writes (SDM Vol. 2A "LMSW"). */
#define CR0_LMSW_BITS (X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | X86_CR0_TS)

#include "decode.h"

/*
 * INTR, NMI, SMI: the host takes the event; nothing for the core.  PAUSE
 * (the pause filter ran out): the guest spins; re-entering re-arms the
 * filter, and the host has had its IRQ window meanwhile.
 */
static void svm_handle_host_event(struct vcpu *vcpu, struct vcpu_svm *svm,
				  struct vmcb *vmcb, struct vcpu_exit *exit)
{
	(void)vcpu, (void)svm, (void)vmcb;
	exit->kind = VCPU_EXIT_NONE;
}

/* The interrupt window opened: prepare_run injects the pending vector. */
static void svm_handle_vintr(struct vcpu *vcpu, struct vcpu_svm *svm,
			     struct vmcb *vmcb, struct vcpu_exit *exit)
{
	(void)vcpu, (void)svm;
	vmcb->control.int_ctl &=
		~(SVM_V_IRQ | SVM_V_INTR_PRIO_MASK | SVM_V_IGN_TPR);
	vmcb->control.intercept_misc1 &= ~SVM_BIT(SVM_INTERCEPT_VINTR);
	exit->kind = VCPU_EXIT_NONE;
}

static void svm_handle_hlt(struct vcpu *vcpu, struct vcpu_svm *svm,
			   struct vmcb *vmcb, struct vcpu_exit *exit)
{
	vcpu->regs.rflags = vmcb->save.rflags; /* the core tests IF */
	exit->kind = VCPU_EXIT_HLT;
	exit->insn_len = svm_insn_len(svm, vmcb, SVM_INSN_LEN_HLT);
}

/*
 * What made the access (enum vcpu_mmio_access), from the NPF's EXITINFO1
 * (a #PF-style error code, APM 15.25.6) and EXITINTINFO (15.7.2): an event
 * whose delivery the fault cut short means the IDT, GDT, TSS or stack was
 * read there; bit 33 a guest page-table read; the fetch bit a fetch.  The
 * rest is the final translation of a data access (bit 32, which not every
 * emulator sets).
 */
static u8 svm_npf_access(const struct vmcb *vmcb, u64 error)
{
	if (vmcb->control.exit_int_info & SVM_EVTINJ_VALID)
		return VCPU_MMIO_DELIVERY;
	if (error & SVM_NPF_GUEST_PT)
		return VCPU_MMIO_PAGE_WALK;
	if (error & SVM_NPF_FETCH)
		return VCPU_MMIO_FETCH;
	return VCPU_MMIO_DATA;
}

/*
 * NPF: EXITINFO2 is the faulting GPA, EXITINFO1 a #PF-style error code.
 * Only the MMIO window and addresses outside guest memory are unmapped, so
 * the window is MMIO and anything else is a violation.
 */
static void svm_handle_npf(struct vcpu *vcpu, struct vcpu_svm *svm,
			   struct vmcb *vmcb, struct vcpu_exit *exit)
{
	const struct vm *vm = vcpu->vm;
	gpa_t gpa = vmcb->control.exit_info_2;
	u64 error = vmcb->control.exit_info_1;

	svm_sync_control_regs(vcpu, vmcb);
	if (vcpu_exit_gpa_fault(exit, vm, gpa, error & SVM_NPF_WRITE, error)) {
		exit->mmio.access = svm_npf_access(vmcb, error);
		exit->mmio.cs_attr = vmcb->save.cs.attrib;
		exit->mmio.cs_base = vmcb->save.cs.base;
		/* the decoded instruction may name RSP: prepare_run writes it */
		vcpu->regs.gpr[VCPU_RSP] = vmcb->save.rsp;
		svm->rsp_loaded = true;
	}
}

/* ---- CR0/CR3/CR4 and EFER writes (include/vmm/cr_rules.h) ---- */

/*
 * The CR-write intercepts (CR0, CR3, CR4) and the MSR permission map
 * (EFER) bring every write of the guest here: the VMM judges it with the
 * neutral rules and either performs it or raises #GP(0), as the CPU
 * would.  Without them QEMU TCG takes an illegal value (it raises no #GP
 * for MOV CR) and the next VMRUN fails.  QEMU has neither decode assists
 * nor NRIPS, so the instruction is fetched and decoded (vmm/insn.c).
 * The guest's EFER view hides SVME, which VMRUN needs and CPUID does not
 * offer it.
 */
static struct cr_state svm_cr_state(const struct vmcb *vmcb)
{
	return (struct cr_state){
		.cr0 = vmcb->save.cr0,
		.cr3 = vmcb->save.cr3,
		.cr4 = vmcb->save.cr4,
		.efer = vmcb->save.efer & ~X86_EFER_SVME,
		.cs_l = vmcb->save.cs.attrib & SEG_ATTR_L,
	};
}

/* What a guest may set: CR4 bits this CPU has (but VMXE, SMXE), EFER's. */
static struct cr_env svm_cr_env(void)
{
	struct vcpu_cpuid ext;

	vcpu_host_cpuid(CR_RULES_CPUID_EXT, 0, &ext);
	return (struct cr_env){
		.cr4_valid = CR_RULES_CR4_DEFINED &
			     ~(X86_CR4_VMXE | X86_CR4_SMXE |
			       svm_caps.cr4_unsupported),
		.efer_valid = cr_rules_efer_supported(ext.edx),
		.maxphyaddr = svm_caps.maxphyaddr,
	};
}

/* A new paging mode: drop the guest's translations at the next VMRUN. */
static void svm_flush_guest_tlb(struct vcpu_svm *svm, struct vmcb *vmcb)
{
	vmcb->control.tlb_control = svm_has(SVM_FEAT_FLUSH_BY_ASID) ?
					    SVM_TLB_CONTROL_FLUSH_ASID :
					    SVM_TLB_CONTROL_FLUSH_ALL;
	svm->oneshot = true;
}

/* EFER.LMA follows LME and CR0.PG; VMRUN needs SVME. */
static void svm_set_efer(struct vmcb *vmcb, u64 efer)
{
	vmcb->save.efer = cr_rules_efer_lma(efer, vmcb->save.cr0) |
			  X86_EFER_SVME;
}

/* A legal write: into the VMCB, the paging mode and vcpu->regs follow. */
static void svm_apply_cr(struct vcpu *vcpu, struct vcpu_svm *svm,
			 struct vmcb *vmcb, unsigned int cr, u64 val)
{
	const struct cr_state s = svm_cr_state(vmcb);

	switch (cr) {
	case 0:
		vmcb->save.cr0 = val;
		svm_set_efer(vmcb, s.efer);
		break;
	case 3:
		vmcb->save.cr3 = cr_rules_cr3_value(&s, val);
		break;
	case 4:
		vmcb->save.cr4 = val;
		break;
	}
	svm_flush_guest_tlb(svm, vmcb);
	svm_sync_control_regs(vcpu, vmcb);
}

/* The rule for a write of @val to CR@cr: NULL, or why it is #GP. */
static const char *svm_cr_fault(const struct vmcb *vmcb, unsigned int cr,
				u64 val)
{
	const struct cr_state s = svm_cr_state(vmcb);
	const struct cr_env e = svm_cr_env();

	switch (cr) {
	case 0:
		return cr_rules_cr0(&s, &e, val);
	case 3:
		return cr_rules_cr3(&s, &e, val);
	default:
		return cr_rules_cr4(&s, &e, val);
	}
}

/* The value the decoded instruction writes (LMSW: PE MP EM TS, not PE off). */
static u64 svm_cr_value(const struct vcpu *vcpu, const struct vmcb *vmcb,
			const struct cr_insn *insn, enum insn_mode mode)
{
	u64 cr0 = vmcb->save.cr0, src;

	src = insn->gpr == VCPU_RSP ? vmcb->save.rsp :
				      vcpu->regs.gpr[insn->gpr];
	switch (insn->kind) {
	case CR_INSN_CLTS:
		return cr0 & ~X86_CR0_TS;
	case CR_INSN_LMSW:
		return (cr0 & ~CR0_LMSW_BITS) | (src & CR0_LMSW_BITS) |
		       (cr0 & X86_CR0_PE);
	default:
		/* outside 64-bit mode MOV CR moves 32 bits */
		return mode == INSN_MODE_64 ? src : (u32)src;
	}
}

/* The instruction at RIP, if it is one that writes CR@cr; else NULL. */
static const char *svm_decode_cr_write(struct vcpu *vcpu,
				       const struct vmcb *vmcb, unsigned int cr,
				       enum insn_mode mode,
				       struct cr_insn *insn)
{
	u8 buf[INSN_MAX_LEN];
	const u8 *code;
	size_t n;

	code = vcpu_fetch_insn(vcpu, vmcb->save.cs.base, mode, buf, &n);
	if (insn_decode_cr(code, n, mode, insn))
		return "CR write intercept: the instruction at RIP is not MOV to CR, LMSW from a register or CLTS";
	if ((insn->kind == CR_INSN_MOV_TO && insn->cr != cr) ||
	    (insn->kind != CR_INSN_MOV_TO && cr != 0))
		return "CR write intercept: the instruction at RIP writes another CR";
	return NULL;
}

static void svm_handle_cr_write(struct vcpu *vcpu, struct vcpu_svm *svm,
				struct vmcb *vmcb, struct vcpu_exit *exit)
{
	unsigned int cr = vcpu->last_reason - SVM_EXIT_CR0_WRITE;
	enum insn_mode mode;
	struct cr_insn insn;
	const char *fault;
	u64 val;

	/*
	 * Bochs 2.7 has already cleared EFER.LMA when a MOV CR0 that clears
	 * PG exits to us (CR0 itself still holds PG): LMA is LME and the
	 * old CR0.PG, as the architecture keeps it (tests/hostile/
	 * mode_legacy.asm on --cpu ryzen).
	 */
	vmcb->save.efer = cr_rules_efer_lma(vmcb->save.efer, vmcb->save.cr0);
	svm_sync_control_regs(vcpu,
			      vmcb); /* the fetch walks the guest's tables */
	mode = insn_mode_of(vmcb->save.cr0, vmcb->save.efer,
			    vmcb->save.cs.attrib);
	fault = svm_decode_cr_write(vcpu, vmcb, cr, mode, &insn);
	if (fault) {
		vcpu->fail.why = fault; /* the core's report names it */
		exit->kind = VCPU_EXIT_UNHANDLED;
		return;
	}
	val = svm_cr_value(vcpu, vmcb, &insn, mode);
	fault = svm_cr_fault(vmcb, cr, val);
	exit->kind = VCPU_EXIT_NONE;
	if (fault) {
		vcpu_queue_gp(vcpu, fault); /* RIP stays on the instruction */
		return;
	}
	svm_apply_cr(vcpu, svm, vmcb, cr, val);
	vcpu->regs.rip += insn.len;
}

/*
 * MSR exits: EFER is the backend's (the rules, then the VMCB); any other
 * MSR goes to the core as decode.h describes it.
 */
static void svm_handle_msr_exit(struct vcpu *vcpu, struct vcpu_svm *svm,
				struct vmcb *vmcb, struct vcpu_exit *exit)
{
	const struct cr_state s = svm_cr_state(vmcb);
	const struct cr_env e = svm_cr_env();
	const char *fault;

	svm_handle_msr(vcpu, svm, vmcb, exit);
	if (exit->msr.index != MSR_EFER)
		return;
	exit->kind = VCPU_EXIT_NONE;
	if (vmcb->control.exit_info_1 != SVM_MSR_EXIT_WRITE) {
		vcpu->regs.gpr[VCPU_RAX] = (u32)s.efer;
		vcpu->regs.gpr[VCPU_RDX] = s.efer >> 32;
		vcpu->regs.rip += exit->insn_len;
		return;
	}
	fault = cr_rules_efer(&s, &e, exit->msr.value);
	if (fault) {
		vcpu_queue_gp(vcpu, fault);
		return;
	}
	svm_set_efer(vmcb, exit->msr.value);
	svm_sync_control_regs(vcpu, vmcb);
	vcpu->regs.rip += exit->insn_len;
}

static void svm_handle_shutdown(struct vcpu *vcpu, struct vcpu_svm *svm,
				struct vmcb *vmcb, struct vcpu_exit *exit)
{
	(void)svm;
	svm_sync_control_regs(vcpu, vmcb);
	exit->kind = VCPU_EXIT_SHUTDOWN;
}

/*
 * An intercepted exception: EXITINFO1 holds its error code (15.12).  A #DB
 * has updated the VMCB's DR6 with its causes before the intercept (APM
 * Vol. 2 15.12.2); they go to the core, and DR6 back to its reset value so
 * that the next #DB reports only its own.
 */
static void svm_handle_exception(struct vcpu *vcpu, struct vcpu_svm *svm,
				 struct vmcb *vmcb, struct vcpu_exit *exit)
{
	(void)svm;
	svm_sync_control_regs(vcpu, vmcb);
	exit->kind = VCPU_EXIT_EXCEPTION;
	exit->exception.vector = vcpu->last_reason - SVM_EXIT_EXCP_BASE;
	exit->exception.error_code = (u32)vmcb->control.exit_info_1;
	exit->exception.dr6 = 0;
	if (exit->exception.vector == X86_TRAP_DB) {
		exit->exception.dr6 = vmcb->save.dr6 & DR6_VOLATILE;
		vmcb->save.dr6 = DR6_INIT;
	}
}

/*
 * ICEBP (INT1, f1): its #DB is a trap after the instruction, with no DR6
 * bit; the core delivers it past the one byte (the length NRIPS gives).
 */
static void svm_handle_icebp(struct vcpu *vcpu, struct vcpu_svm *svm,
			     struct vmcb *vmcb, struct vcpu_exit *exit)
{
	svm_sync_control_regs(vcpu, vmcb);
	exit->kind = VCPU_EXIT_EXCEPTION;
	exit->exception.vector = X86_TRAP_DB;
	exit->exception.error_code = 0;
	exit->exception.dr6 = 0;
	exit->insn_len = svm_insn_len(svm, vmcb, SVM_INSN_LEN_ICEBP);
}

/*
 * MOV from/to DRn (exit codes 0x20-0x2f, 0x30-0x3f).  With decode assists
 * EXITINFO1 names the GPR (APM Vol. 2 15.33.1); without (QEMU, Bochs) the
 * core decodes the instruction at CS.base + RIP, with the page walk of the
 * CR copies.  The GPR may be RSP: prepare_run writes it back.
 */
static void svm_handle_dr(struct vcpu *vcpu, struct vcpu_svm *svm,
			  struct vmcb *vmcb, struct vcpu_exit *exit)
{
	u32 code = vcpu->last_reason;
	u64 info = vmcb->control.exit_info_1;

	svm_sync_control_regs(vcpu, vmcb);
	vcpu->regs.gpr[VCPU_RSP] = vmcb->save.rsp;
	svm->rsp_loaded = true;
	exit->kind = VCPU_EXIT_DR_ACCESS;
	exit->dr.write = code >= SVM_EXIT_DR0_WRITE;
	exit->dr.dr = code & 0xf;
	exit->dr.cpl = vmcb->save.cpl;
	exit->dr.long64 = (vmcb->save.efer & X86_EFER_LMA) &&
			  (vmcb->save.cs.attrib & SEG_ATTR_L);
	exit->dr.rip_linear = vmcb->save.cs.base + vmcb->save.rip;
	exit->dr.gpr = VCPU_DR_GPR_DECODE;
	if (svm_has(SVM_FEAT_DECODE_ASSISTS) &&
	    (info & SVM_EXITINFO1_MOV_VALID) && svm->nrips) {
		exit->dr.gpr = info & SVM_EXITINFO1_MOV_GPR_MASK;
		exit->insn_len = svm_insn_len(svm, vmcb, 0);
	}
}

/*
 * The state VMRUN refused, rebuilt from the current VMCB for the re-check:
 *  - the control area as it is (an emulator may have moved EVENTINJ to
 *    EXITINTINFO: put back what was injected)
 *  - CR0, CR3, CR4 and EFER as the VMM last set them (vcpu->regs): every
 *    guest write to them is intercepted and applied by the VMM (the CR
 *    and EFER handlers above), so these are the entered values; the CPU
 *    may have left its host values in the save area instead
 *  - everything else as the CPU left the save area at VMEXIT_INVALID:
 *    QEMU and Bochs store their half-loaded state there, the guest's for
 *    each field loaded before the check that failed (segments, DR6/DR7,
 *    RIP...), the host's for the rest -- which pass the checks
 */
static void svm_refused_state(struct vmcb *dst, const struct vcpu *vcpu,
			      const struct vcpu_svm *svm)
{
	const struct vmcb_control *c = &svm->vmcb->control;

	*dst = *svm->vmcb;
	if (svm->oneshot && !(c->event_inj & SVM_EVTINJ_VALID))
		dst->control.event_inj = c->exit_int_info;
	dst->save.cr0 = vcpu->regs.cr0;
	dst->save.cr3 = vcpu->regs.cr3;
	dst->save.cr4 = vcpu->regs.cr4;
	dst->save.efer = vcpu->regs.efer;
}

/*
 * VMEXIT_INVALID: name the failed APM 15.5.1 condition.  A state the
 * pre-VMRUN check refused was named then (run.c); one the CPU refused is
 * re-checked on the current VMCB (svm_refused_state()).
 */
static void svm_handle_invalid(struct vcpu *vcpu, struct vcpu_svm *svm,
			       struct vmcb *vmcb, struct vcpu_exit *exit)
{
	const struct svm_check_env env = svm_check_env_of_caps();
	struct vmcb entered; /* 4 KiB of stack, cold path only */
	struct vcpu_fail *fail = &vcpu->fail;
	char cond[112];

	(void)vmcb;
	exit->kind = VCPU_EXIT_ENTRY_FAILED;
	if (svm->vmenter_fault) {
		vmenter_fault_why(svm->vmenter_fault, fail->buf,
				  sizeof(fail->buf));
		vcpu_refuse(vcpu, fail->buf);
	} else if (!fail->refused) {
		svm->cpu_refused = true;
		svm_refused_state(&entered, vcpu, svm);
		if (!svm_check_vmrun(&entered, &env, cond, sizeof(cond)))
			snprintf(
				fail->buf, sizeof(fail->buf),
				"VMRUN failed (VMEXIT_INVALID): %s (APM 15.5.1)",
				cond);
		else
			snprintf(
				fail->buf, sizeof(fail->buf),
				"VMRUN failed (VMEXIT_INVALID): no APM 15.5.1 check this VMM makes fails on the current VMCB; see the dump");
		vcpu_refuse(vcpu, fail->buf);
	}
	exit->fail.why = fail->why;
}

/*
 * CPUID the fastpath left to the core (a leaf it filters): CR4 too, whose
 * OSXSAVE leaf 1 reports (CR4 writes do not exit on SVM).
 */
static void svm_handle_cpuid_full(struct vcpu *vcpu, struct vcpu_svm *svm,
				  struct vmcb *vmcb, struct vcpu_exit *exit)
{
	vcpu->regs.cr4 = vmcb->save.cr4;
	svm_handle_cpuid(vcpu, svm, vmcb, exit);
}

static const svm_exit_handler_t svm_exit_handlers[SVM_EXIT_NR_LOW] = {
	[SVM_EXIT_EXCP_BASE + X86_TRAP_MC] = svm_handle_exception,
	[SVM_EXIT_EXCP_BASE + X86_TRAP_DB] = svm_handle_exception,
	[SVM_EXIT_EXCP_BASE + X86_TRAP_AC] = svm_handle_exception,
	[SVM_EXIT_DR0_READ... SVM_EXIT_DR0_WRITE + 15] = svm_handle_dr,
	[SVM_EXIT_INTR] = svm_handle_host_event,
	[SVM_EXIT_NMI] = svm_handle_host_event,
	[SVM_EXIT_SMI] = svm_handle_host_event,
	[SVM_EXIT_PAUSE] = svm_handle_host_event,
	[SVM_EXIT_VINTR] = svm_handle_vintr,
	[SVM_EXIT_CPUID] = svm_handle_cpuid_full,
	[SVM_EXIT_HLT] = svm_handle_hlt,
	[SVM_EXIT_IOIO] = svm_handle_ioio,
	[SVM_EXIT_MSR] = svm_handle_msr_exit,
	[SVM_EXIT_CR0_WRITE] = svm_handle_cr_write,
	[SVM_EXIT_CR0_WRITE + 3] = svm_handle_cr_write,
	[SVM_EXIT_CR0_WRITE + 4] = svm_handle_cr_write,
	[SVM_EXIT_SHUTDOWN] = svm_handle_shutdown,
	[SVM_EXIT_VMMCALL] = svm_handle_vmmcall,
	[SVM_EXIT_ICEBP] = svm_handle_icebp,
	[SVM_EXIT_XSETBV] = svm_handle_xsetbv, /* state.c */
};

static const svm_exit_handler_t
	svm_exit_handlers_high[SVM_EXIT_NR_HIGH_END - SVM_EXIT_NPF] = {
		[SVM_EXIT_NPF - SVM_EXIT_NPF] = svm_handle_npf,
	};

/* A code outside the dense low range (cold): NPF, INVALID, the rest. */
static svm_exit_handler_t svm_exit_handler_other(u32 code)
{
	if (code >= SVM_EXIT_NPF && code < SVM_EXIT_NR_HIGH_END)
		return svm_exit_handlers_high[code - SVM_EXIT_NPF];
	if (code == SVM_EXIT_INVALID)
		return svm_handle_invalid;
	return NULL;
}

/* An exit code without a handler: the core dumps the VMCB and stops. */
static void svm_handle_unhandled(struct vcpu *vcpu, struct vcpu_svm *svm,
				 struct vmcb *vmcb, struct vcpu_exit *exit)
{
	(void)svm;
	svm_sync_control_regs(vcpu, vmcb);
	exit->kind = VCPU_EXIT_UNHANDLED;
}

/* EVENTINJ and TLB_CONTROL acted on the VMRUN that just exited. */
static __always_inline void svm_retire_oneshot(struct vcpu_svm *svm,
					       struct vmcb *vmcb)
{
	vmcb->control.event_inj = 0;
	vmcb->control.tlb_control = SVM_TLB_CONTROL_DO_NOTHING;
	svm->oneshot = false;
}

/*
 * decode_exit's steps for an exit code: the register file follows the VMCB
 * (RAX and RIP; RSP, RFLAGS and the CR and EFER copies only where the core
 * reads them) and the one-shot controls of the entry are retired -- after
 * VMEXIT_INVALID neither: the save area is not the guest's, and the
 * re-check wants the controls; then the handler fills *exit.
 */
static __always_inline void
svm_decode_code(struct vcpu *vcpu, struct vcpu_svm *svm, struct vmcb *vmcb,
		struct vcpu_exit *exit, u32 code, svm_exit_handler_t handler)
{
	if (likely(code != SVM_EXIT_INVALID)) {
		vcpu->regs.gpr[VCPU_RAX] = vmcb->save.rax;
		vcpu->regs.rip = vmcb->save.rip;
		if (unlikely(svm->oneshot))
			svm_retire_oneshot(svm, vmcb);
	}
	exit->reason = code;
	exit->insn_len = 0;
	if (unlikely(!handler))
		handler = svm_handle_unhandled;
	handler(vcpu, svm, vmcb, exit);
}

/* Exit codes outside the dense low range (NPF, INVALID, ...). */
static noinline void svm_decode_other(struct vcpu *vcpu, struct vcpu_svm *svm,
				      struct vmcb *vmcb, struct vcpu_exit *exit,
				      u32 code)
{
	svm_decode_code(vcpu, svm, vmcb, exit, code,
			svm_exit_handler_other(code));
}

/*
 * struct vcpu_ops.decode_exit, IRQs on: vcpu->last_reason is the raw exit
 * code (the run loop's, or VMEXIT_INVALID for a state the pre-VMRUN check
 * refused).  A code of the dense low range is its own table slot (the
 * common exits: one compare); the others are looked up out of line.
 */
void svm_decode_exit(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	struct vcpu_svm *svm = to_svm(vcpu);
	struct vmcb *vmcb = svm->vmcb;
	u32 code = vcpu->last_reason;

	if (unlikely(code >= SVM_EXIT_NR_LOW)) {
		svm_decode_other(vcpu, svm, vmcb, exit, code);
		return;
	}
	svm_decode_code(vcpu, svm, vmcb, exit, code, svm_exit_handlers[code]);
}
