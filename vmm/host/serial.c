// SPDX-License-Identifier: GPL-2.0
/*
 * COM1: a polled 16550 UART at 115200 8N1, the VMM's only console.
 *
 * Every character goes straight to the transmit register, with no buffer
 * and no lock, which is what makes printk() safe from NMI context.  The
 * UART raises no interrupts (IER=0, OUT2 clear).  serial_init() makes it
 * printk()'s console.
 */
#include <arch/x86.h>
#include <host/host.h>
#include <lib/printk.h>

/* 16550 registers, offsets from the base port (PC16550D datasheet). */
#define COM1_BASE 0x3f8
#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

#define UART_LCR_8N1 0x03 /* 8 data bits, no parity, 1 stop bit */
#define UART_LCR_DLAB 0x80 /* divisor latch access */
#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR 0x06 /* clear receive and transmit FIFOs */
#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

#define UART_CLOCK_DIVISOR 1 /* 115200 baud from the 1.8432 MHz clock */

/* A stuck UART must not hang the VMM: give up on a character after this. */
#define UART_SPIN_LIMIT 100000

static void serial_tx(char c)
{
	unsigned int spin;

	for (spin = 0; spin < UART_SPIN_LIMIT; spin++)
		if (inb(COM1_BASE + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1_BASE + UART_THR, (u8)c);
}

/* "\n" becomes "\r\n" so the log reads the same on a terminal. */
static void serial_putc(char c)
{
	if (c == '\n')
		serial_tx('\r');
	serial_tx(c);
}

void serial_init(void)
{
	outb(COM1_BASE + UART_IER, 0);
	outb(COM1_BASE + UART_LCR, UART_LCR_DLAB);
	outb(COM1_BASE + UART_DLL, UART_CLOCK_DIVISOR & 0xff);
	outb(COM1_BASE + UART_DLM, UART_CLOCK_DIVISOR >> 8);
	outb(COM1_BASE + UART_LCR, UART_LCR_8N1);
	outb(COM1_BASE + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR);
	outb(COM1_BASE + UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
	printk_set_console(serial_putc);
}
