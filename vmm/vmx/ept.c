// SPDX-License-Identifier: GPL-2.0
/*
 * EPT page-table builder (SDM 29.3.2).  A 4-level walk: PML4E bits 47:39,
 * PDPTE 38:30, PDE 29:21 (a 2-MiB leaf when bit 7 is set), PTE 20:12.
 * Non-leaf entries grant RWX (the leaf decides); leaves carry memory type
 * WB with "ignore PAT", so the guest's PAT cannot make RAM uncacheable.
 */
#include <liminal/errno.h>
#include <vmm/vmx/ept.h>
#include <vmm/vmx/vmx_arch.h>

#define EPT_LEAF_FLAGS \
	(EPT_RWX | ((u64)MEMTYPE_WB << EPT_MT_SHIFT) | EPT_IGNORE_PAT)

_Static_assert(EPT_ENTRIES * sizeof(u64) == EPT_PAGE_SIZE, "EPT table size");

static unsigned int ept_index(u64 gpa, int level)
{
	/* level 3 = PML4 ... level 0 = PT */
	return (gpa >> (12 + 9 * level)) & (EPT_ENTRIES - 1);
}

static u64 *entry_table(u64 entry)
{
	return (u64 *)(uintptr_t)(entry & EPT_ADDR_MASK);
}

int ept_init(struct ept *ept, const struct pgtable_alloc *alloc,
	     bool large_pages)
{
	ept->alloc = alloc;
	ept->large_pages = large_pages;
	ept->pml4 = alloc->alloc_page(alloc->ctx);
	if (!ept->pml4)
		return -ENOMEM;
	ept->nr_tables = 1;
	return 0;
}

/* The table one level below @table[idx], allocated on first use. */
static u64 *next_table(struct ept *ept, u64 *table, unsigned int idx)
{
	u64 *next;

	if (table[idx] & EPT_LARGE)
		return NULL; /* already a 2-MiB leaf: overlap */
	if (table[idx] & EPT_RWX)
		return entry_table(table[idx]);
	next = ept->alloc->alloc_page(ept->alloc->ctx);
	if (!next)
		return NULL;
	ept->nr_tables++;
	table[idx] = ((u64)(uintptr_t)next & EPT_ADDR_MASK) | EPT_RWX;
	return next;
}

/* Map one 4-KiB page or, when @large, one 2-MiB page. */
static int ept_map_one(struct ept *ept, u64 gpa, u64 hpa, bool large)
{
	u64 *table = ept->pml4;
	int level, leaf_level = large ? 1 : 0;
	unsigned int idx;

	for (level = EPT_LEVELS - 1; level > leaf_level; level--) {
		idx = ept_index(gpa, level);
		if (table[idx] & EPT_LARGE)
			return -EINVAL;
		table = next_table(ept, table, idx);
		if (!table)
			return -ENOMEM;
	}
	idx = ept_index(gpa, leaf_level);
	if (table[idx] & EPT_RWX)
		return -EINVAL; /* overlaps an existing mapping */
	table[idx] = (hpa & EPT_ADDR_MASK) | EPT_LEAF_FLAGS |
		     (large ? EPT_LARGE : 0);
	return 0;
}

int ept_map(struct ept *ept, u64 gpa, u64 hpa, u64 size)
{
	u64 off = 0, step;
	int ret;

	if ((gpa | hpa | size) & (EPT_PAGE_SIZE - 1) || !size ||
	    gpa + size < gpa || (gpa + size - 1) >> 48)
		return -EINVAL;
	while (off < size) {
		bool large = ept->large_pages &&
			     !((gpa + off) & (EPT_LARGE_SIZE - 1)) &&
			     !((hpa + off) & (EPT_LARGE_SIZE - 1)) &&
			     size - off >= EPT_LARGE_SIZE;

		step = large ? EPT_LARGE_SIZE : EPT_PAGE_SIZE;
		ret = ept_map_one(ept, gpa + off, hpa + off, large);
		if (ret)
			return ret;
		off += step;
	}
	return 0;
}

u64 ept_translate(const struct ept *ept, u64 gpa)
{
	const u64 *table = ept->pml4;
	int level;

	if (gpa >> 48)
		return EPT_UNMAPPED;
	for (level = EPT_LEVELS - 1; level >= 0; level--) {
		u64 e = table[ept_index(gpa, level)];

		if (!(e & EPT_RWX))
			return EPT_UNMAPPED;
		if (level == 1 && (e & EPT_LARGE))
			return (e & EPT_ADDR_MASK & ~(EPT_LARGE_SIZE - 1)) +
			       (gpa & (EPT_LARGE_SIZE - 1));
		if (level == 0)
			return (e & EPT_ADDR_MASK) +
			       (gpa & (EPT_PAGE_SIZE - 1));
		table = entry_table(e);
	}
	return EPT_UNMAPPED;
}

u64 ept_pointer(const struct ept *ept)
{
	return ((u64)(uintptr_t)ept->pml4 & EPT_ADDR_MASK) | VMX_EPTP_MT_WB |
	       VMX_EPTP_PWL_4;
}

static void free_level(struct ept *ept, u64 *table, int level)
{
	unsigned int i;

	if (level > 0) {
		for (i = 0; i < EPT_ENTRIES; i++)
			if ((table[i] & EPT_RWX) && !(table[i] & EPT_LARGE))
				free_level(ept, entry_table(table[i]),
					   level - 1);
	}
	ept->alloc->free_page(ept->alloc->ctx, table);
	ept->nr_tables--;
}

void ept_fini(struct ept *ept)
{
	if (!ept->pml4)
		return;
	free_level(ept, ept->pml4, EPT_LEVELS - 1);
	ept->pml4 = NULL;
}
