/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the CPU needs on VM exit against Spectre v2 / SpectreRSB, decided
 * once at hardware_enable from CPUID and IA32_ARCH_CAPABILITIES, as Linux
 * decides it (arch/x86/kernel/cpu/bugs.c: spectre_v2_select_mitigation()
 * and spectre_v2_determine_rsb_fill_type_at_vmexit()):
 *  1) a CPU that does not speculate (family 5 and older: Linux's
 *     NO_SPECULATION whitelist) is not affected: nothing
 *  2) with enhanced IBRS (Intel: ARCH_CAPABILITIES.IBRS_ALL; AMD: AutoIBRS)
 *     Linux picks SPECTRE_V2_EIBRS, whose prediction isolation covers the
 *     RSB, except on CPUs with the post-barrier RSB bug (eIBRS without
 *     ARCH_CAPABILITIES.PBRSB_NO): one CALL must retire before the first
 *     RET (X86_FEATURE_RSB_VMEXIT_LITE)
 *  3) otherwise Linux runs retpolines or IBRS, and both need the whole RSB
 *     overwritten on VM exit against a guest-poisoned entry
 *     (X86_FEATURE_RSB_VMEXIT)
 * A guest with mitigations=off runs without it (Linux: mitigations=off,
 * SPECTRE_V2_NONE); the exit's GPR clearing is not optional.
 */
#ifndef HOST_BUGS_H
#define HOST_BUGS_H

#include <liminal/types.h>

enum rsb_vmexit {
	RSB_VMEXIT_NONE,
	RSB_VMEXIT_LITE, /* retire one CALL before a RET */
	RSB_VMEXIT_FILL, /* overwrite every RSB entry */
};

/* The facts the decision reads, from CPUID (and the MSR it announces). */
struct spectre_cpu {
	bool intel, amd;
	unsigned int family; /* displayed family (SDM CPUID leaf 1) */
	bool eibrs; /* Intel IBRS_ALL, or AMD AutoIBRS */
	bool pbrsb_no; /* ARCH_CAPABILITIES.PBRSB_NO */
};

/* The decision for @c, with the reason in words in *@why. */
enum rsb_vmexit spectre_v2_rsb_decide(const struct spectre_cpu *c,
				      const char **why);

/* Decide for @c, keep and print the decision. */
void spectre_v2_rsb_select(const struct spectre_cpu *c);
/* Reads this CPU (vmm/host/cpu.c) and selects; at hardware_enable. */
void spectre_v2_select_vmexit(void);
/* The decision spectre_v2_select_vmexit() made (NONE before it ran). */
enum rsb_vmexit spectre_v2_rsb_vmexit(void);

#endif /* HOST_BUGS_H */
