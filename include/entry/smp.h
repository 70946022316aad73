/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPUs: which are online, and the reschedule IPI (Linux's
 * smp_send_reschedule()/scheduler_ipi()).
 *
 * Sending an IPI is the host's (the local APIC): the host registers how
 * with smp_set_send_reschedule(); the entry code and the core only say
 * "make CPU n take an interrupt".  Today the VMM runs on one CPU, never
 * needs to interrupt another one, and registers nothing: an IPI asked for
 * without a sender is counted and dropped (smp_send_reschedule()).  The
 * host unit tests register a fake that records each IPI.
 *
 * The receiving CPU's handler calls scheduler_ipi() in hardirq context.
 * The interrupt itself does the work: a CPU in a guest exits, a CPU in
 * the host reports a quiescent state to RCU if the interrupted code was
 * not in a read-side critical section.
 */
#ifndef ENTRY_SMP_H
#define ENTRY_SMP_H

#include <entry/percpu.h>
#include <entry/preempt.h>

/* Bit n: CPU n is online.  The boot CPU is online from the start. */
extern unsigned long cpu_online_mask __entry_hidden;

static __always_inline bool cpu_online(int cpu)
{
	return (unsigned int)cpu < LIMINAL_NR_CPUS &&
	       (READ_ONCE(cpu_online_mask) >> cpu) & 1;
}

/* The SMP bring-up marks a CPU online once it runs (and the tests). */
void set_cpu_online(int cpu, bool online);

#define for_each_online_cpu(cpu)                          \
	for ((cpu) = 0; (cpu) < LIMINAL_NR_CPUS; (cpu)++) \
		if (cpu_online(cpu))

/* Linux's get_cpu()/put_cpu(): this CPU's number, preemption off. */
#define get_cpu()                   \
	({                          \
		preempt_disable();  \
		smp_processor_id(); \
	})
#define put_cpu() preempt_enable()

/* The host's IPI sender, called with the target CPU's number; NULL: none. */
void smp_set_send_reschedule(void (*fn)(int cpu));
/* Interrupt @cpu (another CPU): counted in its stats.resched_ipis. */
void smp_send_reschedule(int cpu);
/* The reschedule IPI's handler, hardirq context (the host's IDT). */
void scheduler_ipi(void);

#endif /* ENTRY_SMP_H */
