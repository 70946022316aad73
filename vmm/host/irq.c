// SPDX-License-Identifier: GPL-2.0
/*
 * External interrupts and NMIs in the host.
 *
 * common_interrupt() and exc_nmi() have exactly the shape Linux's
 * Documentation/core-api/entry.rst gives them; the handlers themselves are
 * instrumentable and dispatched through a table indexed by vector, with a
 * loud default.
 */
#include <arch/ptregs.h>
#include <entry/common.h>
#include <entry/context_tracking.h>
#include <entry/sched.h>
#include <host/host.h>
#include <lib/printk.h>
#include "idt.h"

typedef void (*irq_handler_t)(struct pt_regs *regs);

struct host_cpu_stats host_cpu_stats[1];
#define host_stats (*this_host_stats())

static void (*host_tick_hook)(void);

void host_set_tick_hook(void (*fn)(void))
{
	WRITE_ONCE(host_tick_hook, fn);
}

/* The host tick: acknowledge first, then account (Linux's order). */
static void irq_timer(struct pt_regs *regs)
{
	void (*hook)(void) = READ_ONCE(host_tick_hook);

	(void)regs;
	apic_eoi();
	host_stats.timer_irqs++;
	sched_tick();
	if (hook)
		hook(); /* the VMM's tick work (vcpu_tick(), vmm/vcpu_run.c) */
}

static void irq_test(struct pt_regs *regs)
{
	(void)regs;
	apic_eoi();
	host_stats.test_irqs++;
}

static void irq_apic_error(struct pt_regs *regs)
{
	(void)regs;
	apic_eoi();
	host_stats.other_irqs++;
	pr_warn("local APIC error interrupt\n");
}

/* SDM Vol. 3A 11.9: a spurious interrupt is not acknowledged. */
static void irq_spurious(struct pt_regs *regs)
{
	(void)regs;
	host_stats.spurious_irqs++;
}

static void irq_unexpected(struct pt_regs *regs)
{
	host_stats.other_irqs++;
	pr_warn("unexpected interrupt vector %lu at RIP 0x%lx\n", regs->vector,
		regs->rip);
	apic_eoi();
}

static const irq_handler_t irq_handlers[HOST_NR_VECTORS] = {
	[HOST_TEST_VECTOR] = irq_test,
	[HOST_TIMER_VECTOR] = irq_timer,
	[HOST_ERROR_VECTOR] = irq_apic_error,
	[HOST_SPURIOUS_VECTOR] = irq_spurious,
};

static void handle_irq(struct pt_regs *regs)
{
	irq_handler_t fn = NULL;

	if (regs->vector < HOST_NR_VECTORS)
		fn = irq_handlers[regs->vector];
	(fn ? fn : irq_unexpected)(regs);
}

/* Documentation/core-api/entry.rst, "Interrupts and regular exceptions". */
noinstr void common_interrupt(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	instrumentation_begin();
	irq_enter_rcu();
	handle_irq(regs);
	irq_exit_rcu();
	instrumentation_end();

	irqentry_exit(regs, state);
}

/* Context tracking keeps CONTEXT_IDLE across ct_nmi_enter(). */
static void handle_nmi(struct pt_regs *regs)
{
	(void)regs;
	host_stats.nmis++;
	if (ct_state() == CONTEXT_IDLE)
		host_stats.nmis_idle++;
}

/* Documentation/core-api/entry.rst, "NMI and NMI-like exceptions". */
noinstr void exc_nmi(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_nmi_enter(regs);

	instrumentation_begin();
	handle_nmi(regs);
	instrumentation_end();

	irqentry_nmi_exit(regs, state);
}
