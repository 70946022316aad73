// SPDX-License-Identifier: GPL-2.0
/*
 * The guest state a VMCS does not hold (include/vmm/vcpu_state.h), VMX's
 * part: which MSRs the core switches for this backend, their MSR-bitmap
 * pass-through, and the XSETBV exit.
 *
 * The VMCS switches FS/GS base, SYSENTER_*, EFER, PAT and DEBUGCTL (SDM
 * Vol. 3C 25.4.1, 28.5), not IA32_KERNEL_GS_BASE, STAR, LSTAR, CSTAR,
 * FMASK or TSC_AUX, nor CR2 (25.4.1 lists CR0, CR3, CR4 only).  The core
 * loads the guest's values of those when the vCPU starts running and puts
 * the host's back when it stops, so the guest reads and writes them
 * natively in between: the MSR bitmap passes them through, as KVM passes
 * KERNEL_GS_BASE (SWAPGS changes it without any exit anyway).  The guest's
 * WRMSR is checked by the CPU itself (#GP for a non-canonical address or
 * TSC_AUX bits 63:32).
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <vmm/vcpu_state.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>

#include "decode.h"

const u32 vmx_state_msrs[VMX_NR_STATE_MSRS] = {
	MSR_KERNEL_GS_BASE, MSR_STAR,	      MSR_LSTAR,
	MSR_CSTAR,	    MSR_SYSCALL_MASK, MSR_TSC_AUX,
};
_Static_assert(VMX_NR_STATE_MSRS <= VCPU_STATE_MAX_MSRS,
	       "struct vcpu_state has room for VMX's MSRs");

/* Clear @msr's read and write bits in the MSR bitmap (SDM 25.6.9). */
static void vmx_pass_msr(u8 *bitmap, u32 msr)
{
	u32 read = MSR_BITMAP_READ_LOW, write = MSR_BITMAP_WRITE_LOW;

	if (msr >= MSR_BITMAP_HIGH_BASE) {
		msr -= MSR_BITMAP_HIGH_BASE;
		read = MSR_BITMAP_READ_HIGH;
		write = MSR_BITMAP_WRITE_HIGH;
	}
	bitmap[read + msr / 8] &= ~(1u << (msr % 8));
	bitmap[write + msr / 8] &= ~(1u << (msr % 8));
}

void vmx_state_pass_msrs(u8 *msr_bitmap)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(vmx_state_msrs); i++)
		vmx_pass_msr(msr_bitmap, vmx_state_msrs[i]);
}

/*
 * XSETBV always exits in VMX non-root operation (SDM 26.1.2), after the
 * #UD checks that have priority (26.1.1); the guest's CR4.OSXSAVE is its
 * read shadow (every CR4 bit is host-owned), its CPL SS.DPL (SDM 27.4.1).
 */
void vmx_handle_xsetbv(struct vcpu *vcpu, struct vcpu_vmx *vmx,
		       struct vcpu_exit *exit)
{
	const u64 *gpr = vcpu->regs.gpr;
	u64 value = (gpr[VCPU_RDX] << 32) | (u32)gpr[VCPU_RAX];
	u32 ss_ar = vmcs_read32(GUEST_SS_AR_BYTES);
	unsigned int cpl = (ss_ar & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT;
	int vector;

	vector = vcpu_emulate_xsetbv(vcpu, (u32)gpr[VCPU_RCX], value, cpl,
				     vmx->cr4 & X86_CR4_OSXSAVE);
	exit->kind = VCPU_EXIT_NONE;
	if (vector) /* #GP's error code only in protected mode */
		vcpu_queue_exception(
			vcpu, vector,
			vector == X86_TRAP_GP && (vmx->cr0 & X86_CR0_PE), 0);
	else
		vcpu->regs.rip += exit_insn_len();
}
