// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_ops.dump: the VMCS with field names, the last exit in words and the
 * verdict of liminal's own VM-entry checks.  IRQs on; never on the exit
 * path.
 */
#include <lib/printk.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>

static void dump_controls(void)
{
	static const struct {
		enum vmx_ctl_word word;
		unsigned long field;
	} words[] = {
		{ VMX_CTL_PIN, PIN_BASED_VM_EXEC_CONTROL },
		{ VMX_CTL_PROC, CPU_BASED_VM_EXEC_CONTROL },
		{ VMX_CTL_PROC2, SECONDARY_VM_EXEC_CONTROL },
		{ VMX_CTL_EXIT, VM_EXIT_CONTROLS },
		{ VMX_CTL_ENTRY, VM_ENTRY_CONTROLS },
	};
	unsigned int i, bit;

	for (i = 0; i < ARRAY_SIZE(words); i++) {
		u32 v = (u32)__vmcs_read(words[i].field);

		printk("  %s controls 0x%08x:",
		       vmx_ctl_word_name(words[i].word), v);
		for (bit = 0; bit < 32; bit++) {
			const char *name = vmx_control_name(words[i].word, bit);

			if (!(v & (1u << bit)))
				continue;
			if (name)
				printk(" [%s]", name);
			else
				printk(" [bit %u]", bit);
		}
		printk("\n");
	}
}

static void dump_fields(void)
{
	unsigned int i;
	u64 v;

	for (i = 0; i < vmcs_nr_field_names; i++) {
		const struct vmcs_field_name *f = &vmcs_field_names[i];

		if (__vmcs_read_checked(f->field, &v))
			printk("  %-32s 0x%016llx\n", f->name,
			       (unsigned long long)v);
		else
			printk("  %-32s (not supported)\n", f->name);
	}
}

void vmx_dump(struct vcpu *vcpu)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);
	const char *rule;

	if (!vmx || vmx_make_current(vmx)) {
		pr_err("vmx: vCPU %d has no VMCS to dump\n", vcpu->id);
		return;
	}
	printk("VMCS of vCPU %d (%s), revision 0x%x:\n", vcpu->id,
	       vcpu->vm->name, vmx_caps.revision);
	printk("  last exit: reason 0x%x (%s)%s, VM-fail %d, launched %d\n",
	       vcpu->last_reason, vmx_exit_reason_name(vcpu->last_reason),
	       (vcpu->last_reason & VMX_EXIT_REASON_ENTRY_FAILURE) ?
		       " [VM-entry failure]" :
		       "",
	       vmx->fail, vmx->launched);
	if (vcpu->fail.why)
		printk("  why: %s\n", vcpu->fail.why);
	if (vcpu->exc.why)
		printk("  the VMM last raised #%u in the guest: %s\n",
		       vcpu->exc.vector, vcpu->exc.why);
	/* a failed entry loads no guest state and saves none (SDM 27.8) */
	printk("  GUEST_* fields: %s; HOST_* fields: what an exit loads\n",
	       (vcpu->last_reason & VMX_EXIT_REASON_ENTRY_FAILURE) ?
		       "as the VMM wrote them (the entry failed: not saved by the CPU)" :
		       "the guest's state saved at the last VM exit");
	if (vmx->fail)
		printk("  VM-instruction error: %s\n",
		       vmx_insn_error_name(vmx_read_insn_error()));
	dump_controls();
	dump_fields();
	rule = vmx_check_current(vmx);
	printk("  liminal's VM-entry checks (SDM 27.2, 27.3.1): %s\n",
	       rule ? rule : "all pass");
}
