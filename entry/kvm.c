// SPDX-License-Identifier: GPL-2.0
/*
 * Pending work before entering the guest (Linux's kernel/entry/kvm.c).
 */
#include <liminal/errno.h>
#include <entry/kvm.h>
#include <entry/sched.h>

static int xfer_to_guest_mode_work(unsigned long ti_work)
{
	do {
		if (ti_work & (_TIF_SIGPENDING | _TIF_NOTIFY_SIGNAL))
			return -EINTR;
		if (ti_work & _TIF_NEED_RESCHED)
			schedule();
		if (ti_work & _TIF_NOTIFY_RESUME)
			task_work_run();
		ti_work = read_thread_flags();
	} while (ti_work & XFER_TO_GUEST_MODE_WORK);
	return 0;
}

int xfer_to_guest_mode_handle_work(void)
{
	unsigned long ti_work;

	lockdep_assert_irqs_enabled();
	ti_work = read_thread_flags();
	if (!(ti_work & XFER_TO_GUEST_MODE_WORK))
		return 0;
	return xfer_to_guest_mode_work(ti_work);
}

#if LIMINAL_DEBUG
/* guest_timing_*_irqoff(): no nesting, from/to host task context. */
noinstr void guest_check_timing(bool enter)
{
	struct entry_cpu *c = this_cpu();

	if (enter) {
		ENTRY_CHECK(
			!c->check.guest_timing && c->vtime_base == VTIME_HOST,
			ENTRY_RULE_GUEST_NESTED, "guest_timing_enter_irqoff");
		ENTRY_CHECK(!in_interrupt(), ENTRY_RULE_CT_OFFSTACK,
			    "guest_timing_enter_irqoff");
		c->check.guest_timing = 1;
	} else {
		ENTRY_CHECK(c->check.guest_timing &&
				    c->vtime_base == VTIME_GUEST,
			    ENTRY_RULE_CT_STATE, "guest_timing_exit_irqoff");
		c->check.guest_timing = 0;
	}
}
#endif
