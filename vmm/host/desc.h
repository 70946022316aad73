/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layouts of the host's descriptor tables, shared with the hardware: the
 * 64-bit TSS (SDM Vol. 3A 7.7), IDT gates (6.14.1) and the page that holds
 * GDT, TSS and IDT together (allocated by efi_main, filled by gdt_init()
 * and idt_init()).  Other modules get the bases from host_desc_bases().
 */
#ifndef VMM_HOST_DESC_PRIV_H
#define VMM_HOST_DESC_PRIV_H

#include <liminal/compiler.h>
#include <liminal/types.h>
#include <host/host.h>

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

_Static_assert(offsetof(struct tss64, rsp) == 4, "SDM 7.7 TSS layout");
_Static_assert(offsetof(struct tss64, ist) == 36, "SDM 7.7 TSS layout");
_Static_assert(offsetof(struct tss64, iomap_base) == 102, "SDM 7.7");
_Static_assert(sizeof(struct tss64) == 104, "SDM 7.7 TSS layout");

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist; /* bits 2:0 */
	u8 type_attr; /* type 3:0, DPL 6:5, P 7 */
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

_Static_assert(sizeof(struct idt_gate) == 16, "SDM 6.14.1 gate size");

/* The operand of lgdt/lidt/sgdt/sidt in 64-bit mode. */
struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

_Static_assert(sizeof(struct desc_ptr) == 10, "SDM 3.5.1 pseudo-descriptor");

struct host_desc_page {
	struct idt_gate idt[HOST_NR_VECTORS];
	u64 gdt[HOST_GDT_ENTRIES];
	struct tss64 tss __aligned(16);
};

_Static_assert(sizeof(struct host_desc_page) <= HOST_DESC_PAGES * 4096,
	       "HOST_DESC_PAGES");

#endif /* VMM_HOST_DESC_PRIV_H */
