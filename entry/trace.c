// SPDX-License-Identifier: GPL-2.0
/*
 * The trace ring: generic writer, enable mask, and the trace-cmd style
 * printer.
 */
#include <entry/common.h>
#include <entry/output.h>

#include <lib/printk.h>

static trace_exit_reason_fn trace_exit_reason_namer;

static const char *const trace_type_names[TRACE_NR_TYPES] = {
	[TRACE_NONE] = "none",
	[TRACE_IRQ_DISABLE] = "irq_disable",
	[TRACE_IRQ_ENABLE] = "irq_enable",
	[TRACE_KVM_ENTRY] = "kvm_entry",
	[TRACE_KVM_EXIT] = "kvm_exit",
	[TRACE_IRQ_HANDLER_ENTRY] = "irq_handler_entry",
	[TRACE_IRQ_HANDLER_EXIT] = "irq_handler_exit",
	[TRACE_NMI_HANDLER] = "nmi_handler",
	[TRACE_SOFTIRQ_RAISE] = "softirq_raise",
	[TRACE_SOFTIRQ_ENTRY] = "softirq_entry",
	[TRACE_SOFTIRQ_EXIT] = "softirq_exit",
	[TRACE_SCHED_SWITCH] = "sched_switch",
	[TRACE_USER_ENTER] = "user_enter",
	[TRACE_USER_EXIT] = "user_exit",
};

const char *trace_type_name(enum trace_type type)
{
	if ((unsigned int)type >= TRACE_NR_TYPES)
		return "unknown";
	return trace_type_names[type];
}

void trace_set_enabled(enum trace_type type, bool on)
{
	struct entry_cpu *c = this_cpu();

	if (on)
		c->trace_mask |= TRACE_BIT(type);
	else
		c->trace_mask &= ~TRACE_BIT(type);
}

void trace_reset(void)
{
	this_cpu()->trace_off = 0;
	__builtin_memset(this_cpu_trace_ring(), 0, sizeof(entry_trace_ring[0]));
}

void trace_set_exit_reason_namer(trace_exit_reason_fn fn)
{
	trace_exit_reason_namer = fn;
}

#if LIMINAL_DEBUG
/* The instrumentation rule: tracepoints only while RCU watches. */
noinstr void trace_check_rcu(const char *tracepoint)
{
	ENTRY_CHECK(rcu_is_watching(), ENTRY_RULE_TRACE_RCU, tracepoint);
}
#endif

void trace_event_write(enum trace_type type, u32 a0, u64 a1, u64 a2, u64 a3)
{
	struct entry_cpu *c = this_cpu();
	struct trace_event *ev;

	if (!trace_enabled(type))
		return;
	TRACE_CHECK_RCU(trace_type_name(type));
	ev = trace_reserve(c);
	ev->ts = entry_clock();
	ev->type = type;
	ev->a0 = a0;
	ev->a1 = a1;
	ev->a2 = a2;
	ev->a3 = a3;
}

/* Linux's kvm_exit format: "reason %s rip 0x%lx info %llx %llx". */
static int trace_format_kvm_exit(const struct trace_event *ev, char *buf,
				 size_t size)
{
	const char *name = NULL;

	if (trace_exit_reason_namer)
		name = trace_exit_reason_namer(ev->a0);
	if (name)
		return snprintf(buf, size,
				"reason %s rip 0x%llx info %llx %llx", name,
				(unsigned long long)ev->a1,
				(unsigned long long)ev->a2,
				(unsigned long long)ev->a3);
	return snprintf(buf, size, "reason 0x%x rip 0x%llx info %llx %llx",
			ev->a0, (unsigned long long)ev->a1,
			(unsigned long long)ev->a2, (unsigned long long)ev->a3);
}

static int trace_format_fields(const struct trace_event *ev, char *buf,
			       size_t size)
{
	switch (ev->type) {
	case TRACE_IRQ_DISABLE:
	case TRACE_IRQ_ENABLE:
		return snprintf(buf, size, "caller=0x%llx",
				(unsigned long long)ev->a1);
	case TRACE_KVM_ENTRY:
		return snprintf(buf, size, "vcpu %u, rip 0x%llx", ev->a0,
				(unsigned long long)ev->a1);
	case TRACE_KVM_EXIT:
		return trace_format_kvm_exit(ev, buf, size);
	case TRACE_IRQ_HANDLER_ENTRY:
		return snprintf(buf, size, "irq=%u", ev->a0);
	case TRACE_IRQ_HANDLER_EXIT:
		return snprintf(buf, size, "irq=%u ret=%s", ev->a0,
				ev->a1 ? "handled" : "unhandled");
	case TRACE_NMI_HANDLER:
		return snprintf(buf, size,
				"handler=0x%llx delta_cycles=%llu handled=%u",
				(unsigned long long)ev->a1,
				(unsigned long long)ev->a2,
				(unsigned int)ev->a3);
	case TRACE_SOFTIRQ_RAISE:
	case TRACE_SOFTIRQ_ENTRY:
	case TRACE_SOFTIRQ_EXIT:
		return snprintf(buf, size, "vec=%u [action=%s]", ev->a0,
				softirq_name(ev->a0));
	case TRACE_SCHED_SWITCH:
		return snprintf(buf, size, "prev_comm=%s ==> next_comm=%s",
				(const char *)(unsigned long)ev->a1,
				(const char *)(unsigned long)ev->a2);
	case TRACE_USER_ENTER:
	case TRACE_USER_EXIT:
		return snprintf(buf, size, "state=%u", ev->a0);
	default:
		return snprintf(buf, size, "a0=0x%x a1=0x%llx", ev->a0,
				(unsigned long long)ev->a1);
	}
}

/*
 * "  liminal-0     [000]  1234.567890: kvm_exit:             reason ..."
 * The timestamp is the TSC in seconds.microseconds at entry_tsc_khz().
 */
int trace_format_event(const struct trace_event *ev, int cpu, char *buf,
		       size_t size)
{
	char name[32];
	u64 us = entry_cycles_to_us(ev->ts);
	int n;

	snprintf(name, sizeof(name), "%s:", trace_type_name(ev->type));
	n = snprintf(buf, size, "  liminal-%-5d [%03d] %5llu.%06llu: %-22s",
		     smp_processor_id(), cpu,
		     (unsigned long long)(us / 1000000),
		     (unsigned long long)(us % 1000000), name);
	if (n < 0 || (size_t)n >= size)
		return n;
	return n + trace_format_fields(ev, buf + n, size - n);
}

unsigned int trace_for_each(int cpu,
			    void (*fn)(const struct trace_event *ev, void *arg),
			    void *arg)
{
	const struct trace_event *ring = entry_trace_ring[cpu];
	unsigned int start = per_cpu_ptr(cpu)->trace_off / sizeof(*ring);
	unsigned int i, n = 0;

	/* From the slot to be overwritten next (the oldest) around. */
	for (i = 0; i < TRACE_RING_EVENTS; i++) {
		const struct trace_event *ev =
			&ring[(start + i) % TRACE_RING_EVENTS];

		if (ev->type == TRACE_NONE)
			continue;
		fn(ev, arg);
		n++;
	}
	return n;
}

static void trace_print_one(const struct trace_event *ev, void *arg)
{
	char line[160];

	trace_format_event(ev, *(int *)arg, line, sizeof(line));
	entry_printf("%s", line);
}

unsigned int trace_print(int cpu)
{
	return trace_for_each(cpu, trace_print_one, &cpu);
}
