/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Paging-structure entries: the 4-level long-mode format (SDM Vol. 3A 4.5,
 * APM Vol. 2 5.3), which AMD's nested page tables reuse as they are (APM
 * 15.25.5), and Intel's EPT format (SDM 29.3.2).  Both keep a table's or a
 * page's address in bits 51:12 and mark a large leaf with bit 7; they
 * differ in what "present" means and in the permission bits.  The one
 * walker over them is lib/paging.c.
 */
#ifndef ARCH_PGTABLE_H
#define ARCH_PGTABLE_H

/* Long-mode entries (SDM Vol. 3A Tables 4-15..4-20, APM Figures 5-18 ff.) */
#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7) /* in a PDPTE/PDE: a 1 GiB/2 MiB leaf */
#define PTE_NX (1ull << 63)

/* EPT entries (SDM 29.3.2, Tables 29-1..29-6) */
#define EPT_READ (1ull << 0)
#define EPT_WRITE (1ull << 1)
#define EPT_EXEC (1ull << 2)
#define EPT_RWX (EPT_READ | EPT_WRITE | EPT_EXEC)
#define EPT_MT_SHIFT 3 /* leaf memory type, bits 5:3 */
#define EPT_IGNORE_PAT (1ull << 6)
#define EPT_LARGE (1ull << 7) /* in a PDPTE/PDE: a 1 GiB/2 MiB leaf */

/* Both formats: the address field, bits 51:12 (MAXPHYADDR at most 52). */
#define PTE_ADDR_MASK 0x000ffffffffff000ull

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* 512 entries of 8 bytes per 4 KiB table; level 1 (PT) .. 4 (PML4). */
#define PT_ENTRIES 512
#define PT_LEVEL_BITS 9
#define PT_LEVEL_SHIFT(level) (PAGE_SHIFT + PT_LEVEL_BITS * ((level)-1))
#define PT_LEVEL_SIZE(level) (1ull << PT_LEVEL_SHIFT(level))

#endif /* ARCH_PGTABLE_H */
