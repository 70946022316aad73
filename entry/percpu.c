// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU entry state and its boot values, and the statistics dump.
 */
#include <entry/common.h>
#include <entry/rcu.h>
#include <entry/sched.h>
#include <entry/output.h>
#include <entry/smp.h>

/*
 * Boot state: kernel context with RCU watching (counter 1), nesting 1 (task
 * level), IRQs off both in the CPU and in lockdep's view, irq_disable "traced"
 * so the first irq_enable pairs with it.
 */
#define ENTRY_CPU_BOOT_STATE                                                   \
	{                                                                      \
		.ct_state = CT_RCU_WATCHING | CONTEXT_KERNEL, .ct_nesting = 1, \
		.hardirqs_enabled = 0, .tracing_irq_cpu = 1,                   \
		.vtime_base = VTIME_HOST, .trace_mask = TRACE_DEFAULT_MASK,    \
	}

struct entry_cpu entry_cpu_data[LIMINAL_NR_CPUS] = {
	[0 ... LIMINAL_NR_CPUS - 1] = ENTRY_CPU_BOOT_STATE,
};

struct trace_event
	entry_trace_ring[LIMINAL_NR_CPUS][TRACE_RING_EVENTS] __aligned(64);

/*
 * Reset this CPU's entry state to the boot state, taking the IRQ flag from
 * the CPU.  Call before the first interrupt; the unit tests call it before
 * each test.
 */
void entry_init(void)
{
	static const struct entry_cpu boot = ENTRY_CPU_BOOT_STATE;
	struct entry_cpu *c = this_cpu();
	bool irqs_on = !raw_irqs_disabled();

	*c = boot;
	c->hardirqs_enabled = irqs_on;
	c->tracing_irq_cpu = !irqs_on;
	vtime_reset();
	__builtin_memset(this_cpu_trace_ring(), 0, sizeof(entry_trace_ring[0]));
	sched_init();
	rcu_cpu_starting();
}

void entry_dump_cpu_stats(void)
{
	int cpu;

	for (cpu = 0; cpu < LIMINAL_NR_CPUS; cpu++) {
		const struct entry_cpu *c = per_cpu_ptr(cpu);
		const struct entry_stats *s = &c->stats;
		struct vtime_times t;
		int b;

		if (!cpu_online(cpu))
			continue;
		entry_printf("cpu%d: irqs %llu nmis %llu nested-nmis %llu "
			     "softirqs %llu",
			     cpu, (unsigned long long)s->irqs,
			     (unsigned long long)s->nmis,
			     (unsigned long long)s->nested_nmis,
			     (unsigned long long)s->softirqs);
		entry_printf("cpu%d: schedules %llu switches %llu ticks %llu "
			     "slices %llu",
			     cpu, (unsigned long long)s->schedules,
			     (unsigned long long)s->switches,
			     (unsigned long long)s->ticks,
			     (unsigned long long)s->slices);
		entry_printf("cpu%d: violations %lu rcu-watching-transitions "
			     "%lu ct %u preempt 0x%x",
			     cpu, c->check.violations,
			     (READ_ONCE(c->ct_state) >> CT_STATE_WIDTH) - 1,
			     (unsigned int)(READ_ONCE(c->ct_state) &
					    CT_STATE_MASK),
			     READ_ONCE(c->preempt_count));
		rcu_dump_cpu_stats(cpu);
		vtime_read(cpu, &t);
		for (b = 0; b < VTIME_NR_BUCKETS; b++)
			entry_printf("cpu%d: time %-8s %12llu cycles %10llu us",
				     cpu, vtime_bucket_name(b),
				     (unsigned long long)t.cycles[b],
				     (unsigned long long)entry_cycles_to_us(
					     t.cycles[b]));
		entry_printf("cpu%d: time %-8s %12llu cycles %10llu us", cpu,
			     "total", (unsigned long long)t.total,
			     (unsigned long long)entry_cycles_to_us(t.total));
	}
}
