/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The world switch's contract with C (vmm/svm/vmenter.asm,
 * vmm/vmx/vmenter.asm), beyond the registers each keeps: the flags it reads
 * from struct vcpu, the status it returns after one of its instructions
 * faulted, and the exit hygiene it owes the host.  The assembly takes every
 * number here from the generated asm-offsets.inc
 * (tools/asm-offsets/asm-offsets.c), never from a copy.
 *
 * Exit hygiene, after every VM exit, before the first RET (KVM's
 * vmenter.S):
 *  1) the guest's GPRs are stored into struct vcpu_regs
 *  2) every GPR but RSP and the one carrying the return value is zeroed,
 *     those the host reloads from the stack included: no guest value
 *     reaches C, even speculatively after a cache miss on the reload
 *  3) the return stack buffer is overwritten when vcpu->vmenter_flags asks
 *     (spectre_v2_rsb_vmexit(), include/host/bugs.h), so that no RET in the
 *     host is predicted from an entry the guest left in it
 */
#ifndef VMM_VMENTER_H
#define VMM_VMENTER_H

#include <liminal/types.h>
#include <host/bugs.h>

/* struct vcpu.vmenter_flags: read by the assembly after each exit */
#define VMENTER_RSB_FILL (1u << 0) /* Linux X86_FEATURE_RSB_VMEXIT */
#define VMENTER_RSB_LITE (1u << 1) /* Linux X86_FEATURE_RSB_VMEXIT_LITE */
/* not read by the assembly: corrupt=vmenter_fault (the fixup test) */
#define VMENTER_TEST_FAULT (1u << 8)

/* CALLs that overwrite every RSB entry (Linux's RSB_CLEAR_LOOPS). */
#define VMENTER_RSB_ENTRIES 32

/*
 * The instructions of the world switch that can fault (#UD outside
 * SVM/VMX operation, #GP on a bad VMCB address), each with an exception
 * table entry whose fixup ends the switch as cleanly as it can and returns
 * VMENTER_FAULT | insn << 8 | vector instead of an exit (KVM: the
 * _ASM_EXTABLE entries of vmenter.S).  Bit 31 is set, so VMX sees a failed
 * entry.
 */
enum vmenter_insn {
	VMENTER_INSN_VMLOAD = 1,
	VMENTER_INSN_VMRUN,
	VMENTER_INSN_VMSAVE,
	VMENTER_INSN_VMLAUNCH,
	VMENTER_INSN_VMRESUME,
};
#define VMENTER_FAULT 0xfff00000u
#define VMENTER_FAULT_MASK 0xffff0000u
#define VMENTER_FAULT_DATA(insn) (VMENTER_FAULT | (insn) << 8)

static inline bool vmenter_faulted(u32 status)
{
	return (status & VMENTER_FAULT_MASK) == VMENTER_FAULT;
}

/*
 * "VMRUN faulted (#GP)" for a status vmenter_faulted() accepts, in @buf;
 * returns @buf.
 */
const char *vmenter_fault_why(u32 status, char *buf, size_t len);

/*
 * The flags a vCPU runs with: the host's boot-time decision
 * (spectre_v2_rsb_vmexit()), unless @mitigations is off for its guest
 * (config key mitigations=off).
 */
static inline u32 vmenter_flags(bool mitigations)
{
	if (!mitigations)
		return 0;
	switch (spectre_v2_rsb_vmexit()) {
	case RSB_VMEXIT_FILL:
		return VMENTER_RSB_FILL;
	case RSB_VMEXIT_LITE:
		return VMENTER_RSB_LITE;
	case RSB_VMEXIT_NONE:
		break;
	}
	return 0;
}

#endif /* VMM_VMENTER_H */
