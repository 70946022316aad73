/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One page-table library for every table liminal builds, as Jailhouse
 * builds all of its tables from one paging description: the VMM's own
 * identity map (vmm/host/paging.c), AMD's nested page tables
 * (vmm/svm/npt.c), Intel's EPT (vmm/vmx/ept.c) and a long64 guest's own
 * tables in guest memory (vmm/guest_setup.c).
 *
 * A struct paging_format describes an entry format (include/arch/pgtable.h)
 * as data: every format here keeps addresses in bits 51:12 and marks a
 * large leaf with bit 7, so what differs is which bits mean "present", the
 * flags of a table entry and which levels may hold a leaf.  A struct paging
 * is one tree of tables in that format, with the allocator its table pages
 * come from.
 *
 * Pure C over the pages the allocator hands out: no hardware access, no
 * TLB flush (the caller's business), so the host unit tests
 * (tests/lib/test_paging.c) build and walk tables in ordinary memory.  Not
 * reentrant: one caller at a time per struct paging.
 */
#ifndef LIB_PAGING_H
#define LIB_PAGING_H

#include <arch/pgtable.h>
#include <liminal/compiler.h>
#include <liminal/errno.h>
#include <liminal/types.h>

/*
 * Where table pages come from: alloc_page() returns one zeroed, 4 KiB
 * aligned page or NULL, free_page() gives it back.  page_addr() and
 * addr_page() convert between a page and the address a table entry holds
 * for it (addr_page() returns NULL for an address it cannot reach); NULL
 * for both when that address is the page's own (identity-mapped host
 * memory).  A guest's own tables set them: their entries hold
 * guest-physical addresses.
 */
struct pgtable_alloc {
	void *(*alloc_page)(void *ctx);
	void (*free_page)(void *ctx, void *page);
	u64 (*page_addr)(void *ctx, const void *page);
	void *(*addr_page)(void *ctx, u64 addr);
	void *ctx;
};

/* An entry format: tables of 512 entries, level 1 (4 KiB leaves) upwards. */
struct paging_format {
	unsigned int levels; /* the root's level: 4 walks 48-bit addresses */
	unsigned int leaf_levels; /* bit n: a level-n entry may be a leaf;
				   * bit 1 always */
	u64 present; /* an entry with any of these bits set is used */
	u64 large; /* in an entry above level 1: a leaf, not a table */
	u64 table_flags; /* a table entry: the next table's address | these */
};

#define PAGING_LEVEL(n) (1u << (n))

/*
 * The formats, defined here so that the inline walk below folds their
 * fields into constants.  Long mode (SDM Vol. 3A 4.5): the host's and a
 * guest's own tables.
 */
static const struct paging_format paging_x86_64 = {
	.levels = 4,
	.leaf_levels = PAGING_LEVEL(1) | PAGING_LEVEL(2) | PAGING_LEVEL(3),
	.present = PTE_P,
	.large = PTE_PS,
	.table_flags = PTE_P | PTE_RW, /* the leaves decide */
};

/* AMD nested paging (APM Vol. 2 15.25.5): every walk is a user access. */
static const struct paging_format paging_npt = {
	.levels = 4,
	.leaf_levels = PAGING_LEVEL(1) | PAGING_LEVEL(2) | PAGING_LEVEL(3),
	.present = PTE_P,
	.large = PTE_PS,
	.table_flags = PTE_P | PTE_RW | PTE_US,
};

/* Intel EPT (SDM 29.3.2): present means readable, writable or executable. */
static const struct paging_format paging_ept = {
	.levels = 4,
	.leaf_levels = PAGING_LEVEL(1) | PAGING_LEVEL(2) | PAGING_LEVEL(3),
	.present = EPT_RWX,
	.large = EPT_LARGE,
	.table_flags = EPT_RWX, /* the leaves decide */
};

struct paging {
	const struct paging_format *fmt;
	const struct pgtable_alloc *alloc;
	u64 root; /* the top table's address (CR3, N_CR3, EPTP); 0: none */
	unsigned int max_leaf_level; /* largest leaf paging_map() makes */
	unsigned int nr_tables; /* table pages in use, the root included */
};

/* One leaf found by paging_lookup(). */
struct paging_leaf {
	u64 entry; /* as the table holds it */
	unsigned int level; /* 1: 4 KiB, 2: 2 MiB, 3: 1 GiB */
	u64 pa; /* the address the looked-up address translates to */
};

/*
 * An empty tree: the root table allocated.  max_leaf_level 1 maps with
 * 4 KiB leaves only, 2 also with 2 MiB leaves, 3 also with 1 GiB leaves
 * (levels the format allows).  0, -EINVAL (level the format cannot hold)
 * or -ENOMEM.
 */
int paging_alloc(struct paging *pt, const struct paging_format *fmt,
		 const struct pgtable_alloc *alloc,
		 unsigned int max_leaf_level);

/*
 * Maps [va, va + size) to [pa, pa + size) with leaf flags (the format's
 * permission and memory-type bits: no address, no large-page bit), each
 * piece with the largest leaf that va, pa and the rest of the range allow.
 * All or nothing: 0, -EINVAL (not 4 KiB aligned, empty, beyond the
 * format's addresses, bad flags), -EEXIST (a part is mapped already),
 * -ENOMEM (out of table pages) or -EFAULT (a table the allocator cannot
 * reach); on error nothing of the range is mapped.
 */
int paging_map(struct paging *pt, u64 va, u64 pa, u64 size, u64 flags);

/*
 * Unmaps [va, va + size): absent parts are skipped, a large leaf only
 * partly inside is split first, tables left empty are freed.  0, -EINVAL
 * (as for paging_map()), -ENOMEM (a split found no table page: the part
 * before it is unmapped) or -EFAULT.
 */
int paging_unmap(struct paging *pt, u64 va, u64 size);

/* Frees every table page, the root included; pt->root is 0 afterwards. */
void paging_free(struct paging *pt);

/*
 * ---- The walk ----
 * Inline, as KVM's guest walker is compiled per use: vm_gva_to_gpa() runs
 * it on the MMIO exit path, where the format's fields become constants,
 * the allocator's address translation a direct call, and the walk costs
 * what a hand-written one would.
 */

static inline unsigned int paging_index(u64 va, unsigned int level)
{
	return (va >> PT_LEVEL_SHIFT(level)) & (PT_ENTRIES - 1);
}

/* The first address past what the tables translate (1 << 48 for 4 levels). */
static inline u64 paging_va_limit(const struct paging *pt)
{
	return PT_LEVEL_SIZE(pt->fmt->levels + 1);
}

static inline bool paging_present(const struct paging *pt, u64 e)
{
	return e & pt->fmt->present;
}

/* Only for a present entry. */
static inline bool paging_is_leaf(const struct paging *pt, u64 e,
				  unsigned int level)
{
	return level == 1 || ((pt->fmt->leaf_levels & PAGING_LEVEL(level)) &&
			      (e & pt->fmt->large));
}

static inline void *paging_identity(void *ctx, u64 addr)
{
	(void)ctx;
	return (void *)(uintptr_t)addr;
}

static inline u64 *paging_table_at(const struct paging *pt, u64 addr)
{
	const struct pgtable_alloc *a = pt->alloc;

	return (a->addr_page ? a->addr_page : paging_identity)(a->ctx, addr);
}

static inline u64 *paging_next_table(const struct paging *pt, u64 e)
{
	return paging_table_at(pt, e & PTE_ADDR_MASK);
}

/*
 * The walk of paging_lookup() with the table translation as a parameter:
 * a caller that passes its own inline function (vm_gva_to_gpa()) gets the
 * whole walk compiled into it, unrolled, each level's shift and leaf test a
 * constant.
 */
static __always_inline int
__paging_lookup(const struct paging *pt, u64 va, struct paging_leaf *leaf,
		void *(*addr_page)(void *ctx, u64 addr))
{
	void *ctx = pt->alloc->ctx;
	const u64 *table = addr_page(ctx, pt->root);
	unsigned int level;

	if (va >= paging_va_limit(pt))
		return -EFAULT;
#pragma GCC unroll 4
	for (level = pt->fmt->levels; table && level >= 1; level--) {
		u64 e = table[paging_index(va, level)];
		u64 size = PT_LEVEL_SIZE(level);

		if (!paging_present(pt, e))
			return -EFAULT;
		if (paging_is_leaf(pt, e, level)) {
			leaf->entry = e;
			leaf->level = level;
			leaf->pa = (e & PTE_ADDR_MASK & ~(size - 1)) |
				   (va & (size - 1));
			return 0;
		}
		table = addr_page(ctx, e & PTE_ADDR_MASK);
	}
	return -EFAULT;
}

/* The leaf mapping va: 0, or -EFAULT when nothing (reachable) maps it. */
static inline int paging_lookup(const struct paging *pt, u64 va,
				struct paging_leaf *leaf)
{
	void *(*addr_page)(void *, u64) = pt->alloc->addr_page;

	return __paging_lookup(pt, va, leaf,
			       addr_page ? addr_page : paging_identity);
}

/* *pa for va: 0, or -EFAULT as paging_lookup(). */
static inline int paging_translate(const struct paging *pt, u64 va, u64 *pa)
{
	struct paging_leaf leaf;
	int ret = paging_lookup(pt, va, &leaf);

	if (!ret)
		*pa = leaf.pa;
	return ret;
}

#endif /* LIB_PAGING_H */
