/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AMD Virtual Machine Control Block, as the hardware lays it out.
 *
 * Source: AMD64 Architecture Programmer's Manual Vol. 2 (APM), Appendix B
 * "Layout of VMCB" (Table B-1 control area, Table B-2 state save area),
 * Appendix C "SVM Intercept Exit Codes", and sections 15.7 (IOIO/MSR
 * intercept information), 15.11 (MSR permissions map), 15.10.1 (I/O
 * permissions map), 15.20 (event injection), 15.25.6 (nested page faults).
 *
 * Everything here is shared with the hardware, so every offset the VMM uses
 * is pinned with a _Static_assert at the end of the file.  Reserved fields
 * are named after their offset inside their area.
 */
#ifndef VMM_SVM_VMCB_H
#define VMM_SVM_VMCB_H

#include <arch/memtype.h>
#include <arch/segment.h>
#include <liminal/compiler.h>
#include <liminal/types.h>

#define SVM_PAGE_SIZE 4096u

/* ---- Intercept vectors (APM Table B-1, offsets 0x000-0x017) ---- */

/* Word 3 (offset 0x00C): miscellaneous intercepts, bit numbers. */
enum svm_intercept_misc1 {
	SVM_INTERCEPT_INTR = 0,
	SVM_INTERCEPT_NMI = 1,
	SVM_INTERCEPT_SMI = 2,
	SVM_INTERCEPT_INIT = 3,
	SVM_INTERCEPT_VINTR = 4,
	SVM_INTERCEPT_CR0_SEL_WRITE = 5,
	SVM_INTERCEPT_IDTR_READ = 6,
	SVM_INTERCEPT_GDTR_READ = 7,
	SVM_INTERCEPT_LDTR_READ = 8,
	SVM_INTERCEPT_TR_READ = 9,
	SVM_INTERCEPT_IDTR_WRITE = 10,
	SVM_INTERCEPT_GDTR_WRITE = 11,
	SVM_INTERCEPT_LDTR_WRITE = 12,
	SVM_INTERCEPT_TR_WRITE = 13,
	SVM_INTERCEPT_RDTSC = 14,
	SVM_INTERCEPT_RDPMC = 15,
	SVM_INTERCEPT_PUSHF = 16,
	SVM_INTERCEPT_POPF = 17,
	SVM_INTERCEPT_CPUID = 18,
	SVM_INTERCEPT_RSM = 19,
	SVM_INTERCEPT_IRET = 20,
	SVM_INTERCEPT_INTN = 21,
	SVM_INTERCEPT_INVD = 22,
	SVM_INTERCEPT_PAUSE = 23,
	SVM_INTERCEPT_HLT = 24,
	SVM_INTERCEPT_INVLPG = 25,
	SVM_INTERCEPT_INVLPGA = 26,
	SVM_INTERCEPT_IOIO_PROT = 27,
	SVM_INTERCEPT_MSR_PROT = 28,
	SVM_INTERCEPT_TASK_SWITCH = 29,
	SVM_INTERCEPT_FERR_FREEZE = 30,
	SVM_INTERCEPT_SHUTDOWN = 31,
};

/* Word 4 (offset 0x010): SVM instructions and friends, bit numbers. */
enum svm_intercept_misc2 {
	SVM_INTERCEPT_VMRUN = 0,
	SVM_INTERCEPT_VMMCALL = 1,
	SVM_INTERCEPT_VMLOAD = 2,
	SVM_INTERCEPT_VMSAVE = 3,
	SVM_INTERCEPT_STGI = 4,
	SVM_INTERCEPT_CLGI = 5,
	SVM_INTERCEPT_SKINIT = 6,
	SVM_INTERCEPT_RDTSCP = 7,
	SVM_INTERCEPT_ICEBP = 8,
	SVM_INTERCEPT_WBINVD = 9,
	SVM_INTERCEPT_MONITOR = 10,
	SVM_INTERCEPT_MWAIT = 11,
	SVM_INTERCEPT_MWAIT_COND = 12,
	SVM_INTERCEPT_XSETBV = 13,
	SVM_INTERCEPT_RDPRU = 14,
	SVM_INTERCEPT_EFER_WRITE_TRAP = 15,
};

#define SVM_BIT(n) (1u << (n))

/* ---- Exit codes (APM Appendix C) ---- */
enum svm_exit_code {
	SVM_EXIT_CR0_READ = 0x000, /* 0x000-0x00f: CRn read */
	SVM_EXIT_CR0_WRITE = 0x010, /* 0x010-0x01f: CRn write */
	SVM_EXIT_DR0_READ = 0x020, /* 0x020-0x02f: DRn read */
	SVM_EXIT_DR0_WRITE = 0x030, /* 0x030-0x03f: DRn write */
	SVM_EXIT_EXCP_BASE = 0x040, /* 0x040-0x05f: exception vector n */
	SVM_EXIT_INTR = 0x060,
	SVM_EXIT_NMI = 0x061,
	SVM_EXIT_SMI = 0x062,
	SVM_EXIT_INIT = 0x063,
	SVM_EXIT_VINTR = 0x064,
	SVM_EXIT_CR0_SEL_WRITE = 0x065,
	SVM_EXIT_IDTR_READ = 0x066,
	SVM_EXIT_GDTR_READ = 0x067,
	SVM_EXIT_LDTR_READ = 0x068,
	SVM_EXIT_TR_READ = 0x069,
	SVM_EXIT_IDTR_WRITE = 0x06a,
	SVM_EXIT_GDTR_WRITE = 0x06b,
	SVM_EXIT_LDTR_WRITE = 0x06c,
	SVM_EXIT_TR_WRITE = 0x06d,
	SVM_EXIT_RDTSC = 0x06e,
	SVM_EXIT_RDPMC = 0x06f,
	SVM_EXIT_PUSHF = 0x070,
	SVM_EXIT_POPF = 0x071,
	SVM_EXIT_CPUID = 0x072,
	SVM_EXIT_RSM = 0x073,
	SVM_EXIT_IRET = 0x074,
	SVM_EXIT_SWINT = 0x075,
	SVM_EXIT_INVD = 0x076,
	SVM_EXIT_PAUSE = 0x077,
	SVM_EXIT_HLT = 0x078,
	SVM_EXIT_INVLPG = 0x079,
	SVM_EXIT_INVLPGA = 0x07a,
	SVM_EXIT_IOIO = 0x07b,
	SVM_EXIT_MSR = 0x07c,
	SVM_EXIT_TASK_SWITCH = 0x07d,
	SVM_EXIT_FERR_FREEZE = 0x07e,
	SVM_EXIT_SHUTDOWN = 0x07f,
	SVM_EXIT_VMRUN = 0x080,
	SVM_EXIT_VMMCALL = 0x081,
	SVM_EXIT_VMLOAD = 0x082,
	SVM_EXIT_VMSAVE = 0x083,
	SVM_EXIT_STGI = 0x084,
	SVM_EXIT_CLGI = 0x085,
	SVM_EXIT_SKINIT = 0x086,
	SVM_EXIT_RDTSCP = 0x087,
	SVM_EXIT_ICEBP = 0x088,
	SVM_EXIT_WBINVD = 0x089,
	SVM_EXIT_MONITOR = 0x08a,
	SVM_EXIT_MWAIT = 0x08b,
	SVM_EXIT_MWAIT_COND = 0x08c,
	SVM_EXIT_XSETBV = 0x08d,
	SVM_EXIT_RDPRU = 0x08e,
	SVM_EXIT_EFER_WRITE_TRAP = 0x08f,
	SVM_EXIT_CR0_WRITE_TRAP = 0x090, /* 0x090-0x09f: CRn write trap */
	SVM_EXIT_INVLPGB = 0x0a0,
	SVM_EXIT_INVLPGB_ILLEGAL = 0x0a1,
	SVM_EXIT_INVPCID = 0x0a2,
	SVM_EXIT_MCOMMIT = 0x0a3,
	SVM_EXIT_TLBSYNC = 0x0a4,
	SVM_EXIT_BUSLOCK = 0x0a5,
	SVM_EXIT_IDLE_HLT = 0x0a6,
	SVM_EXIT_NR_LOW = 0x0a7, /* first code after the dense low range */
	SVM_EXIT_NPF = 0x400,
	SVM_EXIT_AVIC_INCOMPLETE_IPI = 0x401,
	SVM_EXIT_AVIC_NOACCEL = 0x402,
	SVM_EXIT_VMGEXIT = 0x403,
	SVM_EXIT_NR_HIGH_END = 0x404, /* one past the last high code */
	/*
	 * VMEXIT_INVALID is -1 and VMEXIT_BUSY -2 in the 64-bit EXITCODE.
	 * QEMU stores INVALID as 0x00000000ffffffff, so only the low 32 bits
	 * are compared (docs/platforms.md).
	 */
	SVM_EXIT_INVALID = 0xffffffffu,
	SVM_EXIT_BUSY = 0xfffffffeu,
};

/* ---- EXITINFO1 for IOIO intercepts (APM 15.10.2, Figure 15-2) ---- */
#define SVM_IOIO_TYPE_IN (1ull << 0)
#define SVM_IOIO_STR (1ull << 2)
#define SVM_IOIO_REP (1ull << 3)
#define SVM_IOIO_SZ8 (1ull << 4)
#define SVM_IOIO_SZ16 (1ull << 5)
#define SVM_IOIO_SZ32 (1ull << 6)
#define SVM_IOIO_SIZE_SHIFT 4
#define SVM_IOIO_SIZE_MASK (7ull << SVM_IOIO_SIZE_SHIFT)
#define SVM_IOIO_A16 (1ull << 7)
#define SVM_IOIO_A32 (1ull << 8)
#define SVM_IOIO_A64 (1ull << 9)
#define SVM_IOIO_SEG_SHIFT 10
#define SVM_IOIO_SEG_MASK (7ull << SVM_IOIO_SEG_SHIFT)
#define SVM_IOIO_PORT_SHIFT 16
#define SVM_IOIO_PORT_MASK (0xffffull << SVM_IOIO_PORT_SHIFT)

/* ---- EXITINFO1 for MSR intercepts (APM 15.11) ---- */
enum svm_msr_exitinfo {
	SVM_MSR_EXIT_READ = 0,
	SVM_MSR_EXIT_WRITE = 1,
};

/* ---- EXITINFO1 for nested page faults: a #PF error code (APM 15.25.6) ---- */
/* MOV DR/CR exits with decode assists: EXITINFO1 (APM Vol. 2 15.33.1). */
#define SVM_EXITINFO1_MOV_VALID (1ull << 63)
#define SVM_EXITINFO1_MOV_GPR_MASK 0xfull
#define SVM_INTERCEPT_ALL_DR 0xffffu /* DR0-DR15 reads or writes */

#define SVM_NPF_PRESENT (1ull << 0)
#define SVM_NPF_WRITE (1ull << 1)
#define SVM_NPF_USER (1ull << 2)
#define SVM_NPF_RSVD (1ull << 3)
#define SVM_NPF_FETCH (1ull << 4)
#define SVM_NPF_FINAL_GPA (1ull << 32) /* fault on the final translation */
#define SVM_NPF_GUEST_PT (1ull << 33) /* fault walking guest page tables */

/* ---- EVENTINJ and EXITINTINFO (APM 15.20, Figure 15-4) ---- */
#define SVM_EVTINJ_VEC_MASK 0xffu
#define SVM_EVTINJ_TYPE_SHIFT 8
#define SVM_EVTINJ_TYPE_MASK (7u << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_EV (1u << 11) /* error code valid */
#define SVM_EVTINJ_VALID (1u << 31)

enum svm_event_type {
	SVM_EVTINJ_TYPE_INTR = 0,
	SVM_EVTINJ_TYPE_NMI = 2,
	SVM_EVTINJ_TYPE_EXCEPTION = 3,
	SVM_EVTINJ_TYPE_SOFT_INT = 4,
};

/* ---- V_INTR control word at 0x060 (APM 15.21.1) ---- */
#define SVM_V_TPR_MASK 0xffu
#define SVM_V_IRQ (1u << 8)
#define SVM_V_GIF (1u << 9)
#define SVM_V_INTR_PRIO_SHIFT 16
#define SVM_V_INTR_PRIO_MASK (0xfu << SVM_V_INTR_PRIO_SHIFT)
#define SVM_V_IGN_TPR (1u << 20)
#define SVM_V_INTR_MASKING (1u << 24)
#define SVM_V_GIF_ENABLE (1u << 25)
#define SVM_AVIC_ENABLE (1u << 31)

/* ---- Interrupt state at 0x068 ---- */
#define SVM_INTERRUPT_SHADOW (1u << 0)
#define SVM_GUEST_INTERRUPT_MASK (1u << 1)

/* PAUSEs before a PAUSE intercept exits (APM 15.14.4; KVM's default). */
#define SVM_PAUSE_FILTER_COUNT 3000

/* ---- Nested control at 0x090 ---- */
#define SVM_NESTED_CTL_NP_ENABLE (1ull << 0)
#define SVM_NESTED_CTL_SEV_ENABLE (1ull << 1)
#define SVM_NESTED_CTL_SEV_ES_ENABLE (1ull << 2)

/* ---- TLB control at 0x05C (APM 15.16.1) ---- */
enum svm_tlb_control {
	SVM_TLB_CONTROL_DO_NOTHING = 0,
	SVM_TLB_CONTROL_FLUSH_ALL = 1,
	SVM_TLB_CONTROL_FLUSH_ASID = 3,
	SVM_TLB_CONTROL_FLUSH_ASID_LOCAL = 7,
};

/* Segment attributes (APM 15.5.1 / Table B-2): SEG_ATTR_* of arch/segment.h */

/* ---- Permission maps (APM 15.10.1, 15.11) ---- */
#define SVM_IOPM_PAGES 3 /* 12 KiB: one bit per port + spill */
#define SVM_MSRPM_PAGES 2 /* 8 KiB: two bits (read, write) per MSR */
/* IOPM_BASE_PA / MSRPM_BASE_PA: bits 11:0 are ignored */
#define SVM_PM_BASE_PA_MASK (~0xfffull)

struct vmcb_seg {
	u16 selector;
	u16 attrib;
	u32 limit;
	u64 base;
} __packed;

/* Control area: offsets 0x000-0x3ff (APM Table B-1). */
struct vmcb_control {
	u16 intercept_cr_read; /* 0x000 */
	u16 intercept_cr_write; /* 0x002 */
	u16 intercept_dr_read; /* 0x004 */
	u16 intercept_dr_write; /* 0x006 */
	u32 intercept_exceptions; /* 0x008: bit n = vector n */
	u32 intercept_misc1; /* 0x00c: enum svm_intercept_misc1 */
	u32 intercept_misc2; /* 0x010: enum svm_intercept_misc2 */
	u32 intercept_misc3; /* 0x014: INVLPGB, INVPCID, MCOMMIT, ... */
	u8 reserved_0x018[0x03c - 0x018];
	u16 pause_filter_threshold; /* 0x03c */
	u16 pause_filter_count; /* 0x03e */
	u64 iopm_base_pa; /* 0x040 */
	u64 msrpm_base_pa; /* 0x048 */
	u64 tsc_offset; /* 0x050 */
	u32 asid; /* 0x058 */
	u8 tlb_control; /* 0x05c: enum svm_tlb_control */
	u8 reserved_0x05d[3];
	u32 int_ctl; /* 0x060: V_TPR, V_IRQ, V_INTR_MASKING, ... */
	u32 int_vector; /* 0x064: V_INTR_VECTOR[7:0] */
	u32 int_state; /* 0x068: interrupt shadow, guest IF mask */
	u8 reserved_0x06c[4];
	u64 exit_code; /* 0x070 */
	u64 exit_info_1; /* 0x078 */
	u64 exit_info_2; /* 0x080 */
	u32 exit_int_info; /* 0x088: EVENTINJ format */
	u32 exit_int_info_err; /* 0x08c */
	u64 nested_ctl; /* 0x090: NP_ENABLE, SEV, SEV-ES */
	u64 avic_vapic_bar; /* 0x098 */
	u64 ghcb_gpa; /* 0x0a0 */
	u32 event_inj; /* 0x0a8 */
	u32 event_inj_err; /* 0x0ac */
	u64 nested_cr3; /* 0x0b0: N_CR3, the nested page table root */
	u64 virt_ext; /* 0x0b8: LBR virtualization, virtual VMSAVE/VMLOAD */
	u32 clean; /* 0x0c0: VMCB clean bits */
	u32 reserved_0x0c4;
	u64 next_rip; /* 0x0c8: nRIP (NRIPS feature only) */
	u8 insn_len; /* 0x0d0: bytes fetched (decode assists) */
	u8 insn_bytes[15]; /* 0x0d1 */
	u64 avic_backing_page; /* 0x0e0 */
	u8 reserved_0x0e8[8];
	u64 avic_logical_table; /* 0x0f0 */
	u64 avic_physical_table; /* 0x0f8 */
	u8 reserved_0x100[8];
	u64 vmsa_pa; /* 0x108: SEV-ES only */
	u8 reserved_0x110[0x400 - 0x110];
} __packed;

/* State save area: offsets 0x400-0xfff of the VMCB (APM Table B-2). */
struct vmcb_save {
	struct vmcb_seg es; /* 0x400 */
	struct vmcb_seg cs; /* 0x410 */
	struct vmcb_seg ss; /* 0x420 */
	struct vmcb_seg ds; /* 0x430 */
	struct vmcb_seg fs; /* 0x440 */
	struct vmcb_seg gs; /* 0x450 */
	struct vmcb_seg gdtr; /* 0x460: limit and base only */
	struct vmcb_seg ldtr; /* 0x470 */
	struct vmcb_seg idtr; /* 0x480: limit and base only */
	struct vmcb_seg tr; /* 0x490 */
	u8 reserved_0x4a0[0x4cb - 0x4a0];
	u8 cpl; /* 0x4cb: must equal SS.DPL on real hardware */
	u8 reserved_0x4cc[4];
	u64 efer; /* 0x4d0 */
	u8 reserved_0x4d8[0x548 - 0x4d8];
	u64 cr4; /* 0x548 */
	u64 cr3; /* 0x550 */
	u64 cr0; /* 0x558 */
	u64 dr7; /* 0x560 */
	u64 dr6; /* 0x568 */
	u64 rflags; /* 0x570 */
	u64 rip; /* 0x578 */
	u8 reserved_0x580[0x5d8 - 0x580];
	u64 rsp; /* 0x5d8 */
	u64 s_cet; /* 0x5e0 */
	u64 ssp; /* 0x5e8 */
	u64 isst_addr; /* 0x5f0 */
	u64 rax; /* 0x5f8 */
	u64 star; /* 0x600 */
	u64 lstar; /* 0x608 */
	u64 cstar; /* 0x610 */
	u64 sfmask; /* 0x618 */
	u64 kernel_gs_base; /* 0x620 */
	u64 sysenter_cs; /* 0x628 */
	u64 sysenter_esp; /* 0x630 */
	u64 sysenter_eip; /* 0x638 */
	u64 cr2; /* 0x640 */
	u8 reserved_0x648[0x668 - 0x648];
	u64 g_pat; /* 0x668: guest PAT, used with nested paging */
	u64 dbgctl; /* 0x670 */
	u64 br_from; /* 0x678 */
	u64 br_to; /* 0x680 */
	u64 last_excp_from; /* 0x688 */
	u64 last_excp_to; /* 0x690 */
	u8 reserved_0x698[0x1000 - 0x698];
} __packed;

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
} __packed;

/* DR6/DR7 after reset (APM 13.1.1.5 / 13.1.1.6). */
#define SVM_DR6_INIT 0xffff0ff0ull
#define SVM_DR7_INIT 0x00000400ull

#define VMCB_OFF(f) offsetof(struct vmcb, f)
_Static_assert(VMCB_OFF(control.intercept_cr_read) == 0x000, "VMCB");
_Static_assert(VMCB_OFF(control.intercept_dr_read) == 0x004, "VMCB");
_Static_assert(VMCB_OFF(control.intercept_exceptions) == 0x008, "VMCB");
_Static_assert(VMCB_OFF(control.intercept_misc1) == 0x00c, "VMCB");
_Static_assert(VMCB_OFF(control.intercept_misc2) == 0x010, "VMCB");
_Static_assert(VMCB_OFF(control.intercept_misc3) == 0x014, "VMCB");
_Static_assert(VMCB_OFF(control.pause_filter_threshold) == 0x03c, "VMCB");
_Static_assert(VMCB_OFF(control.iopm_base_pa) == 0x040, "VMCB");
_Static_assert(VMCB_OFF(control.msrpm_base_pa) == 0x048, "VMCB");
_Static_assert(VMCB_OFF(control.tsc_offset) == 0x050, "VMCB");
_Static_assert(VMCB_OFF(control.asid) == 0x058, "VMCB");
_Static_assert(VMCB_OFF(control.tlb_control) == 0x05c, "VMCB");
_Static_assert(VMCB_OFF(control.int_ctl) == 0x060, "VMCB");
_Static_assert(VMCB_OFF(control.int_vector) == 0x064, "VMCB");
_Static_assert(VMCB_OFF(control.int_state) == 0x068, "VMCB");
_Static_assert(VMCB_OFF(control.exit_code) == 0x070, "VMCB");
_Static_assert(VMCB_OFF(control.exit_info_1) == 0x078, "VMCB");
_Static_assert(VMCB_OFF(control.exit_info_2) == 0x080, "VMCB");
_Static_assert(VMCB_OFF(control.exit_int_info) == 0x088, "VMCB");
_Static_assert(VMCB_OFF(control.exit_int_info_err) == 0x08c, "VMCB");
_Static_assert(VMCB_OFF(control.nested_ctl) == 0x090, "VMCB");
_Static_assert(VMCB_OFF(control.event_inj) == 0x0a8, "VMCB");
_Static_assert(VMCB_OFF(control.event_inj_err) == 0x0ac, "VMCB");
_Static_assert(VMCB_OFF(control.nested_cr3) == 0x0b0, "VMCB");
_Static_assert(VMCB_OFF(control.virt_ext) == 0x0b8, "VMCB");
_Static_assert(VMCB_OFF(control.clean) == 0x0c0, "VMCB");
_Static_assert(VMCB_OFF(control.next_rip) == 0x0c8, "VMCB");
_Static_assert(VMCB_OFF(control.insn_len) == 0x0d0, "VMCB");
_Static_assert(VMCB_OFF(control.vmsa_pa) == 0x108, "VMCB");
_Static_assert(sizeof(struct vmcb_control) == 0x400, "VMCB control area");
_Static_assert(VMCB_OFF(save.es) == 0x400, "VMCB");
_Static_assert(VMCB_OFF(save.cs) == 0x410, "VMCB");
_Static_assert(VMCB_OFF(save.ss) == 0x420, "VMCB");
_Static_assert(VMCB_OFF(save.ds) == 0x430, "VMCB");
_Static_assert(VMCB_OFF(save.fs) == 0x440, "VMCB");
_Static_assert(VMCB_OFF(save.gs) == 0x450, "VMCB");
_Static_assert(VMCB_OFF(save.gdtr) == 0x460, "VMCB");
_Static_assert(VMCB_OFF(save.ldtr) == 0x470, "VMCB");
_Static_assert(VMCB_OFF(save.idtr) == 0x480, "VMCB");
_Static_assert(VMCB_OFF(save.tr) == 0x490, "VMCB");
_Static_assert(VMCB_OFF(save.cpl) == 0x4cb, "VMCB");
_Static_assert(VMCB_OFF(save.efer) == 0x4d0, "VMCB");
_Static_assert(VMCB_OFF(save.cr4) == 0x548, "VMCB");
_Static_assert(VMCB_OFF(save.cr3) == 0x550, "VMCB");
_Static_assert(VMCB_OFF(save.cr0) == 0x558, "VMCB");
_Static_assert(VMCB_OFF(save.dr7) == 0x560, "VMCB");
_Static_assert(VMCB_OFF(save.dr6) == 0x568, "VMCB");
_Static_assert(VMCB_OFF(save.rflags) == 0x570, "VMCB");
_Static_assert(VMCB_OFF(save.rip) == 0x578, "VMCB");
_Static_assert(VMCB_OFF(save.rsp) == 0x5d8, "VMCB");
_Static_assert(VMCB_OFF(save.rax) == 0x5f8, "VMCB");
_Static_assert(VMCB_OFF(save.star) == 0x600, "VMCB");
_Static_assert(VMCB_OFF(save.kernel_gs_base) == 0x620, "VMCB");
_Static_assert(VMCB_OFF(save.sysenter_eip) == 0x638, "VMCB");
_Static_assert(VMCB_OFF(save.cr2) == 0x640, "VMCB");
_Static_assert(VMCB_OFF(save.g_pat) == 0x668, "VMCB");
_Static_assert(VMCB_OFF(save.dbgctl) == 0x670, "VMCB");
_Static_assert(VMCB_OFF(save.last_excp_to) == 0x690, "VMCB");
_Static_assert(sizeof(struct vmcb_seg) == 16, "VMCB segment");
_Static_assert(sizeof(struct vmcb) == SVM_PAGE_SIZE, "VMCB is one page");

#endif /* VMM_SVM_VMCB_H */
