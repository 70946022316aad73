// SPDX-License-Identifier: GPL-2.0
/*
 * Walking the memory map efi/ converted into a neutral table before the
 * hand-off (include/host/host.h): no firmware type here.
 */
#include <lib/printk.h>
#include "memmap.h"

void memmap_for_each(const struct host_memmap *mm, memmap_fn fn, void *ctx)
{
	u32 i;

	for (i = 0; i < mm->nr_ranges; i++)
		fn(&mm->range[i], ctx);
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
