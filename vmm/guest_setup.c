// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory and the initial vCPU state for each boot mode.
 *
 * The layout (GDT, page tables, load address, stacks) is the guest ABI of
 * include/vmm/guest_abi.h.  Everything here writes only guest memory and
 * structures passed in: pure C, unit-tested on the host.
 */
#include <arch/pgtable.h>
#include <arch/segment.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <lib/paging.h>
#include <lib/string.h>
#include <vmm/guest.h>

#define GDT_ENTRIES 6 /* null, code64, data, code32, TSS (2 slots) */
#define TSS_LIMIT 0x67 /* a 64-bit TSS is 104 bytes (SDM 8.7) */
#define REAL_SEG_LIMIT 0xffff
#define REAL_IVT_LIMIT 0x3ff
#define FLAT_LIMIT 0xffffffffu
#define LAYOUT_END GUEST_LOAD_GPA /* the VMM's structures end here */
#define STACK_RESERVE 0x1000 /* room kept for the stack */

_Static_assert(GUEST_TSS_GPA + TSS_LIMIT < GUEST_PML4_GPA, "TSS overlap");
_Static_assert(GUEST_GDT_GPA + GDT_ENTRIES * 8 <= GUEST_TSS_GPA, "GDT size");
_Static_assert(GUEST_PD_GPA + GUEST_NR_PDS * 0x1000 <= 0x8000, "PTs");
/* the guest's tables are allocated in this order: PML4, PDPT, the PDs */
_Static_assert(GUEST_PDPT_GPA == GUEST_PML4_GPA + PAGE_SIZE &&
		       GUEST_PD_GPA == GUEST_PDPT_GPA + PAGE_SIZE,
	       "table order");
_Static_assert(GUEST_SEL_TSS == 4 * 8, "TSS slot");

void vm_mem_init(struct vm *vm, void *hva, u64 size)
{
	vm->mem[0] =
		(struct vm_mem_region){ .gpa = 0, .hva = hva, .size = size };
	vm->nr_mem = 1;
}

void *vm_gpa_to_hva(const struct vm *vm, gpa_t gpa, u64 len)
{
	for (unsigned int i = 0; i < vm->nr_mem; i++) {
		const struct vm_mem_region *m = &vm->mem[i];

		if (gpa >= m->gpa && len <= m->size &&
		    gpa - m->gpa <= m->size - len)
			return (u8 *)m->hva + (gpa - m->gpa);
	}
	return NULL;
}

int vm_load_image(struct vm *vm, const void *image, u64 size)
{
	void *dst;

	if (vm->nr_mem == 0 ||
	    vm->mem[0].size < GUEST_LOAD_GPA + STACK_RESERVE ||
	    size > vm->mem[0].size - GUEST_LOAD_GPA - STACK_RESERVE)
		return -ENOSPC;
	dst = vm_gpa_to_hva(vm, GUEST_LOAD_GPA, size);
	if (!dst)
		return -ENOSPC;
	memcpy(dst, image, size);
	return 0;
}

/* An 8-byte GDT descriptor from the neutral segment form (SDM 3.4.5). */
static u64 gdt_entry(const struct vcpu_segment *s)
{
	u32 limit = s->attr & SEG_ATTR_G ? s->limit >> 12 : s->limit;

	return (limit & 0xffffull) | (s->base & 0xffffffull) << 16 |
	       (u64)(s->attr & 0xff) << 40 | (u64)((limit >> 16) & 0xf) << 48 |
	       (u64)((s->attr >> 8) & 0xf) << 52 |
	       (u64)((s->base >> 24) & 0xff) << 56;
}

static struct vcpu_segment flat_seg(u16 sel, u16 attr)
{
	return (struct vcpu_segment){
		.selector = sel, .attr = attr, .limit = FLAT_LIMIT, .base = 0
	};
}

static void write_gdt(struct vm *vm, const struct vcpu_boot_state *bs,
		      const struct vcpu_segment *code64,
		      const struct vcpu_segment *code32)
{
	u64 *gdt = vm_gpa_to_hva(vm, GUEST_GDT_GPA, GDT_ENTRIES * 8);

	gdt[0] = 0;
	gdt[GUEST_SEL_CODE64 / 8] = gdt_entry(code64);
	gdt[GUEST_SEL_DATA / 8] = gdt_entry(&bs->ds);
	gdt[GUEST_SEL_CODE32 / 8] = gdt_entry(code32);
	/* 16-byte system descriptor: the upper half holds base[63:32] */
	gdt[GUEST_SEL_TSS / 8] = gdt_entry(&bs->tr);
	gdt[GUEST_SEL_TSS / 8 + 1] = bs->tr.base >> 32;
}

/*
 * A guest's own page tables live in guest memory and hold guest-physical
 * addresses: lib/paging.c reaches a table through vm_gpa_to_hva(), and
 * new tables come from [next, end) in order.  Guest memory is never given
 * back.
 */
struct guest_tables {
	const struct vm *vm;
	gpa_t next, end;
};

static __always_inline void *guest_table_page(void *ctx, u64 gpa)
{
	const struct guest_tables *g = ctx;

	return vm_gpa_to_hva(g->vm, gpa, PAGE_SIZE);
}

static u64 guest_table_gpa(void *ctx, const void *page)
{
	const struct guest_tables *g = ctx;

	for (unsigned int i = 0; i < g->vm->nr_mem; i++) {
		const struct vm_mem_region *m = &g->vm->mem[i];
		uintptr_t off = (uintptr_t)page - (uintptr_t)m->hva;

		if ((uintptr_t)page >= (uintptr_t)m->hva && off < m->size)
			return m->gpa + off;
	}
	return 0; /* not reached: every page came from guest_table_page() */
}

static void *guest_table_alloc(void *ctx)
{
	struct guest_tables *g = ctx;
	void *page = g->next < g->end ? guest_table_page(g, g->next) : NULL;

	if (page) {
		memset(page, 0, PAGE_SIZE);
		g->next += PAGE_SIZE;
	}
	return page;
}

static void guest_table_free(void *ctx, void *page)
{
	(void)ctx;
	(void)page;
}

#define GUEST_TABLES(g)                                                 \
	((const struct pgtable_alloc){ .alloc_page = guest_table_alloc, \
				       .free_page = guest_table_free,   \
				       .page_addr = guest_table_gpa,    \
				       .addr_page = guest_table_page,   \
				       .ctx = (g) })

/*
 * Long-mode page tables at GUEST_PML4_GPA: the low 4 GiB identity-mapped
 * with 2 MiB pages, PML4[0] -> PDPT, PDPT[i] -> PD i.
 */
static int write_page_tables(struct vm *vm)
{
	struct guest_tables g = { vm, GUEST_PML4_GPA,
				  GUEST_PD_GPA + GUEST_NR_PDS * PAGE_SIZE };
	const struct pgtable_alloc alloc = GUEST_TABLES(&g);
	struct paging pt;
	int ret;

	ret = paging_alloc(&pt, &paging_x86_64, &alloc, 2);
	if (ret)
		return ret;
	return paging_map(&pt, 0, 0, GUEST_NR_PDS * PT_LEVEL_SIZE(3),
			  PTE_P | PTE_RW);
}

/* Segments and tables common to long64 and prot32. */
static void protected_segments(struct vcpu_boot_state *bs, u64 ram)
{
	u16 data = SEG_TYPE_DATA_RW_A | SEG_ATTR_S | SEG_ATTR_P | SEG_ATTR_DB |
		   SEG_ATTR_G;

	bs->ds = bs->es = bs->fs = bs->gs = bs->ss =
		flat_seg(GUEST_SEL_DATA, data);
	bs->tr = (struct vcpu_segment){ .selector = GUEST_SEL_TSS,
					.attr = SEG_TYPE_TSS_BUSY | SEG_ATTR_P,
					.limit = TSS_LIMIT,
					.base = GUEST_TSS_GPA };
	bs->ldtr = (struct vcpu_segment){ 0 }; /* unusable */
	bs->gdtr = (struct vcpu_dtable){ .base = GUEST_GDT_GPA,
					 .limit = GDT_ENTRIES * 8 - 1 };
	bs->idtr = (struct vcpu_dtable){ 0 }; /* the guest loads its own */
	bs->rip = GUEST_LOAD_GPA;
	bs->rsp = ALIGN_DOWN(ram, 16);
	bs->rflags = X86_EFLAGS_FIXED;
}

static int boot_long64(struct vm *vm, struct vcpu_boot_state *bs, u64 ram)
{
	u16 code = SEG_TYPE_CODE_XR_A | SEG_ATTR_S | SEG_ATTR_P | SEG_ATTR_G;
	struct vcpu_segment code32 =
		flat_seg(GUEST_SEL_CODE32, code | SEG_ATTR_DB);

	protected_segments(bs, ram);
	bs->cs = flat_seg(GUEST_SEL_CODE64, code | SEG_ATTR_L);
	bs->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
		  X86_CR0_WP | X86_CR0_PG;
	bs->cr3 = GUEST_PML4_GPA;
	bs->cr4 = X86_CR4_PAE;
	bs->efer = X86_EFER_LME | X86_EFER_LMA;
	write_gdt(vm, bs, &bs->cs, &code32);
	return write_page_tables(vm);
}

static void boot_prot32(struct vm *vm, struct vcpu_boot_state *bs, u64 ram)
{
	u16 code = SEG_TYPE_CODE_XR_A | SEG_ATTR_S | SEG_ATTR_P | SEG_ATTR_G;
	struct vcpu_segment code64 =
		flat_seg(GUEST_SEL_CODE64, code | SEG_ATTR_L);

	protected_segments(bs, ram);
	bs->cs = flat_seg(GUEST_SEL_CODE32, code | SEG_ATTR_DB);
	bs->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE;
	write_gdt(vm, bs, &code64, &bs->cs);
}

/* Real mode as after a reset, but CS:IP = GUEST_REAL_CS:0 (the image). */
static void boot_real16(struct vcpu_boot_state *bs)
{
	struct vcpu_segment data = { .selector = 0,
				     .base = 0,
				     .limit = REAL_SEG_LIMIT,
				     .attr = SEG_TYPE_DATA_RW_A | SEG_ATTR_S |
					     SEG_ATTR_P };

	bs->ds = bs->es = bs->fs = bs->gs = bs->ss = data;
	bs->cs = (struct vcpu_segment){ .selector = GUEST_REAL_CS,
					.base = (u64)GUEST_REAL_CS << 4,
					.limit = REAL_SEG_LIMIT,
					.attr = SEG_TYPE_CODE_XR_A |
						SEG_ATTR_S | SEG_ATTR_P };
	bs->tr = (struct vcpu_segment){ .attr = SEG_TYPE_TSS_BUSY | SEG_ATTR_P,
					.limit = REAL_SEG_LIMIT };
	bs->ldtr = (struct vcpu_segment){ 0 };
	bs->gdtr = (struct vcpu_dtable){ .base = 0, .limit = REAL_SEG_LIMIT };
	bs->idtr = (struct vcpu_dtable){ .base = 0, .limit = REAL_IVT_LIMIT };
	bs->cr0 = X86_CR0_ET | X86_CR0_NE;
	bs->rip = 0;
	bs->rsp = GUEST_REAL_SP;
	bs->rflags = X86_EFLAGS_FIXED;
}

int vm_setup_boot_state(struct vm *vm, struct vcpu_boot_state *bs)
{
	u64 ram = vm->nr_mem ? vm->mem[0].size : 0;

	if (ram < LAYOUT_END + STACK_RESERVE)
		return -ENOSPC;
	*bs = (struct vcpu_boot_state){ 0 };
	switch (vm->boot_mode) {
	case VM_BOOT_LONG64:
		return boot_long64(vm, bs, ram);
	case VM_BOOT_PROT32:
		boot_prot32(vm, bs, ram);
		return 0;
	case VM_BOOT_REAL16:
		boot_real16(bs);
		return 0;
	}
	return -EINVAL;
}

void vcpu_load_boot_regs(struct vcpu *vcpu)
{
	const struct vcpu_boot_state *bs = &vcpu->boot;

	memset(&vcpu->regs, 0, sizeof(vcpu->regs));
	vcpu->regs.gpr[VCPU_RSP] = bs->rsp;
	vcpu->regs.rip = bs->rip;
	vcpu->regs.rflags = bs->rflags;
	vcpu->regs.cr0 = bs->cr0;
	vcpu->regs.cr3 = bs->cr3;
	vcpu->regs.cr4 = bs->cr4;
	vcpu->regs.efer = bs->efer;
}

int vm_gva_to_gpa(const struct vm *vm, const struct vcpu_regs *regs, u64 gva,
		  gpa_t *gpa)
{
	struct guest_tables g = { .vm = vm };
	const struct pgtable_alloc alloc = GUEST_TABLES(&g);
	const struct paging pt = { .fmt = &paging_x86_64,
				   .alloc = &alloc,
				   .root = regs->cr3 & PTE_ADDR_MASK };
	struct paging_leaf leaf;
	int ret;

	if (!(regs->cr0 & X86_CR0_PG)) {
		*gpa = gva;
		return 0;
	}
	if (!(regs->efer & X86_EFER_LMA))
		return -EOPNOTSUPP;
	/*
	 * Bits 47:0 index the tables; 63:48 are their sign extension.  The
	 * MMIO emulation walks on every exit: with guest_table_page() given
	 * directly the walk compiles to the hand-written one it replaced.
	 */
	ret = __paging_lookup(&pt, gva & (PT_LEVEL_SIZE(5) - 1), &leaf,
			      guest_table_page);
	if (!ret)
		*gpa = leaf.pa;
	return ret;
}
