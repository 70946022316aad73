/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register frame built by the IDT stubs (vmm/host/idt_stubs.asm) and
 * passed to every C interrupt/exception handler.  The NASM side takes its
 * size from the generated asm-offsets.inc (tools/asm-offsets).
 */
#ifndef ARCH_PTREGS_H
#define ARCH_PTREGS_H

#include <liminal/types.h>
#include <liminal/compiler.h>

struct pt_regs {
	/* pushed by the common stub */
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	/* pushed by the per-vector stub (error_code: by the CPU or a 0) */
	u64 vector;
	u64 error_code;
	/* the hardware interrupt frame */
	u64 rip, cs, rflags, rsp, ss;
};

/* user_mode(regs) is the platform's (include/arch/platform.h). */
static __always_inline bool regs_irqs_enabled(const struct pt_regs *regs)
{
	return regs->rflags & (1ull << 9);
}

#endif /* ARCH_PTREGS_H */
