/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register frame built by the IDT stubs (vmm/host/idt_stubs.asm) and
 * passed to every C interrupt/exception handler.  The NASM side takes its
 * offsets from include/arch/ptregs.inc; the _Static_asserts below keep the
 * two in step.
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

#define PTREGS_R15 0
#define PTREGS_RAX 80
#define PTREGS_RDI 112
#define PTREGS_VECTOR 120
#define PTREGS_ERROR_CODE 128
#define PTREGS_RIP 136
#define PTREGS_CS 144
#define PTREGS_RFLAGS 152
#define PTREGS_SIZE 176

_Static_assert(offsetof(struct pt_regs, r15) == PTREGS_R15, "ptregs.inc");
_Static_assert(offsetof(struct pt_regs, rax) == PTREGS_RAX, "ptregs.inc");
_Static_assert(offsetof(struct pt_regs, rdi) == PTREGS_RDI, "ptregs.inc");
_Static_assert(offsetof(struct pt_regs, vector) == PTREGS_VECTOR, "ptregs.inc");
_Static_assert(offsetof(struct pt_regs, error_code) == PTREGS_ERROR_CODE,
	       "ptregs.inc");
_Static_assert(offsetof(struct pt_regs, rip) == PTREGS_RIP, "ptregs.inc");
_Static_assert(offsetof(struct pt_regs, cs) == PTREGS_CS, "ptregs.inc");
_Static_assert(offsetof(struct pt_regs, rflags) == PTREGS_RFLAGS, "ptregs.inc");
_Static_assert(sizeof(struct pt_regs) == PTREGS_SIZE, "ptregs.inc");

/* user_mode(regs) is the platform's (include/arch/platform.h). */
static __always_inline bool regs_irqs_enabled(const struct pt_regs *regs)
{
	return regs->rflags & (1ull << 9);
}

#endif /* ARCH_PTREGS_H */
