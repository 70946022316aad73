/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake platform of the host unit tests, in place of the VMM's
 * include/arch/platform.h (same names, same contracts): every host test
 * puts tests/unit/seam/ first on its include path, so the production code
 * it compiles (entry/, vmm/) runs on this without knowing.
 *
 *   the IRQ flag    a simulated IF flag; enabling it delivers the
 *                   simulated IRQs held meanwhile (tests/unit/fake_arch.c)
 *   the TSC         a fake clock that advances FAKE_TSC_STEP per read
 *   CPUID           fake_arch_cpuid(), the test's script (tests/vmm)
 *   user mode       CS with RPL 3: the syscall-like transitions, the model
 *                   the guest boundary mirrors (tests/unit/user_mode.c)
 *   entry_probe()   calls entry_probe_hook, a test's, at each step boundary
 *   output          entry_output_sink, a test's, or stdout
 *   the CPU         fake_cpu: the simulated CPU this_cpu() is, chosen by
 *                   the test (the host tests build with LIMINAL_NR_CPUS > 1;
 *                   tests/unit/CMakeLists.txt)
 *
 * What a test links decides which fakes it needs: the entry library
 * (tests/unit) has the IRQ flag, the TSC, probes and output; CPUID comes
 * from the test that emulates it.
 */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H

#include <liminal/compiler.h>
#include <liminal/types.h>
#include <arch/ptregs.h>
#include <arch/x86.h>
#include <entry/probe.h>

unsigned long fake_arch_save_flags(void);
void fake_arch_irq_disable(void);
void fake_arch_irq_enable(void);
void fake_arch_safe_halt(void);
u64 fake_arch_rdtsc(void);
void fake_arch_cpuid(u32 leaf, u32 subleaf, struct cpuid_regs *r);
extern int fake_cpu;

static __always_inline int arch_smp_processor_id(void)
{
	return fake_cpu;
}

static __always_inline unsigned long arch_local_save_flags(void)
{
	return fake_arch_save_flags();
}

static __always_inline void arch_local_irq_disable(void)
{
	fake_arch_irq_disable();
}

static __always_inline void arch_local_irq_enable(void)
{
	fake_arch_irq_enable();
}

static __always_inline void arch_safe_halt(void)
{
	fake_arch_safe_halt();
}

static __always_inline u64 arch_rdtsc(void)
{
	return fake_arch_rdtsc();
}

static __always_inline void arch_rdtsc_lohi(u32 *lo, u32 *hi)
{
	u64 now = fake_arch_rdtsc();

	*lo = (u32)now;
	*hi = (u32)(now >> 32);
}

static __always_inline void arch_cpuid(u32 leaf, u32 subleaf,
				       struct cpuid_regs *r)
{
	fake_arch_cpuid(leaf, subleaf, r);
}

static __always_inline void arch_cpuid_gprs(u32 leaf, u32 subleaf, u64 *rax,
					    u64 *rbx, u64 *rcx, u64 *rdx)
{
	struct cpuid_regs r;

	fake_arch_cpuid(leaf, subleaf, &r);
	*rax = r.eax;
	*rbx = r.ebx;
	*rcx = r.ecx;
	*rdx = r.edx;
}

static __always_inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* The hook a test registers (NULL: none), and the probes' names. */
extern void (*entry_probe_hook)(enum entry_probe probe);
const char *entry_probe_name(enum entry_probe probe);

static __always_inline void entry_probe(enum entry_probe probe)
{
	if (entry_probe_hook)
		entry_probe_hook(probe);
}

/* Receives each line without its newline; NULL: lines go to stdout. */
extern void (*entry_output_sink)(const char *line);
void entry_output_line(const char *line);

#endif /* ARCH_PLATFORM_H */
