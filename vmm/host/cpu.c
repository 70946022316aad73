// SPDX-License-Identifier: GPL-2.0
/*
 * CPU identification and what the CPU and the firmware allow for hardware
 * virtualization.  Only CPUID and MSRs that CPUID says exist are touched, so
 * this runs safely before ExitBootServices, on the firmware's IDT.
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <lib/string.h>
#include <host/bugs.h>
#include <host/host.h>
#include <lib/printk.h>

/* CPUID leaves and feature bits (SDM Vol. 2A CPUID, APM Vol. 3 E.3). */
#define CPUID_VENDOR 0x00000000
#define CPUID_FEATURES 0x00000001
#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_EXT_MAX 0x80000000
#define CPUID_EXT_FEATURES 0x80000001
#define CPUID_81_ECX_SVM (1u << 2)
#define CPUID_BRAND_FIRST 0x80000002
#define CPUID_BRAND_LAST 0x80000004
#define CPUID_SVM_FEATURES 0x8000000a /* EAX rev, EBX ASIDs, EDX features */
#define CPUID_SVM_REVISION(eax) ((eax)&0xff)
#define CPUID_STRUCT_FEATURES 0x00000007
#define CPUID_7_EDX_ARCH_CAPABILITIES (1u << 29)
#define CPUID_EXT_FEATURES_21 0x80000021
#define CPUID_8021_EAX_AUTOIBRS (1u << 8)
#define MSR_IA32_ARCH_CAPABILITIES 0x0000010a
#define ARCH_CAP_IBRS_ALL (1ull << 1)
#define ARCH_CAP_PBRSB_NO (1ull << 24)

static void cpu_vendor(char vendor[13])
{
	struct cpuid_regs r;

	cpuid_count(CPUID_VENDOR, 0, &r);
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';
}

static u32 cpu_max_ext_leaf(void)
{
	struct cpuid_regs r;

	cpuid_count(CPUID_EXT_MAX, 0, &r);
	return r.eax;
}

static void cpu_brand(char brand[49])
{
	struct cpuid_regs r;
	u32 leaf;
	char *p = brand;

	brand[0] = '\0';
	if (cpu_max_ext_leaf() < CPUID_BRAND_LAST)
		return;
	for (leaf = CPUID_BRAND_FIRST; leaf <= CPUID_BRAND_LAST; leaf++) {
		cpuid_count(leaf, 0, &r);
		memcpy(p, &r, sizeof(r));
		p += sizeof(r);
	}
	brand[48] = '\0';
	/* some CPUs pad the brand string with leading blanks */
	while (brand[0] == ' ')
		memmove(brand, brand + 1, strlen(brand));
}

/* CPUID.1:EAX fields (SDM Vol. 2A, CPUID, "Version Information"). */
#define CPUID_1_EAX_STEPPING(eax) ((eax)&0xf)
#define CPUID_1_EAX_MODEL(eax) (((eax) >> 4) & 0xf)
#define CPUID_1_EAX_FAMILY(eax) (((eax) >> 8) & 0xf)
#define CPUID_1_EAX_EXT_MODEL(eax) (((eax) >> 16) & 0xf)
#define CPUID_1_EAX_EXT_FAMILY(eax) (((eax) >> 20) & 0xff)
#define CPUID_FAMILY_P6 0x6
#define CPUID_FAMILY_EXTENDED 0xf

/* Family/model/stepping with the extended fields folded in. */
void cpu_print_banner(void)
{
	char vendor[13], brand[49];
	struct cpuid_regs r;
	u32 family, model, stepping;

	cpu_vendor(vendor);
	cpu_brand(brand);
	cpuid_count(CPUID_FEATURES, 0, &r);
	stepping = CPUID_1_EAX_STEPPING(r.eax);
	model = CPUID_1_EAX_MODEL(r.eax);
	family = CPUID_1_EAX_FAMILY(r.eax);
	if (family == CPUID_FAMILY_EXTENDED)
		family += CPUID_1_EAX_EXT_FAMILY(r.eax);
	if (family == CPUID_FAMILY_P6 || family >= CPUID_FAMILY_EXTENDED)
		model |= CPUID_1_EAX_EXT_MODEL(r.eax) << 4;
	pr_info("cpu: %s \"%s\" family 0x%x model 0x%x stepping 0x%x\n", vendor,
		brand, family, model, stepping);
}

/*
 * VMX: CPUID.1:ECX.VMX, then IA32_FEATURE_CONTROL (SDM Vol. 3C 24.7): when
 * the firmware locked it without "VMXON outside SMX", VMXON faults and
 * nothing can change that before reset.  Unlocked, the VMX backend sets
 * lock + outside-SMX itself (OVMF leaves it unlocked at 0).
 */
static bool cpu_report_vmx(void)
{
	struct cpuid_regs r;
	u64 fc;

	cpuid_count(CPUID_FEATURES, 0, &r);
	if (!(r.ecx & CPUID_1_ECX_VMX))
		return false;
	fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	pr_info("virt: VMX (CPUID.1:ECX[5]); IA32_FEATURE_CONTROL=0x%lx: "
		"%s, VMX outside SMX %s\n",
		fc, fc & FEATURE_CONTROL_LOCKED ? "locked" : "unlocked",
		fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX ? "on" : "off");
	if ((fc & FEATURE_CONTROL_LOCKED) &&
	    !(fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX)) {
		pr_warn("virt: VMX disabled by the firmware "
			"(IA32_FEATURE_CONTROL locked with VMXON outside SMX "
			"off)\n");
		return false;
	}
	return true;
}

/*
 * SVM: CPUID 0x80000001:ECX.SVM, then VM_CR (APM Vol. 2 15.30.1): SVMDIS
 * set means EFER.SVME cannot be set; with LOCK it stays so until reset.
 */
static bool cpu_report_svm(void)
{
	struct cpuid_regs r;
	u64 vm_cr;

	if (cpu_max_ext_leaf() < CPUID_EXT_FEATURES)
		return false;
	cpuid_count(CPUID_EXT_FEATURES, 0, &r);
	if (!(r.ecx & CPUID_81_ECX_SVM))
		return false;
	vm_cr = rdmsr(MSR_VM_CR);
	cpuid_count(CPUID_SVM_FEATURES, 0, &r);
	pr_info("virt: SVM (CPUID 0x80000001:ECX[2]) rev %u, %u ASIDs, "
		"features 0x%x; VM_CR=0x%lx: SVMDIS %s, %s\n",
		CPUID_SVM_REVISION(r.eax), r.ebx, r.edx, vm_cr,
		vm_cr & VM_CR_SVMDIS ? "set" : "clear",
		vm_cr & VM_CR_LOCK ? "locked" : "unlocked");
	if (vm_cr & VM_CR_SVMDIS) {
		pr_warn("virt: SVM disabled by the firmware (VM_CR.SVMDIS)\n");
		return false;
	}
	return true;
}

enum host_virt cpu_detect_virt(void)
{
	bool vmx = cpu_report_vmx();
	bool svm = cpu_report_svm();

	if (vmx)
		return HOST_VIRT_VMX;
	if (svm)
		return HOST_VIRT_SVM;
	return HOST_VIRT_NONE;
}

/*
 * What Spectre v2 needs on VM exit (include/host/bugs.h), from CPUID and the
 * IA32_ARCH_CAPABILITIES MSR where CPUID announces it.
 */
static void spectre_cpu_read(struct spectre_cpu *c)
{
	struct cpuid_regs r;
	u32 max, ext_max;
	u64 caps = 0;

	cpuid_count(CPUID_VENDOR, 0, &r);
	max = r.eax;
	c->intel = r.ebx == 0x756e6547; /* "GenuineIntel" */
	c->amd = r.ebx == 0x68747541; /* "AuthenticAMD" */
	cpuid_count(CPUID_FEATURES, 0, &r);
	c->family = (r.eax >> 8) & 0xf;
	if (c->family == 0xf)
		c->family += (r.eax >> 20) & 0xff;
	if (max >= CPUID_STRUCT_FEATURES) {
		cpuid_count(CPUID_STRUCT_FEATURES, 0, &r);
		if (r.edx & CPUID_7_EDX_ARCH_CAPABILITIES)
			caps = rdmsr(MSR_IA32_ARCH_CAPABILITIES);
	}
	ext_max = cpu_max_ext_leaf();
	c->eibrs = caps & ARCH_CAP_IBRS_ALL;
	if (c->amd && ext_max >= CPUID_EXT_FEATURES_21) {
		cpuid_count(CPUID_EXT_FEATURES_21, 0, &r);
		c->eibrs |= !!(r.eax & CPUID_8021_EAX_AUTOIBRS);
	}
	c->pbrsb_no = caps & ARCH_CAP_PBRSB_NO;
}

void spectre_v2_select_vmexit(void)
{
	struct spectre_cpu c = { 0 };

	spectre_cpu_read(&c);
	spectre_v2_rsb_select(&c);
}
