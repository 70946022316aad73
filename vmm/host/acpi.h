/* SPDX-License-Identifier: GPL-2.0 */
/* The I/O APIC as the ACPI MADT describes it (acpi.c). */
#ifndef VMM_HOST_ACPI_H
#define VMM_HOST_ACPI_H

#include <liminal/types.h>

#define ACPI_DEFAULT_IOAPIC 0xfec00000u
#define ACPI_DEFAULT_IRQ0_GSI 2

struct acpi_ioapic {
	u32 address;
	u32 gsi_base;
	u32 isa_irq0_gsi;
};

void acpi_find_ioapic(void *rsdp, struct acpi_ioapic *out);

#endif /* VMM_HOST_ACPI_H */
