// SPDX-License-Identifier: GPL-2.0
/*
 * The VMM's own identity page tables (4-level, SDM Vol. 3A 4.5), built
 * with lib/paging.c; each step replaces what the steps before it mapped.
 *
 * paging_init(), in order:
 *  1) every 2 MiB of [0, 4 GiB) uncached (MMIO: LAPIC, IOAPIC, PCI holes)
 *  2) every memory-map range (RAM anywhere, MMIO above 4 GiB): RAM
 *     write-back, the rest uncached; all of it RW + NX
 *  3) the image W^X, page-granular: [_text, _etext) read-only executable,
 *     the headers read-only, everything else RW + NX
 *  4) holes: page 0 (NULL dereferences) and the guard page below the VMM
 *     stack and below each IST stack
 *  5) EFER.NXE, CR0.WP, then CR3
 * The firmware's tables live in boot-services memory, which the page
 * allocator never hands out, so they stay valid until the CR3 switch.
 */
#include <arch/msr.h>
#include <arch/pgtable.h>
#include <arch/x86.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/paging.h>
#include <lib/printk.h>
#include <host/panic.h>
#include "memmap.h"

#define PTE_RAM (PTE_P | PTE_RW | PTE_NX)
#define PTE_MMIO (PTE_P | PTE_RW | PTE_NX | PTE_PCD | PTE_PWT)
#define PTE_TEXT (PTE_P)
#define PTE_RODATA (PTE_P | PTE_NX)
#define PTE_HOLE 0 /* not mapped */

#define SIZE_2M PT_LEVEL_SIZE(2)
#define SIZE_4G (1ull << 32)

#define CPUID_EXT_FEATURES 0x80000001
#define CPUID_81_EDX_NX (1u << 20)

static struct paging host_pt;

/*
 * [start, end) identity mapped with flags from now on, whatever mapped it
 * before: a large page partly outside is split and keeps its flags there.
 * The VMM cannot run without its map, so a failure is fatal.
 */
static void host_map(u64 start, u64 end, u64 flags)
{
	int ret;

	if (start == end)
		return;
	ret = paging_unmap(&host_pt, start, end - start);
	if (!ret && flags != PTE_HOLE)
		ret = paging_map(&host_pt, start, start, end - start, flags);
	if (ret)
		panic("paging: mapping 0x%lx-0x%lx with flags 0x%lx failed "
		      "(%d: out of memory for page tables?)",
		      start, end, flags, ret);
}

static void map_range_2m(u64 start, u64 end, u64 flags)
{
	host_map(ALIGN_DOWN(start, SIZE_2M), ALIGN_UP(end, SIZE_2M), flags);
}

static void map_memmap_range(const struct memmap_range *r, void *ctx)
{
	(void)ctx;
	if (r->kind != MEMMAP_OTHER)
		map_range_2m(r->start, r->end, PTE_RAM);
	else if (r->end > SIZE_4G)
		map_range_2m(r->start, r->end, PTE_MMIO);
}

/* A page is text if it starts in [_text, _etext), headers if before. */
static void map_image(void)
{
	u64 base = (u64)ImageBase;
	u64 text = base + ALIGN_UP((u64)_text - base, PAGE_SIZE);
	u64 etext = base + ALIGN_UP((u64)_etext - base, PAGE_SIZE);
	u64 end = base + ALIGN_UP((u64)_image_end - base, PAGE_SIZE);

	host_map(base, text, PTE_RODATA);
	host_map(text, etext, PTE_TEXT);
	host_map(etext, end, PTE_RAM);
}

/* Overflowing a stack faults instead of corrupting what lies below. */
static void map_stack_guards(const struct host_boot_info *info)
{
	u64 stack = (u64)info->stack;
	u64 ist = (u64)info->ist_stacks;
	int i;

	host_map(stack, stack + PAGE_SIZE, PTE_HOLE);
	for (i = 0; i < HOST_NR_IST; i++)
		host_map(ist + (u64)i * HOST_IST_STRIDE,
			 ist + (u64)i * HOST_IST_STRIDE + PAGE_SIZE, PTE_HOLE);
}

static void paging_enable(void)
{
	struct cpuid_regs r;

	cpuid_count(CPUID_EXT_FEATURES, 0, &r);
	if (!(r.edx & CPUID_81_EDX_NX))
		panic("paging: the CPU has no NX bit (CPUID 0x80000001 "
		      "EDX[20]); W^X impossible");
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | X86_EFER_NXE);
	write_cr0(read_cr0() | X86_CR0_WP);
	write_cr3(host_pt.root);
	/* CR3 keeps the firmware's global TLB entries: toggle PGE too */
	if (read_cr4() & X86_CR4_PGE) {
		write_cr4(read_cr4() & ~X86_CR4_PGE);
		write_cr4(read_cr4() | X86_CR4_PGE);
	}
}

void paging_init(const struct host_boot_info *info)
{
	if (paging_alloc(&host_pt, &paging_x86_64, &host_pgtable_alloc, 2))
		panic("paging: out of memory for page tables");
	map_range_2m(0, SIZE_4G, PTE_MMIO);
	memmap_for_each(&info->memmap, map_memmap_range, NULL);
	map_image();
	host_map(0, PAGE_SIZE, PTE_HOLE);
	map_stack_guards(info);
	paging_enable();
	pr_info("paging: identity map to 0x%lx, image W^X (text 0x%lx-0x%lx "
		"RX), CR3 0x%lx\n",
		(u64)ALIGN_UP(memmap_top(&info->memmap), SIZE_2M), (u64)_text,
		(u64)_etext, host_cr3());
}

hpa_t host_cr3(void)
{
	return host_pt.root;
}
