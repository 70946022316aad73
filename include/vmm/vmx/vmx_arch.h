/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel VMX architectural constants: capability MSR layouts, VM-execution /
 * VM-exit / VM-entry control bits, exit reasons, exit qualifications, event
 * and interruptibility encodings.  The EPT entry bits and the memory types
 * are x86's, in include/arch/pgtable.h and include/arch/memtype.h.
 *
 * Section numbers follow the Intel SDM in its current numbering (combined
 * volumes, order no. 325462-080 of June 2023 and later, Vol. 3C): chapter 25
 * "Virtual Machine Control Structures", 27 "VM Entries", 28 "VM Exits", 29
 * "VMX Support for Address Translation", 31 "VMX Instruction Reference",
 * Appendix A "VMX Capability Reporting Facility", Appendix B "Field
 * Encoding in VMCS", Appendix C "VMX Basic Exit Reasons".
 *
 * Pure constants: usable by the host unit tests (tests/vmx).
 */
#ifndef VMM_VMX_VMX_ARCH_H
#define VMM_VMX_VMX_ARCH_H

#include <arch/memtype.h>
#include <arch/pgtable.h>

#define BIT_ULL(n) (1ull << (n))

/* IA32_VMX_BASIC (SDM A.1) */
#define VMX_BASIC_REVISION_MASK 0x7fffffffull
#define VMX_BASIC_VMCS_SIZE_SHIFT 32
#define VMX_BASIC_VMCS_SIZE_MASK 0x1fffull
#define VMX_BASIC_MEMTYPE_SHIFT 50
#define VMX_BASIC_MEMTYPE_MASK 0xfull
#define VMX_BASIC_INOUT BIT_ULL(54)
#define VMX_BASIC_TRUE_CTLS BIT_ULL(55)

/*
 * The control capability MSRs (IA32_VMX_*_CTLS, SDM A.3-A.5): bits 31:0
 * are the allowed 0-settings (a 1 there: the control must be 1), bits
 * 63:32 the allowed 1-settings (a 0 there: the control must be 0).
 */
#define VMX_CTLS_MUST_BE_1(cap) ((u32)(cap))
#define VMX_CTLS_MAY_BE_1(cap) ((u32)((cap) >> 32))

/* IA32_VMX_MISC (SDM A.6) */
#define VMX_MISC_PREEMPTION_RATE_MASK 0x1full /* timer = TSC >> rate */
#define VMX_MISC_ACTIVITY_HLT BIT_ULL(6)
#define VMX_MISC_CR3_TARGETS_SHIFT 16
#define VMX_MISC_CR3_TARGETS_MASK 0x1ffull

/* Pin-based VM-execution controls (SDM 25.6.1, Table 25-5) */
#define PIN_BASED_EXT_INTR_EXITING BIT_ULL(0)
#define PIN_BASED_NMI_EXITING BIT_ULL(3)
#define PIN_BASED_VIRTUAL_NMIS BIT_ULL(5)
#define PIN_BASED_PREEMPTION_TIMER BIT_ULL(6)
#define PIN_BASED_POSTED_INTR BIT_ULL(7)

/* Primary processor-based VM-execution controls (SDM 25.6.2, Table 25-6) */
#define CPU_BASED_INTR_WINDOW_EXITING BIT_ULL(2)
#define CPU_BASED_USE_TSC_OFFSETTING BIT_ULL(3)
#define CPU_BASED_HLT_EXITING BIT_ULL(7)
#define CPU_BASED_INVLPG_EXITING BIT_ULL(9)
#define CPU_BASED_MWAIT_EXITING BIT_ULL(10)
#define CPU_BASED_RDPMC_EXITING BIT_ULL(11)
#define CPU_BASED_RDTSC_EXITING BIT_ULL(12)
#define CPU_BASED_CR3_LOAD_EXITING BIT_ULL(15)
#define CPU_BASED_CR3_STORE_EXITING BIT_ULL(16)
#define CPU_BASED_CR8_LOAD_EXITING BIT_ULL(19)
#define CPU_BASED_CR8_STORE_EXITING BIT_ULL(20)
#define CPU_BASED_TPR_SHADOW BIT_ULL(21)
#define CPU_BASED_NMI_WINDOW_EXITING BIT_ULL(22)
#define CPU_BASED_MOV_DR_EXITING BIT_ULL(23)
#define CPU_BASED_UNCOND_IO_EXITING BIT_ULL(24)
#define CPU_BASED_USE_IO_BITMAPS BIT_ULL(25)
#define CPU_BASED_MONITOR_TRAP_FLAG BIT_ULL(27)
#define CPU_BASED_USE_MSR_BITMAPS BIT_ULL(28)
#define CPU_BASED_MONITOR_EXITING BIT_ULL(29)
#define CPU_BASED_PAUSE_EXITING BIT_ULL(30)
#define CPU_BASED_ACTIVATE_SECONDARY BIT_ULL(31)

/* Secondary processor-based VM-execution controls (SDM 25.6.2, Table 25-7) */
#define SECONDARY_VIRT_APIC_ACCESSES BIT_ULL(0)
#define SECONDARY_ENABLE_EPT BIT_ULL(1)
#define SECONDARY_DESC_TABLE_EXITING BIT_ULL(2)
#define SECONDARY_ENABLE_RDTSCP BIT_ULL(3)
#define SECONDARY_VIRT_X2APIC BIT_ULL(4)
#define SECONDARY_ENABLE_VPID BIT_ULL(5)
#define SECONDARY_WBINVD_EXITING BIT_ULL(6)
#define SECONDARY_UNRESTRICTED_GUEST BIT_ULL(7)
#define SECONDARY_ENABLE_INVPCID BIT_ULL(12)
#define SECONDARY_ENABLE_XSAVES BIT_ULL(20)

/* Primary VM-exit controls (SDM 25.7.1, Table 25-13) */
#define VM_EXIT_SAVE_DEBUG_CONTROLS BIT_ULL(2)
#define VM_EXIT_HOST_ADDR_SPACE_SIZE BIT_ULL(9)
#define VM_EXIT_LOAD_PERF_GLOBAL_CTRL BIT_ULL(12)
#define VM_EXIT_ACK_INTR_ON_EXIT BIT_ULL(15)
#define VM_EXIT_SAVE_PAT BIT_ULL(18)
#define VM_EXIT_LOAD_PAT BIT_ULL(19)
#define VM_EXIT_SAVE_EFER BIT_ULL(20)
#define VM_EXIT_LOAD_EFER BIT_ULL(21)
#define VM_EXIT_SAVE_PREEMPTION_TIMER BIT_ULL(22)

/* VM-entry controls (SDM 25.8.1, Table 25-15) */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS BIT_ULL(2)
#define VM_ENTRY_IA32E_MODE BIT_ULL(9)
#define VM_ENTRY_SMM BIT_ULL(10)
#define VM_ENTRY_DEACT_DUAL_MONITOR BIT_ULL(11)
#define VM_ENTRY_LOAD_PERF_GLOBAL_CTRL BIT_ULL(13)
#define VM_ENTRY_LOAD_PAT BIT_ULL(14)
#define VM_ENTRY_LOAD_EFER BIT_ULL(15)

/* IA32_VMX_EPT_VPID_CAP (SDM A.10) */
#define VMX_EPT_EXECUTE_ONLY BIT_ULL(0)
#define VMX_EPT_PAGE_WALK_4 BIT_ULL(6)
#define VMX_EPT_MEMTYPE_UC BIT_ULL(8)
#define VMX_EPT_MEMTYPE_WB BIT_ULL(14)
#define VMX_EPT_2MB_PAGE BIT_ULL(16)
#define VMX_EPT_1GB_PAGE BIT_ULL(17)
#define VMX_EPT_INVEPT BIT_ULL(20)
#define VMX_EPT_AD BIT_ULL(21)
#define VMX_EPT_INVEPT_SINGLE_CONTEXT BIT_ULL(25)
#define VMX_EPT_INVEPT_ALL_CONTEXT BIT_ULL(26)
#define VMX_VPID_INVVPID BIT_ULL(32)
#define VMX_VPID_INVVPID_ADDR BIT_ULL(40)
#define VMX_VPID_INVVPID_SINGLE_CONTEXT BIT_ULL(41)
#define VMX_VPID_INVVPID_ALL_CONTEXT BIT_ULL(42)

/* INVEPT / INVVPID types (SDM 31.3 "INVEPT", "INVVPID") */
#define VMX_INVEPT_SINGLE_CONTEXT 1
#define VMX_INVEPT_ALL_CONTEXT 2
#define VMX_INVVPID_SINGLE_CONTEXT 1
#define VMX_INVVPID_ALL_CONTEXT 2

/* EPT pointer (SDM 25.6.11, Table 25-9) */
#define VMX_EPTP_MT_WB MEMTYPE_WB
#define VMX_EPTP_MT_MASK 0x7ull /* bits 2:0: memory type */
#define VMX_EPTP_PWL_MASK (7ull << 3) /* bits 5:3: page-walk length - 1 */
#define VMX_EPTP_PWL_4 (3ull << 3) /* page-walk length minus 1 */
#define VMX_EPTP_AD_ENABLE BIT_ULL(6)
#define VMX_EPTP_RSVD_MASK 0xf80ull /* bits 11:7 */

/* Basic exit reasons (SDM Appendix C); bit 31 of the exit-reason field. */
enum vmx_exit_reason {
	EXIT_REASON_EXCEPTION_NMI = 0,
	EXIT_REASON_EXTERNAL_INTERRUPT = 1,
	EXIT_REASON_TRIPLE_FAULT = 2,
	EXIT_REASON_INIT_SIGNAL = 3,
	EXIT_REASON_SIPI = 4,
	EXIT_REASON_IO_SMI = 5,
	EXIT_REASON_OTHER_SMI = 6,
	EXIT_REASON_INTERRUPT_WINDOW = 7,
	EXIT_REASON_NMI_WINDOW = 8,
	EXIT_REASON_TASK_SWITCH = 9,
	EXIT_REASON_CPUID = 10,
	EXIT_REASON_GETSEC = 11,
	EXIT_REASON_HLT = 12,
	EXIT_REASON_INVD = 13,
	EXIT_REASON_INVLPG = 14,
	EXIT_REASON_RDPMC = 15,
	EXIT_REASON_RDTSC = 16,
	EXIT_REASON_RSM = 17,
	EXIT_REASON_VMCALL = 18,
	EXIT_REASON_VMCLEAR = 19,
	EXIT_REASON_VMLAUNCH = 20,
	EXIT_REASON_VMPTRLD = 21,
	EXIT_REASON_VMPTRST = 22,
	EXIT_REASON_VMREAD = 23,
	EXIT_REASON_VMRESUME = 24,
	EXIT_REASON_VMWRITE = 25,
	EXIT_REASON_VMXOFF = 26,
	EXIT_REASON_VMXON = 27,
	EXIT_REASON_CR_ACCESS = 28,
	EXIT_REASON_DR_ACCESS = 29,
	EXIT_REASON_IO_INSTRUCTION = 30,
	EXIT_REASON_MSR_READ = 31,
	EXIT_REASON_MSR_WRITE = 32,
	EXIT_REASON_INVALID_STATE = 33,
	EXIT_REASON_MSR_LOAD_FAIL = 34,
	EXIT_REASON_MWAIT = 36,
	EXIT_REASON_MONITOR_TRAP_FLAG = 37,
	EXIT_REASON_MONITOR = 39,
	EXIT_REASON_PAUSE = 40,
	EXIT_REASON_MCE_DURING_ENTRY = 41,
	EXIT_REASON_TPR_BELOW_THRESHOLD = 43,
	EXIT_REASON_APIC_ACCESS = 44,
	EXIT_REASON_EOI_INDUCED = 45,
	EXIT_REASON_GDTR_IDTR = 46,
	EXIT_REASON_LDTR_TR = 47,
	EXIT_REASON_EPT_VIOLATION = 48,
	EXIT_REASON_EPT_MISCONFIG = 49,
	EXIT_REASON_INVEPT = 50,
	EXIT_REASON_RDTSCP = 51,
	EXIT_REASON_PREEMPTION_TIMER = 52,
	EXIT_REASON_INVVPID = 53,
	EXIT_REASON_WBINVD = 54,
	EXIT_REASON_XSETBV = 55,
	EXIT_REASON_APIC_WRITE = 56,
	EXIT_REASON_RDRAND = 57,
	EXIT_REASON_INVPCID = 58,
	EXIT_REASON_VMFUNC = 59,
	EXIT_REASON_ENCLS = 60,
	EXIT_REASON_RDSEED = 61,
	EXIT_REASON_PML_FULL = 62,
	EXIT_REASON_XSAVES = 63,
	EXIT_REASON_XRSTORS = 64,
	EXIT_REASON_PCONFIG = 65,
	EXIT_REASON_SPP = 66,
	EXIT_REASON_UMWAIT = 67,
	EXIT_REASON_TPAUSE = 68,
	EXIT_REASON_LOADIWKEY = 69,
	EXIT_REASON_ENCLV = 70,
	EXIT_REASON_ENQCMD_PASID_FAIL = 72,
	EXIT_REASON_ENQCMDS_PASID_FAIL = 73,
	EXIT_REASON_BUS_LOCK = 74,
	EXIT_REASON_INSTRUCTION_TIMEOUT = 75,
	EXIT_REASON_SEAMCALL = 76,
	EXIT_REASON_TDCALL = 77,
	EXIT_REASON_RDMSRLIST = 78,
	EXIT_REASON_WRMSRLIST = 79,
	VMX_NR_EXIT_REASONS = 80,
};

#define VMX_EXIT_REASON_BASIC_MASK 0xffffu
#define VMX_EXIT_REASON_ENTRY_FAILURE BIT_ULL(31)

/* VM-instruction error numbers (SDM 31.4, Table 31-1) */
#define VMX_NR_INSN_ERRORS 29

/* Exit qualification for I/O instructions (SDM 28.2.1, Table 28-5) */
#define EXIT_QUAL_IO_SIZE_MASK 0x7ull /* 0: 1 byte, 1: 2, 3: 4 */
#define EXIT_QUAL_IO_IN BIT_ULL(3)
#define EXIT_QUAL_IO_STRING BIT_ULL(4)
#define EXIT_QUAL_IO_REP BIT_ULL(5)
#define EXIT_QUAL_IO_IMM BIT_ULL(6)
#define EXIT_QUAL_IO_PORT_SHIFT 16
#define EXIT_QUAL_IO_PORT_MASK 0xffffull

/* Exit qualification for control-register accesses (SDM 28.2.1, Table 28-3) */
#define EXIT_QUAL_CR_NUM_MASK 0xfull
#define EXIT_QUAL_CR_TYPE_SHIFT 4
#define EXIT_QUAL_CR_TYPE_MASK 0x3ull
#define EXIT_QUAL_CR_TYPE_MOV_TO 0
#define EXIT_QUAL_CR_TYPE_MOV_FROM 1
#define EXIT_QUAL_CR_TYPE_CLTS 2
#define EXIT_QUAL_CR_TYPE_LMSW 3
#define EXIT_QUAL_CR_GPR_SHIFT 8
#define EXIT_QUAL_CR_GPR_MASK 0xfull
#define EXIT_QUAL_CR_LMSW_SHIFT 16
#define EXIT_QUAL_CR_LMSW_MASK 0xffffull

/* Exit qualification for EPT violations (SDM 28.2.1, Table 28-7) */
/* MOV DR (SDM Vol. 3C 28.2.1, Table 28-4) */
#define EXIT_QUAL_DR_NUM_MASK 0x7ull
#define EXIT_QUAL_DR_FROM BIT_ULL(4) /* MOV from DR; 0: to DR */
#define EXIT_QUAL_DR_GPR_SHIFT 8
#define EXIT_QUAL_DR_GPR_MASK 0xfull
/* Debug exceptions (Table 28-1): B0-B3, BD, BS as DR6 has them */
#define EXIT_QUAL_DB_DR6_MASK 0x600full

#define EXIT_QUAL_EPT_READ BIT_ULL(0)
#define EXIT_QUAL_EPT_WRITE BIT_ULL(1)
#define EXIT_QUAL_EPT_FETCH BIT_ULL(2)
#define EXIT_QUAL_EPT_GLA_VALID BIT_ULL(7) /* a guest-linear address */
#define EXIT_QUAL_EPT_GLA_TRANSLATED \
	BIT_ULL(8) /* its translation, not a walk */

/*
 * Interruption-information fields: VM-entry (SDM 25.8.3, Table 25-17),
 * VM-exit (SDM 25.9.2, Table 25-19) and IDT-vectoring (Table 25-20).
 */
#define INTR_INFO_VECTOR_MASK 0xffu
#define INTR_INFO_TYPE_SHIFT 8
#define INTR_INFO_TYPE_MASK (7u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_EXT_INTR (0u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_NMI (2u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_HARD_EXCEPTION (3u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_SOFT_INTR (4u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_PRIV_SW_EXCEPTION (5u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_SOFT_EXCEPTION (6u << INTR_INFO_TYPE_SHIFT)
#define INTR_TYPE_OTHER_EVENT (7u << INTR_INFO_TYPE_SHIFT)
#define INTR_INFO_DELIVER_CODE (1u << 11)
#define INTR_INFO_NMI_UNBLOCK_IRET (1u << 12)
#define INTR_INFO_RESVD_MASK 0x7ffff000u /* bits 30:12 (entry field) */
#define INTR_INFO_VALID (1u << 31)

/* Guest interruptibility state (SDM 25.4.2, Table 25-3) */
#define GUEST_INTR_STATE_STI (1u << 0)
#define GUEST_INTR_STATE_MOV_SS (1u << 1)
#define GUEST_INTR_STATE_SMI (1u << 2)
#define GUEST_INTR_STATE_NMI (1u << 3)
#define GUEST_INTR_STATE_ENCLAVE (1u << 4)
#define GUEST_INTR_STATE_RESVD_MASK 0xffffffe0u

/* Guest activity state (SDM 25.4.2) */
#define GUEST_ACTIVITY_ACTIVE 0
#define GUEST_ACTIVITY_HLT 1
#define GUEST_ACTIVITY_SHUTDOWN 2
#define GUEST_ACTIVITY_WAIT_SIPI 3

/* Pending debug exceptions (SDM 25.4.2, Table 25-4) */
#define GUEST_PENDING_DBG_BS BIT_ULL(14)
#define GUEST_PENDING_DBG_RESVD_MASK (~0x1500full) /* keep 3:0, 12, 14, 16 */

/*
 * Segment access rights as the VMCS holds them (SDM 25.4.1, Table 25-2):
 * the descriptor's type..P in 7:0, AVL/L/D/G in 15:12, unusable in 16.
 */
#define VMX_AR_TYPE_MASK 0xfu
#define VMX_AR_TYPE_ACCESSED 0x1u
#define VMX_AR_TYPE_WRITEABLE 0x2u /* data: writable; code: readable */
#define VMX_AR_TYPE_CONFORMING 0x4u /* code segments */
#define VMX_AR_TYPE_CODE 0x8u
#define VMX_AR_S (1u << 4)
#define VMX_AR_DPL_SHIFT 5
#define VMX_AR_DPL_MASK (3u << VMX_AR_DPL_SHIFT)
#define VMX_AR_P (1u << 7)
#define VMX_AR_RESVD_11_8 (0xfu << 8)
#define VMX_AR_AVL (1u << 12)
#define VMX_AR_L (1u << 13)
#define VMX_AR_DB (1u << 14)
#define VMX_AR_G (1u << 15)
#define VMX_AR_UNUSABLE (1u << 16)
#define VMX_AR_RESVD_31_17 0xfffe0000u

#define VMX_AR_TYPE_LDT 2
#define VMX_AR_TYPE_BUSY_TSS16 3
#define VMX_AR_TYPE_BUSY_TSS64 11

/* Selector fields */
#define SEL_RPL_MASK 3u
#define SEL_TI 4u

/*
 * RFLAGS bits reserved for the VM-entry checks (SDM 27.3.1.4); the named
 * architectural bits (VM, the fixed bit 1, CR4.PCIDE) are in arch/x86.h.
 */
#define VMX_RFLAGS_RESVD_MASK (~0x3f7fd7ull) /* 63:22, 15, 5, 3 */

/* MSR bitmap layout (SDM 25.6.9): four 1-KiB quarters */
#define MSR_BITMAP_READ_LOW 0
#define MSR_BITMAP_READ_HIGH 1024
#define MSR_BITMAP_WRITE_LOW 2048
#define MSR_BITMAP_WRITE_HIGH 3072
#define MSR_BITMAP_HIGH_BASE 0xc0000000u
#define MSR_BITMAP_RANGE 0x2000u

#endif /* VMM_VMX_VMX_ARCH_H */
