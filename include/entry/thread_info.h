/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TIF-like work flags of the "current task".  liminal has no tasks: the word
 * lives in the per-CPU entry state (this_cpu()->ti_flags) and stands for the
 * task that runs the vCPU.  Bits are set from any context (IRQ, NMI-free
 * paths) with a single-instruction OR, so they are IRQ-safe.
 */
#ifndef ENTRY_THREAD_INFO_H
#define ENTRY_THREAD_INFO_H

#include <entry/percpu.h>

enum {
	TIF_NEED_RESCHED, /* schedule() before going back to the guest */
	TIF_NOTIFY_RESUME, /* task work queued (task_work_add) */
	TIF_SIGPENDING, /* stop requested (request_stop) */
	TIF_NOTIFY_SIGNAL, /* signal-like notification, also stops */
};

#define _TIF_NEED_RESCHED (1ul << TIF_NEED_RESCHED)
#define _TIF_NOTIFY_RESUME (1ul << TIF_NOTIFY_RESUME)
#define _TIF_SIGPENDING (1ul << TIF_SIGPENDING)
#define _TIF_NOTIFY_SIGNAL (1ul << TIF_NOTIFY_SIGNAL)

static __always_inline unsigned long read_thread_flags(void)
{
	return READ_ONCE(this_cpu()->ti_flags);
}

static __always_inline void set_thread_flag(int flag)
{
	__asm__ __volatile__("orq %1, %0"
			     : "+m"(this_cpu()->ti_flags)
			     : "er"(1ul << flag));
}

static __always_inline void clear_thread_flag(int flag)
{
	__asm__ __volatile__("andq %1, %0"
			     : "+m"(this_cpu()->ti_flags)
			     : "er"(~(1ul << flag)));
}

static __always_inline bool test_thread_flag(int flag)
{
	return read_thread_flags() & (1ul << flag);
}

static __always_inline bool need_resched(void)
{
	return test_thread_flag(TIF_NEED_RESCHED);
}

static __always_inline void set_tsk_need_resched(void)
{
	set_thread_flag(TIF_NEED_RESCHED);
}

#endif /* ENTRY_THREAD_INFO_H */
