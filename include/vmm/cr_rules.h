/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The architectural rules for a guest's writes to CR0, CR3, CR4 and EFER,
 * once for both backends (vmm/cr_rules.c).  Each backend sees the write
 * (VMX: the CR0/CR4 guest/host masks and the EFER MSR exit; SVM: the CR
 * write intercepts and the MSR permission map), asks here whether the CPU
 * would take it, and either performs it or injects #GP(0) into the guest,
 * as the hardware does -- never a failed VM entry, a triple fault or a stop.
 *
 * The rules are the union of SDM Vol. 2B "MOV -- Move to/from Control
 * Registers", Vol. 3A 2.5 and 10.8.5, Vol. 4 "IA32_EFER", and APM Vol. 2
 * 3.1.1-3.1.7, 14.6.1 and Vol. 3 "MOV CRn" / "WRMSR": where the two vendors
 * differ, the stricter one (a guest that runs on both must obey both).
 *
 * Pure: reads only the state and the environment it is given; the host
 * unit test tests/vmm/test_cr_rules.c has a case per rule.
 */
#ifndef VMM_CR_RULES_H
#define VMM_CR_RULES_H

#include <liminal/types.h>

/* The guest's state before the write. */
struct cr_state {
	u64 cr0, cr3, cr4, efer;
	bool cs_l; /* CS.L: with EFER.LMA, the guest is in 64-bit mode */
};

/* What this CPU lets a guest set. */
struct cr_env {
	u64 cr4_valid; /* CR4 bits the guest may set */
	u64 efer_valid; /* EFER bits the guest may set (LMA is read-only) */
	u8 maxphyaddr; /* CR3 bits from here up are reserved */
};

/*
 * Is the write legal?  NULL if so; else why the CPU raises #GP(0), in words
 * with the rule's section ("CR0.PG=1 with CR0.PE=0 (SDM Vol. 3A 2.5)").
 * @val is the value the instruction writes, already cut to the operand
 * size (32 bits outside 64-bit mode).  For EFER, LMA in @val is ignored.
 */
const char *cr_rules_cr0(const struct cr_state *s, const struct cr_env *e,
			 u64 val);
const char *cr_rules_cr3(const struct cr_state *s, const struct cr_env *e,
			 u64 val);
const char *cr_rules_cr4(const struct cr_state *s, const struct cr_env *e,
			 u64 val);
const char *cr_rules_efer(const struct cr_state *s, const struct cr_env *e,
			  u64 val);

/*
 * The EFER that results from a legal write or a change of CR0.PG: EFER.LMA
 * follows LME and PG (SDM Vol. 3A 10.8.5, APM 14.6.1); WRMSR cannot
 * change it.
 */
u64 cr_rules_efer_lma(u64 efer, u64 cr0);

/*
 * The value a legal MOV to CR3 loads: with CR4.PCIDE, bit 63 asks not to
 * flush the PCID and is not stored (SDM Vol. 3A 4.10.4.1).
 */
u64 cr_rules_cr3_value(const struct cr_state *s, u64 val);

/*
 * EFER bits a guest may set on a CPU whose CPUID 0x8000_0001 EDX is
 * @ext_edx: SCE with SYSCALL, LME and LMA with LM, NXE with NX (SDM Vol. 4
 * "IA32_EFER"; APM 3.1.7).  SVME, the AMD extras and the rest are not
 * offered to guests.
 */
u64 cr_rules_efer_supported(u32 ext_edx);
#define CR_RULES_CPUID_EXT 0x80000001u

/* Every CR4 bit the SDM and APM define (architecturally, not per CPU). */
#define CR_RULES_CR4_DEFINED 0x0000000003ff7fffull

#endif /* VMM_CR_RULES_H */
