/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit fastpath: exits that a backend's run emulates right after the
 * exit, IRQs still off, so that the run loop enters the guest again without
 * leaving step 5 of vcpu_enter_guest() -- KVM's EXIT_FASTPATH_REENTER_GUEST
 * (arch/x86/kvm/x86.c: vcpu_enter_guest(); the vendors'
 * svm_exit_handlers_fastpath() and vmx_exit_handlers_fastpath()).
 *
 * An exit qualifies when its emulation reads and writes nothing but the
 * register file and this guest's own counters: CPUID outside the leaves the
 * VMM filters, the register-only hypercalls, the scratch and test-data
 * ports, the scratch and ID MSRs.  Anything else -- printing, guest memory,
 * interrupt injection, a stop, an error report -- is EXIT_FASTPATH_NONE and
 * takes the whole way: decode_exit, then vcpu_exit_handlers[] with IRQs on
 * (vmm/emulate.c), whose handlers begin with these same helpers, so the two
 * paths cannot disagree on what a guest sees.
 *
 * The emulation is the core's, once for both vendors: the backend decodes
 * into a struct vcpu_exit on its stack with its decode_exit handlers and
 * calls vcpu_exit_fastpath(); inlined, the description stays in registers.
 * Each helper returns true when it emulated the exit, and changes nothing
 * when it returns false.
 *
 * KVM loops in vcpu_enter_guest() around kvm_x86_call(vcpu_run).  Here the
 * loop is in the vendor run (vcpu_ops.run), so that re-entering makes no
 * call and the world switch saves the host's registers once per loop, not
 * once per exit; the core's part of each pass is the inline steps at the
 * end of this file, in KVM's order:
 *
 *	for (;;) {
 *		vcpu_pass_enter();           // kvm_entry
 *		<noinstr world switch>       // guest_state_enter/exit_irqoff(),
 *		                             // vcpu_pass_exit(): exit time
 *		trace_kvm_exit();
 *		fastpath = <vendor>_exit_handlers_fastpath(); // vcpu_exit_fastpath()
 *		fastpath = vcpu_fastpath_reenter(fastpath);   // re-check, ++exits,
 *		if (fastpath != EXIT_FASTPATH_REENTER_GUEST)  // the exit's time
 *			return fastpath;
 *	}
 */
#ifndef VMM_FASTPATH_H
#define VMM_FASTPATH_H

#include <entry/kvm.h>
#include <entry/trace.h>
#include <entry/vtime.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <vmm/guest_abi.h>

/* CPUID leaves and bits (SDM Vol. 2A "CPUID", APM Vol. 3 appendix E). */
#define CPUID_LEAF_FEATURES 0x1
#define CPUID_LEAF_HV_BASE GUEST_CPUID_HV_BASE
#define CPUID_LEAF_HV_FEATURES GUEST_CPUID_HV_FEATURES
#define CPUID_LEAF_HV_LAST 0x400000ffu
#define CPUID_LEAF_EXT_FEATURES 0x80000001u
#define CPUID_LEAF_SVM 0x8000000au

/*
 * The leaves vcpu_cpuid_filter() changes; every other one is the host's.
 * The basic range below the hypervisor leaves first: one compare more for
 * the common leaves.
 */
static __always_inline bool cpuid_leaf_filtered(u32 leaf)
{
	if (likely(leaf < CPUID_LEAF_HV_BASE))
		return leaf == CPUID_LEAF_FEATURES;
	return leaf <= CPUID_LEAF_HV_LAST || leaf == CPUID_LEAF_EXT_FEATURES ||
	       leaf == CPUID_LEAF_SVM;
}

/* The host's CPUID straight into the guest's RAX/RBX/RCX/RDX. */
static __always_inline void cpuid_to_guest(struct vcpu *vcpu, u32 leaf,
					   u32 subleaf)
{
	u64 *gpr = vcpu->regs.gpr;

	arch_cpuid_gprs(leaf, subleaf, &gpr[VCPU_RAX], &gpr[VCPU_RBX],
			&gpr[VCPU_RCX], &gpr[VCPU_RDX]);
}

/* CPUID of a leaf the VMM leaves as the host has it. */
static __always_inline bool vcpu_fast_cpuid(struct vcpu *vcpu,
					    const struct vcpu_exit *exit)
{
	u32 leaf = exit->cpuid.leaf;

	if (unlikely(cpuid_leaf_filtered(leaf)))
		return false;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return false;
	cpuid_to_guest(vcpu, leaf, exit->cpuid.subleaf);
	return true;
}

/*
 * The hypercalls that compute their result from their arguments (ABI in
 * include/vmm/guest_abi.h: number in RAX, arguments in RBX, RCX, RDX, RSI,
 * result in RAX).
 */
static __always_inline bool vcpu_fast_hypercall(struct vcpu *vcpu,
						const struct vcpu_exit *exit)
{
	u64 *gpr = vcpu->regs.gpr;
	u64 ret;

	switch (gpr[VCPU_RAX]) {
	case HC_NOP:
		ret = 0;
		break;
	case HC_ECHO:
		ret = gpr[VCPU_RBX];
		break;
	case HC_ADD:
		ret = gpr[VCPU_RBX] + gpr[VCPU_RCX] + gpr[VCPU_RDX] +
		      gpr[VCPU_RSI];
		break;
	default:
		return false;
	}
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return false;
	to_guest(vcpu)->hypercalls++;
	gpr[VCPU_RAX] = ret;
	return true;
}

/* Operand mask of a port access of 1, 2 or 4 bytes; 0 for any other size. */
static __always_inline u32 io_size_mask(unsigned int size)
{
	switch (size) {
	case 1:
		return 0xff;
	case 2:
		return 0xffff;
	case 4:
		return ~0u;
	}
	return 0;
}

/*
 * The ports that are plain registers: GUEST_PORT_SCRATCH and
 * GUEST_PORT_TEST_DATA, read and written.  The console and the test
 * command print or end the guest; unknown ports are counted: both the
 * whole way.
 */
static __always_inline u32 *io_register(struct vmm_guest *g, u16 port)
{
	switch (port) {
	case GUEST_PORT_SCRATCH:
		return &g->port_scratch;
	case GUEST_PORT_TEST_DATA:
		return &g->test_data;
	}
	return NULL;
}

static __always_inline bool vcpu_fast_io(struct vcpu *vcpu,
					 const struct vcpu_exit *exit)
{
	u64 *rax = &vcpu->regs.gpr[VCPU_RAX];
	u32 mask = io_size_mask(exit->io.size);
	u32 *reg = io_register(to_guest(vcpu), exit->io.port);

	if (unlikely(!mask) || !reg)
		return false;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return false;
	if (!exit->io.in)
		*reg = (u32)*rax & mask;
	else if (mask == ~0u)
		*rax = *reg; /* a 32-bit result zero-extends */
	else
		*rax = (*rax & ~(u64)mask) | (*reg & mask);
	return true;
}

/* RDMSR of GUEST_MSR_SCRATCH or GUEST_MSR_ID: the value into EDX:EAX. */
static __always_inline bool vcpu_fast_msr_read(struct vcpu *vcpu,
					       const struct vcpu_exit *exit)
{
	u64 value;

	switch (exit->msr.index) {
	case GUEST_MSR_SCRATCH:
		value = to_guest(vcpu)->msr_scratch;
		break;
	case GUEST_MSR_ID:
		value = GUEST_MMIO_ID_VALUE;
		break;
	default:
		return false;
	}
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return false;
	vcpu->regs.gpr[VCPU_RAX] = (u32)value;
	vcpu->regs.gpr[VCPU_RDX] = value >> 32;
	return true;
}

/* WRMSR of GUEST_MSR_SCRATCH. */
static __always_inline bool vcpu_fast_msr_write(struct vcpu *vcpu,
						const struct vcpu_exit *exit)
{
	if (exit->msr.index != GUEST_MSR_SCRATCH)
		return false;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return false;
	to_guest(vcpu)->msr_scratch = exit->msr.value;
	return true;
}

/*
 * For a backend's run, IRQs off: emulate @exit if it qualifies (counted
 * like the whole way counts it, plus fastpath_exits) and say so.  Called
 * with a constant kind, the switch folds away.
 */
static __always_inline fastpath_t
vcpu_exit_fastpath(struct vcpu *vcpu, const struct vcpu_exit *exit)
{
	struct vmm_guest *g = to_guest(vcpu);
	bool done;

	switch (exit->kind) {
	case VCPU_EXIT_CPUID:
		done = vcpu_fast_cpuid(vcpu, exit);
		break;
	case VCPU_EXIT_HYPERCALL:
		done = vcpu_fast_hypercall(vcpu, exit);
		break;
	case VCPU_EXIT_IO:
		done = vcpu_fast_io(vcpu, exit);
		break;
	case VCPU_EXIT_MSR_READ:
		done = vcpu_fast_msr_read(vcpu, exit);
		break;
	case VCPU_EXIT_MSR_WRITE:
		done = vcpu_fast_msr_write(vcpu, exit);
		break;
	default:
		return EXIT_FASTPATH_NONE;
	}
	if (!done)
		return EXIT_FASTPATH_NONE;
	g->kind_count[exit->kind]++;
	g->fastpath_exits++;
	return EXIT_FASTPATH_REENTER_GUEST;
}

#endif /* VMM_FASTPATH_H */
