/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT page tables built from a guest's memory map (SDM 29.3): exactly the
 * guest's RAM regions are mapped, write-back and RWX; everything else (the
 * MMIO window, any address outside RAM) is not present, so an access there
 * is an EPT violation.  Pure: the page allocator is passed in, so the
 * builder is host-tested (tests/vmx/test_ept.c).  Table addresses are
 * stored as host-physical addresses, which the VMM identity-maps.
 */
#ifndef VMM_VMX_EPT_H
#define VMM_VMX_EPT_H

#include <liminal/types.h>
#include <host/mm.h>

#define EPT_LEVELS 4
#define EPT_ENTRIES 512
#define EPT_PAGE_SIZE 4096ull
#define EPT_LARGE_SIZE (2ull << 20)

struct ept {
	u64 *pml4;
	const struct pgtable_alloc *alloc;
	bool large_pages; /* 2 MiB leaves where both sides align */
	unsigned int nr_tables; /* table pages, the PML4 included */
};

/* 0 or -ENOMEM. */
int ept_init(struct ept *ept, const struct pgtable_alloc *alloc,
	     bool large_pages);
/* Map [gpa, gpa + size) to [hpa, ...) write-back, RWX; 4-KiB granular.
 * 0, -EINVAL (misaligned, overlapping an existing mapping) or -ENOMEM. */
int ept_map(struct ept *ept, u64 gpa, u64 hpa, u64 size);
/* The host-physical address backing @gpa, or EPT_UNMAPPED. */
#define EPT_UNMAPPED (~0ull)
u64 ept_translate(const struct ept *ept, u64 gpa);
/* The EPT pointer: WB, 4-level walk, no accessed/dirty flags. */
u64 ept_pointer(const struct ept *ept);
/* Free every table page. */
void ept_fini(struct ept *ept);

#endif /* VMM_VMX_EPT_H */
