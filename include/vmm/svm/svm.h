/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SVM backend's private interface (vmm/svm/), behind struct vcpu_ops.
 *
 *   svm.c      probe, hardware enable/disable, the ops table
 *   vcpu.c     vcpu_create/vcpu_free: VMCB, IOPM, MSRPM, NPT, guest state
 *   run.c      prepare_run, the run path (noinstr world switch, fastpath),
 *              event injection
 *   decode.h   the decoders decode_exit and the fastpath share
 *   exit.c     exit handlers (a table indexed by exit code)
 *   checks.c   the VMRUN consistency checks of APM 15.5.1, in words
 *   dump.c     the VMCB with field names
 *   names.c    exit code names
 *   npt.c      nested page tables (include/vmm/svm/npt.h)
 *   state.c    the guest state the VMCB does not hold: MSRs the core
 *              switches (include/vmm/vcpu_state.h), XSETBV
 *   vmenter.asm  __svm_vcpu_run: GPRs, VMLOAD/VMRUN/VMSAVE
 *
 * vmm/vmx/ has the same files for the same roles (include/vmm/vmx/vmx.h).
 */
#ifndef VMM_SVM_SVM_H
#define VMM_SVM_SVM_H

#include <liminal/compiler.h>
#include <liminal/types.h>
#include <vmm/vcpu.h>
#include <vmm/svm/npt.h>
#include <vmm/svm/vmcb.h>

/* CPUID 0x8000_0001 ECX (APM Vol. 3 E.4.2). */
#define SVM_CPUID_EXT_FEATURES 0x80000001u
#define SVM_CPUID_EXT_ECX_SVM (1u << 2)
#define SVM_CPUID_MAX_EXT 0x80000000u
#define SVM_CPUID_ADDR_SIZES 0x80000008u
#define SVM_CPUID_MAXPHYADDR_MASK 0xffu /* EAX[7:0] of 0x8000_0008 */
/* CPUID 0x8000_000A: SVM revision (EAX), NASID (EBX), features (EDX). */
#define SVM_CPUID_SVM_INFO 0x8000000au
#define SVM_CPUID_REVISION_MASK 0xffu

enum svm_feature_bit {
	SVM_FEAT_NP = 0,
	SVM_FEAT_LBRV = 1,
	SVM_FEAT_SVML = 2,
	SVM_FEAT_NRIPS = 3,
	SVM_FEAT_TSC_RATE = 4,
	SVM_FEAT_VMCB_CLEAN = 5,
	SVM_FEAT_FLUSH_BY_ASID = 6,
	SVM_FEAT_DECODE_ASSISTS = 7,
	SVM_FEAT_PAUSE_FILTER = 10,
	SVM_FEAT_PAUSE_THRESHOLD = 12,
	SVM_FEAT_AVIC = 13,
	SVM_FEAT_VMSAVE_VIRT = 15,
	SVM_FEAT_VGIF = 16,
	SVM_FEAT_GMET = 17,
	SVM_FEAT_X2AVIC = 18,
	SVM_FEAT_SSS_CHECK = 19,
	SVM_FEAT_SPEC_CTRL = 20,
	SVM_FEAT_ROGPT = 21,
	SVM_FEAT_HOST_MCE_OVERRIDE = 23,
	SVM_FEAT_TLBI_CTL = 24,
	SVM_FEAT_VNMI = 25,
	SVM_FEAT_IBS_VIRT = 26,
};

/* What probe() found, written once at boot, read-only afterwards. */
struct svm_caps {
	u32 revision;
	u32 nasid; /* number of ASIDs: valid ASIDs are 1 .. nasid - 1 */
	u32 features; /* CPUID 0x8000_000A EDX, enum svm_feature_bit */
	u8 maxphyaddr;
	bool nrips; /* VMCB nRIP is filled on instruction intercepts */
	u64 cr4_unsupported; /* CR4 bits this CPU lacks (CPUID 1 and 7) */
};
extern struct svm_caps svm_caps;

static inline bool svm_has(enum svm_feature_bit bit)
{
	return svm_caps.features & (1u << bit);
}

/* Per vCPU; vcpu->vendor points here. */
struct vcpu_svm {
	struct vmcb *vmcb; /* one page, page aligned */
	hpa_t vmcb_pa;
	hpa_t host_save_pa; /* this CPU's VMSAVE/VMLOAD area for the host */
	void *iopm; /* SVM_IOPM_PAGES pages */
	void *msrpm; /* SVM_MSRPM_PAGES pages */
	struct paging npt; /* lib/paging.c tables in the NPT format */
	bool nrips; /* copy of svm_caps.nrips, next to the hot fields */
	bool oneshot; /* EVENTINJ or TLB_CONTROL armed: decode disarms */
	bool prechecked; /* the pre-VMRUN check ran (once, or every entry in debug builds) */
	bool rsp_loaded; /* regs RSP stored at this exit: write it back */
	u32 vmenter_fault; /* the switch's fault status (vmenter.h), or 0 */
	bool cpu_refused; /* VMRUN itself refused the state (VMEXIT_INVALID) */
};

static __always_inline struct vcpu_svm *to_svm(const struct vcpu *vcpu)
{
	return vcpu->vendor;
}

/*
 * __svm_vcpu_run() returned the status of a fault on VMLOAD or VMRUN
 * (include/vmm/vmenter.h): the exit is VMEXIT_INVALID, which decode_exit
 * reports with the instruction and the exception, and the guest ends.
 */
static __always_inline void svm_vmenter_faulted(struct vcpu_svm *svm,
						u32 status)
{
	svm->vmenter_fault = status;
	svm->vmcb->control.exit_code = SVM_EXIT_INVALID;
}

/* SVM instructions (APM Vol. 3), usable from noinstr code. */
static __always_inline void svm_clgi(void)
{
	__asm__ __volatile__("clgi" ::: "memory");
}

static __always_inline void svm_stgi(void)
{
	__asm__ __volatile__("stgi" ::: "memory");
}

/*
 * vmenter.asm: VMLOAD guest, VMRUN, VMSAVE guest, VMLOAD host, the exit
 * hygiene (include/vmm/vmenter.h); 0 after a #VMEXIT, the fault status
 * after a fault on VMLOAD or VMRUN.  Called only from the asm statement in
 * run.c (it keeps RBP, RBX, R12, R13 and RSP only).
 */
u32 __svm_vcpu_run(hpa_t vmcb_pa, struct vcpu_regs *regs, hpa_t host_save_pa);

/* svm.c: this CPU's host save page for VMSAVE/VMLOAD. */
hpa_t svm_host_save_pa(void);

/* vcpu.c */
int svm_vcpu_create(struct vcpu *vcpu, char *why, size_t len);
void svm_vcpu_free(struct vcpu *vcpu);

/* run.c */
void svm_prepare_run(struct vcpu *vcpu);
fastpath_t svm_vcpu_run(struct vcpu *vcpu);
void svm_handle_exit_irqoff(struct vcpu *vcpu);

/* exit.c */
void svm_decode_exit(struct vcpu *vcpu, struct vcpu_exit *exit);

/*
 * state.c: the MSRs the core switches for SVM (struct vcpu_ops.
 * state_msrs), the MSRPM's pass-through, the XSETBV exit.
 */
#define SVM_NR_STATE_MSRS 1
extern const u32 svm_state_msrs[SVM_NR_STATE_MSRS];
void svm_state_pass_msrs(void *msrpm);
void svm_handle_xsetbv(struct vcpu *vcpu, struct vcpu_svm *svm,
		       struct vmcb *vmcb, struct vcpu_exit *exit);

/* names.c */
const char *svm_exit_reason_name(u32 reason);

/* checks.c: the environment the checks depend on. */
struct svm_check_env {
	u32 nasid;
	u8 maxphyaddr;
	bool np_supported;
	u64 cr4_unsupported; /* MBZ on this CPU besides the always-MBZ bits */
};

static inline struct svm_check_env svm_check_env_of_caps(void)
{
	return (struct svm_check_env){
		.nasid = svm_caps.nasid,
		.maxphyaddr = svm_caps.maxphyaddr,
		.np_supported = svm_has(SVM_FEAT_NP),
		.cr4_unsupported = svm_caps.cr4_unsupported,
	};
}

/*
 * Re-checks the VMRUN consistency conditions of APM 15.5.1 on vmcb.
 * true if all pass; false with the first failed condition in words in why
 * (e.g. "guest CR0.CD=0 with CR0.NW=1").
 */
bool svm_check_vmrun(const struct vmcb *vmcb, const struct svm_check_env *env,
		     char *why, size_t len);

/* dump.c */
void svm_dump(struct vcpu *vcpu);
void svm_dump_vmcb(const struct vmcb *vmcb);

#endif /* VMM_SVM_SVM_H */
