/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Atomic bit operations and compare-and-exchange on x86-64, with Linux's
 * names and ordering (arch/x86/include/asm/bitops.h, cmpxchg.h): every one
 * is a LOCKed instruction, so atomic against other CPUs and fully ordered
 * (include/arch/barrier.h).  The non-atomic __set_bit()-style forms are not
 * provided: per-CPU words use this_cpu_*() (include/entry/percpu.h).
 */
#ifndef ARCH_ATOMIC_H
#define ARCH_ATOMIC_H

#include <arch/barrier.h>
#include <liminal/types.h>

#define BITS_PER_LONG 64

static __always_inline void set_bit(unsigned int nr, unsigned long *addr)
{
	__asm__ __volatile__("lock; btsq %1, %0"
			     : "+m"(*addr)
			     : "Ir"((unsigned long)nr)
			     : "memory");
}

static __always_inline void clear_bit(unsigned int nr, unsigned long *addr)
{
	__asm__ __volatile__("lock; btrq %1, %0"
			     : "+m"(*addr)
			     : "Ir"((unsigned long)nr)
			     : "memory");
}

static __always_inline bool test_bit(unsigned int nr, const unsigned long *addr)
{
	return (READ_ONCE(*addr) >> nr) & 1;
}

static __always_inline bool test_and_clear_bit(unsigned int nr,
					       unsigned long *addr)
{
	bool old;

	__asm__ __volatile__("lock; btrq %2, %0"
			     : "+m"(*addr), "=@ccc"(old)
			     : "Ir"((unsigned long)nr)
			     : "memory");
	return old;
}

/* LOCK CMPXCHG on an int: returns the value found (@old if it swapped). */
static __always_inline int cmpxchg_int(int *p, int old, int new)
{
	__asm__ __volatile__("lock; cmpxchgl %2, %1"
			     : "+a"(old), "+m"(*p)
			     : "r"(new)
			     : "memory");
	return old;
}

/* XCHG (LOCKed implicitly): stores @v, returns the old value. */
static __always_inline int xchg_int(int *p, int v)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

#endif /* ARCH_ATOMIC_H */
