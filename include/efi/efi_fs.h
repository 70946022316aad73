/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading files from the ESP before ExitBootServices (efi/efi_fs.c).
 *
 * efi_read_file() opens @path (e.g. L"\\liminal.cfg") on the volume the
 * application was loaded from (LoadedImage -> DeviceHandle ->
 * SimpleFileSystem) and reads it whole into fresh EfiLoaderData pages.
 * Those pages survive ExitBootServices, stay identity mapped and are never
 * handed to the page allocator (it only takes EfiConventionalMemory).  The
 * buffer is followed by at least one zero byte, so a text file is also a
 * C string.  Returns EFI_SUCCESS, EFI_NOT_FOUND when there is no such file,
 * or the firmware's error.  Boot services only: never after
 * ExitBootServices.
 */
#ifndef EFI_EFI_FS_H
#define EFI_EFI_FS_H

#include <efi.h>

EFI_STATUS efi_read_file(const CHAR16 *path, void **buf, UINTN *size);

#endif /* EFI_EFI_FS_H */
