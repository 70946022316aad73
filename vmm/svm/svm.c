// SPDX-License-Identifier: GPL-2.0
/*
 * AMD SVM backend: probe, per-CPU enable/disable, and the ops table.
 *
 * Enabling SVM (APM Vol. 2 15.4): check CPUID 0x8000_0001 ECX.SVM and that
 * firmware did not disable it (VM_CR.SVMDIS, 15.30.1), set EFER.SVME, and
 * give the CPU a page to save host state into on VMRUN (VM_HSAVE_PA,
 * 15.30.4).  liminal requires nested paging (CPUID 0x8000_000A EDX.NP).
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <vmm/svm/svm.h>

struct svm_caps svm_caps;

/* This CPU's SVM pages (liminal runs on one CPU). */
struct svm_cpu {
	void *hsave; /* VM_HSAVE_PA: written by VMRUN, opaque to software */
	void *host_save; /* VMSAVE/VMLOAD area for the host's FS/GS/TR/... */
	bool enabled;
};
static struct svm_cpu svm_cpu;

static const char *const svm_feature_names[32] = {
	[SVM_FEAT_NP] = "NP",
	[SVM_FEAT_LBRV] = "LBRV",
	[SVM_FEAT_SVML] = "SVML",
	[SVM_FEAT_NRIPS] = "NRIPS",
	[SVM_FEAT_TSC_RATE] = "TscRate",
	[SVM_FEAT_VMCB_CLEAN] = "VmcbClean",
	[SVM_FEAT_FLUSH_BY_ASID] = "FlushByAsid",
	[SVM_FEAT_DECODE_ASSISTS] = "DecodeAssists",
	[SVM_FEAT_PAUSE_FILTER] = "PauseFilter",
	[SVM_FEAT_PAUSE_THRESHOLD] = "PauseFilterThreshold",
	[SVM_FEAT_AVIC] = "AVIC",
	[SVM_FEAT_VMSAVE_VIRT] = "VMSAVEvirt",
	[SVM_FEAT_VGIF] = "VGIF",
	[SVM_FEAT_GMET] = "GMET",
	[SVM_FEAT_X2AVIC] = "x2AVIC",
	[SVM_FEAT_SSS_CHECK] = "SSSCheck",
	[SVM_FEAT_SPEC_CTRL] = "SpecCtrl",
	[SVM_FEAT_ROGPT] = "ROGPT",
	[SVM_FEAT_HOST_MCE_OVERRIDE] = "HostMceOverride",
	[SVM_FEAT_TLBI_CTL] = "TlbiCtl",
	[SVM_FEAT_VNMI] = "VNMI",
	[SVM_FEAT_IBS_VIRT] = "IbsVirt",
};

static void svm_print_caps(void)
{
	char buf[256];
	size_t n = 0;
	unsigned int bit;

	for (bit = 0; bit < 32 && n < sizeof(buf); bit++) {
		if (!(svm_caps.features & (1u << bit)))
			continue;
		if (svm_feature_names[bit])
			n += snprintf(buf + n, sizeof(buf) - n, " %s",
				      svm_feature_names[bit]);
		else
			n += snprintf(buf + n, sizeof(buf) - n, " bit%u", bit);
	}
	buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = '\0';
	pr_info("svm: revision %u, %u ASIDs, MAXPHYADDR %u, features 0x%08x:%s\n",
		svm_caps.revision, svm_caps.nasid, svm_caps.maxphyaddr,
		svm_caps.features, n ? buf : " none");
	if (!svm_caps.nrips)
		pr_info("svm: no NRIPS: instruction lengths are known per exit\n");
}

/* VM_CR.SVMDIS: firmware may turn SVM off, and lock it off (APM 15.30.1). */
static bool svm_firmware_allows(char *why, size_t len)
{
	u64 vm_cr = rdmsr(MSR_VM_CR);

	if (!(vm_cr & VM_CR_SVMDIS))
		return true;
	if (vm_cr & VM_CR_LOCK)
		snprintf(
			why, len,
			"SVM disabled by firmware (VM_CR.SVMDIS=1, locked): enable SVM/AMD-V in the firmware setup");
	else
		snprintf(
			why, len,
			"SVM disabled by firmware (VM_CR.SVMDIS=1, not locked): refusing to override it");
	return false;
}

enum svm_cpuid_reg { SVM_CPUID_EBX, SVM_CPUID_ECX };

/*
 * CR4 bits (APM 3.1.3) that depend on a CPUID feature, and where CPUID
 * reports it: leaf 1 ECX, or leaf 7 subleaf 0 EBX/ECX.
 */
struct svm_cr4_feature {
	u64 cr4_bit;
	u32 leaf;
	u8 reg; /* enum svm_cpuid_reg */
	u8 bit;
};

static const struct svm_cr4_feature svm_cr4_features[] = {
	{ X86_CR4_UMIP, 7, SVM_CPUID_ECX, 2 },
	{ X86_CR4_LA57, 7, SVM_CPUID_ECX, 16 },
	{ X86_CR4_FSGSBASE, 7, SVM_CPUID_EBX, 0 },
	{ X86_CR4_PCIDE, 1, SVM_CPUID_ECX, 17 }, /* PCID */
	{ X86_CR4_OSXSAVE, 1, SVM_CPUID_ECX, 26 }, /* XSAVE */
	{ X86_CR4_SMEP, 7, SVM_CPUID_EBX, 7 },
	{ X86_CR4_SMAP, 7, SVM_CPUID_EBX, 20 },
	{ X86_CR4_PKE, 7, SVM_CPUID_ECX, 3 }, /* PKU */
	{ X86_CR4_CET, 7, SVM_CPUID_ECX, 7 }, /* CET_SS */
};

static u64 svm_read_cr4_unsupported(void)
{
	struct cpuid_regs leaf1, leaf7 = { 0 }, max;
	u64 unsupported = 0;
	unsigned int i;

	cpuid_count(0, 0, &max);
	cpuid_count(1, 0, &leaf1);
	if (max.eax >= 7)
		cpuid_count(7, 0, &leaf7);
	for (i = 0; i < ARRAY_SIZE(svm_cr4_features); i++) {
		const struct svm_cr4_feature *f = &svm_cr4_features[i];
		const struct cpuid_regs *r = f->leaf == 1 ? &leaf1 : &leaf7;
		u32 reg = f->reg == SVM_CPUID_EBX ? r->ebx : r->ecx;

		if (!(reg & (1u << f->bit)))
			unsupported |= f->cr4_bit;
	}
	return unsupported;
}

static void svm_read_caps(void)
{
	struct cpuid_regs r;

	cpuid_count(SVM_CPUID_SVM_INFO, 0, &r);
	svm_caps.revision = r.eax & SVM_CPUID_REVISION_MASK;
	svm_caps.nasid = r.ebx;
	svm_caps.features = r.edx;
	svm_caps.nrips = svm_has(SVM_FEAT_NRIPS);
	cpuid_count(SVM_CPUID_ADDR_SIZES, 0, &r);
	svm_caps.maxphyaddr = r.eax & SVM_CPUID_MAXPHYADDR_MASK;
	svm_caps.cr4_unsupported = svm_read_cr4_unsupported();
}

static bool svm_probe(char *why, size_t len)
{
	static bool printed;
	struct cpuid_regs r;

	cpuid_count(SVM_CPUID_MAX_EXT, 0, &r);
	if (r.eax < SVM_CPUID_SVM_INFO) {
		snprintf(why, len,
			 "no SVM: CPUID max extended leaf 0x%x < 0x8000000a",
			 r.eax);
		return false;
	}
	cpuid_count(SVM_CPUID_EXT_FEATURES, 0, &r);
	if (!(r.ecx & SVM_CPUID_EXT_ECX_SVM)) {
		snprintf(why, len, "no SVM: CPUID 0x80000001 ECX.SVM=0");
		return false;
	}
	if (!svm_firmware_allows(why, len))
		return false;
	svm_read_caps();
	if (!svm_has(SVM_FEAT_NP)) {
		snprintf(
			why, len,
			"SVM without nested paging (CPUID 0x8000000a EDX.NP=0): liminal requires NP");
		return false;
	}
	if (svm_caps.nasid < 2) {
		snprintf(why, len,
			 "SVM reports %u ASIDs: none usable for a guest",
			 svm_caps.nasid);
		return false;
	}
	if (!printed) {
		printed = true;
		svm_print_caps();
	}
	return true;
}

/* VMSAVE: FS, GS, TR, LDTR and the syscall MSRs into the page at pa. */
static inline void svm_vmsave(hpa_t pa)
{
	__asm__ __volatile__("vmsave %%rax" ::"a"(pa) : "memory");
}

static void svm_free_cpu_pages(void)
{
	if (svm_cpu.hsave)
		page_free(svm_cpu.hsave, 1);
	if (svm_cpu.host_save)
		page_free(svm_cpu.host_save, 1);
	svm_cpu.hsave = NULL;
	svm_cpu.host_save = NULL;
}

static int svm_hardware_enable(void)
{
	if (svm_cpu.enabled)
		return 0;
	if (!svm_caps.nasid) {
		pr_err("svm: hardware_enable before a successful probe\n");
		return -ENODEV;
	}
	svm_cpu.hsave = page_alloc(1);
	svm_cpu.host_save = page_alloc(1);
	if (!svm_cpu.hsave || !svm_cpu.host_save) {
		svm_free_cpu_pages();
		pr_err("svm: out of memory for the host save areas\n");
		return -ENOMEM;
	}
	/* 1) EFER.SVME: SVM instructions become legal (APM 15.4). */
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | X86_EFER_SVME);
	/* 2) Where VMRUN saves the host state it restores on #VMEXIT. */
	wrmsr(MSR_VM_HSAVE_PA, virt_to_phys(svm_cpu.hsave));
	/*
	 * 3) The host state VMRUN does not switch (FS, GS, TR, LDTR,
	 *    KernelGsBase, STAR/LSTAR/CSTAR/SFMASK, SYSENTER_*), saved once:
	 *    the host never changes it, and every exit VMLOADs it back
	 *    (vmenter.asm), as Linux saves it once per vcpu_load.
	 */
	svm_vmsave(virt_to_phys(svm_cpu.host_save));
	svm_cpu.enabled = true;
	return 0;
}

static void svm_hardware_disable(void)
{
	if (!svm_cpu.enabled)
		return;
	/* Reverse order: no host save area once SVM is off. */
	wrmsr(MSR_VM_HSAVE_PA, 0);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) & ~X86_EFER_SVME);
	svm_free_cpu_pages();
	svm_cpu.enabled = false;
}

/* 0 until hardware_enable() succeeded. */
hpa_t svm_host_save_pa(void)
{
	return svm_cpu.enabled ? virt_to_phys(svm_cpu.host_save) : 0;
}

const struct vcpu_ops svm_ops = {
	.name = "svm",
	.probe = svm_probe,
	.hardware_enable = svm_hardware_enable,
	.hardware_disable = svm_hardware_disable,
	.vcpu_create = svm_vcpu_create,
	.vcpu_free = svm_vcpu_free,
	.prepare_run = svm_prepare_run,
	.run = svm_vcpu_run,
	.handle_exit_irqoff = svm_handle_exit_irqoff,
	.decode_exit = svm_decode_exit,
	.dump = svm_dump,
	.exit_reason_name = svm_exit_reason_name,
	.nr_exit_reasons = SVM_EXIT_NR_HIGH_END,
	/*
	 * The INTR intercept with V_INTR_MASKING makes the host tick exit a
	 * guest that runs with IF=0 (APM 15.21.1), but Bochs 2.7 loads the
	 * guest's RFLAGS before it marks the CPU as in the guest and masks
	 * INTR then: "cli; jmp $" never exits there, and SVM has no
	 * preemption timer.  An NMI is masked by neither (the NMI intercept
	 * exits at once), so a host NMI every tick bounds each stay in the
	 * guest, and the tick that was held is taken in the IRQ window after
	 * the NMI exit: max_ticks holds (tests/hostile/dbg_spin.asm).
	 */
	.watchdog_nmi_us = 1000000 / HOST_HZ,
	.state_msrs = svm_state_msrs, /* state.c: TSC_AUX, not VMLOADed */
	.nr_state_msrs = SVM_NR_STATE_MSRS,
	/*
	 * CR2 is in the VMCB (APM 15.5), but Bochs 2.7's VMRUN leaves the
	 * CPU's CR2 as it is: state_check after state_dirty (tests/hostile/
	 * hostile.cfg) saw the earlier guest's CR2 on --cpu ryzen.  Loading
	 * the guest's value at vcpu_load_state() covers both: hardware then
	 * loads the same value from the VMCB, saved there at the last exit.
	 */
	.state_cr2 = true,
};
