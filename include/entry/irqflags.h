/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IRQ flag: raw_* are the bare hardware operations, local_irq_* add
 * irq-state tracking (lockdep's view) and tracing around them, as Linux's
 * include/linux/irqflags.h does.
 *
 * raw_* are the platform's arch_local_*() (include/arch/platform.h): CLI,
 * STI and PUSHF in the VMM, a simulated IF flag in the host unit tests.
 */
#ifndef ENTRY_IRQFLAGS_H
#define ENTRY_IRQFLAGS_H

#include <liminal/compiler.h>
#include <liminal/types.h>
#include <arch/platform.h>
#include <arch/x86.h>
#include <entry/check.h>

static __always_inline bool raw_irqs_disabled_flags(unsigned long flags)
{
	return !(flags & X86_EFLAGS_IF);
}

static __always_inline bool raw_irqs_disabled(void)
{
	return raw_irqs_disabled_flags(arch_local_save_flags());
}

static __always_inline void raw_local_irq_disable(void)
{
	arch_local_irq_disable();
}

static __always_inline void raw_local_irq_enable(void)
{
	arch_local_irq_enable();
}

static __always_inline unsigned long __raw_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	arch_local_irq_disable();
	return flags;
}

#define raw_local_irq_save(flags) ((flags) = __raw_local_irq_save())
#define raw_local_save_flags(flags) ((flags) = arch_local_save_flags())

static __always_inline void raw_local_irq_restore(unsigned long flags)
{
	if (!raw_irqs_disabled_flags(flags))
		arch_local_irq_enable();
}

#if LIMINAL_DEBUG
/*
 * IRQ-state tracking + tracing (entry/irqflags.c), instrumentable: out of
 * line in debug builds, where every step checks its rule.
 */
void trace_hardirqs_on(void);
void trace_hardirqs_off(void);
#else
#include <entry/lockdep.h>
/*
 * Release: the same steps inline (a store and a tracepoint test), so that
 * local_irq_enable()/local_irq_disable() on the vcpu_run path cost a few
 * instructions rather than a call (Linux without CONFIG_TRACE_IRQFLAGS
 * has a bare STI/CLI here; we keep the irq-state view and tracepoints).
 */
static __always_inline void trace_hardirqs_on(void)
{
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	lockdep_hardirqs_on(0);
}

static __always_inline void trace_hardirqs_off(void)
{
	lockdep_hardirqs_off(0);
	trace_hardirqs_off_finish();
}
#endif

static __always_inline bool irqs_disabled(void)
{
	return raw_irqs_disabled();
}

/* The caller's name is the transition reported on a violation. */
#define lockdep_assert_irqs_disabled() \
	ENTRY_CHECK(raw_irqs_disabled(), ENTRY_RULE_IRQS_DISABLED, __func__)
#define lockdep_assert_irqs_enabled() \
	ENTRY_CHECK(!raw_irqs_disabled(), ENTRY_RULE_IRQS_ENABLED, __func__)
#define assert_irqs_disabled() lockdep_assert_irqs_disabled()

/* As Linux: trace before enabling, trace after disabling. */
#define local_irq_enable()              \
	do {                            \
		trace_hardirqs_on();    \
		raw_local_irq_enable(); \
	} while (0)

#define local_irq_disable()              \
	do {                             \
		raw_local_irq_disable(); \
		trace_hardirqs_off();    \
	} while (0)

#define local_irq_save(flags)              \
	do {                               \
		raw_local_irq_save(flags); \
		trace_hardirqs_off();      \
	} while (0)

#define local_irq_restore(flags)                      \
	do {                                          \
		if (raw_irqs_disabled_flags(flags)) { \
			raw_local_irq_restore(flags); \
			trace_hardirqs_off();         \
		} else {                              \
			trace_hardirqs_on();          \
			raw_local_irq_restore(flags); \
		}                                     \
	} while (0)

#endif /* ENTRY_IRQFLAGS_H */
