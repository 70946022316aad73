// SPDX-License-Identifier: GPL-2.0
/*
 * The VM-entry checks of SDM 27.2 (controls, host state) and 27.3.1 (guest
 * state), evaluated over a struct vmx_entry_state before the first
 * VMLAUNCH and again when the processor refuses an entry (exit reason 33),
 * so that the user reads the rule, not a number.  Pure: host-tested in
 * tests/vmx/test_checks.c, one test per rule.
 *
 * Section numbers: SDM Vol. 3C, current numbering (see vmx_arch.h).  The
 * rules for features this VMM never enables (SMM entry, dual-monitor
 * treatment, shadow VMCS, posted interrupts, PML, the preemption timer,
 * enclaves, CET, PKS) are not checked; the PAE PDPTE checks (27.3.1.6) are
 * left to the processor.
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <lib/printk.h>
#include <vmm/vmx/vmx_arch.h>
#include <vmm/vmx/vmx_checks.h>

/* The EFER bits a VM entry may load (SDM 27.3.1.1); the rest are reserved. */
#define EFER_VALID (X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE)

static const char *const seg_names[VMX_NR_SEGS] = {
	"ES", "CS", "SS", "DS", "FS", "GS", "LDTR", "TR",
};

const char *vmx_seg_name(enum vmx_seg_reg seg)
{
	return seg < VMX_NR_SEGS ? seg_names[seg] : "?";
}

static bool canonical(u64 a)
{
	return (u64)((s64)(a << 16) >> 16) == a;
}

static u64 phys_mask(const struct vmx_entry_state *s)
{
	unsigned int bits = s->phys_addr_bits ? s->phys_addr_bits : 52;

	return bits >= 64 ? 0 : ~0ull << bits;
}

static u32 proc2_of(const struct vmx_entry_state *s)
{
	return (s->proc & CPU_BASED_ACTIVATE_SECONDARY) ? s->proc2 : 0;
}

static bool unrestricted(const struct vmx_entry_state *s)
{
	return proc2_of(s) & SECONDARY_UNRESTRICTED_GUEST;
}

static bool ia32e_guest(const struct vmx_entry_state *s)
{
	return s->entry & VM_ENTRY_IA32E_MODE;
}

/* "<who> CR<n> bit <b> must be <v> (IA32_VMX_CR<n>_FIXED<v>) (SDM <sec>)" */
static const char *fixed_bits(struct vmx_msg *m, const char *who, int cr,
			      u64 val, u64 fixed0, u64 fixed1, const char *sec)
{
	u64 bad0 = fixed0 & ~val, bad1 = val & ~fixed1;
	u64 bad = bad0 ? bad0 : bad1;
	int bit = 0;

	if (!bad)
		return NULL;
	while (!(bad & 1)) {
		bad >>= 1;
		bit++;
	}
	snprintf(m->buf, sizeof(m->buf),
		 "%s CR%d bit %d must be %d (IA32_VMX_CR%d_FIXED%d) (SDM %s)",
		 who, cr, bit, bad0 ? 1 : 0, cr, bad0 ? 0 : 1, sec);
	return m->buf;
}

/* "guest <SEG> <what> (SDM 27.3.1.2)" */
static const char *seg_fail(struct vmx_msg *m, enum vmx_seg_reg seg,
			    const char *what)
{
	snprintf(m->buf, sizeof(m->buf), "guest %s %s (SDM 27.3.1.2)",
		 vmx_seg_name(seg), what);
	return m->buf;
}

/* ---- SDM 27.3.1.1: control registers, debug registers, MSRs ---- */

static const char *check_guest_crs(const struct vmx_entry_state *s,
				   struct vmx_msg *m)
{
	u64 fixed0 = s->cr0_fixed0;
	const char *r;

	if (unrestricted(s))
		fixed0 &= ~(X86_CR0_PE | X86_CR0_PG);
	r = fixed_bits(m, "guest", 0, s->cr0, fixed0, s->cr0_fixed1,
		       "27.3.1.1");
	if (r)
		return r;
	if ((s->cr0 & X86_CR0_PG) && !(s->cr0 & X86_CR0_PE))
		return "guest CR0.PG=1 with PE=0 (SDM 27.3.1.1)";
	r = fixed_bits(m, "guest", 4, s->cr4, s->cr4_fixed0, s->cr4_fixed1,
		       "27.3.1.1");
	if (r)
		return r;
	if ((s->entry & VM_ENTRY_LOAD_DEBUG_CONTROLS) && (s->dr7 >> 32))
		return "guest DR7 bits 63:32 must be 0 (SDM 27.3.1.1)";
	if (ia32e_guest(s) && !(s->cr0 & X86_CR0_PG))
		return "IA-32e mode guest with CR0.PG=0 (SDM 27.3.1.1)";
	if (ia32e_guest(s) && !(s->cr4 & X86_CR4_PAE))
		return "IA-32e mode guest with CR4.PAE=0 (SDM 27.3.1.1)";
	if (!ia32e_guest(s) && (s->cr4 & X86_CR4_PCIDE))
		return "guest CR4.PCIDE=1 outside IA-32e mode (SDM 27.3.1.1)";
	if (s->cr3 & phys_mask(s))
		return "guest CR3 sets bits beyond the physical-address width (SDM 27.3.1.1)";
	return NULL;
}

static const char *check_guest_msrs(const struct vmx_entry_state *s)
{
	bool lma = s->efer & X86_EFER_LMA, lme = s->efer & X86_EFER_LME;

	if (!canonical(s->sysenter_esp) || !canonical(s->sysenter_eip))
		return "guest IA32_SYSENTER_ESP/EIP not canonical (SDM 27.3.1.1)";
	if ((s->entry & VM_ENTRY_LOAD_PAT) && !x86_pat_valid(s->pat))
		return "guest IA32_PAT holds an invalid memory type (SDM 27.3.1.1)";
	if (!(s->entry & VM_ENTRY_LOAD_EFER))
		return NULL;
	if (s->efer & ~EFER_VALID)
		return "guest IA32_EFER sets reserved bits (SDM 27.3.1.1)";
	if (lma != ia32e_guest(s))
		return lma ? "guest EFER.LMA=1 but the IA-32e mode guest entry control is 0 (SDM 27.3.1.1)" :
			     "IA-32e mode guest entry control is 1 but guest EFER.LMA=0 (SDM 27.3.1.1)";
	if ((s->cr0 & X86_CR0_PG) && lma != lme)
		return "guest CR0.PG=1 with EFER.LMA != EFER.LME (SDM 27.3.1.1)";
	return NULL;
}

/* ---- SDM 27.3.1.2: segment registers ---- */

static bool usable(const struct vmx_seg *sg)
{
	return !(sg->ar & VMX_AR_UNUSABLE);
}

static unsigned int ar_type(const struct vmx_seg *sg)
{
	return sg->ar & VMX_AR_TYPE_MASK;
}

static unsigned int ar_dpl(const struct vmx_seg *sg)
{
	return (sg->ar & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT;
}

/* Limit vs granularity, reserved bits: common to every usable segment. */
static const char *check_seg_common(const struct vmx_seg *sg,
				    enum vmx_seg_reg i, struct vmx_msg *m)
{
	if (!(sg->ar & VMX_AR_P))
		return seg_fail(m, i, "is usable but not present (P=0)");
	if (sg->ar & (VMX_AR_RESVD_11_8 | VMX_AR_RESVD_31_17))
		return seg_fail(m, i, "access rights set reserved bits");
	if ((sg->limit & 0xfff) != 0xfff && (sg->ar & VMX_AR_G))
		return seg_fail(m, i, "limit bits 11:0 not all 1 with G=1");
	if ((sg->limit >> 20) && !(sg->ar & VMX_AR_G))
		return seg_fail(m, i, "limit above 1 MiB with G=0");
	return NULL;
}

static const char *check_cs(const struct vmx_entry_state *s, struct vmx_msg *m)
{
	const struct vmx_seg *cs = &s->seg[VMX_SEG_CS];
	const struct vmx_seg *ss = &s->seg[VMX_SEG_SS];
	unsigned int type = ar_type(cs);

	if (!usable(cs))
		return seg_fail(m, VMX_SEG_CS, "is unusable");
	if (type == 3 && !unrestricted(s))
		return seg_fail(m, VMX_SEG_CS,
				"type 3 needs unrestricted guest");
	if (type != 3 && type != 9 && type != 11 && type != 13 && type != 15)
		return seg_fail(
			m, VMX_SEG_CS,
			"type must be an accessed code segment (9, 11, 13, 15) or 3");
	if (!(cs->ar & VMX_AR_S))
		return seg_fail(m, VMX_SEG_CS, "is a system segment (S=0)");
	if (type == 3 && ar_dpl(cs) != 0)
		return seg_fail(m, VMX_SEG_CS, "type 3 with DPL != 0");
	if ((type == 9 || type == 11) && ar_dpl(cs) != ar_dpl(ss))
		return seg_fail(m, VMX_SEG_CS,
				"non-conforming code with DPL != SS.DPL");
	if ((type == 13 || type == 15) && ar_dpl(cs) > ar_dpl(ss))
		return seg_fail(m, VMX_SEG_CS,
				"conforming code with DPL > SS.DPL");
	if (ia32e_guest(s) && (cs->ar & VMX_AR_L) && (cs->ar & VMX_AR_DB))
		return seg_fail(m, VMX_SEG_CS,
				"has both L=1 and D/B=1 in IA-32e mode");
	if (cs->base >> 32)
		return seg_fail(m, VMX_SEG_CS, "base bits 63:32 must be 0");
	return check_seg_common(cs, VMX_SEG_CS, m);
}

static const char *check_ss(const struct vmx_entry_state *s, struct vmx_msg *m)
{
	const struct vmx_seg *ss = &s->seg[VMX_SEG_SS];
	const struct vmx_seg *cs = &s->seg[VMX_SEG_CS];

	if (!unrestricted(s) &&
	    (ss->selector & SEL_RPL_MASK) != (cs->selector & SEL_RPL_MASK))
		return seg_fail(m, VMX_SEG_SS, "RPL differs from CS.RPL");
	if (!unrestricted(s) && ar_dpl(ss) != (ss->selector & SEL_RPL_MASK))
		return seg_fail(m, VMX_SEG_SS, "DPL differs from its RPL");
	if ((ar_type(cs) == 3 || !(s->cr0 & X86_CR0_PE)) && ar_dpl(ss) != 0)
		return seg_fail(m, VMX_SEG_SS,
				"DPL must be 0 in real mode or with CS type 3");
	if (!usable(ss))
		return NULL;
	if (ar_type(ss) != 3 && ar_type(ss) != 7)
		return seg_fail(
			m, VMX_SEG_SS,
			"type must be a writable data segment (3 or 7)");
	if (!(ss->ar & VMX_AR_S))
		return seg_fail(m, VMX_SEG_SS, "is a system segment (S=0)");
	if (ss->base >> 32)
		return seg_fail(m, VMX_SEG_SS, "base bits 63:32 must be 0");
	return check_seg_common(ss, VMX_SEG_SS, m);
}

static const char *check_data_seg(const struct vmx_entry_state *s,
				  enum vmx_seg_reg i, struct vmx_msg *m)
{
	const struct vmx_seg *sg = &s->seg[i];
	unsigned int type = ar_type(sg);

	if ((i == VMX_SEG_FS || i == VMX_SEG_GS) && !canonical(sg->base))
		return seg_fail(m, i, "base is not canonical");
	if (!usable(sg))
		return NULL;
	if ((i == VMX_SEG_DS || i == VMX_SEG_ES) && (sg->base >> 32))
		return seg_fail(m, i, "base bits 63:32 must be 0");
	if (!(type & VMX_AR_TYPE_ACCESSED))
		return seg_fail(m, i, "type must have the accessed bit set");
	if ((type & VMX_AR_TYPE_CODE) && !(type & VMX_AR_TYPE_WRITEABLE))
		return seg_fail(m, i, "is an execute-only code segment");
	if (!(sg->ar & VMX_AR_S))
		return seg_fail(m, i, "is a system segment (S=0)");
	if (!unrestricted(s) && type <= 11 &&
	    ar_dpl(sg) < (sg->selector & SEL_RPL_MASK))
		return seg_fail(m, i, "DPL is below its RPL");
	return check_seg_common(sg, i, m);
}

static const char *check_tr(const struct vmx_entry_state *s, struct vmx_msg *m)
{
	const struct vmx_seg *tr = &s->seg[VMX_SEG_TR];
	unsigned int type = ar_type(tr);

	if (tr->selector & SEL_TI)
		return seg_fail(m, VMX_SEG_TR, "selector has TI=1");
	if (!canonical(tr->base))
		return seg_fail(m, VMX_SEG_TR, "base is not canonical");
	if (!usable(tr))
		return seg_fail(m, VMX_SEG_TR, "is unusable");
	if (ia32e_guest(s) && type != VMX_AR_TYPE_BUSY_TSS64)
		return seg_fail(
			m, VMX_SEG_TR,
			"type must be 11 (busy 64-bit TSS) in IA-32e mode");
	if (type != VMX_AR_TYPE_BUSY_TSS16 && type != VMX_AR_TYPE_BUSY_TSS64)
		return seg_fail(m, VMX_SEG_TR,
				"type must be a busy TSS (3 or 11)");
	if (tr->ar & VMX_AR_S)
		return seg_fail(m, VMX_SEG_TR,
				"must be a system segment (S=0)");
	return check_seg_common(tr, VMX_SEG_TR, m);
}

static const char *check_ldtr(const struct vmx_entry_state *s,
			      struct vmx_msg *m)
{
	const struct vmx_seg *ldtr = &s->seg[VMX_SEG_LDTR];

	if (!usable(ldtr))
		return NULL;
	if (ldtr->selector & SEL_TI)
		return seg_fail(m, VMX_SEG_LDTR, "selector has TI=1");
	if (!canonical(ldtr->base))
		return seg_fail(m, VMX_SEG_LDTR, "base is not canonical");
	if (ar_type(ldtr) != VMX_AR_TYPE_LDT)
		return seg_fail(m, VMX_SEG_LDTR, "type must be 2 (LDT)");
	if (ldtr->ar & VMX_AR_S)
		return seg_fail(m, VMX_SEG_LDTR,
				"must be a system segment (S=0)");
	return check_seg_common(ldtr, VMX_SEG_LDTR, m);
}

/* Virtual-8086 mode: every segment is the real-mode image of its selector. */
static const char *check_v86_segs(const struct vmx_entry_state *s,
				  struct vmx_msg *m)
{
	enum vmx_seg_reg i;

	for (i = VMX_SEG_ES; i <= VMX_SEG_GS; i++) {
		const struct vmx_seg *sg = &s->seg[i];

		if (sg->base != (u64)sg->selector << 4)
			return seg_fail(
				m, i,
				"base != selector * 16 in virtual-8086 mode");
		if (sg->limit != 0xffff)
			return seg_fail(m, i,
					"limit != 0xffff in virtual-8086 mode");
		if (sg->ar != 0xf3)
			return seg_fail(
				m, i,
				"access rights != 0xf3 in virtual-8086 mode");
	}
	return NULL;
}

static const char *check_guest_segs(const struct vmx_entry_state *s,
				    struct vmx_msg *m)
{
	const char *r;
	enum vmx_seg_reg i;

	r = check_tr(s, m);
	if (!r)
		r = check_ldtr(s, m);
	if (r)
		return r;
	/* virtual-8086 rules where VM=1 is legal; 27.3.1.4 rejects the rest */
	if ((s->rflags & X86_EFLAGS_VM) && !ia32e_guest(s) &&
	    (s->cr0 & X86_CR0_PE))
		return check_v86_segs(s, m);
	r = check_cs(s, m);
	if (!r)
		r = check_ss(s, m);
	for (i = VMX_SEG_ES; !r && i <= VMX_SEG_GS; i++)
		if (i != VMX_SEG_CS && i != VMX_SEG_SS)
			r = check_data_seg(s, i, m);
	return r;
}

/* ---- SDM 27.3.1.3 and 27.3.1.4: descriptor tables, RIP, RFLAGS ---- */

static const char *check_guest_regs(const struct vmx_entry_state *s)
{
	bool long_cs = ia32e_guest(s) && (s->seg[VMX_SEG_CS].ar & VMX_AR_L);
	u32 intr = s->entry_intr_info;

	if (!canonical(s->gdtr_base) || !canonical(s->idtr_base))
		return "guest GDTR/IDTR base not canonical (SDM 27.3.1.3)";
	if ((s->gdtr_limit | s->idtr_limit) >> 16)
		return "guest GDTR/IDTR limit bits 31:16 must be 0 (SDM 27.3.1.3)";
	if (!long_cs && (s->rip >> 32))
		return "guest RIP bits 63:32 must be 0 outside 64-bit mode (SDM 27.3.1.4)";
	if (long_cs && !canonical(s->rip))
		return "guest RIP not canonical in 64-bit mode (SDM 27.3.1.4)";
	if (s->rflags & VMX_RFLAGS_RESVD_MASK)
		return "guest RFLAGS sets reserved bits (SDM 27.3.1.4)";
	if (!(s->rflags & X86_EFLAGS_FIXED))
		return "guest RFLAGS bit 1 must be 1 (SDM 27.3.1.4)";
	if ((s->rflags & X86_EFLAGS_VM) &&
	    (ia32e_guest(s) || !(s->cr0 & X86_CR0_PE)))
		return "guest RFLAGS.VM=1 in IA-32e mode or with CR0.PE=0 (SDM 27.3.1.4)";
	if ((intr & INTR_INFO_VALID) &&
	    (intr & INTR_INFO_TYPE_MASK) == INTR_TYPE_EXT_INTR &&
	    !(s->rflags & X86_EFLAGS_IF))
		return "injecting an external interrupt with guest RFLAGS.IF=0 (SDM 27.3.1.4)";
	return NULL;
}

/* ---- SDM 27.3.1.5: non-register state ---- */

static const char *check_guest_activity(const struct vmx_entry_state *s)
{
	u32 is = s->interruptibility, intr = s->entry_intr_info;
	u32 type = intr & INTR_INFO_TYPE_MASK;
	bool inject = intr & INTR_INFO_VALID;

	if (s->activity > GUEST_ACTIVITY_WAIT_SIPI)
		return "guest activity state is not 0-3 (SDM 27.3.1.5)";
	if (s->activity == GUEST_ACTIVITY_HLT && ar_dpl(&s->seg[VMX_SEG_SS]))
		return "guest activity state HLT with SS.DPL != 0 (SDM 27.3.1.5)";
	if ((is & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS)) &&
	    s->activity != GUEST_ACTIVITY_ACTIVE)
		return "guest blocked by STI/MOV SS but not in the active state (SDM 27.3.1.5)";
	if (is & GUEST_INTR_STATE_RESVD_MASK)
		return "guest interruptibility state sets reserved bits (SDM 27.3.1.5)";
	if ((is & GUEST_INTR_STATE_STI) && (is & GUEST_INTR_STATE_MOV_SS))
		return "guest blocked by both STI and MOV SS (SDM 27.3.1.5)";
	if ((is & GUEST_INTR_STATE_STI) && !(s->rflags & X86_EFLAGS_IF))
		return "guest blocked by STI with RFLAGS.IF=0 (SDM 27.3.1.5)";
	if (is & GUEST_INTR_STATE_SMI)
		return "guest blocked by SMI outside SMM (SDM 27.3.1.5)";
	if (inject && type == INTR_TYPE_EXT_INTR &&
	    (is & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS)))
		return "injecting an external interrupt into an STI/MOV SS shadow (SDM 27.3.1.5)";
	if (inject && type == INTR_TYPE_NMI && (is & GUEST_INTR_STATE_MOV_SS))
		return "injecting an NMI into a MOV SS shadow (SDM 27.3.1.5)";
	if (inject && type == INTR_TYPE_NMI &&
	    (s->pin & PIN_BASED_VIRTUAL_NMIS) && (is & GUEST_INTR_STATE_NMI))
		return "injecting a virtual NMI while virtual NMIs are blocked (SDM 27.3.1.5)";
	return NULL;
}

static const char *check_guest_pending(const struct vmx_entry_state *s)
{
	bool shadow = s->interruptibility &
		      (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);
	bool bs = s->pending_dbg & GUEST_PENDING_DBG_BS;
	bool want_bs = (s->rflags & X86_EFLAGS_TF) &&
		       !(s->debugctl & DEBUGCTLMSR_BTF);

	if (s->pending_dbg & GUEST_PENDING_DBG_RESVD_MASK)
		return "guest pending debug exceptions set reserved bits (SDM 27.3.1.5)";
	if ((shadow || s->activity == GUEST_ACTIVITY_HLT) && bs != want_bs)
		return "guest pending debug BS must equal RFLAGS.TF && !DEBUGCTL.BTF in a shadow or HLT (SDM 27.3.1.5)";
	if (s->vmcs_link != ~0ull)
		return "VMCS link pointer must be all ones without VMCS shadowing (SDM 27.3.1.5)";
	return NULL;
}

const char *vmx_check_guest_state(const struct vmx_entry_state *s,
				  struct vmx_msg *m)
{
	const char *r;

	r = check_guest_crs(s, m);
	if (!r)
		r = check_guest_msrs(s);
	if (!r)
		r = check_guest_segs(s, m);
	if (!r)
		r = check_guest_regs(s);
	if (!r)
		r = check_guest_activity(s);
	if (!r)
		r = check_guest_pending(s);
	return r;
}

/* ---- SDM 27.2.1: VMX controls ---- */

static const char *check_eptp(const struct vmx_entry_state *s)
{
	u64 eptp = s->eptp, cap = s->ept_vpid_cap;
	u64 mt = eptp & VMX_EPTP_MT_MASK;

	if (!(mt == MEMTYPE_WB && (cap & VMX_EPT_MEMTYPE_WB)) &&
	    !(mt == MEMTYPE_UC && (cap & VMX_EPT_MEMTYPE_UC)))
		return "EPTP memory type not supported (SDM 27.2.1.1)";
	if ((eptp & VMX_EPTP_PWL_MASK) != VMX_EPTP_PWL_4 ||
	    !(cap & VMX_EPT_PAGE_WALK_4))
		return "EPTP page-walk length must be 4 levels (SDM 27.2.1.1)";
	if ((eptp & VMX_EPTP_AD_ENABLE) && !(cap & VMX_EPT_AD))
		return "EPTP enables accessed/dirty flags without support (SDM 27.2.1.1)";
	if ((eptp & VMX_EPTP_RSVD_MASK) || (eptp & phys_mask(s)))
		return "EPTP sets reserved bits or bits beyond the physical-address width (SDM 27.2.1.1)";
	return NULL;
}

static const char *check_entry_intr(const struct vmx_entry_state *s)
{
	u32 intr = s->entry_intr_info;
	u32 type = intr & INTR_INFO_TYPE_MASK;
	u32 vector = intr & INTR_INFO_VECTOR_MASK;

	if (!(intr & INTR_INFO_VALID))
		return NULL;
	if (type == (1u << INTR_INFO_TYPE_SHIFT))
		return "VM-entry interruption type 1 is reserved (SDM 27.2.1.3)";
	if (type == INTR_TYPE_NMI && vector != 2)
		return "VM-entry NMI injection with vector != 2 (SDM 27.2.1.3)";
	if (type == INTR_TYPE_HARD_EXCEPTION && vector > 31)
		return "VM-entry hardware exception vector > 31 (SDM 27.2.1.3)";
	if (intr & INTR_INFO_RESVD_MASK)
		return "VM-entry interruption information sets reserved bits 30:12 (SDM 27.2.1.3)";
	if ((intr & INTR_INFO_DELIVER_CODE) &&
	    (type != INTR_TYPE_HARD_EXCEPTION ||
	     (unrestricted(s) && !(s->cr0 & X86_CR0_PE))))
		return "VM-entry error code delivery for an event without one (SDM 27.2.1.3)";
	return NULL;
}

const char *vmx_check_controls(const struct vmx_entry_state *s,
			       struct vmx_msg *m)
{
	u32 proc2 = proc2_of(s);
	u64 pm = phys_mask(s) | 0xfff;

	(void)m;
	if (s->cr3_target_count > 4)
		return "CR3-target count above 4 (SDM 27.2.1.1)";
	if ((s->proc & CPU_BASED_USE_IO_BITMAPS) &&
	    ((s->io_bitmap_a & pm) || (s->io_bitmap_b & pm)))
		return "I/O bitmap address not 4-KiB aligned or beyond the physical-address width (SDM 27.2.1.1)";
	if ((s->proc & CPU_BASED_USE_MSR_BITMAPS) && (s->msr_bitmap & pm))
		return "MSR bitmap address not 4-KiB aligned or beyond the physical-address width (SDM 27.2.1.1)";
	if (!(s->pin & PIN_BASED_NMI_EXITING) &&
	    (s->pin & PIN_BASED_VIRTUAL_NMIS))
		return "virtual NMIs without NMI exiting (SDM 27.2.1.1)";
	if (!(s->pin & PIN_BASED_VIRTUAL_NMIS) &&
	    (s->proc & CPU_BASED_NMI_WINDOW_EXITING))
		return "NMI-window exiting without virtual NMIs (SDM 27.2.1.1)";
	if ((proc2 & SECONDARY_UNRESTRICTED_GUEST) &&
	    !(proc2 & SECONDARY_ENABLE_EPT))
		return "unrestricted guest without EPT (SDM 27.2.1.1)";
	if ((proc2 & SECONDARY_ENABLE_VPID) && s->vpid == 0)
		return "VPID enabled with VPID 0 (SDM 27.2.1.1)";
	if (proc2 & SECONDARY_ENABLE_EPT) {
		const char *r = check_eptp(s);

		if (r)
			return r;
	}
	if (s->entry & (VM_ENTRY_SMM | VM_ENTRY_DEACT_DUAL_MONITOR))
		return "entry to SMM / deactivate dual-monitor outside SMM (SDM 27.2.1.3)";
	return check_entry_intr(s);
}

/* ---- SDM 27.2.2-27.2.4: host state ---- */

static const char *check_host_selectors(const struct vmx_entry_state *s)
{
	enum vmx_seg_reg i;

	for (i = VMX_SEG_ES; i < VMX_NR_SEGS; i++)
		if (i != VMX_SEG_LDTR &&
		    (s->host_sel[i] & (SEL_RPL_MASK | SEL_TI)))
			return "host selector with RPL != 0 or TI=1 (SDM 27.2.3)";
	if (!s->host_sel[VMX_SEG_CS])
		return "host CS selector is null (SDM 27.2.3)";
	if (!s->host_sel[VMX_SEG_TR])
		return "host TR selector is null (SDM 27.2.3)";
	if (!canonical(s->host_fs_base) || !canonical(s->host_gs_base) ||
	    !canonical(s->host_tr_base) || !canonical(s->host_gdtr_base) ||
	    !canonical(s->host_idtr_base))
		return "host FS/GS/TR/GDTR/IDTR base not canonical (SDM 27.2.3)";
	return NULL;
}

const char *vmx_check_host_state(const struct vmx_entry_state *s,
				 struct vmx_msg *m)
{
	bool host64 = s->exit & VM_EXIT_HOST_ADDR_SPACE_SIZE;
	const char *r;

	r = fixed_bits(m, "host", 0, s->host_cr0, s->cr0_fixed0, s->cr0_fixed1,
		       "27.2.2");
	if (!r)
		r = fixed_bits(m, "host", 4, s->host_cr4, s->cr4_fixed0,
			       s->cr4_fixed1, "27.2.2");
	if (r)
		return r;
	if (s->host_cr3 & phys_mask(s))
		return "host CR3 sets bits beyond the physical-address width (SDM 27.2.2)";
	if (!canonical(s->host_sysenter_esp) ||
	    !canonical(s->host_sysenter_eip))
		return "host IA32_SYSENTER_ESP/EIP not canonical (SDM 27.2.2)";
	if ((s->exit & VM_EXIT_LOAD_PAT) && !x86_pat_valid(s->host_pat))
		return "host IA32_PAT holds an invalid memory type (SDM 27.2.2)";
	if ((s->exit & VM_EXIT_LOAD_EFER) &&
	    ((s->host_efer & ~EFER_VALID) ||
	     !!(s->host_efer & X86_EFER_LMA) != host64 ||
	     !!(s->host_efer & X86_EFER_LME) != host64))
		return "host IA32_EFER reserved bits, or LMA/LME differ from the host address-space size (SDM 27.2.2)";
	r = check_host_selectors(s);
	if (r)
		return r;
	if (!host64)
		return "host address-space size must be 1 on a 64-bit VMM (SDM 27.2.4)";
	if (!(s->host_cr4 & X86_CR4_PAE))
		return "host address-space size 1 with host CR4.PAE=0 (SDM 27.2.4)";
	if (!canonical(s->host_rip))
		return "host RIP not canonical (SDM 27.2.4)";
	return NULL;
}

const char *vmx_check_entry(const struct vmx_entry_state *s, struct vmx_msg *m)
{
	const char *r = vmx_check_controls(s, m);

	if (!r)
		r = vmx_check_host_state(s, m);
	if (!r)
		r = vmx_check_guest_state(s, m);
	return r;
}
