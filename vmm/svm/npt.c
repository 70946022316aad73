// SPDX-License-Identifier: GPL-2.0
/*
 * Nested page table builder: see include/vmm/svm/npt.h for the policy;
 * the tables are lib/paging.c's.  No hardware access here, so tests can
 * build and walk tables on the host.
 */
#include <liminal/errno.h>
#include <lib/printk.h>
#include <vmm/svm/npt.h>

static bool npt_ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

static int npt_check_region(const struct vm_mem_region *r, unsigned int i,
			    char *why, size_t len)
{
	const u64 limit = 1ull << NPT_GPA_BITS;
	hpa_t hpa = (hpa_t)(uintptr_t)r->hva;

	if (!r->size || r->size & (PAGE_SIZE - 1)) {
		snprintf(
			why, len,
			"mem[%u]: size 0x%llx is not a non-zero multiple of 4 KiB",
			i, (unsigned long long)r->size);
		return -EINVAL;
	}
	if ((r->gpa | hpa) & (PAGE_SIZE - 1)) {
		snprintf(why, len,
			 "mem[%u]: GPA 0x%llx or host 0x%llx not 4 KiB aligned",
			 i, (unsigned long long)r->gpa,
			 (unsigned long long)hpa);
		return -EINVAL;
	}
	if (r->gpa >= limit || r->size > limit - r->gpa) {
		snprintf(
			why, len,
			"mem[%u]: GPA 0x%llx + 0x%llx beyond %d-bit guest-physical space",
			i, (unsigned long long)r->gpa,
			(unsigned long long)r->size, NPT_GPA_BITS);
		return -EINVAL;
	}
	return 0;
}

int npt_check_layout(const struct vm *vm, char *why, size_t len)
{
	unsigned int i, j;
	int ret;

	if (!vm->nr_mem || vm->nr_mem > VM_MAX_MEM_REGIONS) {
		snprintf(why, len, "%u memory regions (1..%d allowed)",
			 vm->nr_mem, VM_MAX_MEM_REGIONS);
		return -EINVAL;
	}
	for (i = 0; i < vm->nr_mem; i++) {
		const struct vm_mem_region *r = &vm->mem[i];

		ret = npt_check_region(r, i, why, len);
		if (ret)
			return ret;
		if (vm->mmio_size &&
		    npt_ranges_overlap(r->gpa, r->size, vm->mmio_base,
				       vm->mmio_size)) {
			snprintf(why, len,
				 "mem[%u] overlaps the MMIO window at 0x%llx",
				 i, (unsigned long long)vm->mmio_base);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (npt_ranges_overlap(r->gpa, r->size, vm->mem[j].gpa,
					       vm->mem[j].size)) {
				snprintf(why, len, "mem[%u] overlaps mem[%u]",
					 i, j);
				return -EINVAL;
			}
		}
	}
	return 0;
}

int npt_build(struct paging *npt, const struct vm *vm,
	      const struct pgtable_alloc *alloc, char *why, size_t len)
{
	unsigned int i;
	int ret;

	npt->root = 0;
	ret = npt_check_layout(vm, why, len);
	if (ret)
		return ret;

	/* 2 MiB leaves where the GPA and the host address both allow */
	ret = paging_alloc(npt, &paging_npt, alloc, 2);
	if (ret)
		goto err_nomem;
	for (i = 0; i < vm->nr_mem; i++) {
		const struct vm_mem_region *r = &vm->mem[i];

		/* checked layout: only -ENOMEM is left */
		ret = paging_map(npt, r->gpa, (hpa_t)(uintptr_t)r->hva, r->size,
				 NPT_LEAF_FLAGS);
		if (ret)
			goto err_free;
	}
	return 0;

err_free:
	paging_free(npt);
err_nomem:
	snprintf(why, len, "out of memory for nested page tables");
	return -ENOMEM;
}
