/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit fastpath: exits that a backend's run emulates right after the
 * exit, IRQs still off, so that the run loop enters the guest again without
 * leaving step 5 of vcpu_enter_guest() -- KVM's EXIT_FASTPATH_REENTER_GUEST
 * (arch/x86/kvm/x86.c: vcpu_enter_guest(); the vendors'
 * svm_exit_handlers_fastpath() and vmx_exit_handlers_fastpath()).
 *
 * An exit qualifies when its emulation reads and writes nothing but the
 * register file and this guest's own state: CPUID outside the leaves the
 * VMM filters, and the ports, MSRs and hypercalls a device claims with
 * VMM_DEV_FAST (include/vmm/device.h: KVM's fastpath rule).  Anything else
 * -- printing, guest memory, interrupt injection, a stop, an error report
 * -- is EXIT_FASTPATH_NONE and takes the whole way: decode_exit, then
 * vcpu_exit_handlers[] with IRQs on (vmm/emulate.c), whose handlers begin
 * with these same helpers and call the same device handlers, so the two
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
#include <vmm/board.h>
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
 * A hypercall a device claims as fast (include/vmm/device.h): number in
 * RAX, arguments where the device reads them, result in RAX.
 */
static __always_inline bool vcpu_fast_hypercall(struct vcpu *vcpu,
						const struct vcpu_exit *exit)
{
	u64 *gpr = vcpu->regs.gpr;
	u64 nr = gpr[VCPU_RAX];
	const struct vmm_dev_hypercalls *hc = vmm_dev_hypercall(nr);

	if (!hc || !(hc->flags & VMM_DEV_FAST))
		return false;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return false;
	to_guest(vcpu)->hypercalls++;
	gpr[VCPU_RAX] = hc->call(vcpu, nr);
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

/* IN: the device's value into AL, AX or EAX (which zero-extends). */
static __always_inline void io_in_merge(u64 *rax, u32 mask, u32 value)
{
	if (mask == ~0u)
		*rax = value;
	else
		*rax = (*rax & ~(u64)mask) | (value & mask);
}

/* A port a device claims as fast; every other port takes the whole way. */
static __always_inline bool vcpu_fast_io(struct vcpu *vcpu,
					 const struct vcpu_exit *exit)
{
	u64 *rax = &vcpu->regs.gpr[VCPU_RAX];
	u32 mask = io_size_mask(exit->io.size);
	u16 port = exit->io.port;
	const struct vmm_dev_ports *p = vmm_dev_port(port);

	if (unlikely(!mask) || !p || !(p->flags & VMM_DEV_FAST))
		return false;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return false;
	if (!exit->io.in)
		p->out(vcpu, port, (u32)*rax & mask);
	else
		io_in_merge(rax, mask, p->in(vcpu, port));
	return true;
}

/*
 * An MSR a device claims as fast.  A write's instruction length is
 * checked before the handler runs and RIP moved after: a handler that
 * refuses (read-only) changes nothing, and the whole way reports it.
 */
static __always_inline bool vcpu_fast_msr_read(struct vcpu *vcpu,
					       const struct vcpu_exit *exit)
{
	const struct vmm_dev_msrs *m = vmm_dev_msr(exit->msr.index);
	u64 value;

	if (!m || !(m->flags & VMM_DEV_FAST))
		return false;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return false;
	value = m->read(vcpu, exit->msr.index);
	vcpu->regs.gpr[VCPU_RAX] = (u32)value;
	vcpu->regs.gpr[VCPU_RDX] = value >> 32;
	return true;
}

static __always_inline bool vcpu_fast_msr_write(struct vcpu *vcpu,
						const struct vcpu_exit *exit)
{
	const struct vmm_dev_msrs *m = vmm_dev_msr(exit->msr.index);

	if (!m || !(m->flags & VMM_DEV_FAST))
		return false;
	if (unlikely(!vcpu_insn_len_known(exit)) ||
	    m->write(vcpu, exit->msr.index, exit->msr.value))
		return false;
	vcpu->regs.rip += exit->insn_len;
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
