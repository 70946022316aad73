/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UEFI memory map, read at ExitBootServices, seen through neutral
 * kinds so the allocator and the page-table builder need not know EFI.
 */
#ifndef VMM_HOST_MEMMAP_H
#define VMM_HOST_MEMMAP_H

#include <host/host.h>

enum memmap_kind {
	MEMMAP_FREE, /* EfiConventionalMemory: the page allocator's */
	MEMMAP_RAM, /* other write-back RAM: the image, loader data, ACPI... */
	MEMMAP_OTHER, /* MMIO, reserved: mapped uncached */
};

struct memmap_range {
	u64 start, end; /* [start, end), page aligned */
	enum memmap_kind kind;
	u32 efi_type;
};

typedef void (*memmap_fn)(const struct memmap_range *r, void *ctx);

void memmap_for_each(const struct host_memmap *mm, memmap_fn fn, void *ctx);
/* Highest end address of any range. */
u64 memmap_top(const struct host_memmap *mm);
void memmap_print_summary(const struct host_memmap *mm);

#endif /* VMM_HOST_MEMMAP_H */
