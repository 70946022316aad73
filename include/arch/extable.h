/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exception table: instructions that may fault on purpose-built paths
 * (VMRUN, VMLAUNCH, ...), each with the address to resume at, as Linux's
 * (arch/x86/include/asm/extable.h, arch/x86/mm/extable.c).
 *
 * Entries come from the assembly (EXTABLE, include/arch/extable.inc) into
 * the section .ex_table, which efi/liminal.lds gathers between
 * __ex_table_start and __ex_table_end.  Each field is relative to its own
 * address, as Linux's: no relocation, whatever address the firmware loaded
 * the image at.
 */
#ifndef ARCH_EXTABLE_H
#define ARCH_EXTABLE_H

#include <arch/ptregs.h>
#include <liminal/compiler.h>
#include <liminal/types.h>

struct exception_table_entry {
	s32 insn; /* the instruction that may fault, from &insn */
	s32 fixup; /* where to resume, from &fixup */
	u32 data; /* handed to the fixup in RAX, with the vector */
};

static __always_inline unsigned long
ex_insn_addr(const struct exception_table_entry *e)
{
	return (unsigned long)&e->insn + e->insn;
}

static __always_inline unsigned long
ex_fixup_addr(const struct exception_table_entry *e)
{
	return (unsigned long)&e->fixup + e->fixup;
}

/* The entry for the instruction at @ip in [@first, @last), or NULL. */
const struct exception_table_entry *
search_extable(const struct exception_table_entry *first,
	       const struct exception_table_entry *last, unsigned long ip);

/*
 * Resume the faulting context at @e's fixup with RAX = data | vector
 * (Linux's EX_TYPE_FAULT hands the fixup the trap number in RAX too).
 */
void ex_handler_fault(const struct exception_table_entry *e,
		      struct pt_regs *regs);

/* The image's own table: true if @regs->rip had an entry (now applied). */
bool fixup_exception(struct pt_regs *regs);

#endif /* ARCH_EXTABLE_H */
