// SPDX-License-Identifier: GPL-2.0
/*
 * TSC frequency, and the PIT channel 2 gate used to measure it (and the
 * LAPIC timer, apic.c).
 *
 * CPUID 0x15 gives the exact TSC/crystal ratio when it names the crystal
 * frequency too (SDM Vol. 3B 18.7.3); otherwise the TSC is counted over a
 * PIT interval.  CPUID 0x16's nominal base frequency is only printed: under
 * an emulator it describes the modelled CPU, not the rate the emulated TSC
 * really advances at relative to the emulated timers.
 */
#include <arch/x86.h>
#include <entry/vtime.h>
#include <vmm/host.h>
#include <vmm/printk.h>
#include "pit.h"

/* Intel 8254 PIT (ports and mode bits from its datasheet). */
#define PIT_CH2_DATA 0x42
#define PIT_MODE 0x43
#define PIT_SEL_CH2 (2u << 6)
#define PIT_ACCESS_LOHI (3u << 4)
#define PIT_MODE0 (0u << 1) /* interrupt on terminal count: OUT goes high */
#define PIT_HZ 1193182u

/* Port 0x61 (NMI status and control): channel 2 gate and output. */
#define PORT_NMI_SC 0x61
#define NMI_SC_GATE2 0x01
#define NMI_SC_SPEAKER 0x02
#define NMI_SC_OUT2 0x20

#define CPUID_MAX_LEAF 0x0
#define CPUID_TSC_CRYSTAL 0x15
#define CPUID_FREQ 0x16

/* A stuck PIT must not hang the boot. */
#define PIT_SPIN_LIMIT 100000000ull

static u64 host_tsc_khz;

/* Start a one-shot count of @ms milliseconds on channel 2. */
void pit_oneshot_start(unsigned int ms)
{
	u32 count = PIT_HZ / 1000 * ms;
	u8 sc = inb(PORT_NMI_SC);

	/* gate low while programming, speaker off */
	outb(PORT_NMI_SC, sc & ~(NMI_SC_GATE2 | NMI_SC_SPEAKER));
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_ACCESS_LOHI | PIT_MODE0);
	outb(PIT_CH2_DATA, count & 0xff);
	outb(PIT_CH2_DATA, (count >> 8) & 0xff);
	/* a rising gate starts the count */
	outb(PORT_NMI_SC, (sc & ~NMI_SC_SPEAKER) | NMI_SC_GATE2);
}

/* Wait for the count to end; false if OUT2 never rose. */
bool pit_oneshot_wait(void)
{
	u64 spin;

	for (spin = 0; spin < PIT_SPIN_LIMIT; spin++)
		if (inb(PORT_NMI_SC) & NMI_SC_OUT2)
			return true;
	return false;
}

static u64 tsc_khz_from_cpuid(void)
{
	struct cpuid_regs r;

	cpuid_count(CPUID_MAX_LEAF, 0, &r);
	if (r.eax >= CPUID_FREQ) {
		struct cpuid_regs f;

		cpuid_count(CPUID_FREQ, 0, &f);
		if (f.eax)
			pr_info("tsc: CPUID 0x16 nominal base %u MHz (not "
				"used)\n",
				f.eax & 0xffff);
	}
	if (r.eax < CPUID_TSC_CRYSTAL)
		return 0;
	/* EAX denominator, EBX numerator, ECX crystal Hz */
	cpuid_count(CPUID_TSC_CRYSTAL, 0, &r);
	if (!r.eax || !r.ebx || !r.ecx)
		return 0;
	return (u64)r.ecx * r.ebx / r.eax / 1000;
}

#define TSC_CALIBRATE_MS 10

static u64 tsc_khz_from_pit(void)
{
	u64 t0, t1;

	pit_oneshot_start(TSC_CALIBRATE_MS);
	t0 = rdtsc();
	if (!pit_oneshot_wait())
		return 0;
	t1 = rdtsc();
	return (t1 - t0) / TSC_CALIBRATE_MS;
}

void tsc_init(void)
{
	const char *how = "CPUID 0x15";

	host_tsc_khz = tsc_khz_from_cpuid();
	if (!host_tsc_khz) {
		how = "PIT";
		host_tsc_khz = tsc_khz_from_pit();
	}
	if (!host_tsc_khz)
		panic("tsc: cannot calibrate: no CPUID 0x15 and the PIT "
		      "channel 2 output never rose");
	pr_info("tsc: %lu kHz (%s)\n", host_tsc_khz, how);
	entry_set_tsc_khz(host_tsc_khz);
}

u64 tsc_khz(void)
{
	return host_tsc_khz;
}
