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
 * firmware's last events may add.
 */
#define MEMMAP_SLACK_DESCS 64
#define EBS_MAX_TRIES 8

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

static int efi_alloc_memmap(struct host_memmap *mm, UINTN *capacity)
{
	UINTN size = 0, key, dsize;
	UINT32 dver;
	EFI_STATUS st;

	st = BS->GetMemoryMap(&size, NULL, &key, &dsize, &dver);
	if (st != EFI_BUFFER_TOO_SMALL) {
		pr_err("GetMemoryMap (sizing) failed: status 0x%lx\n", (u64)st);
		return -1;
	}
	*capacity = size + MEMMAP_SLACK_DESCS * dsize;
	mm->map = efi_alloc_pages(PAGES(*capacity));
	if (!mm->map)
		return -1;
	*capacity = PAGES(*capacity) * PAGE_SIZE;
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
	UINTN capacity, size, key, dsize;
	EFI_STATUS st = EFI_INVALID_PARAMETER;
	UINT32 dver;
	int tries;

	if (efi_alloc_memmap(mm, &capacity))
		return -1;
	for (tries = 0; tries < EBS_MAX_TRIES; tries++) {
		size = capacity;
		st = BS->GetMemoryMap(&size, mm->map, &key, &dsize, &dver);
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
	mm->map_size = size;
	mm->desc_size = dsize;
	mm->desc_version = dver;
	return 0;
}
