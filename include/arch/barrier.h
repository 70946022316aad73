/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory barriers between CPUs, with Linux's names and x86-64's meaning
 * (arch/x86/include/asm/barrier.h; Documentation/memory-barriers.txt).
 *
 * x86 is TSO (SDM Vol. 3A 9.2.2, "Memory Ordering in P6 and More Recent
 * Processor Families"): loads are not reordered with other loads, stores
 * not with other stores, stores not with older loads; a load may pass an
 * older store to another location (the store buffer).  So
 *   - smp_rmb(), smp_wmb(), acquire and release need no instruction, only
 *     the compiler kept from reordering;
 *   - the one reordering the CPU does (store then load) needs a full
 *     barrier: a LOCKed instruction (SDM 9.2.2: "locked instructions have
 *     a total order" and are not reordered with loads or stores), which
 *     is what smp_mb() and every value-returning atomic are;
 *   - smp_mb__before_atomic()/smp_mb__after_atomic() are compiler barriers:
 *     the atomic RMW next to them is LOCKed already.
 *
 * smp_mb() is Linux's "lock; addl $0,-4(%rsp)": a LOCKed no-op on a stack
 * line that is already in the cache, cheaper than MFENCE, which would also
 * order non-temporal and WC accesses nobody here makes.
 */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

#include <liminal/compiler.h>

#define smp_mb() \
	__asm__ __volatile__("lock; addl $0,-4(%%rsp)" ::: "memory", "cc")
#define smp_rmb() barrier()
#define smp_wmb() barrier()
#define smp_mb__before_atomic() barrier()
#define smp_mb__after_atomic() barrier()

#define smp_load_acquire(p)                              \
	({                                               \
		__typeof__(*(p)) ___v = READ_ONCE(*(p)); \
		barrier();                               \
		___v;                                    \
	})

#define smp_store_release(p, v)      \
	do {                         \
		barrier();           \
		WRITE_ONCE(*(p), v); \
	} while (0)

/*
 * A store followed by a full barrier, in one instruction: XCHG with a
 * memory operand is LOCKed implicitly (SDM Vol. 2, XCHG).
 */
#define smp_store_mb(var, value)                             \
	do {                                                 \
		__typeof__(var) ___x = (value);              \
		__asm__ __volatile__("xchg %0, %1"           \
				     : "+r"(___x), "+m"(var) \
				     :                       \
				     : "memory");            \
	} while (0)

#endif /* ARCH_BARRIER_H */
