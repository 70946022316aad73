// SPDX-License-Identifier: GPL-2.0
/*
 * The words for a faulted world switch (include/vmm/vmenter.h).  Pure: the
 * host unit tests link it.
 */
#include <lib/printk.h>
#include <host/host.h>
#include <vmm/vmenter.h>

static const char *const vmenter_insn_names[] = {
	[VMENTER_INSN_VMLOAD] = "VMLOAD",
	[VMENTER_INSN_VMRUN] = "VMRUN",
	[VMENTER_INSN_VMSAVE] = "VMSAVE",
	[VMENTER_INSN_VMLAUNCH] = "VMLAUNCH",
	[VMENTER_INSN_VMRESUME] = "VMRESUME",
};

const char *vmenter_fault_why(u32 status, char *buf, size_t len)
{
	unsigned int insn = (status >> 8) & 0xff;
	const char *name = x86_exception_name(status & 0xff);
	char mnemonic[8];
	size_t n = 0;

	while (name[n] && name[n] != ' ' && n < sizeof(mnemonic) - 1) {
		mnemonic[n] = name[n];
		n++;
	}
	mnemonic[n] = '\0';
	snprintf(buf, len,
		 "%s faulted (%s): the exception fixup ended the world switch",
		 insn < ARRAY_SIZE(vmenter_insn_names) &&
				 vmenter_insn_names[insn] ?
			 vmenter_insn_names[insn] :
			 "the world switch",
		 mnemonic);
	return buf;
}
