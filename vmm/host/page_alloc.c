// SPDX-License-Identifier: GPL-2.0
/*
 * The host page allocator: an address-ordered list of free runs.
 *
 * Each free run keeps its header in its own first page, so the allocator
 * needs no memory of its own.  page_alloc() is first fit and takes pages
 * from the end of a run (the header stays put); page_free() inserts in
 * address order and merges with both neighbours.  It starts with every
 * EfiConventionalMemory range above 1 MiB; the low megabyte is left alone
 * (real-mode structures, and page 0 stays unmapped).  IRQs are disabled
 * around list updates; not for NMI context.
 */
#include <entry/irqflags.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <host/panic.h>
#include "memmap.h"

#define LOW_MEMORY_END (1ull << 20)

struct free_run {
	struct free_run *next;
	size_t npages;
};

static struct free_run *free_list;
static size_t free_pages, total_pages;

static u64 run_end(const struct free_run *r)
{
	return (u64)r + r->npages * PAGE_SIZE;
}

/* Insert [addr, addr + npages) in address order, merging neighbours. */
static void free_list_insert(void *addr, size_t npages)
{
	struct free_run **link = &free_list, *prev = NULL, *run = addr;

	while (*link && (u64)*link < (u64)addr) {
		prev = *link;
		link = &(*link)->next;
	}
	run->npages = npages;
	run->next = *link;
	*link = run;
	if (run->next && run_end(run) == (u64)run->next) {
		run->npages += run->next->npages;
		run->next = run->next->next;
	}
	if (prev && run_end(prev) == (u64)run) {
		prev->npages += run->npages;
		prev->next = run->next;
	}
	free_pages += npages;
}

void page_free(void *addr, size_t npages)
{
	unsigned long flags;

	if (!addr || !npages)
		return;
	if (WARN_ON(!IS_ALIGNED((u64)addr, PAGE_SIZE)))
		return;
	raw_local_irq_save(flags);
	free_list_insert(addr, npages);
	raw_local_irq_restore(flags);
}

static void *free_list_take(size_t npages)
{
	struct free_run **link, *run;

	for (link = &free_list; (run = *link); link = &run->next) {
		if (run->npages < npages)
			continue;
		free_pages -= npages;
		if (run->npages == npages) {
			*link = run->next;
			return run;
		}
		run->npages -= npages;
		return (void *)run_end(run);
	}
	return NULL;
}

/* rep stosq: libefi's memset is a byte loop, slow under Bochs. */
static void zero_pages(void *p, size_t npages)
{
	size_t n = npages * PAGE_SIZE / sizeof(u64);

	__asm__ __volatile__("rep stosq"
			     : "+D"(p), "+c"(n)
			     : "a"(0ull)
			     : "memory");
}

void *page_alloc(size_t npages)
{
	unsigned long flags;
	void *p;

	if (!npages)
		return NULL;
	raw_local_irq_save(flags);
	p = free_list_take(npages);
	raw_local_irq_restore(flags);
	if (p)
		zero_pages(p, npages);
	return p;
}

size_t page_alloc_free_pages(void)
{
	return free_pages;
}

size_t page_alloc_total_pages(void)
{
	return total_pages;
}

static void page_alloc_add(const struct memmap_range *r, void *ctx)
{
	u64 start = r->start < LOW_MEMORY_END ? LOW_MEMORY_END : r->start;

	(void)ctx;
	if (r->kind != MEMMAP_FREE || r->end <= start)
		return;
	free_list_insert((void *)start, (r->end - start) / PAGE_SIZE);
	total_pages += (r->end - start) / PAGE_SIZE;
}

void page_alloc_init(const struct host_memmap *mm)
{
	memmap_for_each(mm, page_alloc_add, NULL);
	pr_info("page_alloc: %lu pages (%lu MiB) free above 1 MiB\n",
		(u64)free_pages, (u64)(free_pages * PAGE_SIZE) >> 20);
}

static void *pgtable_page_alloc(void *ctx)
{
	(void)ctx;
	return page_alloc(1);
}

static void pgtable_page_free(void *ctx, void *page)
{
	(void)ctx;
	page_free(page, 1);
}

const struct pgtable_alloc host_pgtable_alloc = {
	.alloc_page = pgtable_page_alloc,
	.free_page = pgtable_page_free,
};
