// SPDX-License-Identifier: GPL-2.0
/*
 * The guest state a VMCB does not hold (include/vmm/vcpu_state.h), SVM's
 * part: which MSRs the core switches for this backend, the MSR permission
 * map's pass-through, and the XSETBV exit.
 *
 * VMLOAD/VMSAVE switch KERNEL_GS_BASE, STAR, LSTAR, CSTAR and SFMASK (APM
 * Vol. 2 15.5.2; vmenter.asm): a new VMCB is zeroed, so each guest starts
 * with their reset value 0, and the host's are VMLOADed back after every
 * exit.  So the guest may access them natively (KVM passes them through
 * too).  Neither switches TSC_AUX (RDTSCP, RDPID): the core does, when the
 * vCPU starts and stops running, and passes it through as well.  The
 * guest's WRMSR is checked by the CPU (#GP for a non-canonical address,
 * TSC_AUX bits 63:32).  VMRUN/#VMEXIT switch CR2 with the save area, but
 * not under Bochs: the core switches it too (svm_ops.state_cr2, svm.c).
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <host/panic.h>
#include <vmm/vcpu_state.h>
#include <vmm/svm/svm.h>

#include "decode.h"

const u32 svm_state_msrs[SVM_NR_STATE_MSRS] = { MSR_TSC_AUX };
_Static_assert(SVM_NR_STATE_MSRS <= VCPU_STATE_MAX_MSRS,
	       "struct vcpu_state has room for SVM's MSRs");

/* Native access, read and write, with the VMCB's or the core's switch. */
static const u32 svm_pass_msr_list[] = {
	MSR_KERNEL_GS_BASE, MSR_STAR,	      MSR_LSTAR,
	MSR_CSTAR,	    MSR_SYSCALL_MASK, MSR_TSC_AUX,
};

/*
 * The MSRPM (APM Vol. 2 15.11, Table 15-8): 2 KiB per MSR range, two bits
 * per MSR, read then write; the second range is C000_0000-C000_1FFF.
 */
#define SVM_MSRPM_RANGE_BYTES 0x800u
#define SVM_MSRPM_RANGE_MSRS 0x2000u
#define SVM_MSRPM_C0000000 0xc0000000u

static void svm_pass_msr(u8 *msrpm, u32 msr)
{
	u32 bit = (msr - SVM_MSRPM_C0000000) * 2;

	msrpm[SVM_MSRPM_RANGE_BYTES + bit / 8] &= ~(3u << (bit % 8));
}

void svm_state_pass_msrs(void *msrpm)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(svm_pass_msr_list); i++) {
		u32 msr = svm_pass_msr_list[i];

		if (WARN_ON_ONCE(msr - SVM_MSRPM_C0000000 >=
				 SVM_MSRPM_RANGE_MSRS))
			continue;
		svm_pass_msr(msrpm, msr);
	}
}

#define SVM_INSN_LEN_XSETBV 3 /* 0f 01 d1 */

/*
 * XSETBV, intercepted (SVM_INTERCEPT_XSETBV): where the CPU honours the
 * intercept (Bochs), checked here as hardware would; where it does not
 * (QEMU 7.2), the guest's XSETBV never exits and vcpu_put_state() reads
 * the result back.  CPL and CR4 are the VMCB's.
 */
void svm_handle_xsetbv(struct vcpu *vcpu, struct vcpu_svm *svm,
		       struct vmcb *vmcb, struct vcpu_exit *exit)
{
	const u64 *gpr = vcpu->regs.gpr;
	u64 value = (gpr[VCPU_RDX] << 32) | (u32)gpr[VCPU_RAX];
	int vector;

	vector = vcpu_emulate_xsetbv(vcpu, (u32)gpr[VCPU_RCX], value,
				     vmcb->save.cpl,
				     vmcb->save.cr4 & X86_CR4_OSXSAVE);
	exit->kind = VCPU_EXIT_NONE;
	if (vector) /* #GP's error code only in protected mode */
		vcpu_queue_exception(vcpu, vector,
				     vector == X86_TRAP_GP &&
					     (vmcb->save.cr0 & X86_CR0_PE),
				     0);
	else
		vcpu->regs.rip += svm_insn_len(svm, vmcb, SVM_INSN_LEN_XSETBV);
}
