// SPDX-License-Identifier: GPL-2.0
/*
 * The page-table library (lib/paging.c) in each entry format it serves
 * (long mode, AMD nested, Intel EPT): map/translate/unmap round trips with
 * 4 KiB, 2 MiB and 1 GiB leaves, large leaves split by a partial unmap,
 * the errors (misaligned, overlap, out of memory) leaving the tree as it
 * was, tables in memory that is not identity mapped (a guest's own), and
 * every table page given back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arch/memtype.h>
#include <arch/pgtable.h>
#include <lib/paging.h>
#include <liminal/errno.h>

#include "../common/counting_alloc.h"

#define KIB4 PT_LEVEL_SIZE(1)
#define MIB2 PT_LEVEL_SIZE(2)
#define GIB1 PT_LEVEL_SIZE(3)
#define PA 0x8000000000ull /* 512 GiB: aligned for every leaf size */

struct format_case {
	const struct paging_format *fmt;
	u64 flags; /* what a user of the format maps with */
};

static const struct format_case x86_64 = { &paging_x86_64,
					   PTE_P | PTE_RW | PTE_NX };
static const struct format_case npt = { &paging_npt, PTE_P | PTE_RW | PTE_US };
static const struct format_case ept = {
	&paging_ept,
	EPT_RWX | ((u64)MEMTYPE_WB << EPT_MT_SHIFT) | EPT_IGNORE_PAT
};

static const struct format_case *fc(void **state)
{
	return *state;
}

static void init(struct paging *pt, void **state, unsigned int max_leaf)
{
	counter = (struct counting_alloc){ 0, -1 };
	assert_int_equal(paging_alloc(pt, fc(state)->fmt, &allocator, max_leaf),
			 0);
	assert_int_equal(pt->nr_tables, 1);
	assert_int_equal(counter.live, 1);
}

static void fini(struct paging *pt)
{
	paging_free(pt);
	assert_int_equal(pt->root, 0);
	assert_int_equal(counter.live, 0);
}

/* The leaf for va: its level, the address it gives, the format's flags. */
static void expect_leaf(const struct paging *pt, void **state, u64 va, u64 pa,
			unsigned int level)
{
	const struct paging_format *f = fc(state)->fmt;
	struct paging_leaf leaf;

	assert_int_equal(paging_lookup(pt, va, &leaf), 0);
	assert_int_equal(leaf.level, level);
	assert_int_equal(leaf.pa, pa);
	assert_int_equal(leaf.entry & ~PTE_ADDR_MASK,
			 fc(state)->flags | (level > 1 ? f->large : 0));
}

static void expect_unmapped(const struct paging *pt, u64 va)
{
	u64 pa = 0x1234;

	assert_int_equal(paging_translate(pt, va, &pa), -EFAULT);
	assert_int_equal(pa, 0x1234);
}

static void round_trip_4k(void **state)
{
	struct paging pt;
	u64 va = 0x7ffff000, pa;

	init(&pt, state, 1);
	/* 8 KiB across a 2 GiB boundary: two PTs under two PDs */
	assert_int_equal(paging_map(&pt, va, PA + 0x5000, 2 * KIB4,
				    fc(state)->flags),
			 0);
	assert_int_equal(pt.nr_tables, 6); /* PML4, PDPT, 2 PDs, 2 PTs */
	expect_leaf(&pt, state, va + 0x123, PA + 0x5123, 1);
	expect_leaf(&pt, state, va + KIB4 + 0xfff, PA + 0x6fff, 1);
	assert_int_equal(paging_translate(&pt, va + 8, &pa), 0);
	assert_int_equal(pa, PA + 0x5008);
	expect_unmapped(&pt, va - 1);
	expect_unmapped(&pt, va + 2 * KIB4);
	expect_unmapped(&pt, 1ull << 48);
	/* unmapping all of it frees every table below the root */
	assert_int_equal(paging_unmap(&pt, va, 2 * KIB4), 0);
	expect_unmapped(&pt, va);
	expect_unmapped(&pt, va + KIB4);
	assert_int_equal(pt.nr_tables, 1);
	assert_int_equal(counter.live, 1);
	/* and the same range maps again */
	assert_int_equal(paging_map(&pt, va, PA, 2 * KIB4, fc(state)->flags),
			 0);
	expect_leaf(&pt, state, va, PA, 1);
	fini(&pt);
}

static void table_entries_are_the_formats(void **state)
{
	const struct paging_format *f = fc(state)->fmt;
	struct paging pt;
	const u64 *t;
	int level;

	init(&pt, state, 2);
	assert_int_equal(paging_map(&pt, 0x7f000, PA, KIB4, fc(state)->flags),
			 0);
	t = (const u64 *)(uintptr_t)pt.root;
	for (level = 4; level > 1; level--) {
		u64 e = t[(0x7f000ull >> PT_LEVEL_SHIFT(level)) & 511];

		assert_int_equal(e & ~PTE_ADDR_MASK, f->table_flags);
		t = (const u64 *)(uintptr_t)(e & PTE_ADDR_MASK);
	}
	assert_int_equal(t[0x7f], PA | fc(state)->flags);
	fini(&pt);
}

/* 1 GiB + 2 MiB + 4 KiB from aligned addresses: one leaf of each size. */
static void large_leaves_mixed_sizes(void **state)
{
	u64 size = GIB1 + MIB2 + KIB4;
	struct paging pt;

	init(&pt, state, 3);
	assert_int_equal(paging_map(&pt, GIB1, PA, size, fc(state)->flags), 0);
	expect_leaf(&pt, state, GIB1 + 0x12345678, PA + 0x12345678, 3);
	expect_leaf(&pt, state, 2 * GIB1 + 0x1234, PA + GIB1 + 0x1234, 2);
	expect_leaf(&pt, state, 2 * GIB1 + MIB2 + 0xabc,
		    PA + GIB1 + MIB2 + 0xabc, 1);
	expect_unmapped(&pt, GIB1 + size);
	expect_unmapped(&pt, GIB1 - 1);
	assert_int_equal(pt.nr_tables, 4); /* PML4, PDPT, PD, PT */
	assert_int_equal(paging_unmap(&pt, GIB1, size), 0);
	assert_int_equal(pt.nr_tables, 1);
	fini(&pt);
}

/* The leaf size follows the cap and what both addresses allow. */
static void leaf_size_from_cap_and_alignment(void **state)
{
	struct paging pt;

	init(&pt, state, 2); /* no 1 GiB leaves */
	assert_int_equal(paging_map(&pt, 0, PA, GIB1, fc(state)->flags), 0);
	expect_leaf(&pt, state, GIB1 - 1, PA + GIB1 - 1, 2);
	assert_int_equal(pt.nr_tables, 3);
	/* va 2 MiB aligned, pa only 4 KiB: 4 KiB leaves */
	assert_int_equal(paging_map(&pt, 4 * GIB1, PA + KIB4, MIB2,
				    fc(state)->flags),
			 0);
	expect_leaf(&pt, state, 4 * GIB1 + MIB2 - 1, PA + KIB4 + MIB2 - 1, 1);
	fini(&pt);
	init(&pt, state, 1); /* 4 KiB only */
	assert_int_equal(paging_map(&pt, 0, PA, MIB2, fc(state)->flags), 0);
	expect_leaf(&pt, state, 0, PA, 1);
	assert_int_equal(pt.nr_tables, 4);
	fini(&pt);
}

/* A hole punched in a 1 GiB leaf: 2 MiB leaves, 4 KiB ones around it. */
static void unmap_splits_large_leaves(void **state)
{
	u64 hole = 5 * MIB2 + 7 * KIB4;
	struct paging pt;

	init(&pt, state, 3);
	assert_int_equal(paging_map(&pt, 0, PA, GIB1, fc(state)->flags), 0);
	assert_int_equal(pt.nr_tables, 2);
	assert_int_equal(paging_unmap(&pt, hole, KIB4), 0);
	assert_int_equal(pt.nr_tables, 4); /* + PD, PT */
	expect_unmapped(&pt, hole);
	expect_leaf(&pt, state, hole - 1, PA + hole - 1, 1);
	expect_leaf(&pt, state, hole + KIB4, PA + hole + KIB4, 1);
	expect_leaf(&pt, state, 5 * MIB2 - 1, PA + 5 * MIB2 - 1, 2);
	expect_leaf(&pt, state, 6 * MIB2, PA + 6 * MIB2, 2);
	expect_leaf(&pt, state, GIB1 - 1, PA + GIB1 - 1, 2);
	/* the hole maps again, to elsewhere */
	assert_int_equal(paging_map(&pt, hole, 0x1000, KIB4, fc(state)->flags),
			 0);
	expect_leaf(&pt, state, hole + 1, 0x1001, 1);
	/* unmapping the rest frees the split tables too */
	assert_int_equal(paging_unmap(&pt, 0, GIB1), 0);
	assert_int_equal(pt.nr_tables, 1);
	fini(&pt);
}

static void refuses_bad_arguments(void **state)
{
	const struct paging_format *f = fc(state)->fmt;
	u64 flags = fc(state)->flags;
	struct paging pt;

	counter = (struct counting_alloc){ 0, -1 };
	assert_int_equal(paging_alloc(&pt, f, &allocator, 0), -EINVAL);
	assert_int_equal(paging_alloc(&pt, f, &allocator, 4), -EINVAL);
	assert_int_equal(counter.live, 0);
	init(&pt, state, 2);
	assert_int_equal(paging_map(&pt, 0x800, PA, KIB4, flags), -EINVAL);
	assert_int_equal(paging_map(&pt, 0, PA + 1, KIB4, flags), -EINVAL);
	assert_int_equal(paging_map(&pt, 0, PA, 100, flags), -EINVAL);
	assert_int_equal(paging_map(&pt, 0, PA, 0, flags), -EINVAL);
	assert_int_equal(paging_map(&pt, 1ull << 48, PA, KIB4, flags), -EINVAL);
	assert_int_equal(paging_map(&pt, (1ull << 48) - KIB4, PA, 2 * KIB4,
				    flags),
			 -EINVAL);
	assert_int_equal(paging_map(&pt, 0, 1ull << 52, KIB4, flags), -EINVAL);
	assert_int_equal(paging_map(&pt, 0, (1ull << 52) - KIB4, 2 * KIB4,
				    flags),
			 -EINVAL);
	assert_int_equal(paging_map(&pt, 0, PA, KIB4, flags | f->large),
			 -EINVAL);
	assert_int_equal(paging_map(&pt, 0, PA, KIB4, flags | KIB4), -EINVAL);
	assert_int_equal(paging_map(&pt, 0, PA, KIB4, flags & ~f->present),
			 -EINVAL);
	assert_int_equal(paging_unmap(&pt, 0x800, KIB4), -EINVAL);
	assert_int_equal(paging_unmap(&pt, 0, 0), -EINVAL);
	/* nothing was built: the root alone, and the top page maps */
	assert_int_equal(pt.nr_tables, 1);
	assert_int_equal(paging_map(&pt, (1ull << 48) - KIB4,
				    (1ull << 52) - KIB4, KIB4, flags),
			 0);
	expect_leaf(&pt, state, (1ull << 48) - 1, (1ull << 52) - 1, 1);
	fini(&pt);
	assert_int_equal(paging_map(&pt, 0, PA, KIB4, flags), -EINVAL);
}

/* An overlap refuses the whole range: the part before it is not kept. */
static void overlap_maps_nothing(void **state)
{
	u64 flags = fc(state)->flags;
	struct paging pt;

	init(&pt, state, 2);
	assert_int_equal(paging_map(&pt, 0, PA, MIB2, flags), 0);
	assert_int_equal(paging_map(&pt, 0x1000, PA, KIB4, flags), -EEXIST);
	assert_int_equal(paging_map(&pt, 4 * MIB2, PA, KIB4, flags), 0);
	assert_int_equal(paging_map(&pt, 4 * MIB2, PA, KIB4, flags), -EEXIST);
	assert_int_equal(pt.nr_tables, 4);
	/*
	 * [3 MiB, 8 MiB + 8 KiB): a PT, two 2 MiB leaves, then the 4 KiB
	 * page at 8 MiB
	 */
	assert_int_equal(paging_map(&pt, 3 * MIB2 / 2, PA + MIB2 / 2,
				    5 * MIB2 / 2 + 2 * KIB4, flags),
			 -EEXIST);
	expect_unmapped(&pt, 3 * MIB2 / 2);
	expect_unmapped(&pt, 2 * MIB2);
	expect_unmapped(&pt, 4 * MIB2 - 1);
	expect_leaf(&pt, state, 4 * MIB2, PA, 1);
	expect_leaf(&pt, state, MIB2 - 1, PA + MIB2 - 1, 2);
	assert_int_equal(pt.nr_tables, 4);
	assert_int_equal(counter.live, 4);
	fini(&pt);
}

/* Out of table pages: -ENOMEM, and the tree is as it was. */
static void out_of_memory_maps_nothing(void **state)
{
	u64 flags = fc(state)->flags;
	struct paging pt;

	counter = (struct counting_alloc){ 0, 0 };
	assert_int_equal(paging_alloc(&pt, fc(state)->fmt, &allocator, 2),
			 -ENOMEM);
	assert_int_equal(pt.root, 0);
	assert_int_equal(counter.live, 0);

	init(&pt, state, 2);
	assert_int_equal(paging_map(&pt, 0, PA, KIB4, flags), 0);
	/* 2 MiB (a leaf in the PD there) then 4 KiB in a new PD + PT */
	counter.fail_after = 1;
	assert_int_equal(paging_map(&pt, GIB1 - MIB2, PA, MIB2 + KIB4, flags),
			 -ENOMEM);
	expect_unmapped(&pt, GIB1 - MIB2);
	expect_unmapped(&pt, GIB1);
	expect_leaf(&pt, state, 0, PA, 1);
	assert_int_equal(pt.nr_tables, 4);
	assert_int_equal(counter.live, 4);

	/* a split with no page left: the large leaf stays whole */
	counter.fail_after = -1;
	assert_int_equal(paging_map(&pt, 2 * MIB2, PA, MIB2, flags), 0);
	counter.fail_after = 0;
	assert_int_equal(paging_unmap(&pt, 2 * MIB2, KIB4), -ENOMEM);
	expect_leaf(&pt, state, 2 * MIB2, PA, 2);
	assert_int_equal(pt.nr_tables, 4);
	fini(&pt);
}

/* Scattered mappings of every size: paging_free() returns each table. */
static void free_releases_every_table(void **state)
{
	u64 flags = fc(state)->flags;
	struct paging pt;
	int i;

	init(&pt, state, 3);
	for (i = 0; i < 8; i++) {
		u64 va = (u64)i << 39 | (u64)i << 30 | (u64)i << 21;

		assert_int_equal(paging_map(&pt, va + KIB4, PA, KIB4, flags),
				 0);
		assert_int_equal(paging_map(&pt, va + MIB2, PA, MIB2, flags),
				 0);
	}
	assert_int_equal(paging_map(&pt, 8ull << 39, PA, GIB1, flags), 0);
	assert_int_equal(pt.nr_tables, counter.live);
	assert_int_equal(counter.live, 1 + 8 * 3 + 1);
	fini(&pt);
	paging_free(&pt); /* twice: nothing left to free */
	assert_int_equal(counter.live, 0);
}

/*
 * Tables inside a "guest memory" buffer whose entries hold offsets into
 * it, as a guest's own tables hold guest-physical addresses.
 */
struct guest_mem {
	u8 *base;
	u64 size;
	u64 next; /* bump allocator */
};

static void *guest_alloc(void *ctx)
{
	struct guest_mem *g = ctx;
	void *p;

	if (g->next + KIB4 > g->size)
		return NULL;
	p = g->base + g->next;
	memset(p, 0, KIB4);
	g->next += KIB4;
	return p;
}

static void guest_free(void *ctx, void *page)
{
	(void)ctx;
	(void)page;
}

static u64 guest_page_addr(void *ctx, const void *page)
{
	struct guest_mem *g = ctx;

	return (u64)((const u8 *)page - g->base);
}

static void *guest_addr_page(void *ctx, u64 addr)
{
	struct guest_mem *g = ctx;

	return addr < g->size ? g->base + addr : NULL;
}

static void tables_in_guest_memory(void **state)
{
	u8 *buf = aligned_alloc(KIB4, 8 * KIB4);
	struct guest_mem g = { buf, 8 * KIB4, KIB4 }; /* page 0 unused */
	const struct pgtable_alloc a = { guest_alloc, guest_free,
					 guest_page_addr, guest_addr_page, &g };
	u64 flags = fc(state)->flags;
	struct paging pt;
	u64 *root;

	assert_int_equal(paging_alloc(&pt, fc(state)->fmt, &a, 2), 0);
	assert_int_equal(pt.root, KIB4);
	assert_int_equal(paging_map(&pt, 0, 0, 4 * MIB2, flags), 0);
	assert_int_equal(paging_map(&pt, 1ull << 39, 0x5000, KIB4, flags), 0);
	expect_leaf(&pt, state, 3 * MIB2 + 5, 3 * MIB2 + 5, 2);
	expect_leaf(&pt, state, (1ull << 39) + 0x10, 0x5010, 1);
	/* entries hold offsets into the buffer, not host pointers */
	root = (u64 *)(buf + KIB4);
	assert_int_equal(root[0] & PTE_ADDR_MASK, 2 * KIB4);
	assert_int_equal(root[1] & PTE_ADDR_MASK, 4 * KIB4);
	/* out of guest memory; a table pointer it cannot reach */
	assert_int_equal(paging_map(&pt, 2ull << 39, 0, KIB4, flags), -ENOMEM);
	root[1] = (1ull << 30) | fc(state)->fmt->table_flags;
	expect_unmapped(&pt, (1ull << 39) + 0x10);
	assert_int_equal(paging_map(&pt, 1ull << 39, 0, KIB4, flags), -EFAULT);
	free(buf);
}

#define FORMAT_TESTS(f)                                                       \
	cmocka_unit_test_prestate(round_trip_4k, (void *)&f),                 \
		cmocka_unit_test_prestate(table_entries_are_the_formats,      \
					  (void *)&f),                        \
		cmocka_unit_test_prestate(large_leaves_mixed_sizes,           \
					  (void *)&f),                        \
		cmocka_unit_test_prestate(leaf_size_from_cap_and_alignment,   \
					  (void *)&f),                        \
		cmocka_unit_test_prestate(unmap_splits_large_leaves,          \
					  (void *)&f),                        \
		cmocka_unit_test_prestate(refuses_bad_arguments, (void *)&f), \
		cmocka_unit_test_prestate(overlap_maps_nothing, (void *)&f),  \
		cmocka_unit_test_prestate(out_of_memory_maps_nothing,         \
					  (void *)&f),                        \
		cmocka_unit_test_prestate(free_releases_every_table,          \
					  (void *)&f),                        \
		cmocka_unit_test_prestate(tables_in_guest_memory, (void *)&f)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FORMAT_TESTS(x86_64),
		FORMAT_TESTS(npt),
		FORMAT_TESTS(ept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
