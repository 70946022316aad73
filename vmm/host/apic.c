// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC: x2APIC (MSRs) when CPUID.1:ECX[21] says so, else xAPIC
 * (MMIO at the APIC base).  SDM Vol. 3A chapter 11.
 *
 * apic_init(), in order:
 *  1) mode: enable the APIC, and x2APIC mode when available
 *  2) mask every LVT the firmware programmed (OVMF ticks on the LAPIC timer)
 *     and the 8259 PICs; LINT1 stays NMI
 *  3) spurious vector + software enable, error vector, TPR 0
 *  4) calibrate the timer against the PIT, start it periodic at HOST_HZ
 */
#include <arch/msr.h>
#include <arch/pgtable.h>
#include <arch/x86.h>
#include <host/host.h>
#include <lib/printk.h>
#include <host/panic.h>
#include "pit.h"

/* Register offsets in the xAPIC page; x2APIC MSR = 0x800 + offset / 16. */
#define APIC_ID 0x020
#define APIC_LVR 0x030 /* version, max LVT entry in bits 23:16 */
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_ESR 0x280
#define APIC_LVT_CMCI 0x2f0
#define APIC_ICR 0x300
#define APIC_ICR2 0x310 /* xAPIC only: destination in bits 31:24 */
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TMICT 0x380 /* timer initial count */
#define APIC_TMCCT 0x390 /* timer current count */
#define APIC_TDCR 0x3e0 /* timer divide configuration */

#define APIC_SVR_ENABLE (1u << 8)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_LVT_TIMER_PERIODIC (1u << 17)
#define APIC_LVT_DM_NMI (4u << 8)
#define APIC_TDCR_DIV16 0x3
#define APIC_ICR_DM_NMI (4u << 8)
#define APIC_ICR_DM_FIXED (0u << 8)
#define APIC_ICR_LEVEL_ASSERT (1u << 14)
#define APIC_ICR_BUSY (1u << 12) /* xAPIC delivery status */
#define APIC_LVR_MAXLVT(v) (((v) >> 16) & 0xff)
#define APIC_MAXLVT_CMCI 6
#define APIC_MAXLVT_THERMAL 5
#define APIC_MAXLVT_PERF 4

#define X2APIC_MSR(reg) (MSR_IA32_X2APIC_BASE + ((reg) >> 4))
/* IA32_APIC_BASE keeps the page address in bits 51:12, as an entry does */
#define APIC_BASE_ADDR_MASK ((u64)PTE_ADDR_MASK)

#define CPUID_FEATURES 0x1
#define CPUID_1_ECX_X2APIC (1u << 21)

/* 8259A PICs: mask every line, the VMM takes no legacy interrupts. */
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1
#define PIC_MASK_ALL 0xff

#define APIC_CALIBRATE_MS 10
#define APIC_TIMER_MAX_COUNT 0xffffffffu
#define APIC_ICR_SPIN_LIMIT 1000000

static bool x2apic;
static volatile u32 *xapic_mmio;
static u32 timer_hz; /* APIC timer input clock after the divider */

static noinstr u32 apic_read(u32 reg)
{
	if (x2apic)
		return (u32)rdmsr(X2APIC_MSR(reg));
	return xapic_mmio[reg / 4];
}

static noinstr void apic_write(u32 reg, u32 val)
{
	if (x2apic)
		wrmsr(X2APIC_MSR(reg), val);
	else
		xapic_mmio[reg / 4] = val;
}

noinstr u32 apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return x2apic ? id : id >> 24;
}

noinstr void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* One ICR write: x2APIC takes the destination in the same 64-bit MSR. */
static noinstr void apic_icr_write(u32 low, u32 dest)
{
	unsigned int spin;

	if (x2apic) {
		wrmsr(X2APIC_MSR(APIC_ICR), ((u64)dest << 32) | low);
		return;
	}
	for (spin = 0; spin < APIC_ICR_SPIN_LIMIT; spin++)
		if (!(xapic_mmio[APIC_ICR / 4] & APIC_ICR_BUSY))
			break;
	xapic_mmio[APIC_ICR2 / 4] = dest << 24;
	xapic_mmio[APIC_ICR / 4] = low;
}

/*
 * An NMI to ourselves by our own APIC ID: the "self" shorthand is only
 * valid with fixed delivery (SDM Vol. 3A 11.6.1).
 */
noinstr void apic_send_self_nmi(void)
{
	apic_icr_write(APIC_ICR_DM_NMI | APIC_ICR_LEVEL_ASSERT, apic_id());
}

void apic_send_self_ipi(unsigned int vector)
{
	apic_icr_write(APIC_ICR_DM_FIXED | APIC_ICR_LEVEL_ASSERT | vector,
		       apic_id());
}

static void apic_enable_mode(void)
{
	struct cpuid_regs r;
	u64 base = rdmsr(MSR_IA32_APICBASE);

	cpuid_count(CPUID_FEATURES, 0, &r);
	x2apic = r.ecx & CPUID_1_ECX_X2APIC;
	base |= MSR_IA32_APICBASE_ENABLE;
	wrmsr(MSR_IA32_APICBASE, base);
	if (x2apic)
		wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_X2APIC);
	else
		xapic_mmio = (volatile u32 *)(base & APIC_BASE_ADDR_MASK);
	pr_info("apic: %s, id %u, base 0x%lx, version 0x%x\n",
		x2apic ? "x2APIC" : "xAPIC", apic_id(),
		base & APIC_BASE_ADDR_MASK, apic_read(APIC_LVR));
}

static void apic_mask_lvts(void)
{
	u32 maxlvt = APIC_LVR_MAXLVT(apic_read(APIC_LVR));

	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_TMICT, 0);
	apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT_LINT1, APIC_LVT_DM_NMI);
	apic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	if (maxlvt >= APIC_MAXLVT_PERF)
		apic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
	if (maxlvt >= APIC_MAXLVT_THERMAL)
		apic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
	if (maxlvt >= APIC_MAXLVT_CMCI)
		apic_write(APIC_LVT_CMCI, APIC_LVT_MASKED);
	outb(PIC1_DATA, PIC_MASK_ALL);
	outb(PIC2_DATA, PIC_MASK_ALL);
}

static void apic_setup_vectors(void)
{
	apic_write(APIC_SVR, APIC_SVR_ENABLE | HOST_SPURIOUS_VECTOR);
	apic_write(APIC_TPR, 0);
	/* ESR is read after a write (SDM Vol. 3A 11.5.3) */
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_LVT_ERROR, HOST_ERROR_VECTOR);
}

/* Count the masked one-shot timer down over a PIT interval. */
static u32 apic_timer_calibrate(void)
{
	u32 left;

	apic_write(APIC_TDCR, APIC_TDCR_DIV16);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	pit_oneshot_start(APIC_CALIBRATE_MS);
	apic_write(APIC_TMICT, APIC_TIMER_MAX_COUNT);
	if (!pit_oneshot_wait())
		return 0;
	left = apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);
	return (APIC_TIMER_MAX_COUNT - left) * (1000 / APIC_CALIBRATE_MS);
}

static void apic_timer_start(void)
{
	timer_hz = apic_timer_calibrate();
	if (timer_hz < HOST_HZ)
		panic("apic: timer calibration failed (%u Hz after the "
		      "divider)",
		      timer_hz);
	apic_write(APIC_TDCR, APIC_TDCR_DIV16);
	apic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_PERIODIC | HOST_TIMER_VECTOR);
	apic_write(APIC_TMICT, timer_hz / HOST_HZ);
	pr_info("apic: timer %u Hz after /16, periodic tick %u Hz on vector "
		"0x%x\n",
		timer_hz, HOST_HZ, HOST_TIMER_VECTOR);
}

void apic_init(void)
{
	apic_enable_mode();
	apic_mask_lvts();
	apic_setup_vectors();
	apic_timer_start();
}
