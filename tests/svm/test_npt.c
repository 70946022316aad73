// SPDX-License-Identifier: GPL-2.0
/*
 * The nested page table builder (vmm/svm/npt.c) over host memory: a guest
 * sees exactly its own RAM, every level has U/S=1 (nested walks are user
 * accesses, APM 15.25.5), 2 MiB leaves only where both addresses allow,
 * bad layouts are refused by name, every table page is given back.  The
 * walking itself is lib/paging.c's (tests/lib/test_paging.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <liminal/errno.h>
#include <vmm/svm/npt.h>

#include "../common/counting_alloc.h"

static int reset(void **state)
{
	(void)state;
	counter.live = 0;
	counter.fail_after = -1;
	return 0;
}

static hpa_t hpa_of(const void *p)
{
	return (hpa_t)(uintptr_t)p;
}

static bool npt_translate(const struct paging *npt, gpa_t gpa, hpa_t *hpa)
{
	return !paging_translate(npt, gpa, hpa);
}

static const u64 *root_table(const struct paging *npt)
{
	return (const u64 *)(uintptr_t)npt->root;
}

static void maps_exactly_the_regions(void **state)
{
	struct vm vm = { .nr_mem = 2,
			 .mmio_base = 0xd0000000ull,
			 .mmio_size = 0x1000 };
	u8 *ram = aligned_alloc(0x200000, 0x400000);
	u8 *hi = aligned_alloc(0x1000, 0x3000);
	struct paging npt;
	char why[128];
	hpa_t hpa;

	(void)state;
	vm.mem[0] = (struct vm_mem_region){ 0, ram, 0x400000 };
	vm.mem[1] = (struct vm_mem_region){ 0x80001000ull, hi, 0x3000 };
	assert_int_equal(npt_build(&npt, &vm, &allocator, why, sizeof(why)), 0);
	assert_true(npt_translate(&npt, 0, &hpa));
	assert_int_equal(hpa, hpa_of(ram));
	assert_true(npt_translate(&npt, 0x123456, &hpa));
	assert_int_equal(hpa, hpa_of(ram) + 0x123456);
	assert_true(npt_translate(&npt, 0x3fffff, &hpa));
	assert_int_equal(hpa, hpa_of(ram) + 0x3fffff);
	assert_false(npt_translate(&npt, 0x400000, &hpa));
	assert_false(npt_translate(&npt, 0x80000fff, &hpa));
	assert_true(npt_translate(&npt, 0x80003abc, &hpa));
	assert_int_equal(hpa, hpa_of(hi) + 0x2abc);
	assert_false(npt_translate(&npt, 0x80004000, &hpa));
	assert_false(npt_translate(&npt, 0xd0000000, &hpa)); /* MMIO */
	assert_false(npt_translate(&npt, 1ull << 48, &hpa));
	/* PML4, PDPT, PD(0) with 2 MiB leaves, PD(2 GiB), one PT */
	assert_int_equal(npt.nr_tables, 5);
	assert_int_equal(counter.live, 5);
	assert_int_equal(root_table(&npt)[0] & paging_npt.table_flags,
			 paging_npt.table_flags);
	paging_free(&npt);
	assert_int_equal(npt.root, 0);
	assert_int_equal(counter.live, 0);
	free(ram);
	free(hi);
}

static u64 walk_entry(const u64 *table, gpa_t gpa, int level)
{
	return table[(gpa >> (12 + 9 * (level - 1))) & 511];
}

static void every_level_user_writable(void **state)
{
	struct vm vm = { .nr_mem = 1 };
	u8 *ram = aligned_alloc(0x1000, 0x2000);
	struct paging npt;
	char why[128];
	const u64 *t;
	int level;

	(void)state;
	vm.mem[0] = (struct vm_mem_region){ 0x7f000, ram, 0x2000 };
	assert_int_equal(npt_build(&npt, &vm, &allocator, why, sizeof(why)), 0);
	t = root_table(&npt);
	for (level = 4; level >= 1; level--) {
		u64 e = walk_entry(t, 0x7f000, level);

		assert_int_equal(e & (PTE_P | PTE_RW | PTE_US),
				 PTE_P | PTE_RW | PTE_US);
		assert_int_equal(e & PTE_PS, 0);
		t = (const u64 *)(uintptr_t)(e & PTE_ADDR_MASK);
	}
	paging_free(&npt);
	assert_int_equal(counter.live, 0);
	free(ram);
}

static void large_pages_need_both_aligned(void **state)
{
	struct vm vm = { .nr_mem = 1 };
	u8 *buf = aligned_alloc(0x200000, 0x400000);
	struct paging npt;
	char why[128];
	hpa_t hpa;

	(void)state;
	/* GPA 2 MiB aligned, host only 4 KiB aligned: 4 KiB leaves */
	vm.mem[0] = (struct vm_mem_region){ 0x200000, buf + 0x1000, 0x200000 };
	assert_int_equal(npt_build(&npt, &vm, &allocator, why, sizeof(why)), 0);
	assert_int_equal(npt.nr_tables, 4); /* PML4, PDPT, PD, one PT */
	assert_true(npt_translate(&npt, 0x3ff008, &hpa));
	assert_int_equal(hpa, hpa_of(buf) + 0x1000 + 0x1ff008);
	paging_free(&npt);
	/* both aligned: one PDE with PS */
	vm.mem[0].hva = buf;
	assert_int_equal(npt_build(&npt, &vm, &allocator, why, sizeof(why)), 0);
	assert_int_equal(npt.nr_tables, 3);
	assert_true(
		walk_entry(
			(const u64
				 *)(uintptr_t)(walk_entry(
						       (const u64
								*)(uintptr_t)(walk_entry(
										      root_table(
											      &npt),
										      0x200000,
										      4) &
									      PTE_ADDR_MASK),
						       0x200000, 3) &
					       PTE_ADDR_MASK),
			0x200000, 2) &
		PTE_PS);
	paging_free(&npt);
	assert_int_equal(counter.live, 0);
	free(buf);
}

static void expect_layout_error(struct vm *vm, const char *needle)
{
	struct paging npt;
	char why[128] = "";

	assert_int_equal(npt_build(&npt, vm, &allocator, why, sizeof(why)),
			 -EINVAL);
	if (!strstr(why, needle))
		fail_msg("expected '%s' in '%s'", needle, why);
	assert_int_equal(counter.live, 0);
}

static void refuses_bad_layouts(void **state)
{
	u8 *ram = aligned_alloc(0x1000, 0x10000);
	struct vm vm = { .nr_mem = 2,
			 .mmio_base = 0x100000,
			 .mmio_size = 0x1000 };

	(void)state;
	vm.mem[0] = (struct vm_mem_region){ 0, ram, 0x8000 };
	vm.mem[1] = (struct vm_mem_region){ 0x4000, ram + 0x8000, 0x8000 };
	expect_layout_error(&vm, "mem[1] overlaps mem[0]");
	vm.mem[1] = (struct vm_mem_region){ 0xff000, ram + 0x8000, 0x2000 };
	expect_layout_error(&vm, "MMIO window");
	vm.mem[1] = (struct vm_mem_region){ 0x20000, ram + 0x8000, 0x1800 };
	expect_layout_error(&vm, "multiple of 4 KiB");
	vm.mem[1] = (struct vm_mem_region){ 0x20000, ram + 0x8010, 0x1000 };
	expect_layout_error(&vm, "not 4 KiB aligned");
	vm.mem[1] = (struct vm_mem_region){ (1ull << 48) - 0x1000, ram + 0x8000,
					    0x2000 };
	expect_layout_error(&vm, "48-bit");
	vm.nr_mem = 0;
	expect_layout_error(&vm, "memory regions");
	free(ram);
}

static void out_of_memory_frees_everything(void **state)
{
	struct vm vm = { .nr_mem = 1 };
	u8 *ram = aligned_alloc(0x1000, 0x2000);
	struct paging npt;
	char why[128];

	(void)state;
	vm.mem[0] = (struct vm_mem_region){ 0x12345000, ram, 0x2000 };
	counter.fail_after = 2; /* PML4, PDPT, then nothing */
	assert_int_equal(npt_build(&npt, &vm, &allocator, why, sizeof(why)),
			 -ENOMEM);
	assert_int_equal(npt.root, 0);
	assert_int_equal(counter.live, 0);
	free(ram);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(maps_exactly_the_regions, reset),
		cmocka_unit_test_setup(every_level_user_writable, reset),
		cmocka_unit_test_setup(large_pages_need_both_aligned, reset),
		cmocka_unit_test_setup(refuses_bad_layouts, reset),
		cmocka_unit_test_setup(out_of_memory_frees_everything, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
