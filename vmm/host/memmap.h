/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Walking the memory map efi/ handed over (struct host_memmap, a neutral
 * table: include/host/host.h), for the allocator and the page-table builder.
 */
#ifndef VMM_HOST_MEMMAP_H
#define VMM_HOST_MEMMAP_H

#include <host/host.h>

typedef void (*memmap_fn)(const struct memmap_range *r, void *ctx);

void memmap_for_each(const struct host_memmap *mm, memmap_fn fn, void *ctx);
/* Highest end address of any range. */
u64 memmap_top(const struct host_memmap *mm);
void memmap_print_summary(const struct host_memmap *mm);

#endif /* VMM_HOST_MEMMAP_H */
