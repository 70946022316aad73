// SPDX-License-Identifier: GPL-2.0
/*
 * The exception table's lookup and its one fixup type (include/arch/
 * extable.h).  A handful of entries: a linear search, no sorting.  noinstr:
 * the exception handler runs them before its entry (traps.c).
 */
#include <arch/extable.h>
#include <liminal/compiler.h>

noinstr const struct exception_table_entry *
search_extable(const struct exception_table_entry *first,
	       const struct exception_table_entry *last, unsigned long ip)
{
	for (const struct exception_table_entry *e = first; e < last; e++) {
		if (ex_insn_addr(e) == ip)
			return e;
	}
	return NULL;
}

noinstr void ex_handler_fault(const struct exception_table_entry *e,
			      struct pt_regs *regs)
{
	regs->rax = e->data | (regs->vector & 0xff);
	regs->rip = ex_fixup_addr(e);
}
