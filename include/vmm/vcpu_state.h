/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest CPU state that no VMCB or VMCS holds, switched per vCPU: KVM's
 * kvm_load_guest_fpu()/kvm_put_guest_fpu() and its user-return MSRs, in
 * one pair, vcpu_load_state()/vcpu_put_state() (vmm/vcpu_state.c).
 *
 * What a guest can change that the hardware does not switch (SDM Vol. 3C
 * 25.4-25.5 and 28.5 for the VMCS, APM Vol. 2 15.5 and Appendix B for
 * VMRUN/VMLOAD/VMSAVE):
 *  - the x87/MMX, SSE, AVX, AVX-512, MPX and PKRU registers, MXCSR: every
 *    XSAVE-managed user component (FXSAVE's x87 and SSE where the CPU has
 *    no XSAVE), in a per-vCPU area, vcpu_state.xsave
 *  - XCR0 (XSETBV): vcpu_state.xcr0
 *  - the MSRs a backend lists in its ops (struct vcpu_ops.state_msrs):
 *    VMX: KERNEL_GS_BASE, STAR, LSTAR, CSTAR, SFMASK (the VMCS has none
 *    of them; SVM's VMLOAD/VMSAVE switch them with the VMCB) and, on both,
 *    TSC_AUX (RDTSCP/RDPID), which neither switches
 *  - CR2 (struct vcpu_ops.state_cr2): not in the VMCS; in the VMCB, but
 *    Bochs 2.7's VMRUN does not load it, so SVM has the core switch it too
 * DR0-DR3 and DR6 are the debug registers' own business.
 *
 * When.  KVM switches the FPU lazily, once per KVM_RUN, because the kernel
 * does not use it between entries; it switches XCR0 and CR2 around every
 * entry because the kernel does rely on them there (XSAVE-based context
 * switches and kernel_fpu_begin() need the host's XCR0; page faults the
 * kernel takes and survives -- user copies, vmalloc -- write CR2), and
 * restores the syscall MSRs only on the way back to user space.  liminal's
 * host code relies on none of them between two entries of a vCPU:
 *  - it is compiled without x87/SSE/AVX (-mgeneral-regs-only -mno-sse
 *    -mno-mmx -mno-avx, top-level CMakeLists.txt) and executes no
 *    XSAVE-family instruction but the ones in vmm/vcpu_state.c: nothing
 *    in the host reads or writes the FPU/SIMD registers or depends on XCR0;
 *  - every #PF the host takes is fatal (vmm/host/traps.c: no #PF fixup),
 *    so nothing in the host writes CR2 between two entries, and nothing
 *    reads it but the fatal report;
 *  - it never executes SWAPGS, SYSCALL, SYSRET, RDTSCP or RDPID.
 * So all of it is switched at the vCPU's run boundary, in the IRQs-on part
 * of vcpu_run() (vmm/vcpu_run.c): loaded before the first entry, saved and
 * the host's values put back when vcpu_run() returns.  Nothing of it is on
 * the exit path: a round trip costs what it cost before.  The guest's
 * XCR0 is live in the CPU from load to put, which is also what a guest's
 * CPUID leaf 0xD subleaf 0 EBX (the XSAVE size of the enabled components)
 * must reflect.  If the host ever needs one of these between entries (a
 * survivable #PF, an XSAVE-based host context switch, SIMD in the VMM),
 * that item moves into the world switch, as KVM has it.
 *
 * A new vCPU starts from the architectural values (SDM Vol. 3A 10.1.1,
 * Table 10-1; Vol. 1 13.6 for XRSTOR's init state): x87 as after FNINIT
 * (FCW 0x37F, FSW 0, all tags empty), MXCSR 0x1F80, every x87/MMX, XMM,
 * YMM, ZMM, opmask and bound register zero, PKRU 0, XCR0 1, CR2 0, the
 * listed MSRs 0.  XRSTOR from an area whose XSTATE_BV is 0 puts every
 * enabled component in its init state (MXCSR comes from the area).
 *
 * XSETBV.  Intercepted (VMX always exits; SVM's intercept bit) and
 * validated as the hardware does (vmm/xcr0.c), faulting with #GP or #UD in
 * the guest.  QEMU 7.2's SVM does not honour the intercept: the guest's
 * XSETBV then changes the CPU's XCR0 itself (QEMU checks it as hardware
 * does).  vcpu_put_state() reads XCR0 back, and an illegal value stops the
 * guest with that in its report; the host's XCR0 is put back either way.
 */
#ifndef VMM_VCPU_STATE_H
#define VMM_VCPU_STATE_H

#include <liminal/types.h>

struct vcpu;

/* XCR0 bits, the XSAVE state components (SDM Vol. 1 13.1, Table 13-1). */
#define XFEATURE_MASK_FP (1ull << 0) /* x87 (and MMX) */
#define XFEATURE_MASK_SSE (1ull << 1) /* XMM0-15, MXCSR */
#define XFEATURE_MASK_YMM (1ull << 2) /* AVX: upper halves of YMM0-15 */
#define XFEATURE_MASK_BNDREGS (1ull << 3) /* MPX BND0-3 */
#define XFEATURE_MASK_BNDCSR (1ull << 4) /* MPX BNDCFGU, BNDSTATUS */
#define XFEATURE_MASK_OPMASK (1ull << 5) /* AVX-512 k0-7 */
#define XFEATURE_MASK_ZMM_HI256 (1ull << 6) /* upper halves of ZMM0-15 */
#define XFEATURE_MASK_HI16_ZMM (1ull << 7) /* ZMM16-31 */
#define XFEATURE_MASK_PKRU (1ull << 9)
#define XFEATURE_MASK_XTILECFG (1ull << 17) /* AMX */
#define XFEATURE_MASK_XTILEDATA (1ull << 18)

#define XFEATURE_MASK_MPX (XFEATURE_MASK_BNDREGS | XFEATURE_MASK_BNDCSR)
#define XFEATURE_MASK_AVX512                              \
	(XFEATURE_MASK_OPMASK | XFEATURE_MASK_ZMM_HI256 | \
	 XFEATURE_MASK_HI16_ZMM)
#define XFEATURE_MASK_XTILE (XFEATURE_MASK_XTILECFG | XFEATURE_MASK_XTILEDATA)
/*
 * The user components liminal switches for its guests, when the CPU has
 * them.  AMX is left out: its tile data is 8 KiB a vCPU and comes with XFD
 * (IA32_XFD), which the VMM does not manage; a guest cannot enable it.
 */
#define XFEATURE_MASK_GUEST                                         \
	(XFEATURE_MASK_FP | XFEATURE_MASK_SSE | XFEATURE_MASK_YMM | \
	 XFEATURE_MASK_MPX | XFEATURE_MASK_AVX512 | XFEATURE_MASK_PKRU)

#define XCR0_RESET XFEATURE_MASK_FP /* XCR0 after RESET/INIT */
#define XCR_XFEATURE_ENABLED_MASK 0 /* XCR0: the only XCR XSETBV writes */

/* Reset values of the x87 control word (FNINIT) and of MXCSR. */
#define X87_FCW_RESET 0x037f
#define MXCSR_RESET 0x1f80

/* At most this many MSRs in struct vcpu_ops.state_msrs. */
#define VCPU_STATE_MAX_MSRS 6

/* Per vCPU, in struct vcpu; the guest's values while it is not loaded. */
struct vcpu_state {
	void *xsave; /* XSAVE/FXSAVE image, page aligned (>= 64 bytes) */
	u64 xcr0;
	u64 cr2; /* if struct vcpu_ops.state_cr2 */
	u64 msr[VCPU_STATE_MAX_MSRS]; /* of struct vcpu_ops.state_msrs */
	u64 host_msr[VCPU_STATE_MAX_MSRS]; /* the host's while loaded */
	bool loaded; /* between vcpu_load_state() and vcpu_put_state() */
};

/*
 * Once at boot, IRQs on, before any vCPU is created (VMX copies the host's
 * CR0/CR4 into each VMCS): the host's CR0.TS/EM cleared, CR4.OSFXSR and,
 * with XSAVE, CR4.OSXSAVE set, XCR0 = every component of
 * XFEATURE_MASK_GUEST the CPU has, the size of a vCPU's area computed.
 * 0, or -ENODEV when the CPU has not even FXSAVE (printed).
 */
int vcpu_state_setup(void);

/* The XCR0 vcpu_state_setup() gave the host: what a guest may enable. */
u64 vcpu_state_host_xcr0(void);

/*
 * IRQs on.  The area with the architectural reset values; 0 or -ENOMEM.
 * vcpu_state_fini() frees it (safe on a vCPU whose init failed).
 */
int vcpu_state_init(struct vcpu *vcpu);
void vcpu_state_fini(struct vcpu *vcpu);

/*
 * IRQs on, at the start and at the end of vcpu_run() (KVM's
 * kvm_load_guest_fpu()/kvm_put_guest_fpu()): the guest's state into the
 * CPU, and back into struct vcpu_state with the host's values restored.
 */
void vcpu_load_state(struct vcpu *vcpu);
void vcpu_put_state(struct vcpu *vcpu);

/*
 * An intercepted XSETBV (IRQs on, state loaded): @index is the guest's
 * ECX, @value its EDX:EAX, @cpl its CPL, @osxsave its CR4.OSXSAVE.  0 when
 * the guest's XCR0 is now @value (the backend skips the instruction), or
 * the vector to deliver instead: X86_TRAP_UD, X86_TRAP_GP (error code 0).
 */
int vcpu_emulate_xsetbv(struct vcpu *vcpu, u32 index, u64 value,
			unsigned int cpl, bool osxsave);

/*
 * vmm/xcr0.c, pure: why XSETBV(@index, @value) at @cpl would #GP on a CPU
 * whose supported XCR0 bits are @supported (SDM Vol. 2C "XSETBV", Vol. 1
 * 13.3), in words, or NULL if the hardware would accept it.
 */
const char *xsetbv_fault(u32 index, u64 value, u64 supported, unsigned int cpl);

#endif /* VMM_VCPU_STATE_H */
