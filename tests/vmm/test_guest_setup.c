// SPDX-License-Identifier: GPL-2.0
/*
 * Guest setup (vmm/guest_setup.c): memory lookups, image loading, the GDT
 * and page tables written into guest RAM, the boot state of each mode, and
 * the guest page walk the MMIO emulation uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/pgtable.h>
#include <arch/segment.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <vmm/guest.h>

#define RAM (2u << 20)

static struct vm vm;
static u8 *ram;

static int setup(void **state)
{
	(void)state;
	ram = aligned_alloc(4096, RAM);
	memset(ram, 0xcc, RAM);
	memset(&vm, 0, sizeof(vm));
	vm_mem_init(&vm, ram, RAM);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static void test_gpa_to_hva(void **state)
{
	(void)state;
	assert_ptr_equal(vm_gpa_to_hva(&vm, 0, 1), ram);
	assert_ptr_equal(vm_gpa_to_hva(&vm, RAM - 8, 8), ram + RAM - 8);
	assert_null(vm_gpa_to_hva(&vm, RAM - 8, 9));
	assert_null(vm_gpa_to_hva(&vm, RAM, 1));
	assert_null(vm_gpa_to_hva(&vm, ~0ull, 2)); /* no wrap-around */
	assert_null(vm_gpa_to_hva(&vm, 0, RAM + 1));
	assert_null(vm_gpa_to_hva(&vm, GUEST_MMIO_GPA, 4));
}

static void test_load_image(void **state)
{
	static const u8 image[] = { 0x90, 0xf4 };
	static u8 big[RAM];

	(void)state;
	assert_int_equal(vm_load_image(&vm, image, sizeof(image)), 0);
	assert_memory_equal(ram + GUEST_LOAD_GPA, image, sizeof(image));
	/* it must leave a page for the stack */
	assert_int_equal(vm_load_image(&vm, big, RAM - GUEST_LOAD_GPA),
			 -ENOSPC);
	assert_int_equal(vm_load_image(&vm, big, RAM - GUEST_LOAD_GPA - 0x1000),
			 0);
}

/* Decode an 8-byte GDT descriptor back into base, limit and attributes. */
static void check_desc(u64 d, u64 base, u32 limit, u16 attr)
{
	u32 lim = (d & 0xffff) | ((d >> 48) & 0xf) << 16;

	if (attr & SEG_ATTR_G)
		lim = lim << 12 | 0xfff;
	assert_int_equal(((d >> 16) & 0xffffff) | ((d >> 56) & 0xff) << 24,
			 base);
	assert_int_equal(lim, limit);
	assert_int_equal(((d >> 40) & 0xff) | ((d >> 52) & 0xf) << 8, attr);
}

static void test_long64(void **state)
{
	struct vcpu_boot_state bs;
	const u64 *gdt = (const u64 *)(ram + GUEST_GDT_GPA);
	const u64 *pml4 = (const u64 *)(ram + GUEST_PML4_GPA);
	const u64 *pdpt = (const u64 *)(ram + GUEST_PDPT_GPA);

	(void)state;
	vm.boot_mode = VM_BOOT_LONG64;
	assert_int_equal(vm_setup_boot_state(&vm, &bs), 0);
	assert_int_equal(bs.cr0 & (X86_CR0_PE | X86_CR0_PG),
			 X86_CR0_PE | X86_CR0_PG);
	assert_true(bs.cr4 & X86_CR4_PAE);
	assert_int_equal(bs.efer, X86_EFER_LME | X86_EFER_LMA);
	assert_int_equal(bs.cr3, GUEST_PML4_GPA);
	assert_int_equal(bs.rip, GUEST_LOAD_GPA);
	assert_int_equal(bs.rsp, RAM);
	assert_int_equal(bs.rflags, X86_EFLAGS_FIXED);
	/* CS: 64-bit code (L=1, D=0), DPL 0, present */
	assert_int_equal(bs.cs.selector, GUEST_SEL_CODE64);
	assert_true(bs.cs.attr & SEG_ATTR_L);
	assert_false(bs.cs.attr & SEG_ATTR_DB);
	assert_int_equal(bs.ss.selector, GUEST_SEL_DATA);
	/* TR: a busy TSS, as VM entry requires in IA-32e mode */
	assert_int_equal(bs.tr.attr & 0xf, SEG_TYPE_TSS_BUSY);
	assert_int_equal(bs.ldtr.attr, 0); /* unusable */
	assert_int_equal(bs.gdtr.base, GUEST_GDT_GPA);
	assert_int_equal(bs.gdtr.limit, 6 * 8 - 1);
	/* the GDT in guest memory says the same as the registers */
	assert_int_equal(gdt[0], 0);
	check_desc(gdt[GUEST_SEL_CODE64 / 8], 0, 0xffffffff, bs.cs.attr);
	check_desc(gdt[GUEST_SEL_DATA / 8], 0, 0xffffffff, bs.ds.attr);
	check_desc(gdt[GUEST_SEL_TSS / 8], GUEST_TSS_GPA, bs.tr.limit,
		   bs.tr.attr);
	assert_int_equal(gdt[GUEST_SEL_TSS / 8 + 1], 0);
	/* page tables: PML4[0] -> PDPT -> 4 PDs of 2 MiB pages */
	assert_int_equal(pml4[0], GUEST_PDPT_GPA | PTE_P | PTE_RW);
	assert_int_equal(pml4[1], 0);
	for (int i = 0; i < GUEST_NR_PDS; i++)
		assert_int_equal(pdpt[i],
				 (GUEST_PD_GPA + i * 0x1000) | PTE_P | PTE_RW);
	assert_int_equal(pdpt[GUEST_NR_PDS], 0);
}

static gpa_t walk(const struct vcpu_regs *regs, u64 gva)
{
	gpa_t gpa = ~0ull;

	assert_int_equal(vm_gva_to_gpa(&vm, regs, gva, &gpa), 0);
	return gpa;
}

static void test_long64_walk(void **state)
{
	struct vcpu vcpu = { .vm = &vm };
	gpa_t gpa;

	(void)state;
	vm.boot_mode = VM_BOOT_LONG64;
	assert_int_equal(vm_setup_boot_state(&vm, &vcpu.boot), 0);
	vcpu_load_boot_regs(&vcpu);
	assert_int_equal(vcpu.regs.rip, GUEST_LOAD_GPA);
	assert_int_equal(vcpu.regs.gpr[VCPU_RSP], RAM);
	/* identity: RAM, the MMIO window, the "outside" address */
	assert_int_equal(walk(&vcpu.regs, 0x10000), 0x10000);
	assert_int_equal(walk(&vcpu.regs, 0x1fffff), 0x1fffff);
	assert_int_equal(walk(&vcpu.regs, GUEST_MMIO_GPA + 0x123),
			 GUEST_MMIO_GPA + 0x123);
	assert_int_equal(walk(&vcpu.regs, GUEST_OUTSIDE_GPA),
			 GUEST_OUTSIDE_GPA);
	/* beyond 4 GiB nothing is mapped */
	assert_int_equal(vm_gva_to_gpa(&vm, &vcpu.regs, 4ull << 30, &gpa),
			 -EFAULT);
	assert_int_equal(vm_gva_to_gpa(&vm, &vcpu.regs, 1ull << 39, &gpa),
			 -EFAULT);
}

/* Hand-built tables: a 4 KiB page and a 1 GiB page, non-identity. */
static void test_walk_page_sizes(void **state)
{
	struct vcpu_regs regs = { .cr0 = X86_CR0_PE | X86_CR0_PG,
				  .cr3 = 0x20000,
				  .efer = X86_EFER_LMA | X86_EFER_LME };
	u64 *pml4 = (u64 *)(ram + 0x20000), *pdpt = (u64 *)(ram + 0x21000);
	u64 *pd = (u64 *)(ram + 0x22000), *pt = (u64 *)(ram + 0x23000);
	gpa_t gpa;

	(void)state;
	memset(ram + 0x20000, 0, 0x4000);
	pml4[1] = 0x21000 | PTE_P; /* 512 GiB .. */
	pdpt[0] = 0x22000 | PTE_P;
	pdpt[1] = 0x40000000 | PTE_P | PTE_PS; /* 1 GiB page */
	pd[3] = 0x23000 | PTE_P;
	pt[5] = 0x1ab000 | PTE_P | PTE_RW;
	/* va = 512G + 3*2M + 5*4K + 0x321 */
	assert_int_equal(walk(&regs,
			      (1ull << 39) + (3 << 21) + (5 << 12) + 0x321),
			 0x1ab321);
	assert_int_equal(walk(&regs, (1ull << 39) + (1ull << 30) + 0x12345),
			 0x40012345);
	assert_int_equal(vm_gva_to_gpa(&vm, &regs, (1ull << 39) + (6 << 12),
				       &gpa),
			 -EFAULT);
	/* a table pointer outside RAM faults instead of reading host memory */
	pd[4] = 0x7ff00000 | PTE_P;
	assert_int_equal(vm_gva_to_gpa(&vm, &regs, (1ull << 39) + (4 << 21),
				       &gpa),
			 -EFAULT);
	/* paging off: identity; legacy paging: not supported */
	regs.cr0 = X86_CR0_PE;
	assert_int_equal(walk(&regs, 0xd0000010), 0xd0000010);
	regs.cr0 = X86_CR0_PE | X86_CR0_PG;
	regs.efer = 0;
	assert_int_equal(vm_gva_to_gpa(&vm, &regs, 0, &gpa), -EOPNOTSUPP);
}

static void test_prot32(void **state)
{
	struct vcpu_boot_state bs;
	const u64 *gdt = (const u64 *)(ram + GUEST_GDT_GPA);

	(void)state;
	vm.boot_mode = VM_BOOT_PROT32;
	assert_int_equal(vm_setup_boot_state(&vm, &bs), 0);
	assert_int_equal(bs.cr0 & (X86_CR0_PE | X86_CR0_PG), X86_CR0_PE);
	assert_int_equal(bs.efer, 0);
	assert_int_equal(bs.cr4, 0);
	assert_int_equal(bs.cs.selector, GUEST_SEL_CODE32);
	assert_true(bs.cs.attr & SEG_ATTR_DB);
	assert_false(bs.cs.attr & SEG_ATTR_L);
	check_desc(gdt[GUEST_SEL_CODE32 / 8], 0, 0xffffffff, bs.cs.attr);
	/* no page tables written in this mode */
	assert_int_equal(ram[GUEST_PML4_GPA], 0xcc);
}

static void test_real16(void **state)
{
	struct vcpu_boot_state bs;

	(void)state;
	vm.boot_mode = VM_BOOT_REAL16;
	assert_int_equal(vm_setup_boot_state(&vm, &bs), 0);
	assert_int_equal(bs.cr0 & (X86_CR0_PE | X86_CR0_PG), 0);
	assert_int_equal(bs.cs.selector, GUEST_REAL_CS);
	assert_int_equal(bs.cs.base, GUEST_LOAD_GPA);
	assert_int_equal(bs.cs.limit, 0xffff);
	assert_int_equal(bs.rip, 0);
	assert_int_equal(bs.rsp, GUEST_REAL_SP);
	assert_int_equal(bs.ss.base, 0);
	assert_int_equal(bs.idtr.limit, 0x3ff);
	/* VMX needs a usable TR even in real mode */
	assert_int_equal(bs.tr.attr & 0xf, SEG_TYPE_TSS_BUSY);
	assert_int_equal(ram[GUEST_GDT_GPA], 0xcc); /* nothing written */
}

static void test_too_small(void **state)
{
	struct vcpu_boot_state bs;

	(void)state;
	vm.mem[0].size = GUEST_LOAD_GPA;
	vm.boot_mode = VM_BOOT_LONG64;
	assert_int_equal(vm_setup_boot_state(&vm, &bs), -ENOSPC);
	vm.mem[0].size = RAM;
	vm.boot_mode = 7;
	assert_int_equal(vm_setup_boot_state(&vm, &bs), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gpa_to_hva, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_load_image, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_long64, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long64_walk, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_walk_page_sizes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_prot32, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real16, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_small, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
