/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SVM exit decoders of the exits the core can emulate with IRQs off,
 * shared by decode_exit (exit.c, through its handler table) and the
 * fastpath in the vendor run (run.c, inlined).  Each fills the neutral
 * struct vcpu_exit from the VMCB and vcpu->regs, whose RAX and RIP the
 * caller has taken from the VMCB first.
 *
 * Instruction lengths: with NRIPS the CPU stores the next RIP in the VMCB
 * (APM 15.7.1); without it (QEMU TCG) the intercepted instruction's length
 * is known per exit: CPUID 0f a2, VMMCALL 0f 01 d9, HLT f4, RDMSR 0f 32,
 * WRMSR 0f 30, ICEBP f1.  IN/OUT exits carry the next RIP in EXITINFO2
 * either way.
 */
#ifndef VMM_SVM_SVM_DECODE_H
#define VMM_SVM_SVM_DECODE_H

#include <liminal/compiler.h>
#include <vmm/svm/svm.h>

enum svm_insn_len {
	SVM_INSN_LEN_CPUID = 2,
	SVM_INSN_LEN_VMMCALL = 3,
	SVM_INSN_LEN_HLT = 1,
	SVM_INSN_LEN_MSR = 2,
	SVM_INSN_LEN_ICEBP = 1,
};

typedef void (*svm_exit_handler_t)(struct vcpu *vcpu, struct vcpu_svm *svm,
				   struct vmcb *vmcb, struct vcpu_exit *exit);

static __always_inline u32 svm_insn_len(const struct vcpu_svm *svm,
					const struct vmcb *vmcb, u32 known)
{
	if (svm->nrips)
		return (u32)(vmcb->control.next_rip - vmcb->save.rip);
	return known;
}

/*
 * The read-only CR0/CR3/CR4/EFER copies in vcpu->regs, refreshed only on
 * the exits where the core reads them: NPF (the MMIO decoder walks the
 * guest's page tables) and the exits that stop the guest (its report).
 */
static inline void svm_sync_control_regs(struct vcpu *vcpu,
					 const struct vmcb *vmcb)
{
	vcpu->regs.cr0 = vmcb->save.cr0;
	vcpu->regs.cr3 = vmcb->save.cr3;
	vcpu->regs.cr4 = vmcb->save.cr4;
	vcpu->regs.efer = vmcb->save.efer;
}

static __always_inline void svm_handle_cpuid(struct vcpu *vcpu,
					     struct vcpu_svm *svm,
					     struct vmcb *vmcb,
					     struct vcpu_exit *exit)
{
	exit->kind = VCPU_EXIT_CPUID;
	exit->insn_len = svm_insn_len(svm, vmcb, SVM_INSN_LEN_CPUID);
	exit->cpuid.leaf = (u32)vcpu->regs.gpr[VCPU_RAX];
	exit->cpuid.subleaf = (u32)vcpu->regs.gpr[VCPU_RCX];
}

static __always_inline void svm_handle_vmmcall(struct vcpu *vcpu,
					       struct vcpu_svm *svm,
					       struct vmcb *vmcb,
					       struct vcpu_exit *exit)
{
	(void)vcpu;
	exit->kind = VCPU_EXIT_HYPERCALL;
	exit->insn_len = svm_insn_len(svm, vmcb, SVM_INSN_LEN_VMMCALL);
}

/* IOIO: EXITINFO1 describes the access, EXITINFO2 is the next RIP. */
static __always_inline void svm_handle_ioio(struct vcpu *vcpu,
					    struct vcpu_svm *svm,
					    struct vmcb *vmcb,
					    struct vcpu_exit *exit)
{
	u64 info = vmcb->control.exit_info_1;

	(void)svm;
	if (unlikely(info & (SVM_IOIO_STR | SVM_IOIO_REP))) {
		/* INS/OUTS: no neutral form, the guest ABI does not use them. */
		svm_sync_control_regs(vcpu, vmcb);
		exit->kind = VCPU_EXIT_UNHANDLED;
		return;
	}
	exit->kind = VCPU_EXIT_IO;
	exit->insn_len = (u8)(vmcb->control.exit_info_2 - vmcb->save.rip);
	exit->io.port = (info & SVM_IOIO_PORT_MASK) >> SVM_IOIO_PORT_SHIFT;
	exit->io.size = (info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT;
	exit->io.in = info & SVM_IOIO_TYPE_IN;
}

static __always_inline void svm_handle_msr(struct vcpu *vcpu,
					   struct vcpu_svm *svm,
					   struct vmcb *vmcb,
					   struct vcpu_exit *exit)
{
	const u64 *gpr = vcpu->regs.gpr;

	exit->insn_len = svm_insn_len(svm, vmcb, SVM_INSN_LEN_MSR);
	exit->msr.index = (u32)gpr[VCPU_RCX];
	if (vmcb->control.exit_info_1 == SVM_MSR_EXIT_WRITE) {
		exit->kind = VCPU_EXIT_MSR_WRITE;
		exit->msr.value = (gpr[VCPU_RDX] << 32) | (u32)gpr[VCPU_RAX];
	} else {
		exit->kind = VCPU_EXIT_MSR_READ;
		exit->msr.value = 0;
	}
}

#endif /* VMM_SVM_SVM_DECODE_H */
