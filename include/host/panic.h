/* SPDX-License-Identifier: GPL-2.0 */
/*
 * panic(), WARN_ON() and platform_exit() (vmm/host/panic.c): the host's, as
 * Linux's kernel/panic.c is the kernel's and not lib's.  Everything above
 * the host (the core, the backends, efi/ before the hand-off) may use them;
 * lib/ and entry/ may not, so neither can end or stop the machine behind
 * its caller's back.
 */
#ifndef HOST_PANIC_H
#define HOST_PANIC_H

#include <liminal/compiler.h>
#include <liminal/types.h>

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

#endif /* HOST_PANIC_H */
