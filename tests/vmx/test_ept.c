// SPDX-License-Identifier: GPL-2.0
/*
 * The EPT builder (vmm/vmx/ept.c) over host memory: a guest sees exactly
 * its own RAM (write-back, RWX), nothing else; misaligned or overlapping
 * maps are refused; every table page is given back.  The walking itself is
 * lib/paging.c's (tests/lib/test_paging.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <liminal/errno.h>
#include <vmm/vmx/ept.h>
#include <vmm/vmx/vmx_arch.h>

#include "../common/counting_alloc.h"

#define MIB (1ull << 20)
#define HPA 0x40000000ull /* a 2-MiB aligned host address */
#define EPT_UNMAPPED (~0ull)

/* The host-physical address backing gpa, or EPT_UNMAPPED. */
static u64 ept_translate(const struct paging *ept, u64 gpa)
{
	u64 hpa;

	return paging_translate(ept, gpa, &hpa) ? EPT_UNMAPPED : hpa;
}

static u64 *table(u64 entry)
{
	return (u64 *)(uintptr_t)(entry & PTE_ADDR_MASK);
}

static void maps_exactly_the_region(void **state)
{
	struct paging ept;

	(void)state;
	counter = (struct counting_alloc){ 0, -1 };
	assert_int_equal(ept_init(&ept, &allocator, false), 0);
	assert_int_equal(ept_map(&ept, 0, HPA, 2 * MIB), 0);
	assert_int_equal(ept_translate(&ept, 0), HPA);
	assert_int_equal(ept_translate(&ept, 0x10123), HPA + 0x10123);
	assert_int_equal(ept_translate(&ept, 2 * MIB - 1), HPA + 2 * MIB - 1);
	/* the page after RAM, the MMIO window, far away: nothing */
	assert_int_equal(ept_translate(&ept, 2 * MIB), EPT_UNMAPPED);
	assert_int_equal(ept_translate(&ept, 0xd0000000), EPT_UNMAPPED);
	assert_int_equal(ept_translate(&ept, 0x40000000), EPT_UNMAPPED);
	assert_int_equal(ept_translate(&ept, 1ull << 48), EPT_UNMAPPED);
	/* 512 4-KiB PTEs: PML4 + PDPT + PD + 1 PT */
	assert_int_equal(ept.nr_tables, 4);
	paging_free(&ept);
	assert_int_equal(counter.live, 0);
}

static void leaf_is_wb_rwx(void **state)
{
	struct paging ept;
	u64 *pdpt, *pd, *pt;

	(void)state;
	counter = (struct counting_alloc){ 0, -1 };
	assert_int_equal(ept_init(&ept, &allocator, false), 0);
	assert_int_equal(ept_map(&ept, 0x3000, HPA, 0x1000), 0);
	pdpt = table(table(ept.root)[0]);
	pd = table(pdpt[0]);
	pt = table(pd[0]);
	assert_int_equal(pt[3], HPA | EPT_RWX |
					((u64)MEMTYPE_WB << EPT_MT_SHIFT) |
					EPT_IGNORE_PAT);
	assert_int_equal(pt[2], 0);
	assert_int_equal(ept_pointer(&ept) & 0xfff,
			 MEMTYPE_WB | VMX_EPTP_PWL_4);
	paging_free(&ept);
	assert_int_equal(counter.live, 0);
}

static void large_pages_when_aligned(void **state)
{
	struct paging ept;

	(void)state;
	counter = (struct counting_alloc){ 0, -1 };
	assert_int_equal(ept_init(&ept, &allocator, true), 0);
	/* 4 MiB at 0 from an aligned host range: two 2-MiB leaves */
	assert_int_equal(ept_map(&ept, 0, HPA, 4 * MIB), 0);
	assert_int_equal(ept.nr_tables, 3);
	assert_int_equal(ept_translate(&ept, 3 * MIB + 5), HPA + 3 * MIB + 5);
	/* misaligned host side: 4-KiB pages */
	assert_int_equal(ept_map(&ept, 8 * MIB, HPA + 0x1000, 2 * MIB), 0);
	assert_int_equal(ept.nr_tables, 4);
	assert_int_equal(ept_translate(&ept, 8 * MIB), HPA + 0x1000);
	assert_int_equal(ept_translate(&ept, 4 * MIB), EPT_UNMAPPED);
	paging_free(&ept);
	assert_int_equal(counter.live, 0);
}

static void two_regions(void **state)
{
	struct paging ept;

	(void)state;
	counter = (struct counting_alloc){ 0, -1 };
	assert_int_equal(ept_init(&ept, &allocator, false), 0);
	assert_int_equal(ept_map(&ept, 0, HPA, 64 * 1024), 0);
	assert_int_equal(ept_map(&ept, 1ull << 32, HPA + MIB, 8192), 0);
	assert_int_equal(ept_translate(&ept, (1ull << 32) + 4096),
			 HPA + MIB + 4096);
	assert_int_equal(ept_translate(&ept, 64 * 1024), EPT_UNMAPPED);
	paging_free(&ept);
	assert_int_equal(counter.live, 0);
}

static void refuses_bad_maps(void **state)
{
	struct paging ept;

	(void)state;
	counter = (struct counting_alloc){ 0, -1 };
	assert_int_equal(ept_init(&ept, &allocator, true), 0);
	assert_int_equal(ept_map(&ept, 0x800, HPA, 4096), -EINVAL);
	assert_int_equal(ept_map(&ept, 0, HPA + 1, 4096), -EINVAL);
	assert_int_equal(ept_map(&ept, 0, HPA, 100), -EINVAL);
	assert_int_equal(ept_map(&ept, 0, HPA, 0), -EINVAL);
	assert_int_equal(ept_map(&ept, 1ull << 48, HPA, 4096), -EINVAL);
	assert_int_equal(ept_map(&ept, 0, HPA, 2 * MIB), 0);
	/* overlapping a 2-MiB leaf, then a 4-KiB one */
	assert_int_equal(ept_map(&ept, 0x1000, HPA, 4096), -EEXIST);
	assert_int_equal(ept_map(&ept, 4 * MIB, HPA + 0x1000, 4096), 0);
	assert_int_equal(ept_map(&ept, 4 * MIB, HPA + 0x1000, 4096), -EEXIST);
	paging_free(&ept);
	assert_int_equal(counter.live, 0);
}

static void out_of_memory(void **state)
{
	struct paging ept;

	(void)state;
	counter = (struct counting_alloc){ 0, 0 };
	assert_int_equal(ept_init(&ept, &allocator, false), -ENOMEM);
	counter = (struct counting_alloc){ 0, 2 };
	assert_int_equal(ept_init(&ept, &allocator, false), 0);
	assert_int_equal(ept_map(&ept, 0, HPA, 4096), -ENOMEM);
	paging_free(&ept);
	assert_int_equal(counter.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maps_exactly_the_region),
		cmocka_unit_test(leaf_is_wb_rwx),
		cmocka_unit_test(large_pages_when_aligned),
		cmocka_unit_test(two_regions),
		cmocka_unit_test(refuses_bad_maps),
		cmocka_unit_test(out_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
