/* SPDX-License-Identifier: GPL-2.0 */
/*
 * efi_main's helpers for the hand-off to the host (efi/boot.c).
 *
 * efi_alloc_host()          before ExitBootServices: the VMM stack, IST
 *                           stacks and the descriptor page, as
 *                           EfiLoaderData (0, or -1 after printing why).
 * efi_exit_boot_services()  reads the final memory map and exits boot
 *                           services, retrying on a stale map key; with
 *                           make_stale (a test), the first key is made
 *                           stale on purpose.  *tries: the calls it took.
 *                           Then converts the map into @mm's neutral table
 *                           (include/host/host.h): no EFI type crosses the
 *                           hand-off.  After ExitBootServices no firmware
 *                           service but the runtime ones may be called,
 *                           whatever it returns.
 */
#ifndef EFI_EFI_BOOT_H
#define EFI_EFI_BOOT_H

#include <efi.h>
#include <host/host.h>

int efi_alloc_host(struct host_boot_info *info);
int efi_exit_boot_services(EFI_HANDLE image, struct host_memmap *mm,
			   bool make_stale, u32 *tries);

#endif /* EFI_EFI_BOOT_H */
