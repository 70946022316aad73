/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console output, panic and warnings (lib/printk.c, vmm/host/panic.c).
 *
 * printk() writes each character straight to the COM1 UART, with no buffer
 * and no lock, so it is callable from any context: task, hardirq, NMI, a
 * fatal exception, before and after ExitBootServices.  Output from an NMI
 * may interleave with the line it interrupted; it cannot deadlock.
 *
 * Formats: %d %i %u %x %X %p %s %c %% with the l, ll and z length modifiers,
 * a field width, '0' padding and '-' left adjustment.
 */
#ifndef VMM_PRINTK_H
#define VMM_PRINTK_H

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

/* Print the message and a backtrace, then platform_exit(false). */
__printf(1, 2) __noreturn void panic(const char *fmt, ...);

/*
 * Print the verdict line ("liminal: RESULT PASS" / "liminal: RESULT FAIL"),
 * end the emulator (QEMU isa-debug-exit port 0xf4: 0x10 pass, 0x11 fail;
 * Bochs: "Shutdown" to port 0x8900), then cli;hlt forever.
 */
__noreturn void platform_exit(bool pass);

void __warn(const char *file, int line, const char *cond);

/* "Impossible but survivable": report with a backtrace, go on. */
#define WARN_ON(cond)                                      \
	({                                                 \
		bool __warn_c = !!(cond);                  \
		if (unlikely(__warn_c))                    \
			__warn(__FILE__, __LINE__, #cond); \
		__warn_c;                                  \
	})

#define WARN_ON_ONCE(cond)                                 \
	({                                                 \
		static bool __warned;                      \
		bool __warn_c = !!(cond);                  \
		if (unlikely(__warn_c) && !__warned) {     \
			__warned = true;                   \
			__warn(__FILE__, __LINE__, #cond); \
		}                                          \
		__warn_c;                                  \
	})

/* Backtrace from a frame pointer (RBP chain), one line per frame. */
void dump_backtrace(u64 rip, u64 rbp);

#endif /* VMM_PRINTK_H */
