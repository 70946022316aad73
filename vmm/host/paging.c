// SPDX-License-Identifier: GPL-2.0
/*
 * The VMM's own identity page tables (4-level, SDM Vol. 3A 4.5).
 *
 * paging_init(), in order:
 *  1) every 2 MiB of [0, 4 GiB) uncached (MMIO: LAPIC, IOAPIC, PCI holes)
 *  2) every memory-map range (RAM anywhere, MMIO above 4 GiB): RAM
 *     write-back, the rest uncached; all of it RW + NX
 *  3) the image W^X in 4 KiB pages: [_text, _etext) read-only executable,
 *     the headers read-only, everything else RW + NX
 *  4) holes: page 0 (NULL dereferences) and the guard page below the VMM
 *     stack and below each IST stack
 *  5) EFER.NXE, CR0.WP, then CR3
 * The firmware's tables live in boot-services memory, which the page
 * allocator never hands out, so they stay valid until the CR3 switch.
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <host/panic.h>
#include "memmap.h"

#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7) /* 2 MiB leaf in a PD entry */
#define PTE_NX (1ull << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ul

#define PTE_TABLE (PTE_P | PTE_RW) /* non-leaf: leaves decide */
#define PTE_RAM (PTE_P | PTE_RW | PTE_NX)
#define PTE_MMIO (PTE_P | PTE_RW | PTE_NX | PTE_PCD | PTE_PWT)
#define PTE_TEXT (PTE_P)
#define PTE_RODATA (PTE_P | PTE_NX)

#define PT_ENTRIES 512
#define LEVEL_SHIFT(level) (PAGE_SHIFT + 9 * ((level)-1))
#define PT_INDEX(va, level) (((va) >> LEVEL_SHIFT(level)) & (PT_ENTRIES - 1))
#define SIZE_2M (1ul << 21)
#define SIZE_4G (1ul << 32)

#define CPUID_EXT_FEATURES 0x80000001
#define CPUID_81_EDX_NX (1u << 20)

static u64 *pml4;

static u64 *pt_alloc(void)
{
	u64 *t = page_alloc(1);

	if (!t)
		panic("paging: out of memory for page tables");
	return t;
}

/* Split a 2 MiB leaf into a table of 4 KiB leaves with the same flags. */
static void pt_split_2m(u64 *pde)
{
	u64 *pt = pt_alloc();
	u64 base = *pde & PTE_ADDR_MASK;
	u64 flags = *pde & ~PTE_ADDR_MASK & ~PTE_PS;
	int i;

	for (i = 0; i < PT_ENTRIES; i++)
		pt[i] = (base + i * PAGE_SIZE) | flags;
	*pde = virt_to_phys(pt) | PTE_TABLE;
}

/* The table @level - 1 below @table's entry for @va, made if missing. */
static u64 *pt_next(u64 *table, u64 va, int level)
{
	u64 *e = &table[PT_INDEX(va, level)];

	if (!(*e & PTE_P))
		*e = virt_to_phys(pt_alloc()) | PTE_TABLE;
	else if (*e & PTE_PS)
		pt_split_2m(e);
	return phys_to_virt(*e & PTE_ADDR_MASK);
}

static void map_2m(u64 va, u64 flags)
{
	u64 *pdpt = pt_next(pml4, va, 4);
	u64 *pd = pt_next(pdpt, va, 3);

	/* an existing 4 KiB table is kept: its finer mapping wins */
	if (pd[PT_INDEX(va, 2)] & PTE_P && !(pd[PT_INDEX(va, 2)] & PTE_PS))
		return;
	pd[PT_INDEX(va, 2)] = va | flags | PTE_PS;
}

static void map_4k(u64 va, u64 pte)
{
	u64 *pdpt = pt_next(pml4, va, 4);
	u64 *pd = pt_next(pdpt, va, 3);
	u64 *pt;

	if (!(pd[PT_INDEX(va, 2)] & PTE_P))
		map_2m(va & ~(SIZE_2M - 1), PTE_RAM);
	pt = pt_next(pd, va, 2);
	pt[PT_INDEX(va, 1)] = pte;
}

static void map_range_2m(u64 start, u64 end, u64 flags)
{
	u64 va;

	for (va = ALIGN_DOWN(start, SIZE_2M); va < end; va += SIZE_2M)
		map_2m(va, flags);
}

static void map_memmap_range(const struct memmap_range *r, void *ctx)
{
	(void)ctx;
	if (r->kind != MEMMAP_OTHER)
		map_range_2m(r->start, r->end, PTE_RAM);
	else if (r->end > SIZE_4G)
		map_range_2m(r->start, r->end, PTE_MMIO);
}

static void map_image(void)
{
	u64 va;

	for (va = (u64)ImageBase; va < (u64)_image_end; va += PAGE_SIZE) {
		u64 flags = PTE_RAM;

		if (va >= (u64)_text && va < (u64)_etext)
			flags = PTE_TEXT;
		else if (va < (u64)_text)
			flags = PTE_RODATA;
		map_4k(va, va | flags);
	}
}

/* Overflowing a stack faults instead of corrupting what lies below. */
static void map_stack_guards(const struct host_boot_info *info)
{
	int i;

	map_4k((u64)info->stack, 0);
	for (i = 0; i < HOST_NR_IST; i++)
		map_4k((u64)info->ist_stacks + (u64)i * HOST_IST_STRIDE, 0);
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
	write_cr3(virt_to_phys(pml4));
	/* CR3 keeps the firmware's global TLB entries: toggle PGE too */
	if (read_cr4() & X86_CR4_PGE) {
		write_cr4(read_cr4() & ~X86_CR4_PGE);
		write_cr4(read_cr4() | X86_CR4_PGE);
	}
}

void paging_init(const struct host_boot_info *info)
{
	pml4 = pt_alloc();
	map_range_2m(0, SIZE_4G, PTE_MMIO);
	memmap_for_each(&info->memmap, map_memmap_range, NULL);
	map_image();
	map_4k(0, 0);
	map_stack_guards(info);
	paging_enable();
	pr_info("paging: identity map to 0x%lx, image W^X (text 0x%lx-0x%lx "
		"RX), CR3 0x%lx\n",
		ALIGN_UP(memmap_top(&info->memmap), SIZE_2M), (u64)_text,
		(u64)_etext, host_cr3());
}

hpa_t host_cr3(void)
{
	return virt_to_phys(pml4);
}
