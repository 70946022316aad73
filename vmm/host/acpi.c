// SPDX-License-Identifier: GPL-2.0
/*
 * Just enough ACPI to find the I/O APIC: RSDP -> XSDT (or RSDT) -> MADT,
 * its I/O APIC entries and the ISA interrupt source overrides (ACPI 6.x
 * 5.2.5 RSDP, 5.2.8 XSDT, 5.2.12 MADT).  Tables are read in place: they sit
 * in ACPI memory, identity mapped.
 */
#include <lib/string.h>
#include <host/host.h>
#include <lib/printk.h>
#include "acpi.h"

struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum;
	char oem_id[6];
	u8 revision; /* 2+: the XSDT fields below are valid */
	u32 rsdt_address;
	u32 length;
	u64 xsdt_address;
	u8 extended_checksum;
	u8 reserved[3];
} __packed;

struct acpi_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

struct acpi_madt {
	struct acpi_header header;
	u32 lapic_address;
	u32 flags;
} __packed;

struct madt_entry {
	u8 type;
	u8 length;
} __packed;

#define MADT_IOAPIC 1
#define MADT_INT_OVERRIDE 2

struct madt_ioapic {
	struct madt_entry h;
	u8 id;
	u8 reserved;
	u32 address;
	u32 gsi_base;
} __packed;

struct madt_int_override {
	struct madt_entry h;
	u8 bus; /* 0: ISA */
	u8 source; /* ISA IRQ */
	u32 gsi;
	u16 flags;
} __packed;

_Static_assert(sizeof(struct acpi_rsdp) == 36, "ACPI 5.2.5.3");
_Static_assert(sizeof(struct acpi_header) == 36, "ACPI 5.2.6");
_Static_assert(sizeof(struct madt_ioapic) == 12, "ACPI 5.2.12.3");
_Static_assert(sizeof(struct madt_int_override) == 10, "ACPI 5.2.12.5");

static const struct acpi_header *acpi_find_table(const struct acpi_rsdp *rsdp,
						 const char sig[4])
{
	const struct acpi_header *root;
	unsigned int i, n, entry_size;

	if (memcmp(rsdp->signature, "RSD PTR ", 8))
		return NULL;
	if (rsdp->revision >= 2 && rsdp->xsdt_address) {
		root = (const void *)rsdp->xsdt_address;
		entry_size = sizeof(u64);
	} else {
		root = (const void *)(u64)rsdp->rsdt_address;
		entry_size = sizeof(u32);
	}
	n = (root->length - sizeof(*root)) / entry_size;
	for (i = 0; i < n; i++) {
		const u8 *p = (const u8 *)(root + 1) + i * entry_size;
		u64 addr = 0;
		const struct acpi_header *t;

		memcpy(&addr, p, entry_size);
		t = (const void *)addr;
		if (t && !memcmp(t->signature, sig, 4))
			return t;
	}
	return NULL;
}

static void madt_parse(const struct acpi_madt *madt, struct acpi_ioapic *out)
{
	const u8 *p = (const u8 *)(madt + 1);
	const u8 *end = (const u8 *)madt + madt->header.length;

	while (p + sizeof(struct madt_entry) <= end) {
		const struct madt_entry *e = (const void *)p;

		if (e->length < sizeof(*e))
			break;
		if (e->type == MADT_IOAPIC && !out->address) {
			const struct madt_ioapic *io = (const void *)e;

			out->address = io->address;
			out->gsi_base = io->gsi_base;
		} else if (e->type == MADT_INT_OVERRIDE) {
			const struct madt_int_override *o = (const void *)e;

			if (o->bus == 0 && o->source == 0)
				out->isa_irq0_gsi = o->gsi;
		}
		p += e->length;
	}
}

/*
 * The first I/O APIC and the GSI of ISA IRQ 0 (the PIT).  Without ACPI,
 * the PC defaults: 0xfec00000, IRQ 0 on pin 2.
 */
void acpi_find_ioapic(void *rsdp, struct acpi_ioapic *out)
{
	const struct acpi_header *madt = NULL;

	*out = (struct acpi_ioapic){ .isa_irq0_gsi = ACPI_DEFAULT_IRQ0_GSI };
	if (rsdp)
		madt = acpi_find_table(rsdp, "APIC");
	if (madt)
		madt_parse((const void *)madt, out);
	if (!out->address) {
		out->address = ACPI_DEFAULT_IOAPIC;
		out->gsi_base = 0;
	}
	pr_info("acpi: %s; I/O APIC at 0x%x (GSI base %u), ISA IRQ 0 on GSI "
		"%u\n",
		madt ? "MADT" :
		rsdp ? "no MADT, PC defaults" :
		       "no ACPI tables, PC defaults",
		out->address, out->gsi_base, out->isa_irq0_gsi);
}
