/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A struct pgtable_alloc for the page-table unit tests (lib/paging.c and
 * its users): pages from aligned_alloc(), a count of the live ones (every
 * page given back?), and a failure after N allocations (error paths
 * release what they built).
 */
#ifndef TESTS_COUNTING_ALLOC_H
#define TESTS_COUNTING_ALLOC_H

#include <stdlib.h>
#include <string.h>

#include <arch/pgtable.h>
#include <lib/paging.h>

struct counting_alloc {
	int live;
	int fail_after; /* -1: never fail */
};

static void *counting_alloc_page(void *ctx)
{
	struct counting_alloc *a = ctx;
	void *p;

	if (a->fail_after == 0)
		return NULL;
	if (a->fail_after > 0)
		a->fail_after--;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (p) {
		memset(p, 0, PAGE_SIZE);
		a->live++;
	}
	return p;
}

static void counting_free_page(void *ctx, void *page)
{
	struct counting_alloc *a = ctx;

	a->live--;
	free(page);
}

static struct counting_alloc counter;
static const struct pgtable_alloc allocator = {
	.alloc_page = counting_alloc_page,
	.free_page = counting_free_page,
	.ctx = &counter,
};

#endif /* TESTS_COUNTING_ALLOC_H */
