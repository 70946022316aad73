// SPDX-License-Identifier: GPL-2.0
/*
 * Allocations for the host and the hand-off through ExitBootServices.
 */
#include <efi.h>
#include <efilib.h>
#include <efi/efi_boot.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>

/*
 * The memory-map buffer is allocated before the first GetMemoryMap that
 * counts: nothing may be allocated between that call and ExitBootServices,
 * so it is sized with room for the descriptors our own allocation and the
 * firmware's last events may add.  So is the neutral table the map is
 * converted into after ExitBootServices, one range per descriptor.
 */
#define MEMMAP_SLACK_DESCS 64
#define EBS_MAX_TRIES 8

/* The firmware's map as read, before its conversion. */
struct efi_memmap {
	void *buf;
	UINTN capacity; /* bytes in buf */
	UINTN size; /* bytes GetMemoryMap wrote */
	UINTN desc_size; /* descriptors are this far apart (>= their size) */
	u32 max_ranges; /* entries in the neutral table */
};

static void *efi_alloc_pages(UINTN pages)
{
	EFI_PHYSICAL_ADDRESS addr;
	EFI_STATUS st;

	st = BS->AllocatePages(AllocateAnyPages, EfiLoaderData, pages, &addr);
	if (EFI_ERROR(st)) {
		pr_err("AllocatePages(%lu) failed: status 0x%lx\n", (u64)pages,
		       (u64)st);
		return NULL;
	}
	return (void *)addr;
}

int efi_alloc_host(struct host_boot_info *info)
{
	/* every stack has an unmapped guard page below it (paging_init) */
	info->stack = efi_alloc_pages(PAGES(HOST_GUARD_SIZE + HOST_STACK_SIZE));
	info->ist_stacks =
		efi_alloc_pages(HOST_NR_IST * PAGES(HOST_IST_STRIDE));
	info->desc_page = efi_alloc_pages(HOST_DESC_PAGES);
	if (!info->stack || !info->ist_stacks || !info->desc_page)
		return -1;
	return 0;
}

static int efi_alloc_memmap(struct efi_memmap *em, struct host_memmap *mm)
{
	UINTN size = 0, key, dsize;
	UINT32 dver;
	EFI_STATUS st;

	st = BS->GetMemoryMap(&size, NULL, &key, &dsize, &dver);
	if (st != EFI_BUFFER_TOO_SMALL) {
		pr_err("GetMemoryMap (sizing) failed: status 0x%lx\n", (u64)st);
		return -1;
	}
	em->capacity = PAGES(size + MEMMAP_SLACK_DESCS * dsize) * PAGE_SIZE;
	em->max_ranges = em->capacity / dsize;
	em->buf = efi_alloc_pages(PAGES(em->capacity));
	mm->range = efi_alloc_pages(
		PAGES(em->max_ranges * sizeof(struct memmap_range)));
	if (!em->buf || !mm->range)
		return -1;
	return 0;
}

/* UEFI 2.x 7.2: the types and attributes that say what a range is. */
static enum memmap_kind efi_memmap_kind(const EFI_MEMORY_DESCRIPTOR *d)
{
	if (d->Type == EfiConventionalMemory)
		return MEMMAP_FREE;
	if (d->Type == EfiMemoryMappedIO ||
	    d->Type == EfiMemoryMappedIOPortSpace ||
	    !(d->Attribute & EFI_MEMORY_WB))
		return MEMMAP_OTHER;
	return MEMMAP_RAM;
}

/*
 * The firmware's descriptors (desc_size apart, which may exceed the
 * structure's size) into the neutral table the host reads: after this the
 * hand-off carries no EFI type.
 */
static int efi_memmap_convert(const struct efi_memmap *em,
			      struct host_memmap *mm)
{
	const char *p = em->buf;
	const char *end = p + em->size;

	mm->nr_ranges = 0;
	for (; p + em->desc_size <= end; p += em->desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)p;

		if (mm->nr_ranges == em->max_ranges) {
			pr_err("memory map: more than %u descriptors\n",
			       em->max_ranges);
			return -1;
		}
		mm->range[mm->nr_ranges++] = (struct memmap_range){
			.start = d->PhysicalStart,
			.end = d->PhysicalStart + d->NumberOfPages * PAGE_SIZE,
			.kind = efi_memmap_kind(d),
		};
	}
	return 0;
}

/*
 * ExitBootServices with the map key of the latest GetMemoryMap.  When the
 * key is stale (the map changed meanwhile: EFI_INVALID_PARAMETER), UEFI 2.x
 * 7.4 says to read the map again and retry; only GetMemoryMap and
 * ExitBootServices may be called in between, so no printing through the
 * firmware and no allocation.
 */
/*
 * The test of the retry (ebs=stale): one page allocated and freed after
 * GetMemoryMap changes the map, so the key the firmware gave is stale, as
 * when a firmware event allocates at the wrong moment.
 */
static void efi_make_map_key_stale(void)
{
	EFI_PHYSICAL_ADDRESS page;

	if (!EFI_ERROR(BS->AllocatePages(AllocateAnyPages, EfiLoaderData, 1,
					 &page)))
		BS->FreePages(page, 1);
}

int efi_exit_boot_services(EFI_HANDLE image, struct host_memmap *mm,
			   bool make_stale, u32 *tries_out)
{
	EFI_STATUS st = EFI_INVALID_PARAMETER;
	struct efi_memmap em;
	UINTN size, key, dsize;
	UINT32 dver;
	int tries;

	if (efi_alloc_memmap(&em, mm))
		return -1;
	for (tries = 0; tries < EBS_MAX_TRIES; tries++) {
		size = em.capacity;
		st = BS->GetMemoryMap(&size, em.buf, &key, &dsize, &dver);
		if (EFI_ERROR(st))
			break;
		if (make_stale && tries == 0)
			efi_make_map_key_stale();
		st = BS->ExitBootServices(image, key);
		if (st != EFI_INVALID_PARAMETER)
			break;
	}
	if (EFI_ERROR(st)) {
		pr_err("ExitBootServices failed after %d tries: status 0x%lx\n",
		       tries + 1, (u64)st);
		return -1;
	}
	*tries_out = tries + 1;
	em.size = size;
	em.desc_size = dsize;
	return efi_memmap_convert(&em, mm);
}
