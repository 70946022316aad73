// SPDX-License-Identifier: GPL-2.0
/*
 * Nested page table builder: see include/vmm/svm/npt.h for the policy.
 * No hardware access here, so tests can build and walk tables on the host.
 */
#include <liminal/errno.h>
#include <lib/printk.h>
#include <vmm/svm/npt.h>

/* Shift of the index of level (4 = PML4 ... 1 = PT) in a GPA. */
static unsigned int npt_level_shift(int level)
{
	return 12 + 9 * (level - 1);
}

static unsigned int npt_index(gpa_t gpa, int level)
{
	return (gpa >> npt_level_shift(level)) & (NPT_ENTRIES - 1);
}

static u64 *npt_table(u64 entry)
{
	return (u64 *)(uintptr_t)(entry & NPT_ADDR_MASK);
}

static bool npt_ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

static int npt_check_region(const struct vm_mem_region *r, unsigned int i,
			    char *why, size_t len)
{
	const u64 limit = 1ull << NPT_GPA_BITS;
	hpa_t hpa = (hpa_t)(uintptr_t)r->hva;

	if (!r->size || r->size & (NPT_PAGE_SIZE - 1)) {
		snprintf(
			why, len,
			"mem[%u]: size 0x%llx is not a non-zero multiple of 4 KiB",
			i, (unsigned long long)r->size);
		return -EINVAL;
	}
	if ((r->gpa | hpa) & (NPT_PAGE_SIZE - 1)) {
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

static u64 *npt_new_table(struct npt *npt)
{
	u64 *t = npt->alloc->alloc_page(npt->alloc->ctx);

	if (t)
		npt->nr_tables++;
	return t;
}

/*
 * The table at level - 1 that entry *e points to, created if absent.  NULL
 * when out of memory or when *e is a large-page leaf (never produced here:
 * regions do not overlap, so a large leaf is never split).
 */
static u64 *npt_next_table(struct npt *npt, u64 *e)
{
	u64 *t;

	if (*e & NPT_P)
		return (*e & NPT_PS) ? NULL : npt_table(*e);
	t = npt_new_table(npt);
	if (t)
		*e = (u64)(uintptr_t)t | NPT_TABLE_FLAGS;
	return t;
}

/* Maps one leaf (4 KiB at level 1, 2 MiB at level 2). */
static int npt_map_one(struct npt *npt, gpa_t gpa, hpa_t hpa, int leaf_level)
{
	u64 *table = npt->root;
	int level;

	for (level = NPT_LEVELS; level > leaf_level; level--) {
		table = npt_next_table(npt, &table[npt_index(gpa, level)]);
		if (!table)
			return -ENOMEM;
	}
	table[npt_index(gpa, leaf_level)] = hpa | NPT_LEAF_FLAGS |
					    (leaf_level == 2 ? NPT_PS : 0);
	return 0;
}

int npt_map_range(struct npt *npt, gpa_t gpa, hpa_t hpa, u64 size)
{
	u64 done = 0;
	int ret;

	if ((gpa | hpa | size) & (NPT_PAGE_SIZE - 1) || !npt->root)
		return -EINVAL;
	while (done < size) {
		bool large = !((gpa + done) & (NPT_LARGE_PAGE_SIZE - 1)) &&
			     !((hpa + done) & (NPT_LARGE_PAGE_SIZE - 1)) &&
			     size - done >= NPT_LARGE_PAGE_SIZE;

		ret = npt_map_one(npt, gpa + done, hpa + done, large ? 2 : 1);
		if (ret)
			return ret;
		done += large ? NPT_LARGE_PAGE_SIZE : NPT_PAGE_SIZE;
	}
	return 0;
}

int npt_build(struct npt *npt, const struct vm *vm,
	      const struct pgtable_alloc *alloc, char *why, size_t len)
{
	unsigned int i;
	int ret;

	npt->alloc = alloc;
	npt->nr_tables = 0;
	npt->root = NULL;
	ret = npt_check_layout(vm, why, len);
	if (ret)
		return ret;

	npt->root = npt_new_table(npt);
	if (!npt->root)
		goto err_nomem;
	for (i = 0; i < vm->nr_mem; i++) {
		const struct vm_mem_region *r = &vm->mem[i];

		ret = npt_map_range(npt, r->gpa, (hpa_t)(uintptr_t)r->hva,
				    r->size);
		if (ret)
			goto err_free;
	}
	return 0;

err_free:
	npt_free(npt);
err_nomem:
	snprintf(why, len, "out of memory for nested page tables");
	return -ENOMEM;
}

bool npt_translate(const struct npt *npt, gpa_t gpa, hpa_t *hpa)
{
	const u64 *table = npt->root;
	int level;

	if (!table || gpa >> NPT_GPA_BITS)
		return false;
	for (level = NPT_LEVELS; level >= 1; level--) {
		u64 e = table[npt_index(gpa, level)];

		if (!(e & NPT_P))
			return false;
		if (level == 1 || (level == 2 && (e & NPT_PS))) {
			u64 off = gpa & ((1ull << npt_level_shift(level)) - 1);
			u64 mask = level == 1 ? NPT_ADDR_MASK :
						NPT_ADDR_MASK_2M;

			*hpa = (e & mask) + off;
			return true;
		}
		table = npt_table(e);
	}
	return false;
}

static void npt_free_level(struct npt *npt, u64 *table, int level)
{
	unsigned int i;

	for (i = 0; level > 1 && i < NPT_ENTRIES; i++) {
		if ((table[i] & NPT_P) && !(table[i] & NPT_PS))
			npt_free_level(npt, npt_table(table[i]), level - 1);
	}
	npt->alloc->free_page(npt->alloc->ctx, table);
	npt->nr_tables--;
}

void npt_free(struct npt *npt)
{
	if (!npt->root)
		return;
	npt_free_level(npt, npt->root, NPT_LEVELS);
	npt->root = NULL;
}
