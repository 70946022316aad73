// SPDX-License-Identifier: GPL-2.0
/*
 * RCU's grace periods (entry/rcu.c) against simulated CPUs: the entry
 * library is built with LIMINAL_NR_CPUS > 1 and the test picks which CPU
 * this_cpu() is (fake_cpu).  Every simulated CPU changes state through the
 * real entry code -- guest_state_enter_irqoff(), the idle EQS,
 * irqentry_enter()/irqentry_nmi_enter() -- so its context-tracking word
 * moves exactly as on hardware, and CPU 0, the grace-period CPU, reads it.
 *
 * A CPU is put in a state before a grace period's snapshot and changed
 * (or not) after it; the test then asks whether the grace period ended,
 * and by which cause (the per-CPU counters).
 */
#include "harness.h"

#include <string.h>

#define NCPU LIMINAL_NR_CPUS
#define TICK_VECTOR 0xec /* vectors as the host's (include/host/host.h) */
#define IPI_VECTOR 0xfd
_Static_assert(NCPU >= 4, "the tests need 4 simulated CPUs");

/* ---- simulated CPUs ---- */

/* Each CPU's IF flag while the test is "on" another one. */
static bool cpu_if[NCPU];

static void on_cpu(int cpu)
{
	assert_int_equal(fake_pending_irqs(), 0);
	cpu_if[fake_cpu] = fake_if;
	fake_cpu = cpu;
	fake_if = cpu_if[cpu];
}

enum sim_state {
	SIM_KERNEL, /* host task context, IRQs on, no reader */
	SIM_READER, /* inside rcu_read_lock() */
	SIM_IDLE, /* the idle EQS */
	SIM_GUEST, /* in a guest: CONTEXT_GUEST */
	SIM_NMI_IDLE, /* an NMI that arrived in idle, still running */
	SIM_IRQ_IDLE, /* an IRQ that arrived in idle, still running */
};

static enum sim_state state[NCPU];
static struct pt_regs sim_regs[NCPU];
static irqentry_state_t sim_irq_state[NCPU];

/* ct_cpuidle_enter()'s steps (entry/sched.c), IRQs off. */
static void idle_enter(void)
{
	local_irq_disable();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	ct_idle_enter();
	lockdep_hardirqs_on(0);
}

static void idle_exit(void)
{
	lockdep_hardirqs_off(0);
	ct_idle_exit();
	trace_hardirqs_off_finish();
	local_irq_enable();
}

/* The run loop's steps 1-5 and 5-10 around the guest. */
static void guest_enter(void)
{
	preempt_disable();
	local_irq_disable();
	guest_timing_enter_irqoff();
	guest_state_enter_irqoff();
}

static void guest_exit(void)
{
	guest_state_exit_irqoff();
	guest_timing_exit_irqoff();
	local_irq_enable();
	preempt_enable();
}

static void sim_enter(int cpu, enum sim_state s)
{
	struct pt_regs *regs = &sim_regs[cpu];

	on_cpu(cpu);
	switch (s) {
	case SIM_KERNEL:
		break;
	case SIM_READER:
		rcu_read_lock();
		break;
	case SIM_IDLE:
		idle_enter();
		break;
	case SIM_GUEST:
		guest_enter();
		break;
	case SIM_NMI_IDLE:
		idle_enter();
		*regs = (struct pt_regs){ .cs = FAKE_KERNEL_CS,
					  .rflags = X86_EFLAGS_IF };
		sim_irq_state[cpu] = irqentry_nmi_enter(regs);
		break;
	case SIM_IRQ_IDLE:
		idle_enter();
		*regs = (struct pt_regs){ .cs = FAKE_KERNEL_CS,
					  .rflags = X86_EFLAGS_IF };
		sim_irq_state[cpu] = irqentry_enter(regs);
		irq_enter_rcu();
		break;
	}
	state[cpu] = s;
	on_cpu(0);
}

/* Back to SIM_KERNEL, undoing the state in reverse. */
static void sim_leave(int cpu)
{
	struct pt_regs *regs = &sim_regs[cpu];

	on_cpu(cpu);
	switch (state[cpu]) {
	case SIM_KERNEL:
		break;
	case SIM_READER:
		rcu_read_unlock();
		break;
	case SIM_IDLE:
		idle_exit();
		break;
	case SIM_GUEST:
		guest_exit();
		break;
	case SIM_NMI_IDLE:
		irqentry_nmi_exit(regs, sim_irq_state[cpu]);
		idle_exit();
		break;
	case SIM_IRQ_IDLE:
		irq_exit_rcu();
		irqentry_exit(regs, sim_irq_state[cpu]);
		idle_exit();
		break;
	}
	state[cpu] = SIM_KERNEL;
	on_cpu(0);
}

static void sim_set(int cpu, enum sim_state s)
{
	sim_leave(cpu);
	sim_enter(cpu, s);
}

static void tick_handler(u32 vector)
{
	(void)vector;
	rcu_sched_clock_irq();
}

/* A host tick on @cpu, through irqentry_enter() as the IDT would. */
static void tick(int cpu)
{
	on_cpu(cpu);
	fake_irq_handler = tick_handler;
	fake_irq(TICK_VECTOR, false);
	on_cpu(0);
}

static void ticks(int cpu, int n)
{
	while (n--)
		tick(cpu);
}

/* The reschedule IPIs RCU sent, per target, recorded by the fake sender. */
static unsigned int ipis[NCPU];

static void fake_send_reschedule(int cpu)
{
	assert_true(cpu >= 0 && cpu < NCPU);
	ipis[cpu]++;
}

static void ipi_handler(u32 vector)
{
	(void)vector;
	scheduler_ipi();
}

/* The IPI taken on @cpu, from whatever it runs. */
static void take_ipi(int cpu)
{
	on_cpu(cpu);
	fake_irq_handler = ipi_handler;
	fake_irq(IPI_VECTOR, false);
	on_cpu(0);
}

static int setup(void **st)
{
	entry_test_setup(st);
	for (int cpu = NCPU - 1; cpu >= 0; cpu--) {
		fake_cpu = cpu;
		fake_if = true; /* host task context, IRQs on */
		entry_init();
		cpu_if[cpu] = true;
		state[cpu] = SIM_KERNEL;
		set_cpu_online(cpu, true);
	}
	rcu_init();
	memset(ipis, 0, sizeof(ipis));
	smp_set_send_reschedule(fake_send_reschedule);
	rcu_set_timeouts(10, 30);
	return 0;
}

static int teardown(void **st)
{
	for (int cpu = 0; cpu < NCPU; cpu++) {
		sim_leave(cpu);
		on_cpu(cpu);
		assert_no_violation();
	}
	on_cpu(0);
	return entry_test_teardown(st);
}

static struct rcu_gp_info gp(void)
{
	struct rcu_gp_info info;

	rcu_gp_info(&info);
	return info;
}

static struct rcu_data *rdp(int cpu)
{
	return &per_cpu_ptr(cpu)->rcu;
}

/* Ask for a grace period and start it: CPU 0's tick takes the snapshot. */
static void start_gp(void)
{
	struct rcu_gp_info before = gp();

	start_poll_synchronize_rcu();
	tick(0);
	assert_true(gp().in_progress || gp().completed == before.completed + 1);
}

/* ---- the grace-period state machine ---- */

/* Idle and guest CPUs are quiescent at the snapshot: a period in a tick. */
static void test_eqs_at_snapshot(void **st)
{
	(void)st;
	sim_enter(1, SIM_IDLE);
	sim_enter(2, SIM_GUEST);
	sim_enter(3, SIM_IDLE);
	start_gp();
	assert_false(gp().in_progress);
	assert_int_equal(gp().completed, 1);
	assert_int_equal(rdp(1)->qs_eqs_snap, 1);
	assert_int_equal(rdp(2)->qs_eqs_snap, 1);
	assert_int_equal(rdp(3)->qs_eqs_snap, 1);
	assert_int_equal(rdp(0)->qs_tick, 1); /* its own tick, from the host */
	for (int cpu = 0; cpu < NCPU; cpu++)
		assert_int_equal(ipis[cpu], 0);
}

/*
 * A CPU in the host at the snapshot holds the period until something
 * happens after it; what happens decides the cause.
 */
struct after_case {
	const char *name;
	enum sim_state at_snapshot;
	void (*after)(int cpu);
	bool quiescent; /* the period ends at the next tick of CPU 0 */
	size_t cause; /* offsetof(struct rcu_data, the counter) */
};

static void after_nothing(int cpu)
{
	(void)cpu;
}

static void after_guest_round_trip(int cpu)
{
	sim_set(cpu, SIM_GUEST);
	sim_leave(cpu);
}

static void after_enter_guest(int cpu)
{
	sim_set(cpu, SIM_GUEST);
}

static void after_enter_idle(int cpu)
{
	sim_set(cpu, SIM_IDLE);
}

static void after_leave(int cpu)
{
	sim_leave(cpu);
}

static void after_own_tick(int cpu)
{
	tick(cpu);
}

static void after_unlock_tick(int cpu)
{
	sim_leave(cpu);
	tick(cpu);
}

static void after_guest_reader(int cpu)
{
	/* from the guest straight into a reader: it left the EQS */
	sim_leave(cpu);
	sim_enter(cpu, SIM_READER);
}

static void after_nmi_in_guest(int cpu)
{
	struct pt_regs regs = { .cs = FAKE_KERNEL_CS };
	irqentry_state_t s;

	/* an NMI in the guest makes RCU watch and stop again */
	on_cpu(cpu);
	s = irqentry_nmi_enter(&regs);
	irqentry_nmi_exit(&regs, s);
	on_cpu(0);
}

#define QS(f) offsetof(struct rcu_data, f)

static const struct after_case after_cases[] = {
	{ "kernel, nothing", SIM_KERNEL, after_nothing, false, 0 },
	{ "kernel, own tick", SIM_KERNEL, after_own_tick, true, QS(qs_tick) },
	{ "kernel, guest round trip", SIM_KERNEL, after_guest_round_trip, true,
	  QS(qs_watching) },
	{ "kernel, enters guest", SIM_KERNEL, after_enter_guest, true,
	  QS(qs_watching) },
	{ "kernel, enters idle", SIM_KERNEL, after_enter_idle, true,
	  QS(qs_watching) },
	{ "reader, nothing", SIM_READER, after_nothing, false, 0 },
	{ "reader, own tick", SIM_READER, after_own_tick, false, 0 },
	{ "reader, unlock and tick", SIM_READER, after_unlock_tick, true,
	  QS(qs_tick) },
	{ "reader, IPI", SIM_READER, take_ipi, false, 0 },
	{ "nmi from idle, nothing", SIM_NMI_IDLE, after_nothing, false, 0 },
	{ "nmi from idle, nmi ends", SIM_NMI_IDLE, after_leave, true,
	  QS(qs_watching) },
	{ "irq from idle, nothing", SIM_IRQ_IDLE, after_nothing, false, 0 },
	{ "irq from idle, irq ends", SIM_IRQ_IDLE, after_leave, true,
	  QS(qs_watching) },
	{ "guest, leaves and reads", SIM_GUEST, after_guest_reader, true,
	  QS(qs_eqs_snap) },
	{ "guest, nmi", SIM_GUEST, after_nmi_in_guest, true, QS(qs_eqs_snap) },
	{ "idle, leaves and reads", SIM_IDLE, after_guest_reader, true,
	  QS(qs_eqs_snap) },
};

static u64 counter(int cpu, size_t off)
{
	return *(u64 *)((char *)rdp(cpu) + off);
}

/*
 * CPU 1 in each state at the snapshot, then each transition after it:
 * the period ends exactly when the transition is a quiescent state, by
 * the cause expected, and never while CPU 1 may still hold a reader that
 * started before the snapshot.  CPUs 2 and 3 idle.
 */
static void test_transitions_after_snapshot(void **st)
{
	for (size_t i = 0; i < ARRAY_SIZE(after_cases); i++) {
		const struct after_case *c = &after_cases[i];

		if (i)
			setup(st);
		print_message("  %s\n", c->name);
		sim_enter(2, SIM_IDLE);
		sim_enter(3, SIM_IDLE);
		sim_enter(1, c->at_snapshot);
		start_gp();
		if (c->at_snapshot == SIM_GUEST || c->at_snapshot == SIM_IDLE)
			assert_false(gp().in_progress);
		else
			assert_int_equal(gp().qsmask, 1ul << 1);
		c->after(1);
		tick(0);
		assert_int_equal(gp().in_progress, !c->quiescent);
		if (c->quiescent) {
			assert_int_equal(gp().completed, 1);
			assert_int_equal(counter(1, c->cause), 1);
		}
		teardown(st);
	}
}

/* Two periods in a row: each takes its own snapshot. */
static void test_consecutive_periods(void **st)
{
	(void)st;
	sim_enter(1, SIM_GUEST);
	sim_enter(2, SIM_IDLE);
	sim_enter(3, SIM_IDLE);
	start_gp();
	assert_int_equal(gp().completed, 1);
	/* CPU 1 left the guest: in the host now, a holdout of the next */
	sim_leave(1);
	start_gp();
	assert_true(gp().in_progress);
	assert_int_equal(gp().qsmask, 1ul << 1);
	after_enter_guest(1);
	tick(0);
	assert_int_equal(gp().completed, 2);
	assert_int_equal(rdp(1)->qs_eqs_snap, 1);
	assert_int_equal(rdp(1)->qs_watching, 1);
}

/* A CPU that went offline is not waited for. */
static void test_offline_cpu(void **st)
{
	(void)st;
	sim_enter(1, SIM_READER);
	set_cpu_online(1, false);
	sim_enter(2, SIM_IDLE);
	sim_enter(3, SIM_IDLE);
	start_gp();
	assert_false(gp().in_progress);
	sim_leave(1);
	set_cpu_online(1, true);
}

/* ---- kicks and the stall detector ---- */

/*
 * A reader that never ends: after kick_ticks one reschedule IPI (never a
 * second in the same period, never to a CPU in an EQS or to CPU 0), after
 * stall_ticks a stall report naming that CPU and its state.
 */
static void test_kick_then_stall(void **st)
{
	(void)st;
	sim_enter(1, SIM_IDLE);
	sim_enter(2, SIM_READER);
	sim_enter(3, SIM_GUEST);
	start_gp();
	ticks(0, 8);
	assert_int_equal(ipis[2], 0);
	ticks(0, 2); /* 10 ticks old */
	assert_int_equal(ipis[2], 1);
	assert_int_equal(rdp(2)->kicks, 1);
	ticks(0, 15);
	assert_int_equal(ipis[2], 1);
	assert_int_equal(gp().stalls, 0);
	assert_false(capture_contains("stalls"));
	ticks(0, 5); /* 30 ticks old */
	assert_int_equal(gp().stalls, 1);
	assert_true(capture_contains("rcu: INFO: CPU 2 stalls grace period 1 "
				     "for 30 ticks: ct kernel, rcu watching"));
	assert_true(capture_contains("preempt 0x1, kicked"));
	assert_false(capture_contains("CPU 1 stalls"));
	assert_false(capture_contains("CPU 3 stalls"));
	assert_false(capture_contains("CPU 0 stalls"));
	ticks(0, 30); /* reported once per period */
	assert_int_equal(gp().stalls, 1);
	assert_int_equal(ipis[0] + ipis[1] + ipis[3], 0);
	assert_true(gp().in_progress);
	/* the reader ends: its next tick reports, counted as after a kick */
	after_unlock_tick(2);
	tick(0);
	assert_false(gp().in_progress);
	assert_int_equal(rdp(2)->qs_kicked, 1);
	assert_int_equal(rdp(2)->qs_tick, 0);
	assert_int_equal(rdp(2)->stalls, 1);
}

/*
 * A CPU busy in the host without a tick (nohz): the kick's IPI finds it
 * outside any reader and its handler reports.
 */
static void test_kick_ipi_reports(void **st)
{
	(void)st;
	sim_enter(1, SIM_IDLE);
	sim_enter(2, SIM_IDLE);
	start_gp();
	assert_int_equal(gp().qsmask, 1ul << 3);
	ticks(0, 10);
	assert_int_equal(ipis[3], 1);
	take_ipi(3);
	tick(0);
	assert_false(gp().in_progress);
	assert_int_equal(rdp(3)->qs_kicked, 1);
	assert_int_equal(per_cpu_ptr(3)->stats.resched_ipis, 1);
}

/*
 * The negative test's switch (debug builds): a CPU that runs a guest with
 * its EQS entry disabled is in the kernel as far as RCU can tell, so the
 * period waits for it and the stall detector names it; with the EQS, the
 * same CPU is quiescent at the snapshot.
 */
static void test_debug_no_guest_eqs(void **st)
{
	(void)st;
	on_cpu(3);
	ct_debug_guest_eqs(false);
	on_cpu(0);
	sim_enter(1, SIM_IDLE);
	sim_enter(2, SIM_GUEST);
	sim_enter(3, SIM_GUEST);
	on_cpu(3);
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	assert_true(rcu_is_watching());
	on_cpu(0);
	start_gp();
	assert_int_equal(gp().qsmask, 1ul << 3);
	assert_int_equal(rdp(2)->qs_eqs_snap, 1);
	ticks(0, 30);
	assert_int_equal(ipis[3], 1);
	assert_true(capture_contains("rcu: INFO: CPU 3 stalls grace period 1 "
				     "for 30 ticks: ct kernel, rcu watching"));
	assert_false(capture_contains("CPU 2 stalls"));
	sim_leave(3);
	on_cpu(3);
	ct_debug_guest_eqs(true);
	on_cpu(0);
	sim_enter(3, SIM_GUEST);
	tick(0); /* the guest entry moved the word: the stalled period ends */
	assert_false(gp().in_progress);
	start_gp();
	assert_false(gp().in_progress);
	assert_int_equal(rdp(3)->qs_eqs_snap, 1);
}

/* ---- callbacks ---- */

struct obj {
	struct rcu_head rcu;
	int value;
	int freed; /* times the callback ran */
};

static struct obj *global_ptr;

static void obj_free(struct rcu_head *head)
{
	struct obj *o = container_of(head, struct obj, rcu);

	assert_false(raw_irqs_disabled());
	assert_true(in_serving_softirq());
	o->freed++;
}

/*
 * The updater replaces a pointer a reader on CPU 1 holds, and frees the old
 * object with call_rcu(): the callback runs once, on CPU 0, only after the
 * reader is done and a grace period ended.
 */
static void test_call_rcu_after_reader(void **st)
{
	static struct obj a = { .value = 1 }, b = { .value = 2 };
	struct obj *seen;

	(void)st;
	rcu_assign_pointer(global_ptr, &a);
	sim_enter(2, SIM_IDLE);
	sim_enter(3, SIM_GUEST);
	sim_enter(1, SIM_READER);
	on_cpu(1);
	seen = rcu_dereference(global_ptr);
	on_cpu(0);
	rcu_assign_pointer(global_ptr, &b);
	call_rcu(&a.rcu, obj_free);
	assert_int_equal(rdp(0)->cbs_queued, 1);
	ticks(0, 5);
	assert_true(gp().in_progress);
	assert_int_equal(a.freed, 0);
	assert_int_equal(seen->value, 1); /* still valid for the reader */
	sim_leave(1);
	ticks(0, 1);
	assert_int_equal(a.freed, 0); /* no quiescent state seen yet */
	tick(1);
	tick(0); /* ends the period, then runs the callback (RCU_SOFTIRQ) */
	assert_false(gp().in_progress);
	assert_int_equal(a.freed, 1);
	assert_int_equal(rdp(0)->cbs_invoked, 1);
	ticks(0, 10);
	assert_int_equal(a.freed, 1);
	assert_int_equal(gp().completed, 1); /* no callback: no period */
}

/*
 * Callbacks queued while a period is in progress need the next one: one
 * queued before the start runs after the first, one queued after the start
 * only after the second.
 */
static void test_call_rcu_needs_a_full_period(void **st)
{
	static struct obj a, b;

	(void)st;
	sim_enter(1, SIM_READER);
	sim_enter(2, SIM_IDLE);
	sim_enter(3, SIM_IDLE);
	call_rcu(&a.rcu, obj_free);
	tick(0); /* starts period 1, CPU 1 holds it */
	assert_true(gp().in_progress);
	call_rcu(&b.rcu, obj_free);
	after_unlock_tick(1);
	ticks(0, 2);
	assert_int_equal(gp().completed, 1);
	assert_int_equal(a.freed, 1);
	assert_int_equal(b.freed, 0);
	sim_enter(1, SIM_READER); /* holds period 2 */
	ticks(0, 5);
	assert_int_equal(b.freed, 0);
	after_unlock_tick(1);
	ticks(0, 3);
	assert_int_equal(gp().completed, 2);
	assert_int_equal(a.freed, 1);
	assert_int_equal(b.freed, 1);
}

/* Callbacks run on the CPU that queued them, once each. */
static void test_call_rcu_on_other_cpu(void **st)
{
	static struct obj objs[8];

	(void)st;
	sim_enter(2, SIM_IDLE);
	sim_enter(3, SIM_IDLE);
	on_cpu(1);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		call_rcu(&objs[i].rcu, obj_free);
	on_cpu(0);
	ticks(0, 3);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		assert_int_equal(objs[i].freed, 0); /* CPU 1 has not ticked */
	tick(1); /* reports its quiescent state */
	tick(0); /* ends the period */
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		assert_int_equal(objs[i].freed, 0); /* CPU 1 has not seen it */
	tick(1);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		assert_int_equal(objs[i].freed, 1);
	assert_int_equal(rdp(1)->cbs_invoked, ARRAY_SIZE(objs));
	assert_int_equal(rdp(0)->cbs_invoked, 0);
	ticks(1, 5);
	ticks(0, 5);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		assert_int_equal(objs[i].freed, 1);
}

/* ---- waiting ---- */

static void test_poll_state(void **st)
{
	unsigned long cookie;

	(void)st;
	sim_enter(1, SIM_READER);
	sim_enter(2, SIM_IDLE);
	sim_enter(3, SIM_IDLE);
	cookie = start_poll_synchronize_rcu();
	assert_false(poll_state_synchronize_rcu(cookie));
	ticks(0, 5);
	assert_false(poll_state_synchronize_rcu(cookie));
	after_unlock_tick(1);
	tick(0);
	assert_true(poll_state_synchronize_rcu(cookie));
	/* a cookie taken during a period needs the next one */
	sim_enter(1, SIM_READER);
	start_gp();
	cookie = get_state_synchronize_rcu();
	after_unlock_tick(1);
	tick(0);
	assert_false(poll_state_synchronize_rcu(cookie));
	sim_set(1, SIM_IDLE);
	start_poll_synchronize_rcu();
	ticks(0, 2);
	assert_true(poll_state_synchronize_rcu(cookie));
}

static unsigned int halts;

/* The idle wait of synchronize_rcu(): the next tick comes. */
static void halt_until_tick(void)
{
	halts++;
	fake_irq_handler = tick_handler;
	fake_raise_irq(TICK_VECTOR);
}

/* One CPU online, as the VMM today: its own ticks end the period. */
static void test_synchronize_rcu_one_cpu(void **st)
{
	(void)st;
	for (int cpu = 1; cpu < NCPU; cpu++)
		set_cpu_online(cpu, false);
	halts = 0;
	fake_halt_hook = halt_until_tick;
	synchronize_rcu();
	assert_true(halts >= 1 && halts <= 2);
	assert_int_equal(gp().completed, 1);
	/* the tick came from idle: quiescent from its tick */
	assert_int_equal(rdp(0)->qs_tick, 1);
	for (int cpu = 1; cpu < NCPU; cpu++)
		set_cpu_online(cpu, true);
}

/*
 * cond_synchronize_rcu(): no wait once a grace period ended after the
 * cookie (the VMM frees a stopped guest this way, vmm/vcpu_run.c), one
 * whole wait otherwise.
 */
static void test_cond_synchronize_rcu(void **st)
{
	unsigned long cookie;

	(void)st;
	for (int cpu = 1; cpu < NCPU; cpu++)
		set_cpu_online(cpu, false);
	fake_halt_hook = halt_until_tick;
	cookie = start_poll_synchronize_rcu();
	ticks(0, 3);
	assert_true(poll_state_synchronize_rcu(cookie));
	halts = 0;
	cond_synchronize_rcu(cookie);
	assert_int_equal(halts, 0);
	cookie = start_poll_synchronize_rcu();
	assert_false(poll_state_synchronize_rcu(cookie));
	cond_synchronize_rcu(cookie);
	assert_true(halts >= 1 && halts <= 2);
	assert_true(poll_state_synchronize_rcu(cookie));
	for (int cpu = 1; cpu < NCPU; cpu++)
		set_cpu_online(cpu, true);
}

/* The per-CPU counters in the serial summary. */
static void test_dump(void **st)
{
	(void)st;
	sim_enter(1, SIM_GUEST);
	sim_enter(2, SIM_IDLE);
	start_gp();
	tick(3);
	tick(0);
	entry_dump_cpu_stats();
	assert_true(capture_contains("cpu0: rcu grace-periods 1 stalls 0 "
				     "(grace-period cpu)"));
	assert_true(capture_contains("cpu1: rcu qs eqs-at-snapshot 1 "
				     "word-changed 0 tick 0 forced-kick 0"));
	assert_true(capture_contains("cpu3: rcu qs eqs-at-snapshot 0 "
				     "word-changed 0 tick 1 forced-kick 0"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_eqs_at_snapshot),
		T(test_transitions_after_snapshot),
		T(test_consecutive_periods),
		T(test_offline_cpu),
		T(test_kick_then_stall),
		T(test_kick_ipi_reports),
		T(test_debug_no_guest_eqs),
		T(test_call_rcu_after_reader),
		T(test_call_rcu_needs_a_full_period),
		T(test_call_rcu_on_other_cpu),
		T(test_poll_state),
		T(test_synchronize_rcu_one_cpu),
		T(test_cond_synchronize_rcu),
		T(test_dump),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
