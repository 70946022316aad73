// SPDX-License-Identifier: GPL-2.0
/*
 * The VM-entry checks of vmm/vmx/checks.c: a valid 64-bit guest (the state
 * liminal loads for mode=long64) and a valid real-mode guest pass; each
 * test breaks one rule and expects its message (SDM section included).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <arch/x86.h>
#include <vmm/vmx/vmx_arch.h>
#include <vmm/vmx/vmx_checks.h>

#define CR0_PE (1ull << 0)
#define CR0_ET (1ull << 4)
#define CR0_NE (1ull << 5)
#define CR0_CD (1ull << 30)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_VMXE (1ull << 13)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_IF (1ull << 9)

#define AR_CODE64 0xa09b /* P S type 11, L, G */
#define AR_DATA 0xc093 /* P S type 3, D/B, G */
#define AR_TSS64 0x008b /* P type 11 */

static struct vmx_entry_state s;
static struct vmx_msg m;

static void seg(enum vmx_seg_reg i, u16 sel, u64 base, u32 limit, u32 ar)
{
	s.seg[i] = (struct vmx_seg){ sel, base, limit, ar };
}

/* Capabilities and controls of Bochs' corei7_skylake_x, as probed. */
static void base_controls(void)
{
	s.cr0_fixed0 = CR0_PE | CR0_NE | CR0_PG;
	s.cr0_fixed1 = 0xffffffffull;
	s.cr4_fixed0 = CR4_VMXE;
	s.cr4_fixed1 = 0x3727ffull;
	s.phys_addr_bits = 40;
	s.ept_vpid_cap = 0x00000f0106734141ull;
	s.pin = 0x1f | PIN_BASED_PREEMPTION_TIMER;
	s.proc = 0x961861f2;
	s.proc2 = 0x10aa;
	s.exit = 0x3feffb;
	s.entry = 0xd1fb;
	s.io_bitmap_a = 0x200000;
	s.io_bitmap_b = 0x201000;
	s.msr_bitmap = 0x202000;
	s.eptp = 0x300000 | MEMTYPE_WB | VMX_EPTP_PWL_4;
	s.vpid = 1;
}

static void base_host(void)
{
	s.host_cr0 = 0x80010033;
	s.host_cr3 = 0x805000;
	s.host_cr4 = CR4_PAE | CR4_VMXE | (1 << 7) | (1 << 9);
	s.host_efer = EFER_LME | EFER_LMA | (1 << 11);
	s.host_pat = 0x0007040600070406ull;
	s.host_sel[VMX_SEG_CS] = 0x08;
	s.host_sel[VMX_SEG_SS] = s.host_sel[VMX_SEG_DS] = 0x10;
	s.host_sel[VMX_SEG_ES] = 0x10;
	s.host_sel[VMX_SEG_TR] = 0x18;
	s.host_tr_base = 0xe590000;
	s.host_gdtr_base = 0xe591000;
	s.host_idtr_base = 0xe592000;
	s.host_rip = 0xe570000;
}

/* mode=long64 as liminal builds it (vmm/guest_setup.c). */
static int setup_long64(void **state)
{
	(void)state;
	memset(&s, 0, sizeof(s));
	base_controls();
	base_host();
	s.entry |= VM_ENTRY_IA32E_MODE;
	s.cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_PG;
	s.cr3 = 0x2000;
	s.cr4 = CR4_PAE | CR4_VMXE;
	s.dr7 = 0x400;
	s.efer = EFER_LME | EFER_LMA;
	s.pat = 0x0007040600070406ull;
	seg(VMX_SEG_CS, 0x08, 0, 0xffffffff, AR_CODE64);
	seg(VMX_SEG_SS, 0x10, 0, 0xffffffff, AR_DATA);
	seg(VMX_SEG_DS, 0x10, 0, 0xffffffff, AR_DATA);
	seg(VMX_SEG_ES, 0x10, 0, 0xffffffff, AR_DATA);
	seg(VMX_SEG_FS, 0x10, 0, 0xffffffff, AR_DATA);
	seg(VMX_SEG_GS, 0x10, 0, 0xffffffff, AR_DATA);
	seg(VMX_SEG_LDTR, 0, 0, 0, VMX_AR_UNUSABLE);
	seg(VMX_SEG_TR, 0x20, 0x1100, 0x67, AR_TSS64);
	s.gdtr_base = 0x1000;
	s.gdtr_limit = 0x2f;
	s.rip = 0x10000;
	s.rflags = X86_EFLAGS_FIXED;
	s.vmcs_link = ~0ull;
	return 0;
}

/* mode=real16: CS=0x1000, unrestricted guest, no paging. */
static int setup_real16(void **state)
{
	setup_long64(state);
	s.entry &= ~VM_ENTRY_IA32E_MODE;
	s.cr0 = CR0_ET | CR0_NE;
	s.cr3 = 0;
	s.cr4 = CR4_VMXE;
	s.efer = 0;
	seg(VMX_SEG_CS, 0x1000, 0x10000, 0xffff, 0x9b);
	seg(VMX_SEG_SS, 0, 0, 0xffff, 0x93);
	seg(VMX_SEG_DS, 0, 0, 0xffff, 0x93);
	seg(VMX_SEG_ES, 0, 0, 0xffff, 0x93);
	seg(VMX_SEG_FS, 0, 0, 0xffff, 0x93);
	seg(VMX_SEG_GS, 0, 0, 0xffff, 0x93);
	seg(VMX_SEG_TR, 0, 0, 0xffff, 0x8b);
	s.gdtr_base = 0;
	s.gdtr_limit = 0xffff;
	s.idtr_limit = 0x3ff;
	s.rip = 0;
	return 0;
}

static const char *check(void)
{
	return vmx_check_entry(&s, &m);
}

/* The first violated rule contains @what. */
#define expect(what)                                                    \
	do {                                                            \
		const char *r = check();                                \
		assert_non_null(r);                                     \
		if (!strstr(r, (what)))                                 \
			fail_msg("got \"%s\", want \"%s\"", r, (what)); \
	} while (0)

/* ---- valid states ---- */

static void long64_passes(void **state)
{
	(void)state;
	assert_null(check());
}

static void real16_passes(void **state)
{
	(void)state;
	assert_null(check());
}

/* Without activated secondary controls, unrestricted guest is off. */
static void secondary_ignored_when_not_activated(void **state)
{
	(void)state;
	s.proc &= ~CPU_BASED_ACTIVATE_SECONDARY;
	s.proc2 = SECONDARY_UNRESTRICTED_GUEST; /* no EPT: would be invalid */
	assert_null(check());
	/* and then real mode is refused: PE is a fixed-1 bit again */
	setup_real16(state);
	s.proc &= ~CPU_BASED_ACTIVATE_SECONDARY;
	expect("guest CR0 bit 0 must be 1 (IA32_VMX_CR0_FIXED0) (SDM 27.3.1.1)");
}

/* ---- 27.3.1.1 control registers, MSRs ---- */

static void cr0_pg_without_pe(void **state)
{
	(void)state;
	s.cr0 &= ~CR0_PE;
	s.entry &= ~VM_ENTRY_IA32E_MODE;
	s.efer = 0;
	assert_string_equal(check(), "guest CR0.PG=1 with PE=0 (SDM 27.3.1.1)");
}

static void cr0_fixed1(void **state)
{
	(void)state;
	s.cr0_fixed1 &= ~CR0_CD;
	s.cr0 |= CR0_CD;
	expect("guest CR0 bit 30 must be 0 (IA32_VMX_CR0_FIXED1) (SDM 27.3.1.1)");
}

static void cr0_ne_fixed0(void **state)
{
	(void)state;
	s.cr0 &= ~CR0_NE;
	expect("guest CR0 bit 5 must be 1 (IA32_VMX_CR0_FIXED0)");
}

static void cr4_vmxe(void **state)
{
	(void)state;
	s.cr4 &= ~CR4_VMXE;
	expect("guest CR4 bit 13 must be 1 (IA32_VMX_CR4_FIXED0) (SDM 27.3.1.1)");
}

static void ia32e_without_pae(void **state)
{
	(void)state;
	s.cr4 &= ~CR4_PAE;
	expect("IA-32e mode guest with CR4.PAE=0 (SDM 27.3.1.1)");
}

static void ia32e_without_pg(void **state)
{
	setup_real16(state);
	s.entry |= VM_ENTRY_IA32E_MODE;
	expect("IA-32e mode guest with CR0.PG=0 (SDM 27.3.1.1)");
}

static void pcide_outside_ia32e(void **state)
{
	setup_real16(state);
	s.cr4 |= X86_CR4_PCIDE;
	expect("guest CR4.PCIDE=1 outside IA-32e mode");
}

static void cr3_beyond_maxphyaddr(void **state)
{
	(void)state;
	s.cr3 = 1ull << 45;
	expect("guest CR3 sets bits beyond the physical-address width");
}

static void dr7_high_bits(void **state)
{
	(void)state;
	s.entry |= VM_ENTRY_LOAD_DEBUG_CONTROLS;
	s.dr7 |= 1ull << 40;
	expect("guest DR7 bits 63:32 must be 0");
}

static void efer_lma_without_ia32e(void **state)
{
	(void)state;
	s.entry &= ~VM_ENTRY_IA32E_MODE;
	expect("guest EFER.LMA=1 but the IA-32e mode guest entry control is 0");
}

static void ia32e_without_efer_lma(void **state)
{
	(void)state;
	s.efer &= ~EFER_LMA;
	expect("IA-32e mode guest entry control is 1 but guest EFER.LMA=0");
}

static void efer_lme_lma_differ_with_paging(void **state)
{
	(void)state;
	s.entry &= ~VM_ENTRY_IA32E_MODE;
	s.efer = EFER_LME; /* 32-bit paging with LME=1, LMA=0 */
	s.cr4 = CR4_VMXE;
	seg(VMX_SEG_CS, 0x18, 0, 0xffffffff, 0xc09b);
	seg(VMX_SEG_TR, 0x20, 0x1100, 0x67, 0x8b);
	expect("guest CR0.PG=1 with EFER.LMA != EFER.LME (SDM 27.3.1.1)");
}

static void efer_reserved(void **state)
{
	(void)state;
	s.efer |= 1ull << 20;
	expect("guest IA32_EFER sets reserved bits");
}

static void pat_invalid(void **state)
{
	(void)state;
	s.pat = 0x0007040600070402ull; /* type 2 is reserved */
	expect("guest IA32_PAT holds an invalid memory type");
}

static void sysenter_noncanonical(void **state)
{
	(void)state;
	s.sysenter_eip = 0x0000800000000000ull;
	expect("guest IA32_SYSENTER_ESP/EIP not canonical");
}

/* ---- 27.3.1.2 segment registers ---- */

static void tr_unusable(void **state)
{
	(void)state;
	s.seg[VMX_SEG_TR].ar = VMX_AR_UNUSABLE;
	expect("guest TR is unusable (SDM 27.3.1.2)");
}

static void tr_ti(void **state)
{
	(void)state;
	s.seg[VMX_SEG_TR].selector |= SEL_TI;
	expect("guest TR selector has TI=1");
}

static void tr_16bit_in_ia32e(void **state)
{
	(void)state;
	s.seg[VMX_SEG_TR].ar = 0x83;
	expect("guest TR type must be 11 (busy 64-bit TSS) in IA-32e mode");
}

static void tr_not_system(void **state)
{
	(void)state;
	s.seg[VMX_SEG_TR].ar |= VMX_AR_S;
	expect("guest TR must be a system segment (S=0)");
}

static void ldtr_wrong_type(void **state)
{
	(void)state;
	seg(VMX_SEG_LDTR, 0x28, 0, 0xff, 0x83);
	expect("guest LDTR type must be 2 (LDT)");
}

static void cs_type3_without_ug(void **state)
{
	setup_real16(state);
	s.proc2 &= ~SECONDARY_UNRESTRICTED_GUEST;
	s.cr0 |= CR0_PE | CR0_PG; /* past the CR0 checks */
	s.seg[VMX_SEG_CS].ar = 0x93; /* a data segment in CS */
	expect("guest CS type 3 needs unrestricted guest");
	setup_real16(state);
	s.seg[VMX_SEG_CS].ar = 0x93; /* type 3 is fine with UG ... */
	assert_null(check());
	s.seg[VMX_SEG_CS].ar = 0xb3; /* ... at DPL 0 only */
	expect("guest CS type 3 with DPL != 0");
}

static void cs_unusable(void **state)
{
	(void)state;
	s.seg[VMX_SEG_CS].ar = VMX_AR_UNUSABLE;
	expect("guest CS is unusable");
}

static void cs_data_type(void **state)
{
	(void)state;
	s.seg[VMX_SEG_CS].ar = (AR_CODE64 & ~0xf) | 0x1;
	expect("guest CS type must be an accessed code segment");
}

static void cs_long_and_db(void **state)
{
	(void)state;
	s.seg[VMX_SEG_CS].ar |= VMX_AR_DB;
	expect("guest CS has both L=1 and D/B=1 in IA-32e mode");
}

static void cs_dpl_vs_ss(void **state)
{
	(void)state;
	s.seg[VMX_SEG_CS].ar |= 3 << VMX_AR_DPL_SHIFT;
	expect("guest CS non-conforming code with DPL != SS.DPL");
}

static void cs_not_present(void **state)
{
	(void)state;
	s.seg[VMX_SEG_CS].ar &= ~VMX_AR_P;
	expect("guest CS is usable but not present (P=0)");
}

static void cs_limit_granularity(void **state)
{
	(void)state;
	s.seg[VMX_SEG_CS].limit = 0xffff0000;
	expect("guest CS limit bits 11:0 not all 1 with G=1");
	s.seg[VMX_SEG_CS].limit = 0x100000;
	s.seg[VMX_SEG_CS].ar &= ~VMX_AR_G;
	expect("guest CS limit above 1 MiB with G=0");
}

static void ss_dpl_in_real_mode(void **state)
{
	setup_real16(state);
	s.seg[VMX_SEG_CS].ar = 0x93; /* type 3: CS.DPL vs SS.DPL not checked */
	s.seg[VMX_SEG_SS].ar |= 3 << VMX_AR_DPL_SHIFT;
	expect("guest SS DPL must be 0 in real mode or with CS type 3");
}

static void ss_type(void **state)
{
	(void)state;
	s.seg[VMX_SEG_SS].ar = (AR_DATA & ~0xf) | 0x1; /* read-only data */
	expect("guest SS type must be a writable data segment");
}

static void ss_rpl_without_ug(void **state)
{
	(void)state;
	s.proc2 &= ~SECONDARY_UNRESTRICTED_GUEST;
	s.seg[VMX_SEG_SS].selector |= 3;
	expect("guest SS RPL differs from CS.RPL");
}

static void ds_not_accessed(void **state)
{
	(void)state;
	s.seg[VMX_SEG_DS].ar &= ~VMX_AR_TYPE_ACCESSED;
	expect("guest DS type must have the accessed bit set");
}

static void es_execute_only(void **state)
{
	(void)state;
	s.seg[VMX_SEG_ES].ar = (AR_DATA & ~0xf) | 0x9;
	expect("guest ES is an execute-only code segment");
}

static void gs_reserved_ar(void **state)
{
	(void)state;
	s.seg[VMX_SEG_GS].ar |= 1u << 20;
	expect("guest GS access rights set reserved bits");
}

static void fs_base_noncanonical(void **state)
{
	(void)state;
	s.seg[VMX_SEG_FS].base = 0x0000800000000000ull;
	expect("guest FS base is not canonical");
}

static void unusable_data_segments_pass(void **state)
{
	(void)state;
	s.seg[VMX_SEG_DS].ar = VMX_AR_UNUSABLE;
	s.seg[VMX_SEG_ES].ar = VMX_AR_UNUSABLE | 0xff; /* junk is ignored */
	assert_null(check());
}

static void v86_segments(void **state)
{
	(void)state;
	s.entry &= ~VM_ENTRY_IA32E_MODE;
	s.efer = 0;
	s.cr0 = CR0_PE | CR0_ET | CR0_NE;
	s.cr4 = CR4_VMXE;
	s.rflags |= X86_EFLAGS_VM;
	seg(VMX_SEG_TR, 0x20, 0x1100, 0x67, 0x8b);
	expect("guest ES base != selector * 16 in virtual-8086 mode");
}

/* ---- 27.3.1.3, 27.3.1.4 descriptor tables, RIP, RFLAGS ---- */

static void gdtr_noncanonical(void **state)
{
	(void)state;
	s.gdtr_base = 0x0000800000000000ull;
	expect("guest GDTR/IDTR base not canonical (SDM 27.3.1.3)");
}

static void idtr_limit_high(void **state)
{
	(void)state;
	s.idtr_limit = 0x10000;
	expect("guest GDTR/IDTR limit bits 31:16 must be 0");
}

static void rip_high_outside_64bit(void **state)
{
	setup_real16(state);
	s.rip = 1ull << 32;
	expect("guest RIP bits 63:32 must be 0 outside 64-bit mode (SDM 27.3.1.4)");
}

static void rip_noncanonical(void **state)
{
	(void)state;
	s.rip = 0x0000800000000000ull;
	expect("guest RIP not canonical in 64-bit mode");
}

static void rflags_reserved(void **state)
{
	(void)state;
	s.rflags |= 1ull << 15;
	expect("guest RFLAGS sets reserved bits (SDM 27.3.1.4)");
}

static void rflags_bit1(void **state)
{
	(void)state;
	s.rflags = 0;
	expect("guest RFLAGS bit 1 must be 1");
}

static void rflags_vm_in_ia32e(void **state)
{
	(void)state;
	s.rflags |= X86_EFLAGS_VM;
	expect("guest RFLAGS.VM=1 in IA-32e mode or with CR0.PE=0");
}

static void inject_with_if0(void **state)
{
	(void)state;
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x40;
	expect("injecting an external interrupt with guest RFLAGS.IF=0");
}

/* ---- 27.3.1.5 non-register state ---- */

static void activity_invalid(void **state)
{
	(void)state;
	s.activity = 4;
	expect("guest activity state is not 0-3");
}

static void hlt_with_ss_dpl3(void **state)
{
	(void)state;
	s.seg[VMX_SEG_CS].ar |= 3 << VMX_AR_DPL_SHIFT;
	s.seg[VMX_SEG_SS].ar |= 3 << VMX_AR_DPL_SHIFT;
	s.activity = GUEST_ACTIVITY_HLT;
	expect("guest activity state HLT with SS.DPL != 0");
}

static void sti_blocking_with_if0(void **state)
{
	(void)state;
	s.interruptibility = GUEST_INTR_STATE_STI;
	expect("guest blocked by STI with RFLAGS.IF=0");
}

static void sti_and_mov_ss(void **state)
{
	(void)state;
	s.rflags |= RFLAGS_IF;
	s.interruptibility = GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS;
	expect("guest blocked by both STI and MOV SS");
}

static void shadow_outside_active(void **state)
{
	(void)state;
	s.rflags |= RFLAGS_IF;
	s.interruptibility = GUEST_INTR_STATE_STI;
	s.activity = GUEST_ACTIVITY_HLT;
	expect("guest blocked by STI/MOV SS but not in the active state");
}

static void smi_blocking(void **state)
{
	(void)state;
	s.interruptibility = GUEST_INTR_STATE_SMI;
	expect("guest blocked by SMI outside SMM");
}

static void interruptibility_reserved(void **state)
{
	(void)state;
	s.interruptibility = 1u << 5;
	expect("guest interruptibility state sets reserved bits");
}

static void inject_into_sti_shadow(void **state)
{
	(void)state;
	s.rflags |= RFLAGS_IF;
	s.interruptibility = GUEST_INTR_STATE_STI;
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x40;
	expect("injecting an external interrupt into an STI/MOV SS shadow");
}

static void inject_passes(void **state)
{
	(void)state;
	s.rflags |= RFLAGS_IF;
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x40;
	assert_null(check());
}

static void pending_dbg_reserved(void **state)
{
	(void)state;
	s.pending_dbg = 1ull << 20;
	expect("guest pending debug exceptions set reserved bits");
}

static void pending_dbg_bs_rule(void **state)
{
	(void)state;
	s.rflags |= RFLAGS_IF | RFLAGS_TF;
	s.interruptibility = GUEST_INTR_STATE_STI;
	expect("guest pending debug BS must equal RFLAGS.TF");
	s.pending_dbg = GUEST_PENDING_DBG_BS;
	assert_null(check());
}

static void vmcs_link(void **state)
{
	(void)state;
	s.vmcs_link = 0;
	expect("VMCS link pointer must be all ones");
}

/* ---- 27.2.1 controls ---- */

static void cr3_target_count(void **state)
{
	(void)state;
	s.cr3_target_count = 5;
	expect("CR3-target count above 4 (SDM 27.2.1.1)");
}

static void io_bitmap_misaligned(void **state)
{
	(void)state;
	s.io_bitmap_b |= 0x800;
	expect("I/O bitmap address not 4-KiB aligned");
}

static void msr_bitmap_misaligned(void **state)
{
	(void)state;
	s.msr_bitmap |= 8;
	expect("MSR bitmap address not 4-KiB aligned");
}

static void virtual_nmis_without_nmi_exiting(void **state)
{
	(void)state;
	s.pin = (s.pin & ~PIN_BASED_NMI_EXITING) | PIN_BASED_VIRTUAL_NMIS;
	expect("virtual NMIs without NMI exiting");
}

static void nmi_window_without_virtual_nmis(void **state)
{
	(void)state;
	s.proc |= CPU_BASED_NMI_WINDOW_EXITING;
	expect("NMI-window exiting without virtual NMIs");
}

static void ug_without_ept(void **state)
{
	(void)state;
	s.proc2 &= ~SECONDARY_ENABLE_EPT;
	expect("unrestricted guest without EPT (SDM 27.2.1.1)");
}

static void vpid_zero(void **state)
{
	(void)state;
	s.vpid = 0;
	expect("VPID enabled with VPID 0");
}

static void eptp_rules(void **state)
{
	u64 good = s.eptp;

	(void)state;
	s.eptp = (good & ~7ull) | MEMTYPE_WC;
	expect("EPTP memory type not supported");
	s.eptp = (good & ~(7ull << 3)) | (2ull << 3);
	expect("EPTP page-walk length must be 4 levels");
	s.ept_vpid_cap &= ~VMX_EPT_AD;
	s.eptp = good | VMX_EPTP_AD_ENABLE;
	expect("EPTP enables accessed/dirty flags without support");
	s.eptp = good | (1ull << 8);
	expect("EPTP sets reserved bits");
	s.eptp = good | (1ull << 45);
	expect("beyond the physical-address width");
}

static void entry_intr_info_rules(void **state)
{
	(void)state;
	s.rflags |= RFLAGS_IF;
	s.entry_intr_info = INTR_INFO_VALID | (1u << INTR_INFO_TYPE_SHIFT);
	expect("VM-entry interruption type 1 is reserved");
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 3;
	expect("VM-entry NMI injection with vector != 2");
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | 32;
	expect("VM-entry hardware exception vector > 31");
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | (1u << 13);
	expect("VM-entry interruption information sets reserved bits 30:12");
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR |
			    INTR_INFO_DELIVER_CODE | 0x40;
	expect("VM-entry error code delivery for an event without one");
}

static void entry_to_smm(void **state)
{
	(void)state;
	s.entry |= VM_ENTRY_SMM;
	expect("entry to SMM / deactivate dual-monitor outside SMM");
}

/* ---- 27.2.2-27.2.4 host state ---- */

static void host_cr0_ne(void **state)
{
	(void)state;
	s.host_cr0 &= ~CR0_NE;
	expect("host CR0 bit 5 must be 1 (IA32_VMX_CR0_FIXED0) (SDM 27.2.2)");
}

static void host_cr4_vmxe(void **state)
{
	(void)state;
	s.host_cr4 &= ~CR4_VMXE;
	expect("host CR4 bit 13 must be 1");
}

static void host_cr3_width(void **state)
{
	(void)state;
	s.host_cr3 |= 1ull << 50;
	expect("host CR3 sets bits beyond the physical-address width");
}

static void host_selector_rpl(void **state)
{
	(void)state;
	s.host_sel[VMX_SEG_DS] |= 3;
	expect("host selector with RPL != 0 or TI=1 (SDM 27.2.3)");
}

static void host_tr_null(void **state)
{
	(void)state;
	s.host_sel[VMX_SEG_TR] = 0;
	expect("host TR selector is null (SDM 27.2.3)");
	s.host_sel[VMX_SEG_TR] = 0x18;
	s.host_sel[VMX_SEG_CS] = 0;
	expect("host CS selector is null");
}

static void host_base_noncanonical(void **state)
{
	(void)state;
	s.host_gs_base = 0xffff700000000000ull;
	expect("host FS/GS/TR/GDTR/IDTR base not canonical");
}

static void host_efer_mismatch(void **state)
{
	(void)state;
	s.host_efer &= ~EFER_LMA;
	expect("host IA32_EFER reserved bits, or LMA/LME differ");
}

static void host_32bit(void **state)
{
	(void)state;
	s.exit &= ~VM_EXIT_HOST_ADDR_SPACE_SIZE;
	s.exit &= ~VM_EXIT_LOAD_EFER;
	expect("host address-space size must be 1 on a 64-bit VMM (SDM 27.2.4)");
}

static void host_rip_noncanonical(void **state)
{
	(void)state;
	s.host_rip = 0x0000900000000000ull;
	expect("host RIP not canonical");
}

static void host_pat_invalid(void **state)
{
	(void)state;
	s.host_pat = 0x0807040600070406ull;
	expect("host IA32_PAT holds an invalid memory type");
}

/* Controls are checked before the host state, the host before the guest. */
static void order_of_checks(void **state)
{
	(void)state;
	s.cr0 &= ~CR0_PE;
	s.host_sel[VMX_SEG_TR] = 0;
	s.vpid = 0;
	expect("VPID enabled with VPID 0");
	s.vpid = 1;
	expect("host TR selector is null");
}

#define T(fn) cmocka_unit_test_setup(fn, setup_long64)
#define R(fn) cmocka_unit_test_setup(fn, setup_real16)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(long64_passes),
		R(real16_passes),
		T(secondary_ignored_when_not_activated),
		T(cr0_pg_without_pe),
		T(cr0_fixed1),
		T(cr0_ne_fixed0),
		T(cr4_vmxe),
		T(ia32e_without_pae),
		T(ia32e_without_pg),
		T(pcide_outside_ia32e),
		T(cr3_beyond_maxphyaddr),
		T(dr7_high_bits),
		T(efer_lma_without_ia32e),
		T(ia32e_without_efer_lma),
		T(efer_lme_lma_differ_with_paging),
		T(efer_reserved),
		T(pat_invalid),
		T(sysenter_noncanonical),
		T(tr_unusable),
		T(tr_ti),
		T(tr_16bit_in_ia32e),
		T(tr_not_system),
		T(ldtr_wrong_type),
		T(cs_type3_without_ug),
		T(cs_unusable),
		T(cs_data_type),
		T(cs_long_and_db),
		T(cs_dpl_vs_ss),
		T(cs_not_present),
		T(cs_limit_granularity),
		T(ss_dpl_in_real_mode),
		T(ss_type),
		T(ss_rpl_without_ug),
		T(ds_not_accessed),
		T(es_execute_only),
		T(gs_reserved_ar),
		T(fs_base_noncanonical),
		T(unusable_data_segments_pass),
		T(v86_segments),
		T(gdtr_noncanonical),
		T(idtr_limit_high),
		T(rip_high_outside_64bit),
		T(rip_noncanonical),
		T(rflags_reserved),
		T(rflags_bit1),
		T(rflags_vm_in_ia32e),
		T(inject_with_if0),
		T(activity_invalid),
		T(hlt_with_ss_dpl3),
		T(sti_blocking_with_if0),
		T(sti_and_mov_ss),
		T(shadow_outside_active),
		T(smi_blocking),
		T(interruptibility_reserved),
		T(inject_into_sti_shadow),
		T(inject_passes),
		T(pending_dbg_reserved),
		T(pending_dbg_bs_rule),
		T(vmcs_link),
		T(cr3_target_count),
		T(io_bitmap_misaligned),
		T(msr_bitmap_misaligned),
		T(virtual_nmis_without_nmi_exiting),
		T(nmi_window_without_virtual_nmis),
		T(ug_without_ept),
		T(vpid_zero),
		T(eptp_rules),
		T(entry_intr_info_rules),
		T(entry_to_smm),
		T(host_cr0_ne),
		T(host_cr4_vmxe),
		T(host_cr3_width),
		T(host_selector_rpl),
		T(host_tr_null),
		T(host_base_noncanonical),
		T(host_efer_mismatch),
		T(host_32bit),
		T(host_rip_noncanonical),
		T(host_pat_invalid),
		T(order_of_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
