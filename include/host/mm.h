/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host memory: the page allocator (vmm/host/page_alloc.c) and the VMM's own
 * identity page tables (vmm/host/paging.c).
 *
 * page_alloc() hands out EfiConventionalMemory above 1 MiB, as the firmware
 * reported it at ExitBootServices: never the loader's image, its data or the
 * files read with efi_read_file().  Pages are zeroed, 4 KiB aligned,
 * physically contiguous and identity mapped (virtual == physical), so a
 * page's address is also its host-physical address (hpa_t).  Callable with
 * IRQs on or off, not from NMI context.  NULL when no run of npages
 * contiguous free pages is left.
 */
#ifndef HOST_MM_H
#define HOST_MM_H

#include <arch/pgtable.h>
#include <lib/paging.h>
#include <liminal/types.h>

#define PAGES(bytes) (((bytes) + PAGE_SIZE - 1) >> PAGE_SHIFT)

void *page_alloc(size_t npages);
void page_free(void *addr, size_t npages);

/*
 * Where the host's page tables, NPT and EPT (lib/paging.c) get their table
 * pages: page_alloc(1)/page_free(), identity mapped.  The unit tests pass
 * a counting allocator (tests/common/counting_alloc.h).
 */
extern const struct pgtable_alloc host_pgtable_alloc;

/* Free pages left, and pages handed to the allocator at init. */
size_t page_alloc_free_pages(void);
size_t page_alloc_total_pages(void);

/* Identity-mapped: the conversions are the identity, kept for intent. */
static inline hpa_t virt_to_phys(const void *p)
{
	return (hpa_t)(uintptr_t)p;
}

static inline void *phys_to_virt(hpa_t pa)
{
	return (void *)(uintptr_t)pa;
}

/* The host's page-table root, as loaded in CR3 (for VMX HOST_CR3). */
hpa_t host_cr3(void);

#endif /* HOST_MM_H */
