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
 * their host-physical address), as page_alloc() guarantees.  The walking is
 * the one page table library's (lib/paging.c).
 */
#ifndef VMM_SVM_NPT_H
#define VMM_SVM_NPT_H

#include <arch/pgtable.h>
#include <lib/paging.h>
#include <liminal/types.h>
#include <vmm/vcpu.h>

/* Leaves: present, writable, user; the tables' flags are paging_npt's. */
#define NPT_LEAF_FLAGS (PTE_P | PTE_RW | PTE_US)
#define NPT_GPA_BITS 48 /* 4-level tables translate 48-bit addresses */

/*
 * Checks vm's memory map: regions 4 KiB aligned (GPA, host address, size),
 * non-empty, inside NPT_GPA_BITS, not overlapping each other nor the MMIO
 * window.  0, or -EINVAL with the problem in words in why.
 */
int npt_check_layout(const struct vm *vm, char *why, size_t len);

/*
 * Builds the tables for vm (npt_check_layout() first): lib/paging.c's in
 * the paging_npt format, npt->root for VMCB N_CR3; translate with
 * paging_translate(), free with paging_free().  0, -EINVAL (layout, reason
 * in why) or -ENOMEM; on error nothing stays allocated and npt->root is 0.
 */
int npt_build(struct paging *npt, const struct vm *vm,
	      const struct pgtable_alloc *alloc, char *why, size_t len);

#endif /* VMM_SVM_NPT_H */
