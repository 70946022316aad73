/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Context tracking and the RCU-like "watching" state, after Linux's
 * kernel/context_tracking.c.
 *
 * ct_state packs two things in one word, as Linux 6.x does:
 *   bits 1:0   the context: CONTEXT_KERNEL, _IDLE, _USER or _GUEST;
 *   bits 63:2  a counter whose bit 2 (CT_RCU_WATCHING) is set while RCU
 *              watches this CPU.
 * Entering an extended quiescent state (EQS: idle, user, guest) from the
 * kernel adds CT_RCU_WATCHING + state (the watching bit carries out, the
 * context bits become state); leaving it adds CT_RCU_WATCHING - state.  One
 * ADD instruction does both, so an NMI can never see a half-done transition.
 *
 * An IRQ or NMI that arrives in an EQS (only idle may take IRQs) makes RCU
 * watch with ct_irq_enter()/ct_nmi_enter(), which bump the counter only and
 * leave the context bits alone; ct_nmi_nesting counts the nesting (odd while
 * the outermost one had to start watching).
 *
 * The offstack property (Linux's CONFIG_HAVE_CONTEXT_TRACKING_OFFSTACK,
 * arch/Kconfig; docs/boundary.md): the state changes between
 * CONTEXT_KERNEL and USER/GUEST/IDLE run with IRQs off and never from
 * IRQ/NMI context, and NMIs only toggle watching, so nothing needs
 * exception_enter()/exception_exit().  Debug builds check both halves.
 *
 * All functions here are noinstr or __always_inline.
 */
#ifndef ENTRY_CONTEXT_TRACKING_H
#define ENTRY_CONTEXT_TRACKING_H

#include <entry/percpu.h>
#include <entry/check.h>

enum ctx_state {
	CONTEXT_KERNEL = 0,
	CONTEXT_IDLE = 1,
	CONTEXT_USER = 2,
	CONTEXT_GUEST = 3,
};

#define CT_STATE_WIDTH 2
#define CT_STATE_MASK ((1ul << CT_STATE_WIDTH) - 1)
#define CT_RCU_WATCHING (1ul << CT_STATE_WIDTH)
#define CT_RCU_WATCHING_MASK (~CT_STATE_MASK)

static __always_inline unsigned int __ct_state(void)
{
	return READ_ONCE(this_cpu()->ct_state) & CT_STATE_MASK;
}

static __always_inline unsigned int ct_state(void)
{
	return __ct_state();
}

static __always_inline unsigned long ct_rcu_watching(void)
{
	return READ_ONCE(this_cpu()->ct_state) & CT_RCU_WATCHING_MASK;
}

static __always_inline bool rcu_is_watching(void)
{
	return READ_ONCE(this_cpu()->ct_state) & CT_RCU_WATCHING;
}

/* Number of times RCU started or stopped watching since entry_init(). */
static __always_inline unsigned long ct_watching_transitions(void)
{
	return (READ_ONCE(this_cpu()->ct_state) >> CT_STATE_WIDTH) - 1;
}

/*
 * The one-instruction transition (Linux's ct_state_inc(), which is
 * raw_atomic_add_return(): fully ordered).
 *
 * What one ADD to memory gives on x86: it is atomic against this CPU's
 * own interrupts and NMIs (one instruction), and, being a load and a
 * store, it keeps x86's TSO order (SDM Vol. 3A 9.2.2): earlier loads and
 * stores are not reordered after it.  It is not a full barrier: a later
 * load may be satisfied before its store leaves the store buffer, so
 * another CPU could see the old word while this CPU already reads data
 * protected by RCU after leaving an EQS -- exactly what Linux's full
 * ordering excludes.  With more than one CPU the ADD is LOCKed (Linux's
 * LOCK_PREFIX): a locked instruction is a full barrier, and still one
 * instruction (no more instructions on the boundary; on real hardware a
 * locked ADD costs more cycles), and a compiler barrier.  On one CPU
 * nobody else reads the word, the CPU sees its own accesses in order, and
 * the ADD stays what it was, unlocked, as Linux drops LOCK_PREFIX on UP
 * kernels.
 */
static __always_inline void ct_state_inc(unsigned long incby)
{
#if LIMINAL_NR_CPUS > 1
	__asm__ __volatile__("lock; addq %1, %0"
			     : "+m"(this_cpu()->ct_state)
			     : "er"(incby)
			     : "memory");
#else
	this_cpu_add_ulong(&this_cpu()->ct_state, incby);
#endif
}

#if LIMINAL_DEBUG
void ct_check_kernel_exit(unsigned int state, const char *transition);
void ct_check_kernel_enter(unsigned int state, const char *transition);
#endif

/*
 * Leave the kernel for an EQS (Linux's ct_kernel_exit()): RCU stops watching.
 * The caller has done the hardirqs-on prepare steps; lockdep_hardirqs_on()
 * comes after.
 */
static __always_inline void __ct_kernel_exit(unsigned int state,
					     const char *transition)
{
#if LIMINAL_DEBUG
	ct_check_kernel_exit(state, transition);
#else
	(void)transition;
#endif
#if LIMINAL_DEBUG
	this_cpu()->ct_nesting = 0;
#endif
	ct_state_inc(CT_RCU_WATCHING + state);
}

/* Back from an EQS (Linux's ct_kernel_enter()): RCU watches again. */
static __always_inline void __ct_kernel_enter(unsigned int state,
					      const char *transition)
{
#if LIMINAL_DEBUG
	ct_check_kernel_enter(state, transition);
#else
	(void)transition;
#endif
	ct_state_inc(CT_RCU_WATCHING - state);
#if LIMINAL_DEBUG
	this_cpu()->ct_nesting = 1;
#endif
}

/* Linux's __ct_user_enter()/__ct_user_exit() for USER and GUEST. */
static __always_inline void __ct_user_enter(unsigned int state)
{
	__ct_kernel_exit(state, state == CONTEXT_GUEST ?
					"context_tracking_guest_enter" :
					"user_enter_irqoff");
}

static __always_inline void __ct_user_exit(unsigned int state)
{
	__ct_kernel_enter(state, state == CONTEXT_GUEST ?
					 "context_tracking_guest_exit" :
					 "user_exit_irqoff");
}

static __always_inline void user_enter_irqoff(void)
{
	__ct_user_enter(CONTEXT_USER);
}

static __always_inline void user_exit_irqoff(void)
{
	__ct_user_exit(CONTEXT_USER);
}

#define ct_user_enter(state) __ct_user_enter(state)
#define ct_user_exit(state) __ct_user_exit(state)

/*
 * Debug builds only: with @on false, this CPU's guest entries leave RCU
 * watching (no EQS, no quiescent state noted), as if context tracking were
 * off and nothing else told RCU -- so that a CPU running a guest holds
 * grace periods up and the stall detector must name it (the negative test
 * of the RCU demonstration).  Release builds have no such switch.
 */
#if LIMINAL_DEBUG
static inline void ct_debug_guest_eqs(bool on)
{
	WRITE_ONCE(this_cpu()->check.no_guest_eqs, !on);
}
#endif

/*
 * Always enabled in liminal: returns true like Linux with CT enabled (false
 * only under the debug switch above).
 */
static __always_inline bool context_tracking_guest_enter(void)
{
#if LIMINAL_DEBUG
	if (unlikely(this_cpu()->check.no_guest_eqs))
		return false;
#endif
	__ct_user_enter(CONTEXT_GUEST);
	return true;
}

static __always_inline void context_tracking_guest_exit(void)
{
#if LIMINAL_DEBUG
	/* the switch cannot change while IRQs are off: look at the state */
	if (unlikely(this_cpu()->check.no_guest_eqs &&
		     __ct_state() == CONTEXT_KERNEL))
		return;
#endif
	__ct_user_exit(CONTEXT_GUEST);
}

void ct_idle_enter(void);
void ct_idle_exit(void);
void ct_irq_enter(void);
void ct_irq_exit(void);
void ct_nmi_enter(void);
void ct_nmi_exit(void);

#endif /* ENTRY_CONTEXT_TRACKING_H */
