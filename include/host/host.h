/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host environment the VMM runs in after ExitBootServices (vmm/host/):
 * its own GDT/TSS/IDT, COM1 console, page tables, local APIC tick, TSC.
 *
 * Boot order (efi/main.c then host_main()):
 *   efi_main: banner, virtualization check, allocations, vmm_efi_prepare(),
 *   ExitBootServices, switch to the VMM stack, host_main():
 *   1) gdt_init()/idt_init(): own descriptors, IST stacks for NMI, #DF, #MC
 *   2) page_alloc_init(): free EfiConventionalMemory above 1 MiB
 *   3) paging_init(): identity map, W^X image, CR3 switch
 *   4) tsc_init(), apic_init(): calibrate, mask firmware LVTs, start tick;
 *      ioapic_init(): every I/O APIC input masked
 *   5) host_selftest(), then info->payload() (vmm_main), then
 *      platform_exit().
 *
 * The host sits below the VMM core: it never names the core.  What runs
 * on top of it is the payload efi_main puts in the boot info, and the
 * core's work on the host tick is a hook the core registers.
 */
#ifndef HOST_HOST_H
#define HOST_HOST_H

#include <liminal/compiler.h>
#include <liminal/types.h>

/* GDT layout (vmm/host/gdt.c); selectors have TI=0, RPL=0. */
#define HOST_GDT_NULL 0
#define HOST_GDT_CODE 1
#define HOST_GDT_DATA 2
#define HOST_GDT_TSS 3 /* a 64-bit TSS descriptor takes two slots */
#define HOST_GDT_ENTRIES 5

#define HOST_CS_SEL (HOST_GDT_CODE * 8)
#define HOST_DS_SEL (HOST_GDT_DATA * 8)
#define HOST_TSS_SEL (HOST_GDT_TSS * 8)

/* Interrupt stack table slots (TSS.IST1..3). */
#define HOST_IST_NMI 1
#define HOST_IST_DF 2
#define HOST_IST_MC 3
#define HOST_NR_IST 3

/* Vectors the host uses (Linux's numbers where it has one). */
#define HOST_FIRST_EXTERNAL_VECTOR 0x20
#define HOST_TEST_VECTOR 0xe0 /* self-IPI used by tests */
#define HOST_TIMER_VECTOR 0xec /* LAPIC timer: the host tick */
#define HOST_ERROR_VECTOR 0xfe /* LAPIC error */
#define HOST_SPURIOUS_VECTOR 0xff /* LAPIC spurious */
#define HOST_NR_VECTORS 256
/* Stub n of the host IDT is at host_idt_stubs + n * this (idt_stubs.asm). */
#define HOST_IDT_STUB_SIZE 16

/* Sizes of what efi_main allocates for the host before ExitBootServices. */
#define HOST_GUARD_SIZE 4096 /* an unmapped page below each stack */
#define HOST_STACK_SIZE (64 * 1024)
#define HOST_IST_STACK_SIZE (16 * 1024)
/* IST stack n (1-based) is guard + stack at ist_stacks + (n-1) * stride */
#define HOST_IST_STRIDE (HOST_GUARD_SIZE + HOST_IST_STACK_SIZE)
#define HOST_DESC_PAGES 2

/* The host tick rate the LAPIC timer is programmed for. */
#define HOST_HZ 1000

/*
 * The machine's memory map as a neutral table, e820-like: efi/ converts the
 * UEFI map it reads at ExitBootServices into it before the hand-off, so the
 * host and the core never see a firmware type.  One range per firmware
 * descriptor, in the firmware's order.
 */
enum memmap_kind {
	MEMMAP_FREE, /* free RAM (EfiConventionalMemory): the page allocator's */
	MEMMAP_RAM, /* other write-back RAM: the image, loader data, ACPI... */
	MEMMAP_OTHER, /* MMIO, reserved, not write-back: mapped uncached */
};

struct memmap_range {
	u64 start, end; /* [start, end), page aligned */
	enum memmap_kind kind;
};

struct host_memmap {
	struct memmap_range *range; /* nr_ranges entries */
	u32 nr_ranges;
};

/*
 * Everything efi_main hands to host_main(): all of it is EfiLoaderData (or
 * the image itself) and survives ExitBootServices.  @payload runs after
 * host init and the self-test, with IRQs on (vmm_main); its 0 is a pass.
 */
struct host_boot_info {
	struct host_memmap memmap;
	void *stack; /* guard page, then HOST_STACK_SIZE */
	void *ist_stacks; /* HOST_NR_IST * HOST_IST_STRIDE */
	void *desc_page; /* HOST_DESC_PAGES pages: IDT, GDT and TSS */
	u32 fault_test; /* enum host_fault_test, from the selftest file */
	bool selftest_only; /* end after the host self-test, no vmm_main */
	bool ebs_stale_test; /* ebs=stale: make the first map key stale */
	u32 ebs_tries; /* ExitBootServices calls it took */
	void *acpi_rsdp; /* from the EFI configuration table, or NULL */
	int (*payload)(void);
};

/*
 * Test options, one per line in the ESP file \liminal-selftest.cfg (read by
 * efi_main; absent means none):
 *   fault=ud|pf|df   raise that fatal exception on purpose after host init
 *   selftest=only    end with the self-test verdict, without vmm_main()
 *   ebs=stale        change the memory map between GetMemoryMap and the
 *                    first ExitBootServices, so that the stale-key retry
 *                    runs (the VMM prints how many calls it took)
 */
enum host_fault_test {
	HOST_FAULT_NONE,
	HOST_FAULT_UD, /* fault=ud: ud2 */
	HOST_FAULT_PF, /* fault=pf: write to our own text (W^X) */
	HOST_FAULT_DF, /* fault=df: overflow the VMM stack into its guard */
};

__noreturn void host_main(struct host_boot_info *info);
/* Leave the firmware's stack for @stack_top and call fn(arg) there with
 * RBP 0 (vmm/host/head.asm); fn must not return. */
void host_switch_stack(void *stack_top, void (*fn)(void *), void *arg);

/* Descriptor tables (vmm/host/gdt.c, vmm/host/idt.c). */
void gdt_init(void *desc_page, void *ist_stacks);
void idt_init(void *desc_page);
/*
 * The IDT entry stub of @vector.  A caller that dispatches an interrupt by
 * hand (VMX: an external-interrupt exit) builds the frame the CPU would
 * (SS, RSP, RFLAGS with IF=0, CS=HOST_CS_SEL, RIP, 16-byte aligned) and
 * calls the stub; it returns with iretq.
 */
void *host_idt_stub(unsigned int vector);

/* Bases and limits of the loaded tables (VMX host-state area). */
struct host_desc_bases {
	u64 gdt, idt, tss;
	u16 gdt_limit, idt_limit;
};
void host_desc_bases(struct host_desc_bases *b);

/* Memory (vmm/host/page_alloc.c, vmm/host/paging.c; API in host/mm.h). */
void page_alloc_init(const struct host_memmap *mm);
void paging_init(const struct host_boot_info *info);

/* COM1, made printk()'s console (vmm/host/serial.c). */
void serial_init(void);

/* CPU identification and virtualization support (vmm/host/cpu.c). */
enum host_virt {
	HOST_VIRT_NONE,
	HOST_VIRT_VMX,
	HOST_VIRT_SVM,
};
void cpu_print_banner(void);
/* Prints what the CPU and the firmware allow; returns what exists. */
enum host_virt cpu_detect_virt(void);

/* TSC (vmm/host/tsc.c): kHz, calibrated once in tsc_init(). */
void tsc_init(void);
u64 tsc_khz(void);

/* Local APIC (vmm/host/apic.c). */
void apic_init(void);
void apic_eoi(void);
void apic_send_self_nmi(void);
void apic_send_self_ipi(unsigned int vector);
u32 apic_id(void);

/* Per-CPU host counters, bumped by the interrupt and NMI handlers. */
struct host_cpu_stats {
	u64 timer_irqs;
	u64 test_irqs;
	u64 spurious_irqs;
	u64 other_irqs;
	u64 nmis;
	u64 nmis_idle; /* NMIs that hit CONTEXT_IDLE (RCU not watching) */
	/* debug builds: VM exits that left a guest value in a host GPR */
	u64 vmenter_dirty;
};
/* Hidden: one RIP-relative operand on the run loop's path under -fpic. */
extern struct host_cpu_stats host_cpu_stats[1]
	__attribute__((__visibility__("hidden")));

/* Usable from noinstr code. */
static __always_inline struct host_cpu_stats *this_host_stats(void)
{
	return &host_cpu_stats[0];
}

/*
 * Called on every host tick, hardirq context, after the scheduler's tick
 * (vmm/host/irq.c); NULL for none.  The VMM core registers its tick work
 * (vcpu_tick()) while it runs guests.
 */
void host_set_tick_hook(void (*fn)(void));

/*
 * Periodic NMIs for guest tests (vmm/host/nmi_source.c): PIT channel 0
 * routed as NMI.  start: 0, or -1 without an I/O APIC route.
 */
int host_nmi_source_start(unsigned int period_us);
void host_nmi_source_stop(void);

/* "#GP general protection", ... (vmm/host/traps.c); never NULL. */
const char *x86_exception_name(u64 vector);

/* Host self-test (vmm/host/selftest.c): 0 or -errno. */
int host_selftest(void);
/* Raise the fatal exception @test asks for; returns only for NONE. */
void host_fault_test_run(enum host_fault_test test, void *stack);

/* Image layout symbols from efi/liminal.lds. */
extern char ImageBase[], _text[], _etext[], _data[], _edata[], _image_end[];

#endif /* HOST_HOST_H */
