// SPDX-License-Identifier: GPL-2.0
/*
 * The VMX backend (Intel VT-x): capability discovery, VMXON, the VMX
 * instructions, and the vcpu_ops table the core drives (the per-vCPU VMCS
 * and EPT are vcpu.c's).
 *
 * Probe reads the capability MSRs once (SDM Appendix A) and computes the
 * control words this VMM runs with; everything the VMM needs is checked
 * there, so a missing feature is named before any guest runs.
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <liminal/objtool.h>
#include <lib/string.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>

#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_EXT_MAX 0x80000000u
#define CPUID_EXT_ADDR_SIZES 0x80000008u
#define CPUID_ADDR_SIZES_PHYS_MASK 0xffu /* EAX[7:0]: MAXPHYADDR */
/* MAXPHYADDR when CPUID has no leaf 0x80000008 (SDM Vol. 3A 4.1.4) */
#define PHYS_ADDR_BITS_DEFAULT 36

struct vmx_caps vmx_caps;
struct vmx_cpu vmx_cpu0;

/* The controls liminal needs (required) and takes when offered (optional). */
#define PIN_REQUIRED (PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING)
/*
 * The VMX-preemption timer bounds each stay in the guest to about one host
 * tick.  Needed under Bochs 2.7, which evaluates its INTR mask before it
 * marks the CPU as in the guest: with RFLAGS.IF=0 in both host and guest,
 * external-interrupt exiting never fires there.  On hardware it is a
 * harmless watchdog.
 */
#define PIN_OPTIONAL PIN_BASED_PREEMPTION_TIMER
/*
 * MOV-DR exiting: the core emulates the guest's debug registers
 * (include/vmm/debugreg.h).  MWAIT, MONITOR and RDPMC exit (the host's
 * idle states and performance counters), and WBINVD where the CPU can (it
 * stalls the host): the core stops the guest as unhandled, as the SVM
 * backend does and KVM intercepts them (tests/hostile/priv_*.asm).
 */
#define PROC_REQUIRED                                               \
	(CPU_BASED_HLT_EXITING | CPU_BASED_CR8_LOAD_EXITING |       \
	 CPU_BASED_CR8_STORE_EXITING | CPU_BASED_USE_IO_BITMAPS |   \
	 CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY | \
	 CPU_BASED_MOV_DR_EXITING | CPU_BASED_MWAIT_EXITING |       \
	 CPU_BASED_MONITOR_EXITING | CPU_BASED_RDPMC_EXITING)
#define PROC2_REQUIRED                                  \
	(SECONDARY_ENABLE_EPT | SECONDARY_ENABLE_VPID | \
	 SECONDARY_UNRESTRICTED_GUEST)
#define PROC2_OPTIONAL                                        \
	(SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID | \
	 SECONDARY_WBINVD_EXITING)
#define EXIT_REQUIRED                                              \
	(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_ACK_INTR_ON_EXIT | \
	 VM_EXIT_SAVE_PAT | VM_EXIT_LOAD_PAT | VM_EXIT_SAVE_EFER | \
	 VM_EXIT_LOAD_EFER)
/* IA-32e mode guest is required to be allowed; it is set per guest. */
#define ENTRY_REQUIRED \
	(VM_ENTRY_LOAD_PAT | VM_ENTRY_LOAD_EFER | VM_ENTRY_IA32E_MODE)

/* ---- VMX instructions (SDM 31.3); results per SDM 31.2 ---- */

int vmx_read_insn_error(void)
{
	u64 err;

	if (!__vmcs_read_checked(VM_INSTRUCTION_ERROR, &err))
		return VMX_FAIL_INVALID;
	return (int)err;
}

static int vmx_status(bool cf, bool zf)
{
	if (cf)
		return VMX_FAIL_INVALID;
	if (zf)
		return vmx_read_insn_error();
	return 0;
}

/*
 * VMXON, VMCLEAR and VMPTRLD take the physical address of a 4 KiB region
 * as a 64-bit memory operand and report through CF/ZF alike.
 */
#define vmx_region_insn(insn, region)                               \
	({                                                          \
		u64 __pa = virt_to_phys(region);                    \
		bool __cf, __zf;                                    \
                                                                    \
		__asm__ __volatile__(insn " %2"                     \
				     : "=@ccc"(__cf), "=@ccz"(__zf) \
				     : "m"(__pa)                    \
				     : "memory");                   \
		vmx_status(__cf, __zf);                             \
	})

static int vmx_vmxon(void *region)
{
	return vmx_region_insn("vmxon", region);
}

int vmx_vmclear(void *vmcs)
{
	return vmx_region_insn("vmclear", vmcs);
}

int vmx_vmptrld(void *vmcs)
{
	return vmx_region_insn("vmptrld", vmcs);
}

int vmx_invept(unsigned long type, u64 eptp)
{
	struct {
		u64 eptp, reserved;
	} desc = { eptp, 0 };
	bool cf, zf;

	__asm__ __volatile__("invept %2, %3"
			     : "=@ccc"(cf), "=@ccz"(zf)
			     : "m"(desc), "r"(type)
			     : "memory");
	return vmx_status(cf, zf);
}

int vmx_invvpid(unsigned long type, u16 vpid, u64 gva)
{
	struct {
		u64 vpid, gva;
	} desc = { vpid, gva };
	bool cf, zf;

	__asm__ __volatile__("invvpid %2, %3"
			     : "=@ccc"(cf), "=@ccz"(zf)
			     : "m"(desc), "r"(type)
			     : "memory");
	return vmx_status(cf, zf);
}

void vmx_vmwrite_error(unsigned long field, u64 value)
{
	int err = vmx_read_insn_error();

	vmx_cpu0.vmwrite_errors++;
	vmx_cpu0.vmwrite_error_field = field;
	pr_err("vmx: VMWRITE %s (0x%lx) = 0x%llx failed: %s\n",
	       vmcs_field_name(field), field, (unsigned long long)value,
	       vmx_insn_error_name(err));
}

/*
 * Make @vmx's VMCS the current one on this CPU (VMPTRLD if needed): 0, or
 * VMPTRLD's VM-instruction error, unreported.
 */
int __vmx_make_current(struct vcpu_vmx *vmx)
{
	int err;

	if (vmx_cpu0.current == vmx)
		return 0;
	err = vmx_vmptrld(vmx->vmcs);
	if (!err)
		vmx_cpu0.current = vmx;
	return err;
}

/* The same, reported: 0 or -EIO. */
int vmx_make_current(struct vcpu_vmx *vmx)
{
	int err = __vmx_make_current(vmx);

	if (err) {
		pr_err("vmx: VMPTRLD failed: %s\n", vmx_insn_error_name(err));
		return -EIO;
	}
	return 0;
}

/* ---- probe: capability discovery (SDM Appendix A) ---- */

static int adjust(enum vmx_ctl_word word, u32 req, u32 opt, u32 msr, u32 *out,
		  char *why, size_t len)
{
	struct vmx_msg msg;
	int ret;

	ret = vmx_adjust_controls(word, req, opt, rdmsr(msr), out, &msg);
	if (ret)
		snprintf(why, len, "%s", msg.buf);
	return ret;
}

static int probe_controls(char *why, size_t len)
{
	bool tc = vmx_caps.true_ctls;
	u64 proc_cap;
	int ret;

	/* Secondary controls exist only when bit 63 of 0x482 says so. */
	proc_cap = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS);
	if (!(VMX_CTLS_MAY_BE_1(proc_cap) & CPU_BASED_ACTIVATE_SECONDARY)) {
		snprintf(
			why, len,
			"VMX has no secondary processor-based controls (IA32_VMX_PROCBASED_CTLS bit 63 = 0): no EPT");
		return -EOPNOTSUPP;
	}
	ret = adjust(VMX_CTL_PIN, PIN_REQUIRED, PIN_OPTIONAL,
		     tc ? MSR_IA32_VMX_TRUE_PINBASED_CTLS :
			  MSR_IA32_VMX_PINBASED_CTLS,
		     &vmx_caps.pin, why, len);
	if (!ret)
		ret = adjust(VMX_CTL_PROC, PROC_REQUIRED, 0,
			     tc ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
				  MSR_IA32_VMX_PROCBASED_CTLS,
			     &vmx_caps.proc, why, len);
	if (!ret)
		ret = adjust(VMX_CTL_PROC2, PROC2_REQUIRED, PROC2_OPTIONAL,
			     MSR_IA32_VMX_PROCBASED_CTLS2, &vmx_caps.proc2, why,
			     len);
	if (!ret)
		ret = adjust(VMX_CTL_EXIT, EXIT_REQUIRED, 0,
			     tc ? MSR_IA32_VMX_TRUE_EXIT_CTLS :
				  MSR_IA32_VMX_EXIT_CTLS,
			     &vmx_caps.exit, why, len);
	if (!ret)
		ret = adjust(VMX_CTL_ENTRY, ENTRY_REQUIRED, 0,
			     tc ? MSR_IA32_VMX_TRUE_ENTRY_CTLS :
				  MSR_IA32_VMX_ENTRY_CTLS,
			     &vmx_caps.entry, why, len);
	if (ret)
		return ret;
	vmx_caps.entry &= ~VM_ENTRY_IA32E_MODE; /* per guest, per EFER.LMA */
	vmx_caps.intr_window = VMX_CTLS_MAY_BE_1(proc_cap) &
			       CPU_BASED_INTR_WINDOW_EXITING;
	if (!vmx_caps.intr_window) {
		snprintf(
			why, len,
			"VMX control interrupt-window exiting is not supported");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int probe_ept(char *why, size_t len)
{
	u64 cap = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);

	vmx_caps.ept_vpid_cap = cap;
	vmx_caps.ept_2mb = cap & VMX_EPT_2MB_PAGE;
	if (!(cap & VMX_EPT_MEMTYPE_WB) || !(cap & VMX_EPT_PAGE_WALK_4)) {
		snprintf(
			why, len,
			"EPT without write-back paging structures or a 4-level walk (IA32_VMX_EPT_VPID_CAP 0x%llx)",
			(unsigned long long)cap);
		return -EOPNOTSUPP;
	}
	if (!(cap & VMX_EPT_INVEPT) || !(cap & (VMX_EPT_INVEPT_SINGLE_CONTEXT |
						VMX_EPT_INVEPT_ALL_CONTEXT))) {
		snprintf(why, len,
			 "INVEPT (single- or all-context) is not supported");
		return -EOPNOTSUPP;
	}
	if (!(cap & VMX_VPID_INVVPID) ||
	    !(cap & (VMX_VPID_INVVPID_SINGLE_CONTEXT |
		     VMX_VPID_INVVPID_ALL_CONTEXT))) {
		snprintf(why, len,
			 "INVVPID (single- or all-context) is not supported");
		return -EOPNOTSUPP;
	}
	return 0;
}

static bool probe_feature_control(char *why, size_t len)
{
	u64 fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

	if (vmx_feature_control_action(fc) == VMX_FC_DISABLED) {
		snprintf(why, len, "%s", VMX_FC_DISABLED_MSG);
		return false;
	}
	return true;
}

static unsigned int probe_phys_bits(void)
{
	struct cpuid_regs r;

	cpuid_count(CPUID_EXT_MAX, 0, &r);
	if (r.eax < CPUID_EXT_ADDR_SIZES)
		return PHYS_ADDR_BITS_DEFAULT;
	cpuid_count(CPUID_EXT_ADDR_SIZES, 0, &r);
	return r.eax & CPUID_ADDR_SIZES_PHYS_MASK;
}

static bool vmx_probe(char *why, size_t len)
{
	struct cpuid_regs r;
	u64 basic;

	cpuid_count(1, 0, &r);
	if (!(r.ecx & CPUID_1_ECX_VMX)) {
		snprintf(why, len, "CPU has no VMX (CPUID.1:ECX.VMX=0)");
		return false;
	}
	if (!probe_feature_control(why, len))
		return false;
	basic = rdmsr(MSR_IA32_VMX_BASIC);
	vmx_caps.revision = basic & VMX_BASIC_REVISION_MASK;
	vmx_caps.vmcs_size = (basic >> VMX_BASIC_VMCS_SIZE_SHIFT) &
			     VMX_BASIC_VMCS_SIZE_MASK;
	vmx_caps.true_ctls = basic & VMX_BASIC_TRUE_CTLS;
	if (((basic >> VMX_BASIC_MEMTYPE_SHIFT) & VMX_BASIC_MEMTYPE_MASK) !=
		    MEMTYPE_WB ||
	    vmx_caps.vmcs_size > PAGE_SIZE) {
		snprintf(
			why, len,
			"VMCS not write-back or larger than a page (IA32_VMX_BASIC 0x%llx)",
			(unsigned long long)basic);
		return false;
	}
	if (probe_controls(why, len) || probe_ept(why, len))
		return false;
	vmx_caps.cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	vmx_caps.cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	vmx_caps.cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	vmx_caps.cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	vmx_caps.misc = rdmsr(MSR_IA32_VMX_MISC);
	vmx_caps.phys_addr_bits = probe_phys_bits();
	pr_info("vmx: revision 0x%x, %s controls, pin 0x%x proc 0x%x proc2 0x%x exit 0x%x entry 0x%x, EPT/VPID cap 0x%llx\n",
		vmx_caps.revision, vmx_caps.true_ctls ? "TRUE" : "default1",
		vmx_caps.pin, vmx_caps.proc, vmx_caps.proc2, vmx_caps.exit,
		vmx_caps.entry, (unsigned long long)vmx_caps.ept_vpid_cap);
	return true;
}

/* ---- hardware enable / disable: FEATURE_CONTROL, CR0/CR4, VMXON ---- */

static int enable_feature_control(void)
{
	u64 fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

	switch (vmx_feature_control_action(fc)) {
	case VMX_FC_ENABLE:
		/* OVMF leaves it unlocked (docs/platforms.md): enable, lock. */
		fc |= FEATURE_CONTROL_LOCKED |
		      FEATURE_CONTROL_VMXON_OUTSIDE_SMX;
		wrmsr(MSR_IA32_FEATURE_CONTROL, fc);
		return 0;
	case VMX_FC_DISABLED:
		pr_err("vmx: %s\n", VMX_FC_DISABLED_MSG);
		return -ENODEV;
	case VMX_FC_READY:
		break;
	}
	return 0;
}

static int vmx_hardware_enable(void)
{
	void *region;
	int err;

	if (vmx_cpu0.enabled)
		return 0;
	err = enable_feature_control();
	if (err)
		return err;
	/* VMXON needs CR0/CR4 within the fixed bits (SDM 24.8), CR4.VMXE. */
	write_cr0((read_cr0() | vmx_caps.cr0_fixed0) & vmx_caps.cr0_fixed1);
	write_cr4((read_cr4() | vmx_caps.cr4_fixed0 | X86_CR4_VMXE) &
		  vmx_caps.cr4_fixed1);
	region = page_alloc(1);
	if (!region) {
		pr_err("vmx: VMXON region allocation failed\n");
		return -ENOMEM;
	}
	*(u32 *)region = vmx_caps.revision;
	err = vmx_vmxon(region);
	if (err) {
		pr_err("vmx: VMXON failed: %s\n", vmx_insn_error_name(err));
		page_free(region, 1);
		write_cr4(read_cr4() & ~X86_CR4_VMXE);
		return -EIO;
	}
	vmx_cpu0.vmxon_region = region;
	vmx_cpu0.current = NULL;
	vmx_cpu0.nmi_stub = host_idt_stub(X86_TRAP_NMI);
	vmx_cpu0.enabled = true;
	return 0;
}

static void vmx_hardware_disable(void)
{
	if (!vmx_cpu0.enabled)
		return;
	__asm__ __volatile__("vmxoff" ::: "cc", "memory");
	write_cr4(read_cr4() & ~X86_CR4_VMXE);
	page_free(vmx_cpu0.vmxon_region, 1);
	vmx_cpu0.vmxon_region = NULL;
	vmx_cpu0.current = NULL;
	vmx_cpu0.enabled = false;
}

const struct vcpu_ops vmx_ops = {
	.name = "vmx",
	.probe = vmx_probe,
	.hardware_enable = vmx_hardware_enable,
	.hardware_disable = vmx_hardware_disable,
	.vcpu_create = vmx_vcpu_create,
	.vcpu_free = vmx_vcpu_free,
	.prepare_run = vmx_prepare_run,
	.run = vmx_vcpu_run,
	.handle_exit_irqoff = vmx_handle_exit_irqoff,
	.decode_exit = vmx_decode_exit,
	.dump = vmx_dump,
	.exit_reason_name = vmx_exit_reason_name,
	.nr_exit_reasons = VMX_NR_EXIT_REASONS,
	.state_msrs = vmx_state_msrs, /* state.c: the VMCS holds none */
	.nr_state_msrs = VMX_NR_STATE_MSRS,
	.state_cr2 = true, /* not in the VMCS (SDM 25.4.1) */
};
