// SPDX-License-Identifier: GPL-2.0
/*
 * panic(), WARN_ON() reports, frame-pointer backtraces and platform_exit().
 *
 * Backtraces walk the RBP chain (the VMM is built with
 * -fno-omit-frame-pointer) and print raw addresses with their offsets in the
 * linked ELF, which is based at 0: `addr2line -f -e liminal.so <offset>`
 * names the function and line.
 */
#include <stdarg.h>
#include <arch/x86.h>
#include <host/host.h>
#include <host/ksyms.h>
#include <lib/printk.h>
#include <host/panic.h>

/* Debug-exit devices of the emulators (docs/platforms.md). */
#define QEMU_DEBUG_EXIT_PORT 0xf4
#define QEMU_DEBUG_EXIT_PASS 0x10 /* QEMU exits with (0x10 << 1) | 1 */
#define QEMU_DEBUG_EXIT_FAIL 0x11
#define BOCHS_SHUTDOWN_PORT 0x8900

#define BACKTRACE_MAX_FRAMES 24
#define BACKTRACE_MAX_FRAME_SIZE (64 * 1024)

struct stack_frame {
	struct stack_frame *next; /* the caller's saved RBP */
	u64 ret; /* return address into the caller */
};

static bool in_image_text(u64 addr)
{
	return addr >= (u64)_text && addr < (u64)_etext;
}

static void print_frame(int n, u64 addr)
{
	u64 off = 0;
	const char *name = ksym_lookup(addr, &off);

	if (name)
		printk("  #%-2d 0x%016lx liminal.so+0x%lx %s+0x%lx\n", n, addr,
		       addr - (u64)ImageBase, name, off);
	else
		printk("  #%-2d 0x%016lx liminal.so+0x%lx%s\n", n, addr,
		       addr - (u64)ImageBase,
		       in_image_text(addr) ? "" : " (not ours)");
}

/*
 * A frame is followed only while it looks like one: aligned, above the
 * previous one and not absurdly far from it.  The chain ends at RBP 0
 * (host_main starts its stack with RBP 0) or at the firmware's frames.
 */
void dump_backtrace(u64 rip, u64 rbp)
{
	struct stack_frame *f = (struct stack_frame *)rbp;
	int n = 0;

	printk("backtrace (image base 0x%lx; file:line with "
	       "`addr2line -f -e liminal.so <offset>`):\n",
	       (u64)ImageBase);
	print_frame(n++, rip);
	while (f && n < BACKTRACE_MAX_FRAMES) {
		if (!IS_ALIGNED((u64)f, 8))
			break;
		print_frame(n++, f->ret);
		if (!in_image_text(f->ret))
			break;
		if (f->next &&
		    ((u64)f->next <= (u64)f ||
		     (u64)f->next - (u64)f > BACKTRACE_MAX_FRAME_SIZE))
			break;
		f = f->next;
	}
}

static u64 current_rbp(void)
{
	return (u64)__builtin_frame_address(0);
}

__noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	__asm__ __volatile__("cli");
	printk("\nliminal: PANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	dump_backtrace(_RET_IP_, current_rbp());
	platform_exit(false);
}

void __warn(const char *file, int line, const char *cond)
{
	printk("liminal: WARNING: %s:%d: WARN_ON(%s)\n", file, line, cond);
	dump_backtrace(_RET_IP_, current_rbp());
}

__noreturn void platform_exit(bool pass)
{
	static const char bochs_shutdown[] = "Shutdown";
	const char *p;

	__asm__ __volatile__("cli");
	printk("liminal: RESULT %s\n", pass ? "PASS" : "FAIL");
	outb(QEMU_DEBUG_EXIT_PORT,
	     pass ? QEMU_DEBUG_EXIT_PASS : QEMU_DEBUG_EXIT_FAIL);
	for (p = bochs_shutdown; *p; p++)
		outb(BOCHS_SHUTDOWN_PORT, (u8)*p);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
