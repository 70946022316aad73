/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMX exit decoders of the exits the core can emulate with IRQs off,
 * shared by decode_exit (exit.c, through its handler table) and the
 * fastpath in the vendor run (run.c, inlined).  Each fills the neutral
 * struct vcpu_exit from the VMCS and vcpu->regs, whose RIP the caller has
 * read from the VMCS first.  The instruction length is the CPU's
 * (VM_EXIT_INSTRUCTION_LEN, SDM 28.2.5).
 */
#ifndef VMM_VMX_VMX_DECODE_H
#define VMM_VMX_VMX_DECODE_H

#include <liminal/compiler.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>

typedef void (*vmx_exit_handler_t)(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				   struct vcpu_exit *exit);

static __always_inline u32 exit_insn_len(void)
{
	return vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
}

static inline void unhandled(struct vcpu_vmx *vmx, struct vcpu_exit *exit,
			     const char *why)
{
	exit->kind = VCPU_EXIT_UNHANDLED;
	exit->fail.why = why;
	vmx->vcpu->fail.why = why; /* the dump prints it */
}

static __always_inline void
handle_cpuid(struct vcpu *vcpu, struct vcpu_vmx *vmx, struct vcpu_exit *exit)
{
	(void)vmx;
	exit->kind = VCPU_EXIT_CPUID;
	exit->insn_len = exit_insn_len();
	exit->cpuid.leaf = (u32)vcpu->regs.gpr[VCPU_RAX];
	exit->cpuid.subleaf = (u32)vcpu->regs.gpr[VCPU_RCX];
}

static __always_inline void
handle_vmcall(struct vcpu *vcpu, struct vcpu_vmx *vmx, struct vcpu_exit *exit)
{
	(void)vcpu;
	(void)vmx;
	exit->kind = VCPU_EXIT_HYPERCALL;
	exit->insn_len = exit_insn_len();
}

/* Exit qualification for I/O instructions (SDM 28.2.1, Table 28-5). */
static __always_inline void handle_io(struct vcpu *vcpu, struct vcpu_vmx *vmx,
				      struct vcpu_exit *exit)
{
	u64 qual = vmcs_readl(EXIT_QUALIFICATION);

	(void)vcpu;
	if (qual & EXIT_QUAL_IO_STRING) {
		unhandled(vmx, exit, "string I/O (INS/OUTS) is not emulated");
		return;
	}
	exit->kind = VCPU_EXIT_IO;
	exit->insn_len = exit_insn_len();
	exit->io.port = (qual >> EXIT_QUAL_IO_PORT_SHIFT) &
			EXIT_QUAL_IO_PORT_MASK;
	exit->io.size = (qual & EXIT_QUAL_IO_SIZE_MASK) + 1;
	exit->io.in = qual & EXIT_QUAL_IO_IN;
}

/* RDMSR/WRMSR as the core sees them (exit.c completes EFER itself). */
static __always_inline void vmx_decode_rdmsr(struct vcpu *vcpu,
					     struct vcpu_exit *exit)
{
	exit->kind = VCPU_EXIT_MSR_READ;
	exit->insn_len = exit_insn_len();
	exit->msr.index = (u32)vcpu->regs.gpr[VCPU_RCX];
}

static __always_inline void vmx_decode_wrmsr(struct vcpu *vcpu,
					     struct vcpu_exit *exit)
{
	const u64 *gpr = vcpu->regs.gpr;

	exit->kind = VCPU_EXIT_MSR_WRITE;
	exit->insn_len = exit_insn_len();
	exit->msr.index = (u32)gpr[VCPU_RCX];
	exit->msr.value = (gpr[VCPU_RDX] << 32) | (u32)gpr[VCPU_RAX];
}

#endif /* VMM_VMX_VMX_DECODE_H */
