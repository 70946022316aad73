// SPDX-License-Identifier: GPL-2.0
/*
 * host_main(): the VMM takes the machine over after ExitBootServices.
 * The steps and their order are listed in include/host/host.h.
 */
#include <arch/x86.h>
#include <entry/irqflags.h>
#include <entry/percpu.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <host/panic.h>
#include "ioapic.h"
#include "memmap.h"
#include "pit.h"

static void host_init(struct host_boot_info *info)
{
	entry_init();
	gdt_init(info->desc_page, info->ist_stacks);
	idt_init(info->desc_page);
	pr_info("host: own GDT (TSS, IST for NMI/#DF/#MC) and IDT loaded\n");
	memmap_print_summary(&info->memmap);
	page_alloc_init(&info->memmap);
	paging_init(info);
	tsc_init();
	apic_init();
	ioapic_init(info->acpi_rsdp);
	pit_ch0_quiesce(); /* IRQ 0 masked: its last edge is nobody's NMI */
}

__noreturn void host_main(struct host_boot_info *info)
{
	int ret;

	host_init(info);
	pr_info("ExitBootServices: %u call%s%s\n", info->ebs_tries,
		info->ebs_tries == 1 ? "" : "s",
		info->ebs_stale_test ?
			" (ebs=stale: first map key made stale)" :
			"");
	host_fault_test_run(info->fault_test, info->stack);
	if (host_selftest())
		platform_exit(false);
	if (info->selftest_only)
		platform_exit(true);
	ret = info->payload();
	local_irq_disable();
	platform_exit(ret == 0);
}
