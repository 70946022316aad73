// SPDX-License-Identifier: GPL-2.0
/*
 * Online CPUs and the reschedule IPI (include/entry/smp.h).
 */
#include <arch/atomic.h>
#include <entry/rcu.h>
#include <entry/smp.h>

unsigned long cpu_online_mask = 1; /* the boot CPU */

static void (*smp_send_reschedule_fn)(int cpu);

void set_cpu_online(int cpu, bool online)
{
	if ((unsigned int)cpu >= LIMINAL_NR_CPUS)
		return;
	if (online)
		set_bit(cpu, &cpu_online_mask);
	else
		clear_bit(cpu, &cpu_online_mask);
}

void smp_set_send_reschedule(void (*fn)(int cpu))
{
	WRITE_ONCE(smp_send_reschedule_fn, fn);
}

/*
 * Counted on the target before the IPI goes out, so that its handler
 * never sees an IPI its sender did not count.  Without a sender (the
 * one-CPU VMM) nothing is sent: no caller asks for one there.
 */
void smp_send_reschedule(int cpu)
{
	void (*fn)(int cpu) = READ_ONCE(smp_send_reschedule_fn);

	if (!cpu_online(cpu))
		return;
	__atomic_fetch_add(&per_cpu_ptr(cpu)->stats.resched_ipis, 1,
			   __ATOMIC_RELAXED);
	if (fn)
		fn(cpu);
}

void scheduler_ipi(void)
{
	rcu_sched_clock_irq_qs();
}
