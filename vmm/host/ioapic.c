// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O APIC: every input masked at init (the VMM takes no device
 * interrupts), and one input routed as an NMI for the self-test's
 * asynchronous NMI source.  82093AA datasheet 3.2 (IOREGSEL/IOWIN,
 * redirection table).
 */
#include <host/host.h>
#include <lib/printk.h>
#include "acpi.h"
#include "ioapic.h"

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_REG_VER 0x01 /* max redirection entry in bits 23:16 */
#define IOAPIC_REG_REDTBL(n) (0x10 + 2 * (n))

#define IOAPIC_RTE_DM_NMI (4ull << 8)
#define IOAPIC_RTE_MASKED (1ull << 16)
#define IOAPIC_RTE_DEST_SHIFT 56

static volatile u32 *ioapic_base;
static u32 ioapic_gsi_base, ioapic_pins;
static u32 isa_irq0_gsi;

static u32 ioapic_read(u32 reg)
{
	ioapic_base[IOAPIC_REGSEL / 4] = reg;
	return ioapic_base[IOAPIC_WIN / 4];
}

static void ioapic_write(u32 reg, u32 val)
{
	ioapic_base[IOAPIC_REGSEL / 4] = reg;
	ioapic_base[IOAPIC_WIN / 4] = val;
}

static void ioapic_write_rte(u32 pin, u64 rte)
{
	/* masked while the halves disagree */
	ioapic_write(IOAPIC_REG_REDTBL(pin), IOAPIC_RTE_MASKED);
	ioapic_write(IOAPIC_REG_REDTBL(pin) + 1, rte >> 32);
	ioapic_write(IOAPIC_REG_REDTBL(pin), (u32)rte);
}

void ioapic_init(void *acpi_rsdp)
{
	struct acpi_ioapic io;
	u32 pin;

	acpi_find_ioapic(acpi_rsdp, &io);
	ioapic_base = (volatile u32 *)(u64)io.address;
	ioapic_gsi_base = io.gsi_base;
	isa_irq0_gsi = io.isa_irq0_gsi;
	ioapic_pins = ((ioapic_read(IOAPIC_REG_VER) >> 16) & 0xff) + 1;
	for (pin = 0; pin < ioapic_pins; pin++)
		ioapic_write_rte(pin, IOAPIC_RTE_MASKED);
	pr_info("ioapic: %u inputs, all masked\n", ioapic_pins);
}

/* Route ISA IRQ 0 (PIT channel 0) to us as an edge-triggered NMI, or mask. */
int ioapic_pit_nmi(bool enable)
{
	u32 pin = isa_irq0_gsi - ioapic_gsi_base;

	if (!ioapic_base || pin >= ioapic_pins)
		return -1;
	ioapic_write_rte(pin, enable ? IOAPIC_RTE_DM_NMI |
					       ((u64)apic_id()
						<< IOAPIC_RTE_DEST_SHIFT) :
				       IOAPIC_RTE_MASKED);
	return 0;
}
