// SPDX-License-Identifier: GPL-2.0
/*
 * host_main(): the VMM takes the machine over after ExitBootServices.
 * The steps and their order are listed in include/vmm/host.h.
 */
#include <arch/x86.h>
#include <vmm/host.h>
#include <vmm/mm.h>
#include <vmm/printk.h>
#include <vmm/vmm.h>

__noreturn void host_main(struct host_boot_info *info)
{
	pr_info("host: boot services exited, memory map %lu bytes\n",
		info->memmap.map_size);
	platform_exit(true);
}
