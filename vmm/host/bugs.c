// SPDX-License-Identifier: GPL-2.0
/*
 * The Spectre v2 decision for the VM exit (include/vmm/bugs.h): what the
 * CPU says, and what Linux would do with it.
 */
#include <arch/x86.h>
#include <lib/printk.h>
#include <vmm/bugs.h>
#include <vmm/vmenter.h>

/* CPUID and MSR bits (SDM Vol. 2A CPUID, Vol. 4 2.1; APM Vol. 3 E.4.17). */
#define CPUID_7_EDX_ARCH_CAPABILITIES (1u << 29)
#define CPUID_8021_EAX_AUTOIBRS (1u << 8)
#define MSR_IA32_ARCH_CAPABILITIES 0x0000010a
#define ARCH_CAP_IBRS_ALL (1ull << 1)
#define ARCH_CAP_PBRSB_NO (1ull << 24)

static const char *const rsb_vmexit_names[] = {
	[RSB_VMEXIT_NONE] = "nothing on VM exit",
	[RSB_VMEXIT_LITE] = "one CALL retired on VM exit (RSB_VMEXIT_LITE)",
	[RSB_VMEXIT_FILL] = "RSB filled on VM exit (RSB_VMEXIT)",
};

static enum rsb_vmexit rsb_vmexit_decision;

enum rsb_vmexit spectre_v2_rsb_decide(const struct spectre_cpu *c,
				      const char **why)
{
	if (c->family <= 5) {
		*why = "family 5 or older does not speculate: not affected";
		return RSB_VMEXIT_NONE;
	}
	if (c->eibrs && c->pbrsb_no) {
		*why = "enhanced IBRS (Linux SPECTRE_V2_EIBRS) isolates the RSB";
		return RSB_VMEXIT_NONE;
	}
	if (c->eibrs) {
		*why = "enhanced IBRS without PBRSB_NO (X86_BUG_EIBRS_PBRSB)";
		return RSB_VMEXIT_LITE;
	}
	*why = "no enhanced IBRS: Linux runs retpolines or IBRS, which leave a guest-poisoned RSB entry";
	return RSB_VMEXIT_FILL;
}

static void spectre_cpu_read(struct spectre_cpu *c)
{
	struct cpuid_regs r;
	u32 max, ext_max;
	u64 caps = 0;

	cpuid_count(0, 0, &r);
	max = r.eax;
	c->intel = r.ebx == 0x756e6547; /* "GenuineIntel" */
	c->amd = r.ebx == 0x68747541; /* "AuthenticAMD" */
	cpuid_count(1, 0, &r);
	c->family = (r.eax >> 8) & 0xf;
	if (c->family == 0xf)
		c->family += (r.eax >> 20) & 0xff;
	if (max >= 7) {
		cpuid_count(7, 0, &r);
		if (r.edx & CPUID_7_EDX_ARCH_CAPABILITIES)
			caps = rdmsr(MSR_IA32_ARCH_CAPABILITIES);
	}
	cpuid_count(0x80000000, 0, &r);
	ext_max = r.eax;
	c->eibrs = caps & ARCH_CAP_IBRS_ALL;
	if (c->amd && ext_max >= 0x80000021) {
		cpuid_count(0x80000021, 0, &r);
		c->eibrs |= !!(r.eax & CPUID_8021_EAX_AUTOIBRS);
	}
	c->pbrsb_no = caps & ARCH_CAP_PBRSB_NO;
}

void spectre_v2_select_vmexit(void)
{
	struct spectre_cpu c = { 0 };
	const char *why;

	spectre_cpu_read(&c);
	rsb_vmexit_decision = spectre_v2_rsb_decide(&c, &why);
	pr_info("spectre_v2: %s family %u, eIBRS %s: %s: %s\n",
		c.intel ? "Intel" :
		c.amd	? "AMD" :
			  "other",
		c.family, c.eibrs ? "yes" : "no", why,
		rsb_vmexit_names[rsb_vmexit_decision]);
}

enum rsb_vmexit spectre_v2_rsb_vmexit(void)
{
	return rsb_vmexit_decision;
}

u32 vmenter_flags(bool mitigations)
{
	if (!mitigations)
		return 0;
	switch (spectre_v2_rsb_vmexit()) {
	case RSB_VMEXIT_FILL:
		return VMENTER_RSB_FILL;
	case RSB_VMEXIT_LITE:
		return VMENTER_RSB_LITE;
	case RSB_VMEXIT_NONE:
		break;
	}
	return 0;
}
