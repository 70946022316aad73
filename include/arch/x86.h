/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 instructions the VMM needs, as inline functions.  Nothing here
 * touches the entry discipline: IRQ-flag helpers that do are in
 * include/entry/irqflags.h.  __always_inline so they are usable from noinstr
 * code.
 */
#ifndef ARCH_X86_H
#define ARCH_X86_H

#include <liminal/compiler.h>
#include <liminal/types.h>

#define X86_EFLAGS_CF (1ull << 0)
#define X86_EFLAGS_FIXED (1ull << 1) /* always 1 */
#define X86_EFLAGS_ZF (1ull << 6)
#define X86_EFLAGS_TF (1ull << 8)
#define X86_EFLAGS_IF (1ull << 9)
#define X86_EFLAGS_DF (1ull << 10)
#define X86_EFLAGS_VM (1ull << 17)

/* Control registers: SDM Vol. 3A 2.5, APM Vol. 2 3.1 */
#define X86_CR0_PE (1ull << 0)
#define X86_CR0_MP (1ull << 1)
#define X86_CR0_EM (1ull << 2)
#define X86_CR0_TS (1ull << 3)
#define X86_CR0_ET (1ull << 4)
#define X86_CR0_NE (1ull << 5)
#define X86_CR0_WP (1ull << 16)
#define X86_CR0_NW (1ull << 29)
#define X86_CR0_CD (1ull << 30)
#define X86_CR0_PG (1ull << 31)

#define X86_CR4_DE (1ull << 3) /* debugging extensions: DR4/DR5 #UD */
#define X86_CR4_PAE (1ull << 5)
#define X86_CR4_PGE (1ull << 7)
#define X86_CR4_OSFXSR (1ull << 9)
#define X86_CR4_UMIP (1ull << 11)
#define X86_CR4_LA57 (1ull << 12)
#define X86_CR4_VMXE (1ull << 13)
#define X86_CR4_SMXE (1ull << 14)
#define X86_CR4_FSGSBASE (1ull << 16)
#define X86_CR4_PCIDE (1ull << 17)
#define X86_CR4_OSXSAVE (1ull << 18)
#define X86_CR4_SMEP (1ull << 20)
#define X86_CR4_SMAP (1ull << 21)
#define X86_CR4_PKE (1ull << 22)
#define X86_CR4_CET (1ull << 23)

#define X86_EFER_SCE (1ull << 0)
#define X86_EFER_LME (1ull << 8)
#define X86_EFER_LMA (1ull << 10)
#define X86_EFER_NXE (1ull << 11)
#define X86_EFER_SVME (1ull << 12)
/* AMD-only EFER bits (APM Vol. 2 3.1.7) */
#define X86_EFER_LMSLE (1ull << 13)
#define X86_EFER_FFXSR (1ull << 14)
#define X86_EFER_TCE (1ull << 15)
#define X86_EFER_MCOMMIT (1ull << 17)
#define X86_EFER_INTWB (1ull << 18)
#define X86_EFER_UAIE (1ull << 20)
#define X86_EFER_AIBRSE (1ull << 21)

/* Exception vectors (SDM Vol. 3A 6.3.1, APM Vol. 2 8.2) */
enum x86_vector {
	X86_TRAP_DE = 0,
	X86_TRAP_DB = 1,
	X86_TRAP_NMI = 2,
	X86_TRAP_BP = 3,
	X86_TRAP_OF = 4,
	X86_TRAP_BR = 5,
	X86_TRAP_UD = 6,
	X86_TRAP_NM = 7,
	X86_TRAP_DF = 8,
	X86_TRAP_TS = 10,
	X86_TRAP_NP = 11,
	X86_TRAP_SS = 12,
	X86_TRAP_GP = 13,
	X86_TRAP_PF = 14,
	X86_TRAP_MF = 16,
	X86_TRAP_AC = 17,
	X86_TRAP_MC = 18,
	X86_TRAP_XM = 19,
	X86_TRAP_VE = 20,
	X86_TRAP_CP = 21,
	X86_NR_EXCEPTIONS = 32,
};

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static __always_inline void cpuid_count(u32 leaf, u32 sub, struct cpuid_regs *r)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx),
			       "=d"(r->edx)
			     : "a"(leaf), "c"(sub));
}

static __always_inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static __always_inline void wrmsr(u32 msr, u64 val)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((u32)val),
			     "d"((u32)(val >> 32))
			     : "memory");
}

static __always_inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static __always_inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}

static __always_inline void outw(u16 port, u16 v)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}

static __always_inline void outl(u16 port, u32 v)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}

static __always_inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static __always_inline u32 inl(u16 port)
{
	u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#define DEFINE_READ_CR(n)                                                    \
	static __always_inline u64 read_cr##n(void)                          \
	{                                                                    \
		u64 v;                                                       \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));        \
		return v;                                                    \
	}                                                                    \
	static __always_inline void write_cr##n(u64 v)                       \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%cr" #n ::"r"(v) : "memory"); \
	}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
#undef DEFINE_READ_CR

/* Debug registers (SDM Vol. 3B 18.2), for the host's own #DB handler. */
#define DEFINE_READ_DR(n)                                                    \
	static __always_inline u64 read_dr##n(void)                          \
	{                                                                    \
		u64 v;                                                       \
		__asm__ __volatile__("mov %%db" #n ", %0" : "=r"(v));        \
		return v;                                                    \
	}                                                                    \
	static __always_inline void write_dr##n(u64 v)                       \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%db" #n ::"r"(v) : "memory"); \
	}
DEFINE_READ_DR(0)
DEFINE_READ_DR(6)
DEFINE_READ_DR(7)
#undef DEFINE_READ_DR

static __always_inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/* Halt with IRQs as they are (callers decide); see entry/idle for sti;hlt. */
static __always_inline void native_halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

#endif /* ARCH_X86_H */
