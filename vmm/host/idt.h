/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C handlers called from the IDT stubs (idt_stubs.asm), all noinstr, each
 * taking the struct pt_regs the stub built.
 */
#ifndef VMM_HOST_IDT_PRIV_H
#define VMM_HOST_IDT_PRIV_H

#include <arch/ptregs.h>

void common_interrupt(struct pt_regs *regs); /* vectors 32..255 */
void exc_nmi(struct pt_regs *regs);
void exc_debug(struct pt_regs *regs);
/* #DBs exc_debug() survived */
extern unsigned long host_stray_debug_count;
void exc_double_fault(struct pt_regs *regs);
void exc_page_fault(struct pt_regs *regs);
void exc_machine_check(struct pt_regs *regs);
void exc_unexpected(struct pt_regs *regs); /* every other exception */

/* Fatal exception report; never returns (see traps.c). */
void host_die(struct pt_regs *regs, u64 cr2);

#endif /* VMM_HOST_IDT_PRIV_H */
