/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT page tables built from a guest's memory map (SDM 29.3): exactly the
 * guest's RAM regions are mapped, write-back and RWX; everything else (the
 * MMIO window, any address outside RAM) is not present, so an access there
 * is an EPT violation.  The tables are lib/paging.c's in the paging_ept
 * format (translate with paging_translate(), free with paging_free()), so
 * they are host-tested (tests/vmx/test_ept.c).  Table addresses are stored
 * as host-physical addresses, which the VMM identity-maps.
 */
#ifndef VMM_VMX_EPT_H
#define VMM_VMX_EPT_H

#include <arch/memtype.h>
#include <arch/pgtable.h>
#include <lib/paging.h>
#include <liminal/types.h>

/*
 * Leaves: RWX, write-back with "ignore PAT", so the guest's PAT cannot
 * make RAM uncacheable.  Tables grant RWX, the leaves decide.
 */
#define EPT_LEAF_FLAGS \
	(EPT_RWX | ((u64)MEMTYPE_WB << EPT_MT_SHIFT) | EPT_IGNORE_PAT)

/* Empty tables; 2 MiB leaves where both sides align if large_pages.
 * 0 or -ENOMEM. */
int ept_init(struct paging *ept, const struct pgtable_alloc *alloc,
	     bool large_pages);
/* Map [gpa, gpa + size) to [hpa, ...) with EPT_LEAF_FLAGS; 4-KiB granular.
 * 0, -EINVAL (misaligned), -EEXIST (overlaps a mapping) or -ENOMEM. */
int ept_map(struct paging *ept, u64 gpa, u64 hpa, u64 size);
/* The EPT pointer: WB, 4-level walk, no accessed/dirty flags. */
u64 ept_pointer(const struct paging *ept);

#endif /* VMM_VMX_EPT_H */
