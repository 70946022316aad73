/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output (lib/printk.c).
 *
 * printk() writes each character straight to the COM1 UART, with no buffer
 * and no lock, so it is callable from any context: task, hardirq, NMI, a
 * fatal exception, before and after ExitBootServices.  Output from an NMI
 * may interleave with the line it interrupted; it cannot deadlock.
 *
 * Formats: %d %i %u %x %X %p %s %c %% with the l, ll and z length modifiers,
 * a field width, '0' padding and '-' left adjustment.
 */
#ifndef LIB_PRINTK_H
#define LIB_PRINTK_H

#include <stdarg.h>
#include <liminal/compiler.h>
#include <liminal/types.h>

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
