// SPDX-License-Identifier: GPL-2.0
/*
 * TSC frequency.
 *
 * CPUID 0x15 gives the exact TSC/crystal ratio when it names the crystal
 * frequency too (SDM Vol. 3B 18.7.3); otherwise the TSC is counted over a
 * PIT interval.  CPUID 0x16's nominal base frequency is only printed: under
 * an emulator it describes the modelled CPU, not the rate the emulated TSC
 * really advances at relative to the emulated timers.
 */
#include <arch/x86.h>
#include <entry/vtime.h>
#include <host/host.h>
#include <lib/printk.h>
#include <host/panic.h>
#include "pit.h"

#define CPUID_MAX_LEAF 0x0
#define CPUID_TSC_CRYSTAL 0x15
#define CPUID_FREQ 0x16

static u64 host_tsc_khz;

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
