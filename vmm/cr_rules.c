// SPDX-License-Identifier: GPL-2.0
/*
 * Guest writes to CR0, CR3, CR4 and EFER that the CPU refuses with #GP(0)
 * (include/vmm/cr_rules.h).  Each rule is one test, in the order the
 * manuals list them; the first that fails names itself.
 */
#include <arch/x86.h>
#include <vmm/cr_rules.h>

/* CPUID 0x8000_0001 EDX (SDM Vol. 2A "CPUID", APM Vol. 3 E.4.2). */
#define CPUID81_EDX_SYSCALL (1u << 11)
#define CPUID81_EDX_NX (1u << 20)
#define CPUID81_EDX_LM (1u << 29)

#define UPPER32 0xffffffff00000000ull
#define CR3_PCID_NOFLUSH (1ull << 63)
#define CR3_PCID_MASK 0xfffull

static bool long_mode(const struct cr_state *s)
{
	return s->efer & X86_EFER_LMA;
}

/* IA-32e mode with a 64-bit code segment: 64-bit mode. */
static bool mode64(const struct cr_state *s)
{
	return long_mode(s) && s->cs_l;
}

static const char *cr0_bits(u64 val)
{
	if (val & UPPER32)
		return "MOV to CR0 sets reserved bits 63:32 (SDM Vol. 3A 2.5)";
	if ((val & X86_CR0_PG) && !(val & X86_CR0_PE))
		return "MOV to CR0 sets PG without PE (SDM Vol. 3A 2.5)";
	if ((val & X86_CR0_NW) && !(val & X86_CR0_CD))
		return "MOV to CR0 sets NW without CD (SDM Vol. 3A 2.5)";
	return NULL;
}

/* Turning paging on or off: the IA-32e transitions (SDM 10.8.5). */
static const char *cr0_paging(const struct cr_state *s, u64 val)
{
	bool was = s->cr0 & X86_CR0_PG, now = val & X86_CR0_PG;

	if (!was && now && (s->efer & X86_EFER_LME)) {
		if (!(s->cr4 & X86_CR4_PAE))
			return "MOV to CR0 enables long mode with CR4.PAE=0 (SDM Vol. 3A 10.8.5)";
		if (s->cs_l)
			return "MOV to CR0 enables long mode with CS.L=1 (SDM Vol. 3A 10.8.5)";
	}
	if (was && !now && mode64(s))
		return "MOV to CR0 clears PG in 64-bit mode (SDM Vol. 2B MOV CR)";
	if (was && !now && (s->cr4 & X86_CR4_PCIDE))
		return "MOV to CR0 clears PG with CR4.PCIDE=1 (SDM Vol. 2B MOV CR)";
	return NULL;
}

const char *cr_rules_cr0(const struct cr_state *s, const struct cr_env *e,
			 u64 val)
{
	const char *why = cr0_bits(val);

	(void)e;
	if (!why)
		why = cr0_paging(s, val);
	if (!why && !(val & X86_CR0_WP) && (s->cr4 & X86_CR4_CET))
		why = "MOV to CR0 clears WP with CR4.CET=1 (SDM Vol. 2B MOV CR)";
	return why;
}

const char *cr_rules_cr3(const struct cr_state *s, const struct cr_env *e,
			 u64 val)
{
	u64 reserved = e->maxphyaddr < 64 ? ~0ull << e->maxphyaddr : 0;

	if (!long_mode(s))
		return NULL; /* 32 bits only: every value is legal */
	if (s->cr4 & X86_CR4_PCIDE)
		reserved &= ~CR3_PCID_NOFLUSH;
	if (val & reserved)
		return "MOV to CR3 sets reserved bits above MAXPHYADDR (SDM Vol. 2B MOV CR)";
	return NULL;
}

u64 cr_rules_cr3_value(const struct cr_state *s, u64 val)
{
	if (s->cr4 & X86_CR4_PCIDE)
		val &= ~CR3_PCID_NOFLUSH;
	return val;
}

/* The bits that may not change, or not change now. */
static const char *cr4_transition(const struct cr_state *s, u64 val)
{
	u64 changed = s->cr4 ^ val;

	if (long_mode(s) && !(val & X86_CR4_PAE))
		return "MOV to CR4 clears PAE in long mode (SDM Vol. 2B MOV CR)";
	if (long_mode(s) && (changed & X86_CR4_LA57))
		return "MOV to CR4 changes LA57 in long mode (SDM Vol. 2B MOV CR)";
	if ((changed & val & X86_CR4_PCIDE) && !long_mode(s))
		return "MOV to CR4 sets PCIDE outside long mode (SDM Vol. 2B MOV CR)";
	if ((changed & val & X86_CR4_PCIDE) && (s->cr3 & CR3_PCID_MASK))
		return "MOV to CR4 sets PCIDE with CR3[11:0] not 0 (SDM Vol. 2B MOV CR)";
	if ((val & X86_CR4_CET) && !(s->cr0 & X86_CR0_WP))
		return "MOV to CR4 sets CET with CR0.WP=0 (SDM Vol. 2B MOV CR)";
	return NULL;
}

const char *cr_rules_cr4(const struct cr_state *s, const struct cr_env *e,
			 u64 val)
{
	if (val & ~e->cr4_valid)
		return "MOV to CR4 sets a reserved or unsupported bit (SDM Vol. 3A 2.5, APM 3.1.3)";
	return cr4_transition(s, val);
}

const char *cr_rules_efer(const struct cr_state *s, const struct cr_env *e,
			  u64 val)
{
	u64 changed = (s->efer ^ val) & ~X86_EFER_LMA;

	if (val & ~(e->efer_valid | X86_EFER_LMA))
		return "WRMSR to EFER sets a reserved or unsupported bit (SDM Vol. 4 IA32_EFER, APM 3.1.7)";
	if ((changed & X86_EFER_LME) && (s->cr0 & X86_CR0_PG))
		return "WRMSR to EFER changes LME with CR0.PG=1 (SDM Vol. 3A 10.8.5, APM 14.6.1)";
	return NULL;
}

u64 cr_rules_efer_lma(u64 efer, u64 cr0)
{
	efer &= ~X86_EFER_LMA;
	if ((efer & X86_EFER_LME) && (cr0 & X86_CR0_PG))
		efer |= X86_EFER_LMA;
	return efer;
}

u64 cr_rules_efer_supported(u32 ext_edx)
{
	u64 valid = 0;

	if (ext_edx & CPUID81_EDX_SYSCALL)
		valid |= X86_EFER_SCE;
	if (ext_edx & CPUID81_EDX_LM)
		valid |= X86_EFER_LME | X86_EFER_LMA;
	if (ext_edx & CPUID81_EDX_NX)
		valid |= X86_EFER_NXE;
	return valid;
}
