// SPDX-License-Identifier: GPL-2.0
/*
 * Walking the UEFI memory map (UEFI 2.x 7.2, EFI_MEMORY_DESCRIPTOR).
 * Descriptors are desc_size apart, which may exceed the structure's size.
 */
#include <efi.h>
#include <host/mm.h>
#include <lib/printk.h>
#include "memmap.h"

static enum memmap_kind memmap_kind_of(const EFI_MEMORY_DESCRIPTOR *d)
{
	if (d->Type == EfiConventionalMemory)
		return MEMMAP_FREE;
	if (d->Type == EfiMemoryMappedIO ||
	    d->Type == EfiMemoryMappedIOPortSpace ||
	    !(d->Attribute & EFI_MEMORY_WB))
		return MEMMAP_OTHER;
	return MEMMAP_RAM;
}

void memmap_for_each(const struct host_memmap *mm, memmap_fn fn, void *ctx)
{
	const char *p = mm->map;
	const char *end = p + mm->map_size;

	for (; p + mm->desc_size <= end; p += mm->desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)p;
		struct memmap_range r = {
			.start = d->PhysicalStart,
			.end = d->PhysicalStart + d->NumberOfPages * PAGE_SIZE,
			.kind = memmap_kind_of(d),
			.efi_type = d->Type,
		};

		fn(&r, ctx);
	}
}

static void memmap_top_fn(const struct memmap_range *r, void *ctx)
{
	u64 *top = ctx;

	if (r->end > *top)
		*top = r->end;
}

u64 memmap_top(const struct host_memmap *mm)
{
	u64 top = 0;

	memmap_for_each(mm, memmap_top_fn, &top);
	return top;
}

struct memmap_totals {
	u64 bytes[3];
	unsigned int ranges;
};

static void memmap_total_fn(const struct memmap_range *r, void *ctx)
{
	struct memmap_totals *t = ctx;

	t->bytes[r->kind] += r->end - r->start;
	t->ranges++;
}

void memmap_print_summary(const struct host_memmap *mm)
{
	struct memmap_totals t = { 0 };

	memmap_for_each(mm, memmap_total_fn, &t);
	pr_info("memmap: %u ranges, %lu KiB free, %lu KiB other RAM, %lu KiB "
		"MMIO/reserved, top 0x%lx\n",
		t.ranges, t.bytes[MEMMAP_FREE] >> 10, t.bytes[MEMMAP_RAM] >> 10,
		t.bytes[MEMMAP_OTHER] >> 10, memmap_top(mm));
}
