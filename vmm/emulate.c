// SPDX-License-Identifier: GPL-2.0
/*
 * Neutral emulation of CPUID, port I/O, MSRs, HLT and hypercalls, once for
 * both vendors.  CPUID and HLT are the VMM's own; ports, MSRs and
 * hypercalls go to the device that claims them (include/vmm/device.h), and
 * what is left to the core when nobody does.  MMIO is in vmm/mmio.c.
 *
 * Every handler checks first (is the instruction length known, is the
 * access one we emulate), then acts.  The claims a device flags as fast
 * are the fastpath's (include/vmm/fastpath.h), which the backends also
 * call with IRQs off; each handler here begins with its fastpath helper
 * and does the rest.  Nothing here prints on the common path.
 */
#include <arch/x86.h>
#include <liminal/errno.h>
#include <lib/string.h>
#include <vmm/board.h>
#include <vmm/exit.h>
#include <vmm/fastpath.h>
#include <vmm/guest.h>
#include <lib/printk.h>

/* CPUID bits (SDM Vol. 2A "CPUID", APM Vol. 3 appendix E); the leaves are
 * in include/vmm/fastpath.h. */
#define CPUID1_ECX_VMX (1u << 5)
#define CPUID1_ECX_SMX (1u << 6)
#define CPUID1_ECX_OSXSAVE (1u << 27)
#define CPUID1_ECX_HYPERVISOR (1u << 31)
#define CPUID81_ECX_SVM (1u << 2)

/* "LiminalVMM\0\0" in EBX, ECX, EDX, little-endian like "KVMKVMKVM". */
#define LIMINAL_SIG_EBX 0x696d694cu /* "Limi" */
#define LIMINAL_SIG_ECX 0x566c616eu /* "nalV" */
#define LIMINAL_SIG_EDX 0x00004d4du /* "MM\0\0" */

void vcpu_cpuid_filter(u32 leaf, struct vcpu_cpuid *r, u32 hv_features)
{
	if (leaf >= CPUID_LEAF_HV_BASE && leaf <= CPUID_LEAF_HV_LAST) {
		*r = (struct vcpu_cpuid){ 0 };
		if (leaf == CPUID_LEAF_HV_FEATURES)
			r->eax = hv_features;
		if (leaf == CPUID_LEAF_HV_BASE)
			*r = (struct vcpu_cpuid){ .eax = CPUID_LEAF_HV_FEATURES,
						  .ebx = LIMINAL_SIG_EBX,
						  .ecx = LIMINAL_SIG_ECX,
						  .edx = LIMINAL_SIG_EDX };
		return;
	}
	switch (leaf) {
	case CPUID_LEAF_FEATURES:
		r->ecx &= ~(CPUID1_ECX_VMX | CPUID1_ECX_SMX);
		r->ecx |= CPUID1_ECX_HYPERVISOR;
		break;
	case CPUID_LEAF_EXT_FEATURES:
		r->ecx &= ~CPUID81_ECX_SVM;
		break;
	case CPUID_LEAF_SVM:
		*r = (struct vcpu_cpuid){ 0 };
		break;
	}
}

/*
 * Which hypercall instruction works is the hardware's business: VMCALL
 * where the host has VMX, VMMCALL (SVM) otherwise.  Asked only for the
 * features leaf, so no cache is needed.
 */
static noinline u32 vcpu_hv_features(void)
{
	struct vcpu_cpuid host;

	vcpu_host_cpuid(CPUID_LEAF_FEATURES, 0, &host);
	return host.ecx & CPUID1_ECX_VMX ? HV_FEATURE_VMCALL : 0;
}

/* Results of 32-bit operations zero the upper half of the 64-bit GPR. */
static void set_gpr32(struct vcpu *vcpu, enum vcpu_reg reg, u32 v)
{
	vcpu->regs.gpr[reg] = v;
}

static noinline int no_insn_len(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "%s exit without an instruction length",
			      vcpu_exit_kind_name(exit->kind));
}

static void cpuid_set_regs(struct vcpu *vcpu, const struct vcpu_cpuid *r)
{
	set_gpr32(vcpu, VCPU_RAX, r->eax);
	set_gpr32(vcpu, VCPU_RBX, r->ebx);
	set_gpr32(vcpu, VCPU_RCX, r->ecx);
	set_gpr32(vcpu, VCPU_RDX, r->edx);
}

/* The leaves the guest sees changed: the host's values, filtered. */
static noinline int cpuid_filtered(struct vcpu *vcpu, u32 leaf, u32 subleaf)
{
	struct vcpu_cpuid r;

	vcpu_host_cpuid(leaf, subleaf, &r);
	vcpu_cpuid_filter(leaf, &r,
			  leaf == CPUID_LEAF_HV_FEATURES ? vcpu_hv_features() :
							   0);
	/*
	 * OSXSAVE mirrors CR4.OSXSAVE: the guest's, not the host's (set by
	 * vcpu_state_setup()).  The backends keep vcpu->regs.cr4 current on
	 * the exits that reach here.
	 */
	if (leaf == CPUID_LEAF_FEATURES) {
		r.ecx &= ~CPUID1_ECX_OSXSAVE;
		if (vcpu->regs.cr4 & X86_CR4_OSXSAVE)
			r.ecx |= CPUID1_ECX_OSXSAVE;
	}
	cpuid_set_regs(vcpu, &r);
	return 1;
}

int vcpu_emulate_cpuid(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	if (vcpu_fast_cpuid(vcpu, exit))
		return 1;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	return cpuid_filtered(vcpu, exit->cpuid.leaf, exit->cpuid.subleaf);
}

/* ---- port I/O ---------------------------------------------------------- */

/* OUT: to the device that claims the port; 1 to go on, 0 if it ended. */
static int io_write(struct vcpu *vcpu, u16 port, u32 value)
{
	const struct vmm_dev_ports *p = vmm_dev_port(port);

	if (p)
		return p->out(vcpu, port, value);
	to_guest(vcpu)->io_unknown++; /* no device: writes are dropped */
	return 1;
}

static u32 io_read(struct vcpu *vcpu, u16 port)
{
	const struct vmm_dev_ports *p = vmm_dev_port(port);

	if (p)
		return p->in(vcpu, port);
	to_guest(vcpu)->io_unknown++; /* no device: the bus floats high */
	return ~0u;
}

static noinline int io_bad_size(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "port 0x%x access of %u bytes", exit->io.port,
			      exit->io.size);
}

int vcpu_emulate_io(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	u64 *rax = &vcpu->regs.gpr[VCPU_RAX];
	u32 mask = io_size_mask(exit->io.size);

	if (vcpu_fast_io(vcpu, exit))
		return 1;
	if (unlikely(!mask))
		return io_bad_size(vcpu, exit);
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	if (!exit->io.in)
		return io_write(vcpu, exit->io.port, (u32)*rax & mask);
	io_in_merge(rax, mask, io_read(vcpu, exit->io.port));
	return 1;
}

/* ---- MSRs -------------------------------------------------------------- */

/* What a device's MSR handler said, or -ENOENT when none claims it. */
static const char *msr_error(int r)
{
	return r == -EPERM ? "read-only MSR" : "no such MSR";
}

int vcpu_emulate_msr_read(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	u32 index = exit->msr.index;
	const struct vmm_dev_msrs *m;
	u64 value;

	if (vcpu_fast_msr_read(vcpu, exit))
		return 1;
	m = vmm_dev_msr(index);
	if (!m)
		return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
				      "rdmsr 0x%x: no such MSR", index);
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	value = m->read(vcpu, index);
	vcpu->regs.gpr[VCPU_RAX] = (u32)value;
	vcpu->regs.gpr[VCPU_RDX] = value >> 32;
	return 1;
}

int vcpu_emulate_msr_write(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	u32 index = exit->msr.index;
	const struct vmm_dev_msrs *m;
	int r;

	if (vcpu_fast_msr_write(vcpu, exit))
		return 1;
	m = vmm_dev_msr(index);
	if (m && unlikely(!vcpu_insn_len_known(exit)))
		return no_insn_len(vcpu, exit);
	r = m ? m->write(vcpu, index, exit->msr.value) : -ENOENT;
	if (r)
		return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
				      "wrmsr 0x%x value 0x%llx: %s", index,
				      (unsigned long long)exit->msr.value,
				      msr_error(r));
	vcpu->regs.rip += exit->insn_len;
	return 1;
}

/* ---- HLT --------------------------------------------------------------- */

/*
 * The guest waits for an interrupt: wake it with GUEST_WAKE_VECTOR, at once
 * or (idle=1) after the host CPU idled until its next tick.  With IF=0 the
 * guest would sleep forever: stop it instead of hanging the run.
 */
/* Wake the guest with GUEST_WAKE_VECTOR at its next entry. */
static __always_inline int hlt_wake(struct vcpu *vcpu)
{
	vcpu->pending_irq = GUEST_WAKE_VECTOR;
	to_guest(vcpu)->injected++;
	return 1;
}

/* idle=1: the host CPU idles until its next tick first (out of line). */
static noinline int hlt_idle(struct vcpu *vcpu)
{
	vcpu_idle_until_tick(vcpu);
	to_guest(vcpu)->idle_waits++;
	return hlt_wake(vcpu);
}

int vcpu_emulate_hlt(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	struct vmm_guest *g = to_guest(vcpu);

	if (!(vcpu->regs.rflags & X86_EFLAGS_IF))
		return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
				      "hlt with interrupts disabled");
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	if (g->cfg && g->cfg->idle)
		return hlt_idle(vcpu);
	return hlt_wake(vcpu);
}

/* ---- hypercalls -------------------------------------------------------- */

/*
 * Number in RAX, result in RAX; the arguments are the claiming device's
 * business.  The fast claims are vcpu_fast_hypercall()'s; an unclaimed
 * number returns VMM_HYPERCALL_ENOSYS.
 */
int vcpu_emulate_hypercall(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	u64 *rax = &vcpu->regs.gpr[VCPU_RAX];
	const struct vmm_dev_hypercalls *hc;

	if (vcpu_fast_hypercall(vcpu, exit))
		return 1;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	to_guest(vcpu)->hypercalls++;
	hc = vmm_dev_hypercall(*rax);
	*rax = hc ? hc->call(vcpu, *rax) : VMM_HYPERCALL_ENOSYS;
	return 1;
}
