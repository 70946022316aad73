/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A raw spinlock (Linux's raw_spinlock_t, test-and-set form): for the few
 * pieces of state CPUs share (RCU's grace-period state).  Acquire is an
 * XCHG, which is a full barrier on x86 (include/arch/barrier.h), release a
 * store: what happens inside the lock is ordered before what the next
 * holder does.  Never taken from NMI context.
 */
#ifndef ENTRY_SPINLOCK_H
#define ENTRY_SPINLOCK_H

#include <arch/atomic.h>
#include <entry/irqflags.h>

typedef struct {
	int locked;
} raw_spinlock_t;

#define __RAW_SPIN_LOCK_UNLOCKED \
	{                        \
		0                \
	}

static __always_inline void raw_spin_lock(raw_spinlock_t *lock)
{
	while (xchg_int(&lock->locked, 1))
		while (READ_ONCE(lock->locked))
			__asm__ __volatile__("pause" ::: "memory");
}

static __always_inline void raw_spin_unlock(raw_spinlock_t *lock)
{
	smp_store_release(&lock->locked, 0);
}

#define raw_spin_lock_irqsave(lock, flags) \
	do {                               \
		local_irq_save(flags);     \
		raw_spin_lock(lock);       \
	} while (0)

#define raw_spin_unlock_irqrestore(lock, flags) \
	do {                                    \
		raw_spin_unlock(lock);          \
		local_irq_restore(flags);       \
	} while (0)

#endif /* ENTRY_SPINLOCK_H */
