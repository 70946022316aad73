// SPDX-License-Identifier: GPL-2.0
/*
 * The guest CPU state no VMCB/VMCS holds, switched at the vCPU's run
 * boundary (include/vmm/vcpu_state.h says what, when and why there):
 * the XSAVE-managed registers, XCR0, the MSRs a backend lists, CR2.
 *
 * The host's side of it.  The VMM is compiled without x87/SSE/AVX code
 * (-mgeneral-regs-only), so it has no FPU/SIMD state of its own to save:
 * whatever the registers hold while no guest is loaded is the last guest's
 * until the next load overwrites every component, and nothing in the host
 * reads them.  What the host does own is XCR0 (every component a guest may
 * use, so that XSAVE/XRSTOR here cover all of them), CR4.OSXSAVE/OSFXSR
 * (set once, here) and its values of the listed MSRs (saved at each load,
 * put back at each put).
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <host/mm.h>
#include <host/panic.h>
#include <lib/printk.h>
#include <vmm/exit.h>
#include <vmm/vcpu.h>
#include <vmm/vcpu_state.h>

/* CPUID (SDM Vol. 2A "CPUID", APM Vol. 3 Appendix E) */
#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID1_EDX_FXSR (1u << 24)
#define CPUID7_ECX_RDPID (1u << 22)
#define CPUID81_EDX_RDTSCP (1u << 27)
#define CPUID_LEAF_XSTATE 0xdu /* subleaf 0: EDX:EAX XCR0 bits, EBX size */
#define CPUID_LEAF_EXT_MAX 0x80000000u
#define CPUID_LEAF_EXT_FEATURES 0x80000001u

/*
 * The legacy region of an XSAVE or FXSAVE image, as far as the reset state
 * needs it (SDM Vol. 1 10.5.1, Table 10-2), and the XSAVE header after it
 * (13.4.2).  The rest of a fresh area is zero: XSTATE_BV = 0 makes XRSTOR
 * put every component in its init state, MXCSR excepted (from the area).
 */
struct fxregs_legacy {
	u16 fcw;
	u16 fsw;
	u8 ftw; /* abridged: 0 = every register empty */
	u8 reserved;
	u16 fop;
	u64 fip;
	u64 fdp;
	u32 mxcsr;
	u32 mxcsr_mask;
};
_Static_assert(offsetof(struct fxregs_legacy, mxcsr) == 24, "FXSAVE layout");

#define FXSAVE_SIZE 512
#define XSAVE_HEADER_SIZE 64

/* This CPU's side, set once by vcpu_state_setup(). */
static struct {
	bool xsave; /* XSAVE/XRSTOR/XSETBV, else FXSAVE/FXRSTOR */
	bool tsc_aux; /* IA32_TSC_AUX exists (RDTSCP or RDPID) */
	u64 xcr0; /* the host's XCR0: what guests may enable */
	u32 size; /* bytes of a vCPU's area */
} host_state;

static __always_inline void xsetbv(u32 index, u64 value)
{
	__asm__ __volatile__("xsetbv" ::"c"(index), "a"((u32)value),
			     "d"((u32)(value >> 32))
			     : "memory");
}

static __always_inline u64 xgetbv(u32 index)
{
	u32 lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(index));
	return ((u64)hi << 32) | lo;
}

/* Standard-form XSAVE/XRSTOR of the components in @mask (and XCR0). */
static __always_inline void xsave(void *area, u64 mask)
{
	__asm__ __volatile__("xsave64 (%0)" ::"r"(area), "a"((u32)mask),
			     "d"((u32)(mask >> 32))
			     : "memory");
}

static __always_inline void xrstor(const void *area, u64 mask)
{
	__asm__ __volatile__("xrstor64 (%0)" ::"r"(area), "a"((u32)mask),
			     "d"((u32)(mask >> 32))
			     : "memory");
}

static __always_inline void fxsave(void *area)
{
	__asm__ __volatile__("fxsave64 (%0)" ::"r"(area) : "memory");
}

static __always_inline void fxrstor(const void *area)
{
	__asm__ __volatile__("fxrstor64 (%0)" ::"r"(area) : "memory");
}

u64 vcpu_state_host_xcr0(void)
{
	return host_state.xcr0;
}

static bool cpu_has_tsc_aux(void)
{
	struct cpuid_regs r, max;

	cpuid_count(0, 0, &max);
	if (max.eax >= 7) {
		cpuid_count(7, 0, &r);
		if (r.ecx & CPUID7_ECX_RDPID)
			return true;
	}
	cpuid_count(CPUID_LEAF_EXT_MAX, 0, &r);
	if (r.eax < CPUID_LEAF_EXT_FEATURES)
		return false;
	cpuid_count(CPUID_LEAF_EXT_FEATURES, 0, &r);
	return r.edx & CPUID81_EDX_RDTSCP;
}

/*
 * XSAVE: XCR0 = the guest components the CPU has (CPUID 0xD.0 EDX:EAX);
 * the area's size is then CPUID 0xD.0 EBX, for exactly that XCR0.
 */
static void setup_xsave(void)
{
	struct cpuid_regs r;

	write_cr4(read_cr4() | X86_CR4_OSXSAVE);
	cpuid_count(CPUID_LEAF_XSTATE, 0, &r);
	host_state.xcr0 = (((u64)r.edx << 32) | r.eax) & XFEATURE_MASK_GUEST;
	xsetbv(XCR_XFEATURE_ENABLED_MASK, host_state.xcr0);
	cpuid_count(CPUID_LEAF_XSTATE, 0, &r);
	host_state.size = r.ebx;
}

/*
 * In this order: CR0.TS and EM clear (XSAVE and FXSAVE would #NM or #UD),
 * CR4.OSFXSR (FXRSTOR restores XMM and MXCSR), then XSAVE where the CPU has
 * it.  Firmware leaves TS and EM clear and OSFXSR set (UEFI requires SSE);
 * OSXSAVE is clear under OVMF.
 */
int vcpu_state_setup(void)
{
	struct cpuid_regs r;
	u64 cr0 = read_cr0();

	cpuid_count(1, 0, &r);
	if (!(r.edx & CPUID1_EDX_FXSR)) {
		pr_err("vcpu state: no FXSAVE/FXRSTOR (CPUID 1 EDX.FXSR=0): guest FPU state cannot be switched\n");
		return -ENODEV;
	}
	if (cr0 & (X86_CR0_TS | X86_CR0_EM))
		write_cr0(cr0 & ~(X86_CR0_TS | X86_CR0_EM));
	write_cr4(read_cr4() | X86_CR4_OSFXSR);
	host_state.xsave = r.ecx & CPUID1_ECX_XSAVE;
	host_state.xcr0 = XFEATURE_MASK_FP | XFEATURE_MASK_SSE;
	host_state.size = FXSAVE_SIZE;
	if (host_state.xsave)
		setup_xsave();
	host_state.tsc_aux = cpu_has_tsc_aux();
	pr_info("vcpu state: %s, guest XCR0 up to 0x%llx, %u-byte area per vCPU, TSC_AUX %s\n",
		host_state.xsave ? "XSAVE" : "FXSAVE (no XSAVE)",
		(unsigned long long)host_state.xcr0, host_state.size,
		host_state.tsc_aux ? "switched" : "absent");
	return 0;
}

int vcpu_state_init(struct vcpu *vcpu)
{
	struct vcpu_state *s = &vcpu->state;
	struct fxregs_legacy *fx;

	BUILD_BUG_ON(FXSAVE_SIZE + XSAVE_HEADER_SIZE > PAGE_SIZE);
	s->xsave = page_alloc(PAGES(host_state.size));
	if (!s->xsave)
		return -ENOMEM;
	/* zeroed pages: XSTATE_BV = XCOMP_BV = 0, every register 0 */
	fx = s->xsave;
	fx->fcw = X87_FCW_RESET;
	fx->mxcsr = MXCSR_RESET;
	s->xcr0 = XCR0_RESET;
	s->loaded = false;
	return 0;
}

void vcpu_state_fini(struct vcpu *vcpu)
{
	struct vcpu_state *s = &vcpu->state;

	WARN_ON_ONCE(s->loaded);
	if (s->xsave)
		page_free(s->xsave, PAGES(host_state.size));
	s->xsave = NULL;
}

/* The backend's MSR @i, if this CPU has it. */
static bool state_msr_present(const struct vcpu_ops *ops, unsigned int i)
{
	return ops->state_msrs[i] != MSR_TSC_AUX || host_state.tsc_aux;
}

/*
 * Mirror of kvm_load_guest_fpu() and the loads KVM does before an entry,
 * IRQs on, in this order:
 *  1) the XSAVE image, with the host's XCR0 (every component a guest may
 *     use: XRSTOR loads or initialises each of them)
 *  2) the guest's XCR0, from here until vcpu_put_state()
 *  3) the backend's MSRs: the host's saved, the guest's written
 *  4) the guest's CR2, where the backend asks (struct vcpu_ops.state_cr2)
 */
void vcpu_load_state(struct vcpu *vcpu)
{
	const struct vcpu_ops *ops = vcpu->ops;
	struct vcpu_state *s = &vcpu->state;

	if (WARN_ON_ONCE(s->loaded))
		return;
	if (host_state.xsave) {
		WARN_ON_ONCE(xgetbv(XCR_XFEATURE_ENABLED_MASK) !=
			     host_state.xcr0);
		xrstor(s->xsave, host_state.xcr0);
		if (s->xcr0 != host_state.xcr0)
			xsetbv(XCR_XFEATURE_ENABLED_MASK, s->xcr0);
	} else {
		fxrstor(s->xsave);
	}
	for (unsigned int i = 0; i < ops->nr_state_msrs; i++) {
		if (!state_msr_present(ops, i))
			continue;
		s->host_msr[i] = rdmsr(ops->state_msrs[i]);
		wrmsr(ops->state_msrs[i], s->msr[i]);
	}
	if (ops->state_cr2)
		write_cr2(s->cr2);
	s->loaded = true;
}

/*
 * The guest's XCR0 as the CPU has it: what its XSETBVs left when the
 * intercept was not honoured (QEMU 7.2's SVM).  An illegal one -- the
 * CPU let it through without #GP -- stops the guest and is not kept.
 */
static u64 put_guest_xcr0(struct vcpu *vcpu)
{
	u64 xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	const char *why;

	if (likely(xcr0 == vcpu->state.xcr0))
		return xcr0;
	why = xsetbv_fault(XCR_XFEATURE_ENABLED_MASK, xcr0, host_state.xcr0, 0);
	if (!why)
		return xcr0;
	pr_err("vcpu state: %s: guest XCR0 0x%llx without an XSETBV exit: %s\n",
	       vcpu->vm->name, (unsigned long long)xcr0, why);
	vcpu_stop(
		vcpu, VERDICT_UNHANDLED,
		"guest XCR0 0x%llx set without an XSETBV exit: %s (#GP on hardware)",
		(unsigned long long)xcr0, why);
	return XCR0_RESET;
}

/*
 * Mirror of kvm_put_guest_fpu() and of restoring the host's state, IRQs
 * on, the reverse of vcpu_load_state():
 *  1) the guest's CR2, where switched (the host does not rely on its own)
 *  2) the backend's MSRs: the guest's read, the host's written back
 *  3) the guest's XCR0 read back, the host's set again
 *  4) the registers into the XSAVE image, with the host's XCR0 (a superset
 *     of any legal guest XCR0: every component the guest could change)
 */
void vcpu_put_state(struct vcpu *vcpu)
{
	const struct vcpu_ops *ops = vcpu->ops;
	struct vcpu_state *s = &vcpu->state;

	if (WARN_ON_ONCE(!s->loaded))
		return;
	if (ops->state_cr2)
		s->cr2 = read_cr2();
	for (unsigned int i = 0; i < ops->nr_state_msrs; i++) {
		if (!state_msr_present(ops, i))
			continue;
		s->msr[i] = rdmsr(ops->state_msrs[i]);
		wrmsr(ops->state_msrs[i], s->host_msr[i]);
	}
	if (host_state.xsave) {
		s->xcr0 = put_guest_xcr0(vcpu);
		xsetbv(XCR_XFEATURE_ENABLED_MASK, host_state.xcr0);
		xsave(s->xsave, host_state.xcr0);
	} else {
		fxsave(s->xsave);
	}
	s->loaded = false;
}

int vcpu_emulate_xsetbv(struct vcpu *vcpu, u32 index, u64 value,
			unsigned int cpl, bool osxsave)
{
	struct vcpu_state *s = &vcpu->state;

	if (!osxsave || !host_state.xsave)
		return X86_TRAP_UD;
	if (xsetbv_fault(index, value, host_state.xcr0, cpl))
		return X86_TRAP_GP;
	if (WARN_ON_ONCE(!s->loaded))
		return X86_TRAP_GP;
	s->xcr0 = value;
	xsetbv(XCR_XFEATURE_ENABLED_MASK, value); /* the guest's is live */
	return 0;
}
