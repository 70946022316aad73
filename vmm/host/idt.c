// SPDX-License-Identifier: GPL-2.0
/*
 * The host IDT: 256 interrupt gates to the stubs in idt_stubs.asm.
 *
 * Interrupt gates (not trap gates) so every handler starts with IF=0.  NMI,
 * #DF and #MC switch to their own IST stack: they can hit at any moment,
 * including with a corrupt RSP (#DF on stack overflow).  SDM Vol. 3A
 * 6.14.1 (gate layout), 6.14.5 (IST).
 */
#include <lib/string.h>
#include <arch/x86.h>
#include <host/host.h>
#include "desc.h"

#define GATE_TYPE_INTERRUPT 0xe /* 64-bit interrupt gate */
#define GATE_PRESENT (1u << 7)
#define GATE_DPL0 (0u << 5)

extern const char host_idt_stubs[];

void *host_idt_stub(unsigned int vector)
{
	return (void *)(host_idt_stubs + vector * HOST_IDT_STUB_SIZE);
}

static unsigned int idt_vector_ist(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_NMI:
		return HOST_IST_NMI;
	case X86_TRAP_DF:
		return HOST_IST_DF;
	case X86_TRAP_MC:
		return HOST_IST_MC;
	default:
		return 0;
	}
}

static void idt_set_gate(struct idt_gate *gate, void *handler, unsigned int ist)
{
	u64 addr = (u64)handler;

	gate->offset_low = addr & 0xffff;
	gate->selector = HOST_CS_SEL;
	gate->ist = ist;
	gate->type_attr = GATE_TYPE_INTERRUPT | GATE_DPL0 | GATE_PRESENT;
	gate->offset_mid = (addr >> 16) & 0xffff;
	gate->offset_high = addr >> 32;
	gate->reserved = 0;
}

void idt_init(void *desc_page)
{
	struct host_desc_page *page = desc_page;
	struct desc_ptr ptr = {
		.limit = sizeof(page->idt) - 1,
		.base = (u64)page->idt,
	};
	unsigned int v;

	for (v = 0; v < HOST_NR_VECTORS; v++)
		idt_set_gate(&page->idt[v], host_idt_stub(v),
			     idt_vector_ist(v));
	__asm__ __volatile__("lidt %0" ::"m"(ptr));
}
