/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure VMX logic, host-testable (tests/vmx): the adjustment of VMX controls
 * to the capability MSRs, and the VM-entry checks of SDM 27.2 (controls and
 * host state) and 27.3.1 (guest state), evaluated by the VMM itself before
 * the first VMLAUNCH so that a refused state is named in words instead of
 * "exit reason 33".  Section numbers: see include/vmm/vmx/vmx_arch.h.
 *
 * Each check returns NULL when every rule holds, or the first violated
 * rule as a sentence ending in its SDM section, e.g.
 * "guest CR0.PG=1 with PE=0 (SDM 27.3.1.1)".  The sentence is a string
 * constant or built in the caller's buffer.
 */
#ifndef VMM_VMX_VMX_CHECKS_H
#define VMM_VMX_VMX_CHECKS_H

#include <liminal/types.h>

#define VMX_MSG_LEN 160

/* A message buffer: check functions build their sentence here. */
struct vmx_msg {
	char buf[VMX_MSG_LEN];
};

/* Which of the four control words a bit belongs to (for messages). */
enum vmx_ctl_word {
	VMX_CTL_PIN,
	VMX_CTL_PROC,
	VMX_CTL_PROC2,
	VMX_CTL_EXIT,
	VMX_CTL_ENTRY,
	VMX_NR_CTL_WORDS,
};

/*
 * Adjust one control word to its capability MSR (SDM A.3-A.5: the low
 * dword holds the allowed-0 settings, 1 = must be 1; the high dword the
 * allowed-1 settings, 0 = must be 0).  required bits must be allowed,
 * optional bits are kept only when allowed, must-be-1 bits are added.
 * Returns 0 and the word in *out, or -EOPNOTSUPP with a sentence naming
 * the control, e.g. "VMX primary processor-based control bit 31
 * (activate secondary controls) is not supported".
 */
int vmx_adjust_controls(enum vmx_ctl_word word, u32 required, u32 optional,
			u64 cap_msr, u32 *out, struct vmx_msg *msg);

/* IA32_FEATURE_CONTROL before VMXON (SDM 24.7, Vol. 4 MSR 0x3a). */
enum vmx_fc_action {
	VMX_FC_READY, /* locked with VMXON outside SMX enabled */
	VMX_FC_ENABLE, /* unlocked: set lock + VMXON outside SMX */
	VMX_FC_DISABLED, /* locked without it: only a reset changes that */
};
enum vmx_fc_action vmx_feature_control_action(u64 feature_control);
#define VMX_FC_DISABLED_MSG                                                    \
	"VMX disabled by firmware: IA32_FEATURE_CONTROL locked without VMXON " \
	"outside SMX"

/* The name of a control bit, or NULL for a bit this VMM never names. */
const char *vmx_control_name(enum vmx_ctl_word word, unsigned int bit);
const char *vmx_ctl_word_name(enum vmx_ctl_word word);

/* A segment register as the VMCS holds it (access rights in VMX form). */
struct vmx_seg {
	u16 selector;
	u64 base;
	u32 limit;
	u32 ar;
};

enum vmx_seg_reg {
	VMX_SEG_ES,
	VMX_SEG_CS,
	VMX_SEG_SS,
	VMX_SEG_DS,
	VMX_SEG_FS,
	VMX_SEG_GS,
	VMX_SEG_LDTR,
	VMX_SEG_TR,
	VMX_NR_SEGS,
};

/*
 * Everything the SDM 27.2/27.3.1 checks look at: the guest-state area, the
 * controls, the host-state area and the capability values the rules
 * depend on.  Filled from the VMCS (vmm/vmx/vcpu.c) or by a test.
 */
struct vmx_entry_state {
	/* capabilities */
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	unsigned int phys_addr_bits; /* CPUID 0x80000008 EAX[7:0] */
	u64 ept_vpid_cap;
	/* controls */
	u32 pin, proc, proc2, exit, entry;
	u32 entry_intr_info, entry_exception_error_code;
	u32 cr3_target_count;
	u64 io_bitmap_a, io_bitmap_b, msr_bitmap, eptp;
	u16 vpid;
	/* guest state */
	u64 cr0, cr3, cr4, dr7, efer, pat, debugctl;
	u64 sysenter_esp, sysenter_eip;
	struct vmx_seg seg[VMX_NR_SEGS];
	u64 gdtr_base, idtr_base;
	u32 gdtr_limit, idtr_limit;
	u64 rip, rflags;
	u32 activity, interruptibility;
	u64 pending_dbg, vmcs_link;
	/* host state */
	u64 host_cr0, host_cr3, host_cr4, host_efer, host_pat;
	u16 host_sel[VMX_NR_SEGS]; /* ES..GS, TR (LDTR unused) */
	u64 host_fs_base, host_gs_base, host_tr_base;
	u64 host_gdtr_base, host_idtr_base;
	u64 host_sysenter_esp, host_sysenter_eip, host_rip;
};

/* SDM 27.2.1: VM-execution, VM-exit and VM-entry control fields. */
const char *vmx_check_controls(const struct vmx_entry_state *s,
			       struct vmx_msg *msg);
/* SDM 27.2.2-27.2.4: host-state area. */
const char *vmx_check_host_state(const struct vmx_entry_state *s,
				 struct vmx_msg *msg);
/* SDM 27.3.1: guest-state area. */
const char *vmx_check_guest_state(const struct vmx_entry_state *s,
				  struct vmx_msg *msg);
/* All three, in the order the processor performs them. */
const char *vmx_check_entry(const struct vmx_entry_state *s,
			    struct vmx_msg *msg);

const char *vmx_seg_name(enum vmx_seg_reg seg);

/*
 * SVM-style packed attributes (struct vcpu_segment.attr: type..P in 7:0,
 * AVL/L/D/G in 11:8) to VMX access rights; 0 means unusable.
 */
u32 vmx_attr_to_ar(u16 attr);

#endif /* VMM_VMX_VMX_CHECKS_H */
