/* SPDX-License-Identifier: GPL-2.0 */
/* The I/O APIC (ioapic.c). */
#ifndef VMM_HOST_IOAPIC_H
#define VMM_HOST_IOAPIC_H

#include <liminal/types.h>

void ioapic_init(void *acpi_rsdp);
/* 0, or -1 when ISA IRQ 0 has no I/O APIC input. */
int ioapic_pit_nmi(bool enable);

#endif /* VMM_HOST_IOAPIC_H */
