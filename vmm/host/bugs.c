// SPDX-License-Identifier: GPL-2.0
/*
 * The Spectre v2 decision for the VM exit (include/host/bugs.h): what Linux
 * would do with what the CPU says (read by vmm/host/cpu.c).  Pure: the host
 * unit tests link it.
 */
#include <lib/printk.h>
#include <host/bugs.h>

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

void spectre_v2_rsb_select(const struct spectre_cpu *c)
{
	const char *why;

	rsb_vmexit_decision = spectre_v2_rsb_decide(c, &why);
	pr_info("spectre_v2: %s family 0x%x, eIBRS %s: %s: %s\n",
		c->intel ? "Intel" :
		c->amd	 ? "AMD" :
			   "other",
		c->family, c->eibrs ? "yes" : "no", why,
		rsb_vmexit_names[rsb_vmexit_decision]);
}

enum rsb_vmexit spectre_v2_rsb_vmexit(void)
{
	return rsb_vmexit_decision;
}
