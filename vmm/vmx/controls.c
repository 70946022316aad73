// SPDX-License-Identifier: GPL-2.0
/*
 * Control adjustment to the VMX capability MSRs (SDM A.3-A.5).  Pure: no
 * hardware access, built into the VMM and into the host unit tests
 * (tests/vmx).
 */
#include <arch/msr.h>
#include <liminal/errno.h>
#include <lib/printk.h>
#include <vmm/vmx/vmx_arch.h>
#include <vmm/vmx/vmx_checks.h>

static const char *const pin_names[32] = {
	[0] = "external-interrupt exiting",
	[3] = "NMI exiting",
	[5] = "virtual NMIs",
	[6] = "activate VMX-preemption timer",
	[7] = "process posted interrupts",
};

static const char *const proc_names[32] = {
	[2] = "interrupt-window exiting",
	[3] = "use TSC offsetting",
	[7] = "HLT exiting",
	[9] = "INVLPG exiting",
	[10] = "MWAIT exiting",
	[11] = "RDPMC exiting",
	[12] = "RDTSC exiting",
	[15] = "CR3-load exiting",
	[16] = "CR3-store exiting",
	[17] = "activate tertiary controls",
	[19] = "CR8-load exiting",
	[20] = "CR8-store exiting",
	[21] = "use TPR shadow",
	[22] = "NMI-window exiting",
	[23] = "MOV-DR exiting",
	[24] = "unconditional I/O exiting",
	[25] = "use I/O bitmaps",
	[27] = "monitor trap flag",
	[28] = "use MSR bitmaps",
	[29] = "MONITOR exiting",
	[30] = "PAUSE exiting",
	[31] = "activate secondary controls",
};

static const char *const proc2_names[32] = {
	[0] = "virtualize APIC accesses",
	[1] = "enable EPT",
	[2] = "descriptor-table exiting",
	[3] = "enable RDTSCP",
	[4] = "virtualize x2APIC mode",
	[5] = "enable VPID",
	[6] = "WBINVD exiting",
	[7] = "unrestricted guest",
	[8] = "APIC-register virtualization",
	[9] = "virtual-interrupt delivery",
	[10] = "PAUSE-loop exiting",
	[11] = "RDRAND exiting",
	[12] = "enable INVPCID",
	[13] = "enable VM functions",
	[14] = "VMCS shadowing",
	[16] = "RDSEED exiting",
	[17] = "enable PML",
	[18] = "EPT-violation #VE",
	[20] = "enable XSAVES/XRSTORS",
	[25] = "use TSC scaling",
};

static const char *const exit_names[32] = {
	[2] = "save debug controls",
	[9] = "host address-space size",
	[12] = "load IA32_PERF_GLOBAL_CTRL",
	[15] = "acknowledge interrupt on exit",
	[18] = "save IA32_PAT",
	[19] = "load IA32_PAT",
	[20] = "save IA32_EFER",
	[21] = "load IA32_EFER",
	[22] = "save VMX-preemption timer value",
};

static const char *const entry_names[32] = {
	[2] = "load debug controls",
	[9] = "IA-32e mode guest",
	[10] = "entry to SMM",
	[11] = "deactivate dual-monitor treatment",
	[13] = "load IA32_PERF_GLOBAL_CTRL",
	[14] = "load IA32_PAT",
	[15] = "load IA32_EFER",
};

static const char *const *const ctl_names[VMX_NR_CTL_WORDS] = {
	[VMX_CTL_PIN] = pin_names,     [VMX_CTL_PROC] = proc_names,
	[VMX_CTL_PROC2] = proc2_names, [VMX_CTL_EXIT] = exit_names,
	[VMX_CTL_ENTRY] = entry_names,
};

static const char *const ctl_word_names[VMX_NR_CTL_WORDS] = {
	[VMX_CTL_PIN] = "pin-based",
	[VMX_CTL_PROC] = "primary processor-based",
	[VMX_CTL_PROC2] = "secondary processor-based",
	[VMX_CTL_EXIT] = "VM-exit",
	[VMX_CTL_ENTRY] = "VM-entry",
};

const char *vmx_ctl_word_name(enum vmx_ctl_word word)
{
	return word < VMX_NR_CTL_WORDS ? ctl_word_names[word] : "?";
}

const char *vmx_control_name(enum vmx_ctl_word word, unsigned int bit)
{
	if (word >= VMX_NR_CTL_WORDS || bit >= 32)
		return NULL;
	return ctl_names[word][bit];
}

static int lowest_bit(u32 v)
{
	int bit = 0;

	while (!(v & 1)) {
		v >>= 1;
		bit++;
	}
	return bit;
}

int vmx_adjust_controls(enum vmx_ctl_word word, u32 required, u32 optional,
			u64 cap_msr, u32 *out, struct vmx_msg *msg)
{
	u32 must_be_1 = VMX_CTLS_MUST_BE_1(cap_msr);
	u32 may_be_1 = VMX_CTLS_MAY_BE_1(cap_msr);
	u32 missing = required & ~may_be_1;
	const char *name;
	int bit;

	if (missing) {
		bit = lowest_bit(missing);
		name = vmx_control_name(word, bit);
		snprintf(msg->buf, sizeof(msg->buf),
			 "VMX %s control bit %d (%s) is not supported",
			 vmx_ctl_word_name(word), bit, name ? name : "unnamed");
		return -EOPNOTSUPP;
	}
	if (must_be_1 & ~may_be_1) {
		/* a bit that must be both 0 and 1: a broken capability MSR */
		snprintf(msg->buf, sizeof(msg->buf),
			 "VMX %s capability MSR is inconsistent (allowed-0 "
			 "0x%x, allowed-1 0x%x)",
			 vmx_ctl_word_name(word), must_be_1, may_be_1);
		return -EOPNOTSUPP;
	}
	*out = (required | (optional & may_be_1) | must_be_1) & may_be_1;
	return 0;
}

enum vmx_fc_action vmx_feature_control_action(u64 fc)
{
	if (!(fc & FEATURE_CONTROL_LOCKED))
		return VMX_FC_ENABLE;
	return (fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX) ? VMX_FC_READY :
							  VMX_FC_DISABLED;
}

/*
 * The neutral attr (include/vmm/vcpu.h) and the VMX access rights (SDM
 * 25.4.1, Table 25-2) share bits 7:0 (type, S, DPL, P); the attr's bits
 * 11:8 (AVL, L, D/B, G) are AR bits 15:12.
 */
#define ATTR_AR_LOW 0xffu
#define ATTR_AR_HIGH 0xf00u
#define ATTR_AR_HIGH_SHIFT 4

u32 vmx_attr_to_ar(u16 attr)
{
	if (!attr)
		return VMX_AR_UNUSABLE;
	return (attr & ATTR_AR_LOW) |
	       ((u32)(attr & ATTR_AR_HIGH) << ATTR_AR_HIGH_SHIFT);
}
