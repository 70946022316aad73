/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nested page tables (AMD "nested paging", APM Vol. 2 15.25): the
 * guest-physical to host-physical translation of one guest.
 *
 * The tables are ordinary 4-level long-mode page tables (APM 5.3) walked
 * with the guest-physical address.  Every nested-table access counts as a
 * user access (APM 15.25.5), so every level has U/S=1; RW=1 everywhere and
 * no NX, the guest's own tables decide.  Leaves are 2 MiB pages where the
 * guest-physical and host addresses are both 2 MiB aligned, else 4 KiB.
 *
 * Policy (checked by npt_check_layout() before anything is built): exactly
 * the vm->mem[] regions are mapped, to their host pages; the MMIO window and
 * every other address stay unmapped, so a guest sees only its own memory and
 * an access anywhere else exits as a nested page fault.
 *
 * Pure functions over memory handed out by an allocator callback: the VMM
 * passes page_alloc(), host unit tests pass their own, so the builder can be
 * tested on the host.  Table pages must be identity mapped (their address is
 * their host-physical address), as page_alloc() guarantees.
 */
#ifndef VMM_SVM_NPT_H
#define VMM_SVM_NPT_H

#include <liminal/types.h>
#include <host/mm.h>
#include <vmm/vcpu.h>

/* Page-table entry bits (APM Vol. 2 5.4, Figure 5-18 ff.). */
#define NPT_P (1ull << 0)
#define NPT_RW (1ull << 1)
#define NPT_US (1ull << 2)
#define NPT_PS (1ull << 7) /* in a PDE: 2 MiB page */
#define NPT_ADDR_MASK 0x000ffffffffff000ull
#define NPT_ADDR_MASK_2M 0x000fffffffe00000ull
#define NPT_TABLE_FLAGS (NPT_P | NPT_RW | NPT_US)
#define NPT_LEAF_FLAGS (NPT_P | NPT_RW | NPT_US)

#define NPT_PAGE_SIZE 0x1000ull
#define NPT_LARGE_PAGE_SIZE 0x200000ull
#define NPT_ENTRIES 512
#define NPT_LEVELS 4
#define NPT_GPA_BITS 48 /* 4-level tables translate 48-bit addresses */

struct npt {
	u64 *root; /* the PML4: its address goes into VMCB N_CR3 */
	const struct pgtable_alloc *alloc;
	unsigned int nr_tables; /* table pages in use, root included */
};

/*
 * Checks vm's memory map: regions 4 KiB aligned (GPA, host address, size),
 * non-empty, inside NPT_GPA_BITS, not overlapping each other nor the MMIO
 * window.  0, or -EINVAL with the problem in words in why.
 */
int npt_check_layout(const struct vm *vm, char *why, size_t len);

/*
 * Builds the tables for vm (npt_check_layout() first).  0, -EINVAL (layout,
 * reason in why) or -ENOMEM; on error nothing stays allocated.
 */
int npt_build(struct npt *npt, const struct vm *vm,
	      const struct pgtable_alloc *alloc, char *why, size_t len);

/* Maps [gpa, gpa + size) to [hpa, hpa + size); 0 or -EINVAL/-ENOMEM. */
int npt_map_range(struct npt *npt, gpa_t gpa, hpa_t hpa, u64 size);

/* Walks the tables: true and *hpa if gpa is mapped. */
bool npt_translate(const struct npt *npt, gpa_t gpa, hpa_t *hpa);

/* Frees every table page; npt->root is NULL afterwards. */
void npt_free(struct npt *npt);

#endif /* VMM_SVM_NPT_H */
