// SPDX-License-Identifier: GPL-2.0
/*
 * The VMRUN consistency checks, re-done in software so that a refused guest
 * state is reported by name ("guest CR0.CD=0 with CR0.NW=1") instead of a
 * bare VMEXIT_INVALID, and so that a bad state is refused even on emulators
 * that check less than real hardware (docs/platforms.md).
 *
 * The list is APM Vol. 2 15.5.1 "VMRUN: Canonicalization and Consistency
 * Checks", plus the two conditions Bochs adds that
 * hardware documents elsewhere: guest PAT validity with nested paging
 * (15.25.8) and legal event injection (15.20).  Pure: reads only the VMCB
 * and the environment it is given, so host tests can drive it.
 */
#include <arch/x86.h>
#include <lib/printk.h>
#include <vmm/svm/svm.h>

/* Bits 63:32 of CR0, CR3, CR4, DR6, DR7: MBZ (APM 15.5.1). */
#define SVM_UPPER32 0xffffffff00000000ull

/*
 * CR4 bits that are MBZ on every AMD64 CPU (APM 3.1.3): VMXE and SMXE are
 * Intel's, bit 15 is reserved, and so is everything above bit 31.  Bits
 * that exist but that this CPU lacks come from CPUID (env->cr4_unsupported);
 * bits newer than this list are left to the hardware.
 */
#define SVM_CR4_RESERVED_15 (1ull << 15)
#define SVM_CR4_ALWAYS_MBZ \
	(X86_CR4_VMXE | X86_CR4_SMXE | SVM_CR4_RESERVED_15 | SVM_UPPER32)

/* Architecturally defined EFER bits (APM 3.1.7); the rest MBZ. */
#define SVM_EFER_DEFINED                                                  \
	(X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE |      \
	 X86_EFER_SVME | X86_EFER_LMSLE | X86_EFER_FFXSR | X86_EFER_TCE | \
	 X86_EFER_MCOMMIT | X86_EFER_INTWB | X86_EFER_UAIE | X86_EFER_AIBRSE)

/* Does a permission map of @pages at @base_pa end above @maxpa? */
static bool svm_pm_beyond(u64 base_pa, unsigned int pages, u64 maxpa)
{
	return (base_pa & SVM_PM_BASE_PA_MASK) + pages * SVM_PAGE_SIZE > maxpa;
}

/* EVENTINJ legality (APM 15.20): reserved types, NMI as an exception. */
static bool svm_event_inj_valid(u32 ev)
{
	u32 type = (ev & SVM_EVTINJ_TYPE_MASK) >> SVM_EVTINJ_TYPE_SHIFT;
	u32 vector = ev & SVM_EVTINJ_VEC_MASK;

	if (!(ev & SVM_EVTINJ_VALID))
		return true;
	switch (type) {
	case SVM_EVTINJ_TYPE_INTR:
	case SVM_EVTINJ_TYPE_NMI:
	case SVM_EVTINJ_TYPE_SOFT_INT:
		return true;
	case SVM_EVTINJ_TYPE_EXCEPTION:
		return vector != 2 && vector < 32;
	default:
		return false;
	}
}

/* The control-area conditions. */
static bool svm_check_control(const struct vmcb_control *c,
			      const struct svm_check_env *env, char *why,
			      size_t len)
{
	u64 maxpa = 1ull << env->maxphyaddr;

	if (!(c->intercept_misc2 & SVM_BIT(SVM_INTERCEPT_VMRUN))) {
		snprintf(why, len, "VMRUN intercept clear");
		return false;
	}
	if (svm_pm_beyond(c->iopm_base_pa, SVM_IOPM_PAGES, maxpa) ||
	    svm_pm_beyond(c->msrpm_base_pa, SVM_MSRPM_PAGES, maxpa)) {
		snprintf(
			why, len,
			"IOPM 0x%llx or MSRPM 0x%llx extends beyond MAXPHYADDR",
			(unsigned long long)c->iopm_base_pa,
			(unsigned long long)c->msrpm_base_pa);
		return false;
	}
	if (!svm_event_inj_valid(c->event_inj)) {
		snprintf(why, len, "illegal EVENTINJ 0x%08x", c->event_inj);
		return false;
	}
	if (c->asid == 0) {
		snprintf(why, len, "guest ASID is 0");
		return false;
	}
	if (c->asid >= env->nasid) {
		snprintf(why, len, "guest ASID %u >= NASID %u", c->asid,
			 env->nasid);
		return false;
	}
	if ((c->nested_ctl & SVM_NESTED_CTL_NP_ENABLE) && !env->np_supported) {
		snprintf(why, len, "nested paging enabled but not supported");
		return false;
	}
	return true;
}

/* CR0, CR3, CR4, DR6, DR7, EFER bit by bit. */
static bool svm_check_regs(const struct vmcb_save *s,
			   const struct svm_check_env *env, char *why,
			   size_t len)
{
	if (!(s->efer & X86_EFER_SVME)) {
		snprintf(why, len, "guest EFER.SVME=0");
		return false;
	}
	if (!(s->cr0 & X86_CR0_CD) && (s->cr0 & X86_CR0_NW)) {
		snprintf(why, len, "guest CR0.CD=0 with CR0.NW=1");
		return false;
	}
	if (s->cr0 & SVM_UPPER32) {
		snprintf(why, len, "guest CR0[63:32] not zero (CR0=0x%llx)",
			 (unsigned long long)s->cr0);
		return false;
	}
	if (env->maxphyaddr < 64 && (s->cr3 >> env->maxphyaddr)) {
		snprintf(
			why, len,
			"guest CR3 MBZ bits set above MAXPHYADDR %u (CR3=0x%llx)",
			env->maxphyaddr, (unsigned long long)s->cr3);
		return false;
	}
	if (s->cr4 & (SVM_CR4_ALWAYS_MBZ | env->cr4_unsupported)) {
		snprintf(why, len,
			 "guest CR4 MBZ bits set (CR4=0x%llx, reserved 0x%llx)",
			 (unsigned long long)s->cr4,
			 (unsigned long long)(s->cr4 & (SVM_CR4_ALWAYS_MBZ |
							env->cr4_unsupported)));
		return false;
	}
	if (s->dr6 & SVM_UPPER32) {
		snprintf(why, len, "guest DR6[63:32] not zero (DR6=0x%llx)",
			 (unsigned long long)s->dr6);
		return false;
	}
	if (s->dr7 & SVM_UPPER32) {
		snprintf(why, len, "guest DR7[63:32] not zero (DR7=0x%llx)",
			 (unsigned long long)s->dr7);
		return false;
	}
	if (s->efer & ~SVM_EFER_DEFINED) {
		snprintf(why, len, "guest EFER MBZ bits set (EFER=0x%llx)",
			 (unsigned long long)s->efer);
		return false;
	}
	return true;
}

/* The long-mode combinations of EFER.LME, CR0.PG/PE, CR4.PAE and CS. */
static bool svm_check_long_mode(const struct vmcb_save *s, char *why,
				size_t len)
{
	bool lme_pg = (s->efer & X86_EFER_LME) && (s->cr0 & X86_CR0_PG);

	if (!lme_pg)
		return true;
	if (!(s->cr4 & X86_CR4_PAE)) {
		snprintf(why, len,
			 "guest EFER.LME=1 and CR0.PG=1 with CR4.PAE=0");
		return false;
	}
	if (!(s->cr0 & X86_CR0_PE)) {
		snprintf(why, len,
			 "guest EFER.LME=1 and CR0.PG=1 with CR0.PE=0");
		return false;
	}
	if ((s->cs.attrib & SEG_ATTR_L) && (s->cs.attrib & SEG_ATTR_DB)) {
		snprintf(
			why, len,
			"guest long mode with CS.L=1 and CS.D=1 (CS attr 0x%03x)",
			s->cs.attrib);
		return false;
	}
	return true;
}

bool svm_check_vmrun(const struct vmcb *vmcb, const struct svm_check_env *env,
		     char *why, size_t len)
{
	const struct vmcb_save *s = &vmcb->save;

	if (!svm_check_regs(s, env, why, len) ||
	    !svm_check_long_mode(s, why, len) ||
	    !svm_check_control(&vmcb->control, env, why, len))
		return false;
	if ((vmcb->control.nested_ctl & SVM_NESTED_CTL_NP_ENABLE) &&
	    !x86_pat_valid(s->g_pat)) {
		snprintf(
			why, len,
			"guest PAT 0x%llx has a reserved memory type with nested paging",
			(unsigned long long)s->g_pat);
		return false;
	}
	return true;
}
