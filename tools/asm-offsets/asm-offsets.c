// SPDX-License-Identifier: GPL-2.0
/*
 * The numbers the VMM's assembly takes from C, as Linux's asm-offsets.c:
 * compiled to assembly (never linked), each DEFINE() leaves a marker that
 * cmake/asm-offsets.cmake turns into a NASM %define of
 * <build>/generated/asm-offsets.inc.  The assembly has no copy of its own,
 * so none can go stale: change struct vcpu_regs and the next build
 * assembles the world switch with the new offsets.
 */
#include <arch/ptregs.h>
#include <arch/x86.h>
#include <host/host.h>
#include <vmm/vcpu.h>
#include <vmm/vmenter.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>

#define DEFINE(sym, val)                                             \
	__asm__ __volatile__("\n.ascii \"->ASM_OFFSET " #sym " %0\"" \
			     :                                       \
			     : "i"((long)(val)))
#define OFFSET(sym, str, mem) DEFINE(sym, offsetof(struct str, mem))
#define GPR(r) OFFSET(VCPU_##r, vcpu_regs, gpr[VCPU_##r])

void asm_offsets(void);

void asm_offsets(void)
{
	/* the build the assembly is part of */
	DEFINE(LIMINAL_DEBUG, LIMINAL_DEBUG);

	/* struct vcpu_regs: the register file the world switch loads/stores */
	GPR(RAX);
	GPR(RCX);
	GPR(RDX);
	GPR(RBX);
	GPR(RSP);
	GPR(RBP);
	GPR(RSI);
	GPR(RDI);
	GPR(R8);
	GPR(R9);
	GPR(R10);
	GPR(R11);
	GPR(R12);
	GPR(R13);
	GPR(R14);
	GPR(R15);
	OFFSET(VCPU_RIP, vcpu_regs, rip);
	/* the switch gets &vcpu->regs: vmenter_flags relative to it */
	DEFINE(VCPU_REGS_VMENTER_FLAGS, offsetof(struct vcpu, vmenter_flags) -
						offsetof(struct vcpu, regs));

	/* include/vmm/vmenter.h */
	DEFINE(VMENTER_RSB_FILL, VMENTER_RSB_FILL);
	DEFINE(VMENTER_RSB_LITE, VMENTER_RSB_LITE);
	DEFINE(VMENTER_RSB_ENTRIES, VMENTER_RSB_ENTRIES);
	DEFINE(VMENTER_FAULT_VMLOAD, VMENTER_FAULT_DATA(VMENTER_INSN_VMLOAD));
	DEFINE(VMENTER_FAULT_VMRUN, VMENTER_FAULT_DATA(VMENTER_INSN_VMRUN));
	DEFINE(VMENTER_FAULT_VMLAUNCH,
	       VMENTER_FAULT_DATA(VMENTER_INSN_VMLAUNCH));
	DEFINE(VMENTER_FAULT_VMRESUME,
	       VMENTER_FAULT_DATA(VMENTER_INSN_VMRESUME));
	OFFSET(HOST_CPU_STATS_VMENTER_DIRTY, host_cpu_stats, vmenter_dirty);

	/* VMX: the VMCS fields vmenter.asm reads or writes (SDM App. B) */
	DEFINE(VMCS_HOST_RSP, HOST_RSP);
	DEFINE(VMCS_EXIT_REASON, VM_EXIT_REASON);
	DEFINE(VMX_NO_EXIT, VMX_NO_EXIT);

	/* the host IDT (vmm/host/idt_stubs.asm) and its frame */
	DEFINE(HOST_IDT_STUB_SIZE, HOST_IDT_STUB_SIZE);
	DEFINE(X86_TRAP_NMI, X86_TRAP_NMI);
	DEFINE(PTREGS_SIZE, sizeof(struct pt_regs));
}
