// SPDX-License-Identifier: GPL-2.0
/*
 * EPT (SDM 29.3.2): the policy of include/vmm/vmx/ept.h over the one page
 * table library (lib/paging.c), which walks the 4 levels: PML4E bits 47:39,
 * PDPTE 38:30, PDE 29:21 (a 2-MiB leaf when bit 7 is set), PTE 20:12.
 */
#include <vmm/vmx/ept.h>
#include <vmm/vmx/vmx_arch.h>

int ept_init(struct paging *ept, const struct pgtable_alloc *alloc,
	     bool large_pages)
{
	return paging_alloc(ept, &paging_ept, alloc, large_pages ? 2 : 1);
}

int ept_map(struct paging *ept, u64 gpa, u64 hpa, u64 size)
{
	return paging_map(ept, gpa, hpa, size, EPT_LEAF_FLAGS);
}

u64 ept_pointer(const struct paging *ept)
{
	return (ept->root & PTE_ADDR_MASK) | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4;
}
