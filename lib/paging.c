// SPDX-License-Identifier: GPL-2.0
/*
 * The page-table library: see include/lib/paging.h for the contract.
 *
 * Map and unmap walk a range recursively, one table per call: at each
 * level the range is cut at the entry boundaries, and each piece is a leaf
 * of that level, or is handed to the table below (made when absent,
 * split out of a large leaf when unmapping part of it).  The lookup is
 * inline in the header.
 */
#include <arch/pgtable.h>
#include <lib/paging.h>
#include <liminal/compiler.h>
#include <liminal/errno.h>

#define PA_LIMIT (PTE_ADDR_MASK + PAGE_SIZE) /* 1 << 52 */

_Static_assert(PT_ENTRIES * sizeof(u64) == PAGE_SIZE, "table size");

static u64 leaf_entry(const struct paging *pt, u64 pa, u64 flags,
		      unsigned int level)
{
	return pa | flags | (level > 1 ? pt->fmt->large : 0);
}

/* A zeroed table page linked into *e, or NULL when none is left. */
static u64 *new_table(struct paging *pt, u64 *e)
{
	const struct pgtable_alloc *a = pt->alloc;
	u64 *t = a->alloc_page(a->ctx);

	if (!t)
		return NULL;
	pt->nr_tables++;
	*e = (a->page_addr ? a->page_addr(a->ctx, t) : (u64)(uintptr_t)t) |
	     pt->fmt->table_flags;
	return t;
}

static void free_tree(struct paging *pt, u64 *table, unsigned int level)
{
	for (unsigned int i = 0; level > 1 && i < PT_ENTRIES; i++) {
		u64 e = table[i];
		u64 *t;

		if (!paging_present(pt, e) || paging_is_leaf(pt, e, level))
			continue;
		t = paging_next_table(pt, e);
		if (t)
			free_tree(pt, t, level - 1);
	}
	pt->alloc->free_page(pt->alloc->ctx, table);
	pt->nr_tables--;
}

static bool table_empty(const struct paging *pt, const u64 *table)
{
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		if (paging_present(pt, table[i]))
			return false;
	}
	return true;
}

/* Unlinks and frees the table *e points to if nothing in it is used. */
static void prune(struct paging *pt, u64 *e, u64 *table)
{
	if (!table_empty(pt, table))
		return;
	*e = 0;
	pt->alloc->free_page(pt->alloc->ctx, table);
	pt->nr_tables--;
}

/* The end of the level-@level entry holding va, clipped to end. */
static u64 entry_end(u64 va, u64 end, unsigned int level)
{
	u64 next = ALIGN_DOWN(va, PT_LEVEL_SIZE(level)) + PT_LEVEL_SIZE(level);

	return next < end ? next : end;
}

/* One paging_map() call: pa = va + delta, and how far it got. */
struct map_op {
	u64 delta;
	u64 flags;
	u64 mapped_end; /* [start, mapped_end) is mapped by this call */
};

static bool leaf_fits(const struct paging *pt, unsigned int level, u64 va,
		      u64 next, const struct map_op *op)
{
	u64 size = PT_LEVEL_SIZE(level);

	if (level == 1)
		return true;
	return level <= pt->max_leaf_level &&
	       (pt->fmt->leaf_levels & PAGING_LEVEL(level)) &&
	       next - va == size && IS_ALIGNED(va, size) &&
	       IS_ALIGNED(va + op->delta, size);
}

static int map_level(struct paging *pt, u64 *table, unsigned int level, u64 va,
		     u64 end, struct map_op *op);

/* Maps [va, next) in the table below *e, made if absent. */
static int map_below(struct paging *pt, u64 *e, unsigned int level, u64 va,
		     u64 next, struct map_op *op)
{
	u64 *t = paging_present(pt, *e) ? paging_next_table(pt, *e) :
					  new_table(pt, e);
	int ret;

	if (!t)
		return paging_present(pt, *e) ? -EFAULT : -ENOMEM;
	ret = map_level(pt, t, level - 1, va, next, op);
	if (ret)
		prune(pt, e, t);
	return ret;
}

static int map_level(struct paging *pt, u64 *table, unsigned int level, u64 va,
		     u64 end, struct map_op *op)
{
	while (va < end) {
		u64 next = entry_end(va, end, level);
		u64 *e = &table[paging_index(va, level)];
		int ret;

		if (paging_present(pt, *e) && paging_is_leaf(pt, *e, level))
			return -EEXIST;
		if (!paging_present(pt, *e) &&
		    leaf_fits(pt, level, va, next, op)) {
			*e = leaf_entry(pt, va + op->delta, op->flags, level);
			op->mapped_end = next;
		} else {
			ret = map_below(pt, e, level, va, next, op);
			if (ret)
				return ret;
		}
		va = next;
	}
	return 0;
}

/* The range checks of paging_map() and paging_unmap(). */
static bool range_ok(const struct paging *pt, u64 va, u64 size)
{
	return pt->root && size && !((va | size) & (PAGE_SIZE - 1)) &&
	       va < paging_va_limit(pt) && size <= paging_va_limit(pt) - va;
}

int paging_map(struct paging *pt, u64 va, u64 pa, u64 size, u64 flags)
{
	struct map_op op = { .delta = pa - va,
			     .flags = flags,
			     .mapped_end = va };
	u64 *root;
	int ret;

	if (!range_ok(pt, va, size) || pa & ~PTE_ADDR_MASK ||
	    size > PA_LIMIT - pa || flags & (PTE_ADDR_MASK | pt->fmt->large) ||
	    !paging_present(pt, flags))
		return -EINVAL;
	root = paging_table_at(pt, pt->root);
	if (!root)
		return -EFAULT;
	ret = map_level(pt, root, pt->fmt->levels, va, va + size, &op);
	/* only whole leaves of this call lie below mapped_end: no split */
	if (ret && op.mapped_end != va)
		paging_unmap(pt, va, op.mapped_end - va);
	return ret;
}

/* A large leaf at @level becomes a table of leaves one level down. */
static int split(struct paging *pt, u64 *e, unsigned int level)
{
	u64 child = PT_LEVEL_SIZE(level - 1);
	u64 base = *e & PTE_ADDR_MASK & ~(PT_LEVEL_SIZE(level) - 1);
	u64 flags = *e & ~PTE_ADDR_MASK & ~pt->fmt->large;
	u64 *t = new_table(pt, e); /* *e unchanged when NULL */

	if (!t)
		return -ENOMEM;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = leaf_entry(pt, base + i * child, flags, level - 1);
	return 0;
}

static int unmap_level(struct paging *pt, u64 *table, unsigned int level,
		       u64 va, u64 end)
{
	while (va < end) {
		u64 next = entry_end(va, end, level);
		u64 *e = &table[paging_index(va, level)];
		bool whole = next - va == PT_LEVEL_SIZE(level);
		u64 *t;
		int ret;

		if (!paging_present(pt, *e) ||
		    (whole && paging_is_leaf(pt, *e, level))) {
			*e = 0;
			va = next;
			continue;
		}
		if (paging_is_leaf(pt, *e, level)) {
			ret = split(pt, e, level);
			if (ret)
				return ret;
		}
		t = paging_next_table(pt, *e);
		if (!t)
			return -EFAULT;
		if (whole) {
			free_tree(pt, t, level - 1);
			*e = 0;
		} else {
			ret = unmap_level(pt, t, level - 1, va, next);
			prune(pt, e, t);
			if (ret)
				return ret;
		}
		va = next;
	}
	return 0;
}

int paging_unmap(struct paging *pt, u64 va, u64 size)
{
	u64 *root;

	if (!range_ok(pt, va, size))
		return -EINVAL;
	root = paging_table_at(pt, pt->root);
	if (!root)
		return -EFAULT;
	return unmap_level(pt, root, pt->fmt->levels, va, va + size);
}

int paging_alloc(struct paging *pt, const struct paging_format *fmt,
		 const struct pgtable_alloc *alloc, unsigned int max_leaf_level)
{
	u64 root = 0; /* new_table() links the page here: address | flags */

	*pt = (struct paging){ .fmt = fmt, .alloc = alloc };
	if (!max_leaf_level || max_leaf_level >= fmt->levels ||
	    (max_leaf_level > 1 &&
	     !(fmt->leaf_levels & PAGING_LEVEL(max_leaf_level))))
		return -EINVAL;
	pt->max_leaf_level = max_leaf_level;
	if (!new_table(pt, &root))
		return -ENOMEM;
	pt->root = root & PTE_ADDR_MASK;
	return 0;
}

void paging_free(struct paging *pt)
{
	if (!pt->root)
		return;
	free_tree(pt, paging_table_at(pt, pt->root), pt->fmt->levels);
	pt->root = 0;
}
