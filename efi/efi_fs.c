// SPDX-License-Identifier: GPL-2.0
/*
 * efi_read_file(): whole files from the boot volume, before
 * ExitBootServices.  See include/efi/efi_fs.h for the contract.
 */
#include <efi.h>
#include <efilib.h>
#include <efi/efi_fs.h>
#include <lib/string.h>
#include <host/mm.h>

/* Set by InitializeLib() (gnu-efi lib.h, not in its public efilib.h). */
extern EFI_HANDLE LibImageHandle;

static EFI_STATUS efi_open_root(EFI_FILE_HANDLE *root)
{
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_LOADED_IMAGE *loaded;
	EFI_STATUS st;

	st = BS->HandleProtocol(LibImageHandle, &LoadedImageProtocol,
				(void **)&loaded);
	if (EFI_ERROR(st))
		return st;
	st = BS->HandleProtocol(loaded->DeviceHandle, &FileSystemProtocol,
				(void **)&fs);
	if (EFI_ERROR(st))
		return st;
	return fs->OpenVolume(fs, root);
}

static EFI_STATUS efi_file_size(EFI_FILE_HANDLE file, UINTN *size)
{
	EFI_FILE_INFO *info = LibFileInfo(file);

	if (!info)
		return EFI_DEVICE_ERROR;
	*size = info->FileSize;
	FreePool(info);
	return EFI_SUCCESS;
}

/* Reads all of @file into EfiLoaderData pages, plus a terminating zero. */
static EFI_STATUS efi_read_whole(EFI_FILE_HANDLE file, void **buf, UINTN *size)
{
	EFI_PHYSICAL_ADDRESS addr;
	UINTN len, pages;
	EFI_STATUS st;

	st = efi_file_size(file, &len);
	if (EFI_ERROR(st))
		return st;
	pages = PAGES(len + 1);
	st = BS->AllocatePages(AllocateAnyPages, EfiLoaderData, pages, &addr);
	if (EFI_ERROR(st))
		return st;
	memset((void *)addr, 0, pages * PAGE_SIZE);
	*size = len;
	st = file->Read(file, size, (void *)addr);
	if (EFI_ERROR(st) || *size != len) {
		BS->FreePages(addr, pages);
		return EFI_ERROR(st) ? st : EFI_DEVICE_ERROR;
	}
	*buf = (void *)addr;
	return EFI_SUCCESS;
}

EFI_STATUS efi_read_file(const CHAR16 *path, void **buf, UINTN *size)
{
	EFI_FILE_HANDLE root, file;
	EFI_STATUS st;

	st = efi_open_root(&root);
	if (EFI_ERROR(st))
		return st;
	st = root->Open(root, &file, (CHAR16 *)path, EFI_FILE_MODE_READ, 0);
	if (!EFI_ERROR(st)) {
		st = efi_read_whole(file, buf, size);
		file->Close(file);
	}
	root->Close(root);
	return st;
}
