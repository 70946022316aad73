/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform under the entry code (entry/) and the core (vmm/): the few
 * primitives they take from below, one header per build.
 *
 * This is the VMM's: the CPU itself.  The host unit tests put
 * tests/unit/seam/ first on their include path, and its arch/platform.h
 * replaces this file with the fake platform of tests/unit/fake_arch.c.
 * Nothing else differs between the two builds: no production file asks
 * which one it is in.
 *
 *   arch_local_save_flags(), arch_local_irq_disable(),
 *   arch_local_irq_enable(), arch_safe_halt()   the IRQ flag
 *   arch_rdtsc(), arch_rdtsc_lohi()             the TSC
 *   arch_cpuid(), arch_cpuid_gprs()             CPUID of the CPU below
 *   user_mode(regs)                             is a frame from CPL 3?
 *   entry_probe(probe)                          the step boundaries
 *                                               (include/entry/probe.h)
 *   entry_output_line(line)                     where entry/'s lines go
 *
 * Everything is __always_inline, usable from noinstr code.
 */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H

#include <liminal/compiler.h>
#include <liminal/types.h>
#include <arch/ptregs.h>
#include <arch/x86.h>
#include <lib/printk.h>

static __always_inline unsigned long arch_local_save_flags(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushf; pop %0" : "=rm"(flags) : : "memory");
	return flags;
}

static __always_inline void arch_local_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static __always_inline void arch_local_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

/* STI's one-instruction shadow makes "sti; hlt" race-free. */
static __always_inline void arch_safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

static __always_inline u64 arch_rdtsc(void)
{
	u64 lo, hi; /* RDTSC zeroes bits 63:32 of both */

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (hi << 32) | lo;
}

/* The TSC as RDTSC leaves it, EDX:EAX, stored without combining. */
static __always_inline void arch_rdtsc_lohi(u32 *lo, u32 *hi)
{
	__asm__ __volatile__("rdtsc" : "=a"(*lo), "=d"(*hi));
}

static __always_inline void arch_cpuid(u32 leaf, u32 subleaf,
				       struct cpuid_regs *r)
{
	cpuid_count(leaf, subleaf, r);
}

/*
 * CPUID straight into four 64-bit registers (a guest's RAX..RDX): CPUID
 * zero-extends its 32-bit results.  RBX is callee-saved: swapped through a
 * scratch register around CPUID instead of a push/pop, which would give
 * the caller a frame.
 */
static __always_inline void arch_cpuid_gprs(u32 leaf, u32 subleaf, u64 *rax,
					    u64 *rbx, u64 *rcx, u64 *rdx)
{
	u64 a, b, c, d;

	__asm__ __volatile__("mov %%rbx, %1\n\t"
			     "cpuid\n\t"
			     "xchg %%rbx, %1"
			     : "=a"(a), "=&r"(b), "=c"(c), "=d"(d)
			     : "a"(leaf), "c"(subleaf));
	*rax = a;
	*rbx = b;
	*rcx = c;
	*rdx = d;
}

/*
 * The VMM's host runs at CPL 0 only: no frame comes from user mode, and
 * the user-mode branches of irqentry_enter()/irqentry_exit() compile away.
 * The unit tests' platform has a CPL 3, the model the guest boundary
 * mirrors (tests/unit/user_mode.c).
 */
static __always_inline bool user_mode(const struct pt_regs *regs)
{
	(void)regs;
	return false;
}

/* The unit tests stop at these points; the VMM does not. */
#define entry_probe(probe) ((void)(probe))

static __always_inline void entry_output_line(const char *line)
{
	printk("%s\n", line);
}

#endif /* ARCH_PLATFORM_H */
