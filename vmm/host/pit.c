// SPDX-License-Identifier: GPL-2.0
/*
 * The 8254 PIT (Intel 8254 datasheet), two uses:
 *  - channel 2, gated through port 0x61 and polled: the reference interval
 *    that calibrates the TSC and the LAPIC timer;
 *  - channel 0, one-shot: an asynchronous event the self-test routes through
 *    the I/O APIC as an NMI.  The firmware hands it over as the reset left
 *    it, a mode 3 square wave (QEMU's read-back status: 0x86) whose edges
 *    would be NMIs too once routed: host init quiesces it first.
 */
#include <arch/x86.h>
#include "pit.h"

#define PIT_CH0_DATA 0x40
#define PIT_CH2_DATA 0x42
#define PIT_MODE 0x43
#define PIT_SEL_CH0 (0u << 6)
#define PIT_SEL_CH2 (2u << 6)
#define PIT_ACCESS_LOHI (3u << 4)
#define PIT_MODE0 (0u << 1) /* interrupt on terminal count: OUT goes high */
#define PIT_MODE2 (2u << 1) /* rate generator: one OUT pulse per period */
#define PIT_HZ 1193182u

/* Port 0x61 (NMI status and control): channel 2 gate and output. */
#define PORT_NMI_SC 0x61
#define NMI_SC_GATE2 0x01
#define NMI_SC_SPEAKER 0x02
#define NMI_SC_OUT2 0x20

/* A stuck PIT must not hang the boot. */
#define PIT_SPIN_LIMIT 100000000ull

static void pit_load(u8 data_port, u32 count)
{
	outb(data_port, count & 0xff);
	outb(data_port, (count >> 8) & 0xff);
}

void pit_oneshot_start(unsigned int ms)
{
	u8 sc = inb(PORT_NMI_SC);

	/* gate low while programming, speaker off */
	outb(PORT_NMI_SC, sc & ~(NMI_SC_GATE2 | NMI_SC_SPEAKER));
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_ACCESS_LOHI | PIT_MODE0);
	pit_load(PIT_CH2_DATA, PIT_HZ / 1000 * ms);
	/* a rising gate starts the count */
	outb(PORT_NMI_SC, (sc & ~NMI_SC_SPEAKER) | NMI_SC_GATE2);
}

bool pit_oneshot_wait(void)
{
	u64 spin;

	for (spin = 0; spin < PIT_SPIN_LIMIT; spin++)
		if (inb(PORT_NMI_SC) & NMI_SC_OUT2)
			return true;
	return false;
}

/* Writing the mode drops OUT0; it rises (IRQ 0 edge) after @us. */
void pit_ch0_oneshot(unsigned int us)
{
	u32 count = (u64)PIT_HZ * us / 1000000;

	outb(PIT_MODE, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE0);
	pit_load(PIT_CH0_DATA, count ? count : 1);
}

void pit_ch0_periodic(unsigned int us)
{
	u32 count = (u64)PIT_HZ * us / 1000000;

	outb(PIT_MODE, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE2);
	pit_load(PIT_CH0_DATA,
		 count > 1 ? (count < 0xffff ? count : 0xffff) : 2);
}

/*
 * Mode 0 with the shortest count: OUT rises once, right away, and stays
 * high; no edge until channel 0 is programmed again.  A control word alone
 * is not enough: QEMU's 8254 keeps the old count running in the new mode
 * (measured: one more edge after it).  Call with IRQ 0 masked; QEMU
 * delivers that edge from a timer that expires before any later one, so
 * it is gone once the next host tick was seen.
 */
void pit_ch0_quiesce(void)
{
	outb(PIT_MODE, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE0);
	pit_load(PIT_CH0_DATA, 1);
}
