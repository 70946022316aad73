/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake arch of the host unit tests: a simulated IF flag, a fake TSC that
 * advances on every read, and simulated interrupts and NMIs delivered the way
 * the CPU would (IF cleared on delivery, restored on IRET; a pending IRQ is
 * taken when IF becomes 1).
 */
#ifndef TESTS_UNIT_FAKE_ARCH_H
#define TESTS_UNIT_FAKE_ARCH_H

#include <arch/x86.h>
#include <entry/common.h>

#define FAKE_TSC_STEP 10 /* cycles each clock read advances the fake TSC */
#define FAKE_KERNEL_CS 0x08 /* RPL 0 */
#define FAKE_USER_CS 0x33 /* RPL 3: user_mode(regs) */

extern bool fake_if;
extern u64 fake_tsc;

/* Spend time: advance the fake TSC without reading it. */
void fake_tsc_advance(u64 cycles);

/* What a simulated IRQ's handler does (vector, context); may be NULL. */
typedef void (*fake_irq_handler_t)(u32 vector);
extern fake_irq_handler_t fake_irq_handler;
/* What a simulated NMI's handler does; may be NULL. */
extern void (*fake_nmi_handler)(void);
/* What arch_safe_halt() waits for; NULL: deliver pending IRQs, if any. */
extern void (*fake_halt_hook)(void);

/* Raise an IRQ: taken now if IF=1 (and not inside a handler), else held. */
void fake_raise_irq(u32 vector);
unsigned int fake_pending_irqs(void);
/* IRET/SYSRET to user mode: IF=1, held IRQs are taken from user mode. */
void fake_return_to_user(void);
/* Deliver the held IRQs now if IF=1. */
void fake_deliver_pending(void);

/* Run a full IRQ as the CPU + IDT stub would: frame from kernel mode (IF as
 * the interrupted context had it), or from user mode. */
void fake_irq(u32 vector, bool from_user);
void fake_irq_frame(u32 vector, struct pt_regs *regs);
/* Run a full NMI (irqentry_nmi_enter, handler, irqentry_nmi_exit). */
void fake_nmi(void);

unsigned int fake_irqs_taken(void);
unsigned int fake_nmis_taken(void);
/* ct state seen by the last IRQ/NMI handler. */
extern unsigned int fake_last_irq_ct_state;
extern unsigned int fake_last_nmi_ct_state;

void fake_arch_reset(void);

#endif /* TESTS_UNIT_FAKE_ARCH_H */
