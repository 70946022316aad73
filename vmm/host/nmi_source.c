// SPDX-License-Identifier: GPL-2.0
/*
 * A periodic NMI source for the guest tests (config key nmi_us=): PIT
 * channel 0 as a rate generator, its IRQ 0 edge delivered as an NMI through
 * the I/O APIC (the route the host self-test uses for NMIs in idle).  The
 * NMIs arrive wherever the CPU is, so most hit a guest that runs: the
 * NMI-exit paths of both backends run for real (SVM: the exit leaves GIF=0
 * and the NMI is taken by the host at STGI; VMX: the exit is handled through
 * irqentry_nmi_enter/exit before guest_state_exit_irqoff()).
 */
#include <host/host.h>

#include "ioapic.h"
#include "pit.h"

int host_nmi_source_start(unsigned int period_us)
{
	if (ioapic_pit_nmi(true))
		return -1;
	pit_ch0_periodic(period_us);
	return 0;
}

/* Unrouted first: the edge that quiesces channel 0 is no NMI. */
void host_nmi_source_stop(void)
{
	ioapic_pit_nmi(false);
	pit_ch0_quiesce();
}
