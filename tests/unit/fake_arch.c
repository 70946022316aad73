// SPDX-License-Identifier: GPL-2.0
/*
 * The fake arch of the host unit tests (see fake_arch.h).
 */
#include <stdio.h>

#include "fake_arch.h"

bool fake_if;
u64 fake_tsc;
int fake_cpu;
fake_irq_handler_t fake_irq_handler;
void (*fake_nmi_handler)(void);
void (*fake_halt_hook)(void);
unsigned int fake_last_irq_ct_state;
unsigned int fake_last_nmi_ct_state;

void (*entry_probe_hook)(enum entry_probe probe);
void (*entry_output_sink)(const char *line);

#define ENTRY_PROBE_NAME(name) [ENTRY_PROBE_##name] = #name,
static const char *const entry_probe_names[ENTRY_NR_PROBES] = { ENTRY_PROBES(
	ENTRY_PROBE_NAME) };

const char *entry_probe_name(enum entry_probe probe)
{
	return (unsigned int)probe < ENTRY_NR_PROBES ?
		       entry_probe_names[probe] :
		       "?";
}

void entry_output_line(const char *line)
{
	if (entry_output_sink)
		entry_output_sink(line);
	else
		printf("%s\n", line);
}

static unsigned int pending_irqs;
static u32 pending_vector;
static unsigned int irqs_taken, nmis_taken;

void fake_arch_reset(void)
{
	fake_if = false;
	fake_cpu = 0;
	fake_tsc = 1000000;
	fake_irq_handler = NULL;
	fake_nmi_handler = NULL;
	fake_halt_hook = NULL;
	pending_irqs = 0;
	irqs_taken = 0;
	nmis_taken = 0;
	fake_last_irq_ct_state = ~0u;
	fake_last_nmi_ct_state = ~0u;
}

unsigned long fake_arch_save_flags(void)
{
	return X86_EFLAGS_FIXED | (fake_if ? X86_EFLAGS_IF : 0);
}

void fake_arch_irq_disable(void)
{
	fake_if = false;
}

void fake_arch_irq_enable(void)
{
	fake_if = true;
	fake_deliver_pending();
}

void fake_arch_safe_halt(void)
{
	fake_if = true;
	if (fake_halt_hook)
		fake_halt_hook();
	else
		fake_deliver_pending();
}

u64 fake_arch_rdtsc(void)
{
	fake_tsc += FAKE_TSC_STEP;
	return fake_tsc;
}

void fake_tsc_advance(u64 cycles)
{
	fake_tsc += cycles;
}

unsigned int fake_pending_irqs(void)
{
	return pending_irqs;
}

unsigned int fake_irqs_taken(void)
{
	return irqs_taken;
}

unsigned int fake_nmis_taken(void)
{
	return nmis_taken;
}

/*
 * The IDT handler of liminal's host, in the shape Linux's
 * Documentation/core-api/entry.rst gives it.
 */
void fake_irq_frame(u32 vector, struct pt_regs *regs)
{
	irqentry_state_t state;

	fake_if = false; /* the CPU clears IF on delivery */
	state = irqentry_enter(regs);
	instrumentation_begin();
	irq_enter_rcu();
	fake_last_irq_ct_state = ct_state();
	irqs_taken++;
	trace_irq_handler_entry(vector);
	if (fake_irq_handler)
		fake_irq_handler(vector);
	trace_irq_handler_exit(vector, true);
	irq_exit_rcu();
	instrumentation_end();
	irqentry_exit(regs, state);
	/* IRET; a held IRQ is taken right after it if IF becomes 1 */
	if (user_mode(regs))
		fake_return_to_user();
	else if (regs_irqs_enabled(regs))
		fake_arch_irq_enable();
	else
		fake_if = false;
}

void fake_irq(u32 vector, bool from_user)
{
	struct pt_regs regs = { 0 };

	regs.vector = vector;
	regs.cs = from_user ? FAKE_USER_CS : FAKE_KERNEL_CS;
	regs.rflags = X86_EFLAGS_FIXED |
		      (fake_if || from_user ? X86_EFLAGS_IF : 0);
	fake_irq_frame(vector, &regs);
}

void fake_return_to_user(void)
{
	fake_if = true;
	while (pending_irqs) {
		pending_irqs--;
		fake_irq(pending_vector, true);
	}
}

void fake_deliver_pending(void)
{
	/* IF is 0 inside the handler, so this does not recurse by itself. */
	while (fake_if && pending_irqs) {
		pending_irqs--;
		fake_irq(pending_vector, false);
	}
}

void fake_raise_irq(u32 vector)
{
	pending_vector = vector;
	pending_irqs++;
	fake_deliver_pending();
}

void fake_nmi(void)
{
	struct pt_regs regs = { 0 };
	irqentry_state_t state;
	bool saved_if = fake_if;
	u64 t0;

	regs.vector = X86_TRAP_NMI;
	regs.cs = FAKE_KERNEL_CS;
	regs.rflags = X86_EFLAGS_FIXED | (saved_if ? X86_EFLAGS_IF : 0);
	fake_if = false;
	state = irqentry_nmi_enter(&regs);
	instrumentation_begin();
	t0 = entry_clock();
	fake_last_nmi_ct_state = ct_state();
	nmis_taken++;
	if (fake_nmi_handler)
		fake_nmi_handler();
	trace_nmi_handler((unsigned long)fake_nmi, entry_clock() - t0, true);
	instrumentation_end();
	irqentry_nmi_exit(&regs, state);
	/* IRET: an IRQ raised meanwhile is taken if IF becomes 1 */
	if (!saved_if)
		fake_if = false;
	else if (ct_state() == CONTEXT_USER)
		fake_return_to_user();
	else
		fake_arch_irq_enable();
}
