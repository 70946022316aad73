// SPDX-License-Identifier: GPL-2.0
/*
 * Names for the SVM numbers a user may read: exit codes (APM Vol. 2
 * Appendix C), for the statistics, the trace and the dump.  Pure data.
 */
#include <arch/x86.h>
#include <vmm/svm/svm.h>

#define SVM_NAME16(base, pfx, sfx)                                            \
	[(base) + 0] = pfx "0" sfx, [(base) + 1] = pfx "1" sfx,               \
		  [(base) + 2] = pfx "2" sfx, [(base) + 3] = pfx "3" sfx,     \
		  [(base) + 4] = pfx "4" sfx, [(base) + 5] = pfx "5" sfx,     \
		  [(base) + 6] = pfx "6" sfx, [(base) + 7] = pfx "7" sfx,     \
		  [(base) + 8] = pfx "8" sfx, [(base) + 9] = pfx "9" sfx,     \
		  [(base) + 10] = pfx "10" sfx, [(base) + 11] = pfx "11" sfx, \
		  [(base) + 12] = pfx "12" sfx, [(base) + 13] = pfx "13" sfx, \
		  [(base) + 14] = pfx "14" sfx, [(base) + 15] = pfx "15" sfx

static const char *const svm_exit_names[SVM_EXIT_NR_LOW] = {
	SVM_NAME16(SVM_EXIT_CR0_READ, "CR", "_READ"),
	SVM_NAME16(SVM_EXIT_CR0_WRITE, "CR", "_WRITE"),
	SVM_NAME16(SVM_EXIT_DR0_READ, "DR", "_READ"),
	SVM_NAME16(SVM_EXIT_DR0_WRITE, "DR", "_WRITE"),
	[SVM_EXIT_EXCP_BASE + X86_TRAP_DE] = "EXCP_DE",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_DB] = "EXCP_DB",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_NMI] = "EXCP_NMI",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_BP] = "EXCP_BP",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_OF] = "EXCP_OF",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_BR] = "EXCP_BR",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_UD] = "EXCP_UD",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_NM] = "EXCP_NM",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_DF] = "EXCP_DF",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_TS] = "EXCP_TS",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_NP] = "EXCP_NP",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_SS] = "EXCP_SS",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_GP] = "EXCP_GP",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_PF] = "EXCP_PF",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_MF] = "EXCP_MF",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_AC] = "EXCP_AC",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_MC] = "EXCP_MC",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_XM] = "EXCP_XM",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_VE] = "EXCP_VE",
	[SVM_EXIT_EXCP_BASE + X86_TRAP_CP] = "EXCP_CP",
	[SVM_EXIT_EXCP_BASE + 9] = "EXCP_9",
	[SVM_EXIT_EXCP_BASE + 15] = "EXCP_15",
	[SVM_EXIT_EXCP_BASE + 22] = "EXCP_22",
	[SVM_EXIT_EXCP_BASE + 23] = "EXCP_23",
	[SVM_EXIT_EXCP_BASE + 24] = "EXCP_24",
	[SVM_EXIT_EXCP_BASE + 25] = "EXCP_25",
	[SVM_EXIT_EXCP_BASE + 26] = "EXCP_26",
	[SVM_EXIT_EXCP_BASE + 27] = "EXCP_27",
	[SVM_EXIT_EXCP_BASE + 28] = "EXCP_HV",
	[SVM_EXIT_EXCP_BASE + 29] = "EXCP_VC",
	[SVM_EXIT_EXCP_BASE + 30] = "EXCP_SX",
	[SVM_EXIT_EXCP_BASE + 31] = "EXCP_31",
	[SVM_EXIT_INTR] = "INTR",
	[SVM_EXIT_NMI] = "NMI",
	[SVM_EXIT_SMI] = "SMI",
	[SVM_EXIT_INIT] = "INIT",
	[SVM_EXIT_VINTR] = "VINTR",
	[SVM_EXIT_CR0_SEL_WRITE] = "CR0_SEL_WRITE",
	[SVM_EXIT_IDTR_READ] = "IDTR_READ",
	[SVM_EXIT_GDTR_READ] = "GDTR_READ",
	[SVM_EXIT_LDTR_READ] = "LDTR_READ",
	[SVM_EXIT_TR_READ] = "TR_READ",
	[SVM_EXIT_IDTR_WRITE] = "IDTR_WRITE",
	[SVM_EXIT_GDTR_WRITE] = "GDTR_WRITE",
	[SVM_EXIT_LDTR_WRITE] = "LDTR_WRITE",
	[SVM_EXIT_TR_WRITE] = "TR_WRITE",
	[SVM_EXIT_RDTSC] = "RDTSC",
	[SVM_EXIT_RDPMC] = "RDPMC",
	[SVM_EXIT_PUSHF] = "PUSHF",
	[SVM_EXIT_POPF] = "POPF",
	[SVM_EXIT_CPUID] = "CPUID",
	[SVM_EXIT_RSM] = "RSM",
	[SVM_EXIT_IRET] = "IRET",
	[SVM_EXIT_SWINT] = "SWINT",
	[SVM_EXIT_INVD] = "INVD",
	[SVM_EXIT_PAUSE] = "PAUSE",
	[SVM_EXIT_HLT] = "HLT",
	[SVM_EXIT_INVLPG] = "INVLPG",
	[SVM_EXIT_INVLPGA] = "INVLPGA",
	[SVM_EXIT_IOIO] = "IOIO",
	[SVM_EXIT_MSR] = "MSR",
	[SVM_EXIT_TASK_SWITCH] = "TASK_SWITCH",
	[SVM_EXIT_FERR_FREEZE] = "FERR_FREEZE",
	[SVM_EXIT_SHUTDOWN] = "SHUTDOWN",
	[SVM_EXIT_VMRUN] = "VMRUN",
	[SVM_EXIT_VMMCALL] = "VMMCALL",
	[SVM_EXIT_VMLOAD] = "VMLOAD",
	[SVM_EXIT_VMSAVE] = "VMSAVE",
	[SVM_EXIT_STGI] = "STGI",
	[SVM_EXIT_CLGI] = "CLGI",
	[SVM_EXIT_SKINIT] = "SKINIT",
	[SVM_EXIT_RDTSCP] = "RDTSCP",
	[SVM_EXIT_ICEBP] = "ICEBP",
	[SVM_EXIT_WBINVD] = "WBINVD",
	[SVM_EXIT_MONITOR] = "MONITOR",
	[SVM_EXIT_MWAIT] = "MWAIT",
	[SVM_EXIT_MWAIT_COND] = "MWAIT_COND",
	[SVM_EXIT_XSETBV] = "XSETBV",
	[SVM_EXIT_RDPRU] = "RDPRU",
	[SVM_EXIT_EFER_WRITE_TRAP] = "EFER_WRITE_TRAP",
	SVM_NAME16(SVM_EXIT_CR0_WRITE_TRAP, "CR", "_WRITE_TRAP"),
	[SVM_EXIT_INVLPGB] = "INVLPGB",
	[SVM_EXIT_INVLPGB_ILLEGAL] = "INVLPGB_ILLEGAL",
	[SVM_EXIT_INVPCID] = "INVPCID",
	[SVM_EXIT_MCOMMIT] = "MCOMMIT",
	[SVM_EXIT_TLBSYNC] = "TLBSYNC",
	[SVM_EXIT_BUSLOCK] = "BUSLOCK",
	[SVM_EXIT_IDLE_HLT] = "IDLE_HLT",
};

static const char *const svm_exit_names_high[SVM_EXIT_NR_HIGH_END -
					     SVM_EXIT_NPF] = {
	[SVM_EXIT_NPF - SVM_EXIT_NPF] = "NPF",
	[SVM_EXIT_AVIC_INCOMPLETE_IPI - SVM_EXIT_NPF] = "AVIC_INCOMPLETE_IPI",
	[SVM_EXIT_AVIC_NOACCEL - SVM_EXIT_NPF] = "AVIC_NOACCEL",
	[SVM_EXIT_VMGEXIT - SVM_EXIT_NPF] = "VMGEXIT",
};

static const char *svm_known_name(u32 reason)
{
	if (reason < SVM_EXIT_NR_LOW)
		return svm_exit_names[reason];
	if (reason >= SVM_EXIT_NPF && reason < SVM_EXIT_NR_HIGH_END)
		return svm_exit_names_high[reason - SVM_EXIT_NPF];
	switch (reason) {
	case SVM_EXIT_INVALID:
		return "INVALID";
	case SVM_EXIT_BUSY:
		return "BUSY";
	default:
		return NULL;
	}
}

/*
 * struct vcpu_ops.exit_reason_name: a raw exit code.
 * Never NULL, and always a constant string: "UNKNOWN" for a code without a
 * name (as vmx_exit_reason_name()); callers print the raw code beside it.
 */
const char *svm_exit_reason_name(u32 reason)
{
	const char *name = svm_known_name(reason);

	return name ? name : "UNKNOWN";
}
