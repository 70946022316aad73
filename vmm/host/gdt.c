// SPDX-License-Identifier: GPL-2.0
/*
 * The host GDT and TSS.
 *
 * OVMF leaves TR at 0 and its GDT in boot-services memory; VM entry on VMX
 * needs a non-null host TR, and the IST stacks need a TSS.  The GDT is:
 * null, 64-bit code (HOST_CS_SEL), data (HOST_DS_SEL), 64-bit TSS
 * (HOST_TSS_SEL, two slots).  SDM Vol. 3A 3.4.5 (segment descriptors),
 * 7.2.3 (TSS descriptor in 64-bit mode), 7.7 (64-bit TSS).
 */
#include <lib/string.h>
#include <host/host.h>
#include "desc.h"
#include <host/mm.h>

static struct host_desc_page *host_desc_page;

/* Descriptor access byte (bits 47:40) and flags (bits 55:52). */
#define DESC_TYPE_DATA_RW 0x2 /* read/write data */
#define DESC_TYPE_CODE_XR 0xa /* execute/read code */
#define DESC_TYPE_TSS_AVAIL 0x9 /* available 64-bit TSS */
#define DESC_ACCESSED 0x1
#define DESC_S (1u << 4) /* code or data, not system */
#define DESC_DPL0 (0u << 5)
#define DESC_P (1u << 7)
#define DESC_FLAG_L (1u << 1) /* 64-bit code */
#define DESC_FLAG_DB (1u << 2) /* 32-bit default size */
#define DESC_FLAG_G (1u << 3) /* limit in 4 KiB units */
#define DESC_LIMIT_MAX 0xfffff /* 20 bits: with G, the whole 4 GiB */

static u64 gdt_desc(u32 base, u32 limit, u32 access, u32 flags)
{
	return (u64)(limit & 0xffff) | ((u64)(base & 0xffffff) << 16) |
	       ((u64)access << 40) | ((u64)((limit >> 16) & 0xf) << 48) |
	       ((u64)flags << 52) | ((u64)(base >> 24) << 56);
}

static void gdt_set_tss(u64 *gdt, const struct tss64 *tss)
{
	u64 base = (u64)tss;

	gdt[HOST_GDT_TSS] = gdt_desc((u32)base, sizeof(*tss) - 1,
				     DESC_TYPE_TSS_AVAIL | DESC_DPL0 | DESC_P,
				     0);
	gdt[HOST_GDT_TSS + 1] = base >> 32; /* base 63:32, then reserved */
}

static void tss_init(struct tss64 *tss, void *ist_stacks)
{
	int i;

	memset(tss, 0, sizeof(*tss));
	/* IST n uses the n-th stack, above its guard page; RSP at its top */
	for (i = 0; i < HOST_NR_IST; i++)
		tss->ist[i] = (u64)ist_stacks + (u64)(i + 1) * HOST_IST_STRIDE;
	/* no I/O permission bitmap: the offset points past the limit */
	tss->iomap_base = sizeof(*tss);
}

/*
 * Load the GDT, reload CS with a far return (the only way to change CS in
 * 64-bit mode without a call gate), the data segments, then TR.
 */
static void gdt_load(const u64 *gdt)
{
	struct desc_ptr ptr = {
		.limit = HOST_GDT_ENTRIES * sizeof(u64) - 1,
		.base = (u64)gdt,
	};

	__asm__ __volatile__("lgdt %0" ::"m"(ptr));
	__asm__ __volatile__("pushq %[cs]\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %[ds], %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss\n\t"
			     "movl %%eax, %%fs\n\t"
			     "movl %%eax, %%gs\n\t"
			     :
			     : [cs] "i"(HOST_CS_SEL), [ds] "i"(HOST_DS_SEL)
			     : "rax", "memory");
	__asm__ __volatile__("ltr %w0" ::"r"(HOST_TSS_SEL));
}

void gdt_init(void *desc_page, void *ist_stacks)
{
	struct host_desc_page *page = desc_page;
	u64 *gdt = page->gdt;

	host_desc_page = page;

	memset(gdt, 0, sizeof(page->gdt));
	gdt[HOST_GDT_CODE] = gdt_desc(0, DESC_LIMIT_MAX,
				      DESC_TYPE_CODE_XR | DESC_ACCESSED |
					      DESC_S | DESC_DPL0 | DESC_P,
				      DESC_FLAG_L | DESC_FLAG_G);
	gdt[HOST_GDT_DATA] = gdt_desc(0, DESC_LIMIT_MAX,
				      DESC_TYPE_DATA_RW | DESC_ACCESSED |
					      DESC_S | DESC_DPL0 | DESC_P,
				      DESC_FLAG_DB | DESC_FLAG_G);
	tss_init(&page->tss, ist_stacks);
	gdt_set_tss(gdt, &page->tss);
	gdt_load(gdt);
}

void host_desc_bases(struct host_desc_bases *b)
{
	struct host_desc_page *page = host_desc_page;

	b->gdt = (u64)page->gdt;
	b->gdt_limit = sizeof(page->gdt) - 1;
	b->idt = (u64)page->idt;
	b->idt_limit = sizeof(page->idt) - 1;
	b->tss = (u64)&page->tss;
}
