/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output (lib/printk.c).
 *
 * printk() hands each character to the console its owner registered with
 * printk_set_console() (the host's COM1 UART, registered by serial_init()),
 * with no buffer and no lock, so it is callable from any context: task,
 * hardirq, NMI, a fatal exception, before and after ExitBootServices.
 * Output from an NMI may interleave with the line it interrupted; it cannot
 * deadlock.  Until a console is registered, printk() output is dropped.
 * lib/ depends on nothing above it: the console is a registered function,
 * not a symbol lib would need from the host.
 *
 * Formats: %d %i %u %x %X %p %s %c %% with the l, ll and z length modifiers,
 * a field width, '0' padding and '-' left adjustment.
 */
#ifndef LIB_PRINTK_H
#define LIB_PRINTK_H

#include <stdarg.h>
#include <liminal/compiler.h>
#include <liminal/types.h>

/*
 * The console: @putc writes one character and must be callable from any
 * context printk() is (NMI included).  Registered once at boot; the last
 * registration wins.
 */
void printk_set_console(void (*putc)(char c));

__printf(1, 2) int printk(const char *fmt, ...);
__printf(1, 0) int vprintk(const char *fmt, va_list ap);
__printf(3, 0) int vsnprintf(char *buf, size_t size, const char *fmt,
			     va_list ap);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);

#define pr_fmt "liminal: "
#define pr_info(fmt, ...) printk(pr_fmt fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(pr_fmt "warning: " fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(pr_fmt "error: " fmt, ##__VA_ARGS__)

#endif /* LIB_PRINTK_H */
