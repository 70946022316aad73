// SPDX-License-Identifier: GPL-2.0
/*
 * The host self-test, run after host init and before vmm_main(): the tick
 * and NMIs really go through the entry code, from every context they can
 * hit, and the debug build saw no entry-discipline violation.
 *
 *  1) the tick runs: wait (IRQs on, bounded) for the first timer IRQ
 *  2) self-IPIs on HOST_TEST_VECTOR through common_interrupt
 *  3) self-NMIs from task context, IRQs on
 *  4) self-NMIs from idle: the NMI hits between ct_idle_enter() and
 *     ct_idle_exit(), where RCU is not watching
 *  5) idle in default_idle_call() until SELFTEST_TICKS timer IRQs
 *  6) print entry's per-CPU stats and our counters, verify them
 *
 * Also the deliberate fatal exceptions of the fault= test option.
 */
#include <arch/x86.h>
#include <entry/check.h>
#include <entry/context_tracking.h>
#include <entry/irqflags.h>
#include <entry/percpu.h>
#include <entry/sched.h>
#include <liminal/errno.h>
#include <vmm/host.h>
#include <vmm/mm.h>
#include <vmm/printk.h>

#define SELFTEST_TICKS 100
#define SELFTEST_TEST_IPIS 5
#define SELFTEST_TASK_NMIS 6
#define SELFTEST_IDLE_NMIS 6
/* Liveness bound for a spin that waits for an interrupt: not a timing test. */
#define SELFTEST_SPIN_LIMIT 200000000ull

static bool wait_for_count(const u64 *counter, u64 target)
{
	u64 spin;

	for (spin = 0; spin < SELFTEST_SPIN_LIMIT; spin++) {
		if (READ_ONCE(*counter) >= target)
			return true;
		cpu_relax();
	}
	return false;
}

static int selftest_tick_runs(void)
{
	struct host_cpu_stats *st = this_host_stats();

	if (!wait_for_count(&st->timer_irqs, st->timer_irqs + 1)) {
		pr_err("selftest: no timer IRQ with IRQs on\n");
		return -EIO;
	}
	return 0;
}

static int selftest_send(void (*send)(void), const u64 *counter, int n,
			 const char *what)
{
	int i;

	for (i = 0; i < n; i++) {
		u64 target = READ_ONCE(*counter) + 1;

		send();
		if (!wait_for_count(counter, target)) {
			pr_err("selftest: %s %d was never delivered\n", what,
			       i);
			return -EIO;
		}
	}
	return 0;
}

static void send_test_ipi(void)
{
	apic_send_self_ipi(HOST_TEST_VECTOR);
}

/*
 * default_idle_call() with a self-NMI sent once RCU stopped watching: the
 * NMI arrives before the hlt or wakes it; in both cases inside the idle
 * window.  Returns whether the NMI was seen before ct_idle_exit().
 */
static noinstr bool idle_with_nmi(void)
{
	u64 before = READ_ONCE(this_host_stats()->nmis);
	bool seen;

	raw_local_irq_disable();
	ct_idle_enter();
	apic_send_self_nmi();
	arch_safe_halt();
	raw_local_irq_disable();
	seen = READ_ONCE(this_host_stats()->nmis) != before;
	ct_idle_exit();
	raw_local_irq_enable();
	return seen;
}

static int selftest_idle_nmis(void)
{
	int i;

	for (i = 0; i < SELFTEST_IDLE_NMIS; i++) {
		if (!idle_with_nmi()) {
			pr_err("selftest: NMI %d not taken inside the idle "
			       "window\n",
			       i);
			return -EIO;
		}
	}
	return 0;
}

static void selftest_idle_ticks(u64 target)
{
	while (READ_ONCE(this_host_stats()->timer_irqs) < target)
		default_idle_call();
}

static int selftest_verify(const struct host_cpu_stats *s0)
{
	const struct host_cpu_stats *st = this_host_stats();
	u64 ticks = st->timer_irqs - s0->timer_irqs;
	u64 nmis = st->nmis - s0->nmis;
	int ret = 0;

	pr_info("selftest: %lu timer IRQs, %lu test IPIs, %lu NMIs (%d from "
		"task context, %d from idle), %lu spurious, %lu other\n",
		ticks, st->test_irqs - s0->test_irqs, nmis, SELFTEST_TASK_NMIS,
		SELFTEST_IDLE_NMIS, st->spurious_irqs, st->other_irqs);
	if (ticks < SELFTEST_TICKS ||
	    nmis != SELFTEST_TASK_NMIS + SELFTEST_IDLE_NMIS ||
	    st->test_irqs - s0->test_irqs != SELFTEST_TEST_IPIS ||
	    st->other_irqs) {
		pr_err("selftest: counters are off\n");
		ret = -EIO;
	}
#if LIMINAL_DEBUG
	pr_info("selftest: entry-discipline violations: %lu\n",
		entry_violations());
	if (entry_violations())
		ret = -EIO;
#endif
	return ret;
}

int host_selftest(void)
{
	struct host_cpu_stats s0 = *this_host_stats();
	int ret;

	pr_info("selftest: %d test IPIs, %d + %d self-NMIs (task, idle), "
		"idle until %d ticks\n",
		SELFTEST_TEST_IPIS, SELFTEST_TASK_NMIS, SELFTEST_IDLE_NMIS,
		SELFTEST_TICKS);
	local_irq_enable();
	ret = selftest_tick_runs();
	if (!ret)
		ret = selftest_send(send_test_ipi,
				    &this_host_stats()->test_irqs,
				    SELFTEST_TEST_IPIS, "test IPI");
	if (!ret)
		ret = selftest_send(apic_send_self_nmi,
				    &this_host_stats()->nmis,
				    SELFTEST_TASK_NMIS, "self-NMI");
	if (!ret)
		ret = selftest_idle_nmis();
	if (!ret)
		selftest_idle_ticks(s0.timer_irqs + SELFTEST_TICKS);
	entry_dump_cpu_stats();
	if (!ret)
		ret = selftest_verify(&s0);
	pr_info("host self-test %s\n", ret ? "FAIL" : "PASS");
	return ret;
}

/* Overflow the VMM stack: the push faults in the guard page, so does the
 * #PF frame push, and the CPU raises #DF on its IST stack. */
static void fault_stack_overflow(void *stack)
{
	u64 bottom = (u64)stack + PAGE_SIZE;

	__asm__ __volatile__("mov %0, %%rsp\n\t"
			     "push %%rax" ::"r"(bottom)
			     : "memory");
}

void host_fault_test_run(enum host_fault_test test, void *stack)
{
	switch (test) {
	case HOST_FAULT_NONE:
		return;
	case HOST_FAULT_UD:
		pr_info("fault test: ud2\n");
		__asm__ __volatile__("ud2");
		break;
	case HOST_FAULT_PF:
		pr_info("fault test: write to our own text at 0x%lx (W^X)\n",
			(u64)_text);
		WRITE_ONCE(*(volatile char *)_text, 0);
		break;
	case HOST_FAULT_DF:
		pr_info("fault test: stack overflow into the guard page at "
			"0x%lx\n",
			(u64)stack);
		fault_stack_overflow(stack);
		break;
	}
	panic("fault test %d: the fault did not happen", test);
}
