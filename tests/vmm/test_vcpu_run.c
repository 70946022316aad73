// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop (vmm/vcpu_run.c) driven through a fake vendor backend, on the
 * entry discipline built for the host (tests/unit: fake arch, every rule
 * checked).  The fake ops assert the state each vcpu_ops contract promises
 * (IRQs, preemption, vcpu->mode) and log the order of the steps; simulated
 * interrupts stand for the host tick.  The entry library is built with
 * several simulated CPUs (tests/unit): the vCPU runs on CPU 0, and a
 * request or kick "from another CPU" runs on CPU 1.
 */
#include "../unit/harness.h"

#include <string.h>

#include <entry/preempt.h>
#include <entry/smp.h>
#include <vmm/exit.h>
#include <vmm/fastpath.h>
#include <vmm/vcpu_pass.h>
#include <vmm/guest.h>
#include <vmm/request.h>
#include <host/host.h>
#include <lib/printk.h>
#include <host/panic.h>
#include <vmm/vcpu_run.h>

#include "host_stubs.h"

struct host_cpu_stats host_cpu_stats[1];

void __warn(const char *file, int line, const char *cond)
{
	fail_msg("WARN_ON(%s) at %s:%d", cond, file, line);
}

/* The step log: P prepare_run, R a pass of run (one hardware entry), F an
 * exit the fastpath emulated, X handle_exit_irqoff, I host IRQ, D
 * decode_exit, W task work. */
static char steps[256];
static unsigned int nsteps;

/*
 * Step boundaries, numbered: every step(), every piece of a pass and every
 * entry probe is one.  A test may act at boundary number act_at (the
 * requests test: a request and a kick from another CPU).
 */
static unsigned int boundary, act_at;
static void (*act)(void);
static unsigned int hw_entries; /* hardware entries (vmenter) */
static bool hw_entered; /* this pass's vmenter has begun */

static void at_boundary(void)
{
	if (++boundary == act_at && act)
		act();
}

static void step(char c)
{
	assert_true(nsteps < sizeof(steps) - 1);
	steps[nsteps++] = c;
	steps[nsteps] = '\0';
	at_boundary();
}

static struct vmm_guest g;
static struct guest_config gc;
static struct vcpu_exit script[32];
static unsigned int nscript, iscript;
static void (*in_guest)(void);
static void (*at_prepare)(void);
static unsigned int dumps;
static struct vcpu_exit_stat stats[5];

/*
 * vmm/vcpu_state.c's switch, faked: IRQs on, preemption on, outside guest
 * mode, once each per vcpu_run(), and every entry in between.
 */
static unsigned int state_loads, state_puts;

void vcpu_load_state(struct vcpu *vcpu)
{
	assert_false(raw_irqs_disabled());
	assert_int_equal(preempt_count(), 0);
	assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
	assert_false(vcpu->state.loaded);
	vcpu->state.loaded = true;
	state_loads++;
}

void vcpu_put_state(struct vcpu *vcpu)
{
	assert_false(raw_irqs_disabled());
	assert_int_equal(preempt_count(), 0);
	assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
	assert_true(vcpu->state.loaded);
	vcpu->state.loaded = false;
	state_puts++;
}

static void fake_prepare_run(struct vcpu *vcpu)
{
	assert_true(vcpu->state.loaded);
	assert_false(raw_irqs_disabled());
	assert_int_equal(preempt_count(), 1);
	assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
	hw_entered = false;
	step('P');
	if (at_prepare)
		at_prepare();
}

/* The exit the next pass ends with: the script's, then the guest's done. */
static struct vcpu_exit next_exit(struct vcpu *vcpu)
{
	if (iscript < nscript)
		return script[iscript];
	vcpu->regs.gpr[VCPU_RAX] = TEST_CMD_DONE;
	return (struct vcpu_exit){ .kind = VCPU_EXIT_IO,
				   .reason = 3,
				   .insn_len = 1,
				   .io = { GUEST_PORT_TEST_CMD, 1, false } };
}

/* A host interrupt's exit: nothing for the core, never fast (INTR). */
static const struct vcpu_exit exit_intr = { .kind = VCPU_EXIT_NONE,
					    .reason = 1 };

/*
 * The fake backend's pieces of a pass, instantiated in the core's pass loop
 * (vcpu_pass_loop(), include/vmm/vcpu_pass.h) exactly as the SVM and VMX
 * backends instantiate it: the tests run the order that ships.  Each piece
 * checks the state the loop promises it at that point of the world switch:
 * RCU and context tracking, IRQs, the exit's clock, and whether it runs
 * inside an instrumentation_begin() section (noinstr()/instr() below).  pass_log records the
 * pieces of every pass: b switch_begin, e vmenter, x exit_irqoff, s
 * switch_end, t trace_exit, d fastpath_decode, c fastpath_commit.
 */
static char pass_log[256];
static unsigned int npass_log;
static struct vcpu_exit cur_exit; /* the exit of the current pass */
static bool cur_is_intr; /* ... was a host interrupt's */
static int instr_base; /* fake_instr_depth when run was called */
static char nmi_at, irq_at; /* an NMI (each time) / a host IRQ (once) here */

static void pass_step(char c)
{
	assert_true(npass_log < sizeof(pass_log) - 1);
	pass_log[npass_log++] = c;
	pass_log[npass_log] = '\0';
	at_boundary();
	if (c == nmi_at)
		fake_nmi();
	if (c == irq_at) { /* once: every pass would exit for it */
		irq_at = 0;
		fake_raise_irq(HOST_TIMER_VECTOR);
	}
}

/* The world switch's pieces are noinstr: no section open. */
static void noinstr_piece(void)
{
	assert_int_equal(fake_instr_depth, instr_base);
}

/* kvm_exit and the fastpath are instrumentable: one section open. */
static void instr_piece(void)
{
	assert_int_equal(fake_instr_depth, instr_base + 1);
}

/* Before guest_state_enter_irqoff(): RCU watching, in the kernel. */
static __always_inline void fake_switch_begin(void *v)
{
	noinstr_piece();
	assert_ptr_equal(v, &g);
	assert_true(raw_irqs_disabled());
	assert_true(g.vcpu.mode == IN_GUEST_MODE ||
		    g.vcpu.mode == EXITING_GUEST_MODE); /* kicked meanwhile */
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	assert_true(rcu_is_watching());
	hw_entered = false;
	pass_step('b');
}

/*
 * The "hardware": in CONTEXT_GUEST with RCU not watching, the guest runs.
 * As on SVM and VMX, a host interrupt pending at the entry makes the guest
 * exit at once with an exit the core does not emulate (INTR).
 */
static __always_inline u32 fake_vmenter(struct vcpu *vcpu, void *v)
{
	noinstr_piece();
	(void)v;
	assert_int_equal(ct_state(), CONTEXT_GUEST);
	assert_false(rcu_is_watching());
	hw_entries++;
	hw_entered = true;
	pass_step('e');
	step('R');
	cur_is_intr = fake_pending_irqs() != 0;
	if (cur_is_intr) {
		cur_exit = exit_intr;
		return cur_exit.reason;
	}
	if (in_guest)
		in_guest();
	cur_exit = next_exit(vcpu);
	return cur_exit.reason;
}

/* After the exit's clock, still in CONTEXT_GUEST: the exit is recorded. */
static __always_inline void fake_exit_irqoff(struct vcpu *vcpu, void *v,
					     u32 reason)
{
	noinstr_piece();
	(void)v;
	assert_int_equal(ct_state(), CONTEXT_GUEST);
	assert_false(rcu_is_watching());
	assert_int_equal(vcpu->last_reason, reason);
	assert_int_equal(vcpu->exit_tsc, fake_tsc);
	pass_step('x');
}

/* After guest_state_exit_irqoff(): RCU watches again, IRQs still off. */
static __always_inline void fake_switch_end(void *v)
{
	noinstr_piece();
	(void)v;
	assert_int_equal(ct_state(), CONTEXT_KERNEL);
	assert_true(rcu_is_watching());
	assert_true(raw_irqs_disabled());
	pass_step('s');
}

static __always_inline void fake_trace_exit(struct vcpu *vcpu, void *v,
					    u32 reason)
{
	instr_piece();
	(void)v;
	assert_true(rcu_is_watching());
	assert_int_equal(vcpu->last_reason, reason);
	pass_step('t');
}

/* The script's CPUID exits are the ones the core may emulate here. */
static __always_inline bool fake_fastpath_decode(struct vcpu *vcpu, void *v,
						 u32 reason,
						 struct vcpu_exit *exit)
{
	instr_piece();
	(void)vcpu;
	(void)v;
	assert_true(raw_irqs_disabled());
	assert_int_equal(reason, cur_exit.reason);
	pass_step('d');
	if (cur_exit.kind != VCPU_EXIT_CPUID)
		return false;
	*exit = cur_exit;
	return true;
}

/* The core emulated the exit: it is consumed. */
static __always_inline bool fake_fastpath_commit(struct vcpu *vcpu, void *v)
{
	instr_piece();
	(void)vcpu;
	(void)v;
	assert_true(raw_irqs_disabled());
	pass_step('c');
	iscript++;
	step('F');
	return true;
}

#define FAKE_REFUSED 0x21

static const struct vcpu_pass_ops fake_pass_ops = {
	.switch_begin = fake_switch_begin,
	.vmenter = fake_vmenter,
	.exit_irqoff = fake_exit_irqoff,
	.switch_end = fake_switch_end,
	.trace_exit = fake_trace_exit,
	.fastpath_decode = fake_fastpath_decode,
	.fastpath_commit = fake_fastpath_commit,
	.refused_reason = FAKE_REFUSED,
};

static fastpath_t fake_run(struct vcpu *vcpu)
{
	fastpath_t fastpath;

	assert_true(raw_irqs_disabled());
	assert_true(g.vcpu.mode == IN_GUEST_MODE ||
		    g.vcpu.mode == EXITING_GUEST_MODE);
	instr_base = fake_instr_depth;
	fastpath = vcpu_pass_loop(vcpu, &g, &fake_pass_ops);
	assert_int_equal(fake_instr_depth, instr_base); /* balanced */
	return fastpath;
}

static void fake_handle_exit_irqoff(struct vcpu *vcpu)
{
	(void)vcpu;
	assert_true(raw_irqs_disabled());
	assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
	step('X');
}

/* The next scripted exit; past the end of the script: the guest is done. */
static void fake_decode_exit(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	assert_false(raw_irqs_disabled());
	assert_int_equal(preempt_count(), 0);
	step('D');
	if (vcpu->last_reason == FAKE_REFUSED) {
		exit->kind = VCPU_EXIT_ENTRY_FAILED;
		exit->reason = FAKE_REFUSED;
		exit->fail.why = vcpu->fail.why;
		return;
	}
	if (cur_is_intr) { /* consumes nothing of the script */
		*exit = exit_intr;
		return;
	}
	*exit = next_exit(vcpu);
	if (iscript < nscript)
		iscript++;
	if (exit->kind == VCPU_EXIT_HYPERCALL)
		vcpu->regs.gpr[VCPU_RAX] = HC_STOP;
}

static void fake_dump(struct vcpu *vcpu)
{
	(void)vcpu;
	dumps++;
}

static const char *fake_reason_name(u32 reason)
{
	(void)reason;
	return "R";
}

static const struct vcpu_ops fake_ops = {
	.name = "fake",
	.prepare_run = fake_prepare_run,
	.run = fake_run,
	.handle_exit_irqoff = fake_handle_exit_irqoff,
	.decode_exit = fake_decode_exit,
	.dump = fake_dump,
	.exit_reason_name = fake_reason_name,
	.nr_exit_reasons = 4,
};

static const struct vcpu_exit exit_none = { .kind = VCPU_EXIT_NONE,
					    .reason = 1 };
static const struct vcpu_exit exit_stop = { .kind = VCPU_EXIT_HYPERCALL,
					    .reason = 2,
					    .insn_len = 3 };
static const struct vcpu_exit exit_cpuid = { .kind = VCPU_EXIT_CPUID,
					     .reason = 0,
					     .insn_len = 2,
					     .cpuid = { 0, 0 } };

static int setup(void **state)
{
	entry_test_setup(state);
	stub_reset();
	memset(&g, 0, sizeof(g));
	memset(&gc, 0, sizeof(gc));
	memset(stats, 0, sizeof(stats));
	memset(host_cpu_stats, 0, sizeof(host_cpu_stats));
	gc.max_exits = 1000;
	gc.max_ticks = 1000;
	g.cfg = &gc;
	strcpy(g.vm.name, "t");
	g.vcpu.vm = &g.vm;
	g.vcpu.ops = &fake_ops;
	g.vcpu.pending_irq = -1;
	g.reason_stats = stats;
	g.nr_reason_stats = 5;
	nsteps = nscript = iscript = dumps = npass_log = 0;
	state_loads = state_puts = 0;
	nmi_at = irq_at = 0;
	boundary = act_at = 0;
	act = NULL;
	hw_entries = 0;
	hw_entered = false;
	cur_is_intr = false;
	steps[0] = pass_log[0] = '\0';
	in_guest = NULL;
	at_prepare = NULL;
	fake_irq_handler = NULL;
	sim_irqs_on();
	return 0;
}

/* vmm_main()'s sequence around one vcpu_run(): its result. */
static int run_whole(void)
{
	int r;

	vcpu_run_begin(&g.vcpu);
	r = vcpu_run(&g.vcpu);
	vcpu_run_end(&g.vcpu);
	return r;
}

static void test_order(void **state)
{
	(void)state;
	script[nscript++] = exit_none;
	assert_int_equal(run_whole(), 0);
	assert_string_equal(steps, "PRXDPRXD");
	/* each pass in the core's order; nothing emulated on the fastpath */
	assert_string_equal(pass_log, "bexstdbexstd");
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_int_equal(g.exits, 2);
	assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
	assert_int_equal(preempt_count(), 0);
	assert_false(raw_irqs_disabled());
	assert_no_violation();
	/* kvm_stat: raw reason 1 once, reason 3 (the done) once */
	assert_int_equal(stats[1].count, 1);
	assert_int_equal(stats[3].count, 1);
	/* the guest's FPU/XCR0/MSR state: loaded once around the run */
	assert_int_equal(state_loads, 1);
	assert_int_equal(state_puts, 1);
	assert_false(g.vcpu.state.loaded);
}

static void irq_log(u32 vector)
{
	(void)vector;
	step('I');
}

static void raise_tick(void)
{
	fake_raise_irq(HOST_TIMER_VECTOR);
}

/* The interrupt that arrives in the guest is taken in step 8's window:
 * after handle_exit_irqoff, before the exit is decoded. */
static void test_irq_in_window(void **state)
{
	(void)state;
	fake_irq_handler = irq_log;
	in_guest = raise_tick;
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	assert_string_equal(steps, "PRXID");
	assert_int_equal(fake_irqs_taken(), 1);
	assert_no_violation();
}

static void tick_irq(u32 vector)
{
	(void)vector;
	step('I');
	sched_tick();
}

static void raise_ticks(void)
{
	for (int i = 0; i < LIMINAL_TICKS_PER_SLICE; i++)
		fake_raise_irq(HOST_TIMER_VECTOR);
}

/* A tick's NEED_RESCHED is served by preempt_enable() in step 10. */
static void test_tick_reschedules(void **state)
{
	(void)state;
	fake_irq_handler = tick_irq;
	in_guest = raise_ticks;
	script[nscript++] = exit_none;
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	assert_true(g.work.resched_preempt >= 1);
	assert_false(need_resched());
	assert_no_violation();
}

/* HC_STOP: vcpu_run() returns -EINTR; cleared, the vCPU resumes. */
static void test_stop_request(void **state)
{
	(void)state;
	script[nscript++] = exit_stop;
	script[nscript++] = exit_none;
	assert_int_equal(vcpu_run(&g.vcpu), -EINTR);
	assert_int_equal(g.eintr, 1);
	assert_int_equal(g.work.stop, 1);
	assert_string_equal(steps, "PRXD");
	assert_int_equal(g.verdict, VERDICT_RUNNING);
	/* -EINTR is the caller's turn: the state is saved, as KVM_RUN's */
	assert_int_equal(state_puts, 1);
	assert_false(g.vcpu.state.loaded);
	clear_stop();
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	assert_int_equal(state_loads, 2);
	assert_int_equal(state_puts, 2);
	assert_string_equal(steps, "PRXDPRXDPRXD");
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_no_violation();
}

static struct callback_head work;
static unsigned int work_runs;

static void work_fn(struct callback_head *head)
{
	(void)head;
	assert_false(raw_irqs_disabled());
	work_runs++;
	step('W');
}

static void queue_work_once(void)
{
	if (nsteps == 1)
		task_work_add(&work, work_fn);
}

/* Work queued after the outer loop looked: step 3 undoes 1-2 and the outer
 * loop runs it before the guest is entered. */
static void test_step3_bails_out(void **state)
{
	(void)state;
	work_runs = 0;
	at_prepare = queue_work_once;
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	assert_string_equal(steps, "PWPRXD");
	assert_int_equal(g.work.bail_out, 1);
	assert_int_equal(g.work.notify_resume, 1);
	assert_int_equal(work_runs, 1);
	assert_int_equal(preempt_count(), 0);
	assert_no_violation();
}

static void flush_tick_irq(u32 vector)
{
	(void)vector;
	host_cpu_stats[0].timer_irqs++;
	vcpu_tick();
}

static void raise_flush_ticks(void)
{
	for (int i = 0; i < VCPU_FLUSH_TICKS; i++)
		fake_raise_irq(HOST_TIMER_VECTOR);
}

/* NOTIFY_RESUME from IRQ context: a flush every VCPU_FLUSH_TICKS ticks. */
static void test_tick_queued_task_work(void **state)
{
	(void)state;
	fake_irq_handler = flush_tick_irq;
	in_guest = raise_flush_ticks;
	script[nscript++] = exit_none;
	assert_int_equal(run_whole(), 0);
	/* two round trips of VCPU_FLUSH_TICKS ticks each: two flushes */
	assert_int_equal(g.work.tick_work, 2);
	assert_true(g.work.notify_resume >= 1);
	assert_false(g.flush_queued);
	assert_true(g.flushed_exits >= 1 && g.flushed_exits <= g.exits);
	/* no guest: ticks queue nothing */
	flush_tick_irq(HOST_TIMER_VECTOR);
	assert_false(g.flush_queued);
	assert_no_violation();
}

/* stop_ticks: a stop request after every N host ticks. */
static void test_tick_budget(void **state)
{
	(void)state;
	gc.stop_ticks = 2;
	fake_irq_handler = flush_tick_irq;
	in_guest = raise_tick;
	for (int i = 0; i < 4; i++)
		script[nscript++] = exit_none;
	vcpu_run_begin(&g.vcpu);
	assert_int_equal(vcpu_run(&g.vcpu), -EINTR);
	assert_int_equal(g.exits, 2);
	clear_stop();
	assert_int_equal(vcpu_run(&g.vcpu), -EINTR);
	assert_int_equal(g.exits, 4);
	clear_stop();
	vcpu_run_end(&g.vcpu);
	assert_int_equal(g.eintr, 2);
	assert_no_violation();
}

static void test_max_exits(void **state)
{
	(void)state;
	gc.max_exits = 3;
	for (int i = 0; i < 10; i++)
		script[nscript++] = exit_none;
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	assert_int_equal(g.verdict, VERDICT_TIMEOUT);
	assert_int_equal(g.exits, 3);
	assert_int_equal(dumps, 1);
	assert_no_violation();
}

/* The max_ticks watchdog: host ticks while the guest runs end it. */
static void test_max_ticks(void **state)
{
	(void)state;
	gc.max_ticks = 3;
	fake_irq_handler = flush_tick_irq;
	in_guest = raise_tick;
	for (int i = 0; i < 10; i++)
		script[nscript++] = exit_none;
	vcpu_run_begin(&g.vcpu); /* the tick hook watches this guest */
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	vcpu_run_end(&g.vcpu);
	assert_int_equal(g.verdict, VERDICT_TIMEOUT);
	assert_int_equal(g.exits, 3);
	assert_non_null(strstr(g.report, "after 3 host ticks"));
	assert_int_equal(dumps, 1);
	assert_no_violation();
}

/*
 * Exits the fastpath emulates are entered again inside step 5: one prepare,
 * one pass per exit, each counted (exits, kind, kvm_stat slot, fastpath)
 * and emulated once; the first exit it leaves goes the whole way.
 */
static void test_fastpath_reenters(void **state)
{
	(void)state;
	script[nscript++] = exit_cpuid;
	script[nscript++] = exit_cpuid;
	stub_cpuid =
		(struct vcpu_cpuid){ 0xd, 0x756e6547, 0x6c65746e, 0x49656e69 };
	g.vcpu.regs.rip = 0x1000;
	assert_int_equal(run_whole(), 0);
	/* vcpu_run_begin() leaves the exit deadline at 0, so that the first
	 * round trip computes the limits: the first fast exit leaves the
	 * loop (handled, not decoded) and the outer loop does that */
	assert_string_equal(steps, "PRFXPRFRXD");
	assert_string_equal(pass_log, "bexstdcbexstdcbexstd");
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_int_equal(g.exits, 3);
	assert_int_equal(g.fastpath_exits, 2);
	assert_int_equal(g.kind_count[VCPU_EXIT_CPUID], 2);
	assert_int_equal(stats[0].count, 2); /* the CPUID reason */
	assert_int_equal(stats[3].count, 1);
	/* 2 + 2 bytes of CPUID, 1 of the done OUT */
	assert_int_equal(g.vcpu.regs.rip, 0x1005);
	assert_int_equal(g.vcpu.regs.gpr[VCPU_RBX], 0x756e6547);
	assert_int_equal(preempt_count(), 0);
	assert_false(raw_irqs_disabled());
	assert_no_violation();
}

static void stop_in_guest(void)
{
	request_stop();
}

/*
 * Work that arrives during a fastpath pass (here a stop request, raised
 * in the guest) ends the loop before the next entry: the exit is handled
 * (not decoded again), the work runs in the outer loop, and the guest
 * resumes after the emulated instruction.
 */
static void test_fastpath_exit_request(void **state)
{
	(void)state;
	script[nscript++] = exit_cpuid;
	in_guest = stop_in_guest;
	g.vcpu.regs.rip = 0x1000;
	assert_int_equal(vcpu_run(&g.vcpu), -EINTR);
	assert_string_equal(steps, "PRFX");
	assert_int_equal(g.exits, 1);
	assert_int_equal(g.fastpath_exits, 1);
	assert_int_equal(g.kind_count[VCPU_EXIT_CPUID], 1);
	assert_int_equal(g.vcpu.regs.rip, 0x1002);
	assert_int_equal(g.verdict, VERDICT_RUNNING);
	clear_stop();
	in_guest = NULL;
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	assert_string_equal(steps, "PRFXPRXD");
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_no_violation();
}

/*
 * An exit the fastpath cannot take whole (CPUID without a known
 * instruction length) changes nothing there and goes the whole way, where
 * the handler stops the guest with a report.
 */
static void test_fastpath_declines(void **state)
{
	(void)state;
	script[nscript] = exit_cpuid;
	script[nscript++].insn_len = 0;
	g.vcpu.regs.rip = 0x1000;
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	assert_string_equal(steps, "PRXD");
	assert_int_equal(g.fastpath_exits, 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
	assert_int_equal(g.vcpu.regs.rip, 0x1000);
	assert_int_equal(dumps, 1);
	assert_no_violation();
}

/* The max_exits watchdog holds inside the fastpath loop too. */
static void test_fastpath_max_exits(void **state)
{
	(void)state;
	gc.max_exits = 3;
	for (int i = 0; i < 10; i++)
		script[nscript++] = exit_cpuid;
	assert_int_equal(run_whole(), 0);
	assert_int_equal(g.verdict, VERDICT_TIMEOUT);
	assert_int_equal(g.exits, 3);
	assert_int_equal(dumps, 1);
	assert_no_violation();
}

/* A raw exit code without a slot of its own is counted in the last one. */
static void test_stat_other_slot(void **state)
{
	(void)state;
	script[nscript] = exit_none;
	script[nscript++].reason = 77; /* >= fake_ops.nr_exit_reasons */
	assert_int_equal(run_whole(), 0);
	assert_string_equal(steps, "PRXDPRXD");
	assert_int_equal(stats[4].count, 1); /* "other" */
	assert_int_equal(stats[3].count, 1); /* the done */
	assert_no_violation();
}

/*
 * A state the backend's own checks refused is reported as the hardware
 * would report it, without a pass: no world switch, no guest time, the
 * failure's words in the report, the refused reason in "other".
 */
static void test_refused_state(void **state)
{
	(void)state;
	vcpu_refuse(&g.vcpu, "guest CR0.PG=1 with PE=0 (SDM 27.3.1.1)");
	assert_int_equal(run_whole(), 0);
	assert_string_equal(steps, "PXD");
	assert_string_equal(pass_log, "");
	assert_int_equal(g.verdict, VERDICT_ENTRY_FAILED);
	assert_int_equal(g.vcpu.last_reason, FAKE_REFUSED);
	assert_int_equal(g.guest_tsc, 0);
	assert_int_equal(stats[4].count, 1); /* "other" */
	assert_non_null(strstr(g.report, "CR0.PG=1 with PE=0"));
	assert_no_violation();
}

/* The pieces of a pass, in their order (pass_log's letters). */
static const char pass_pieces[] = "bexstdc";

/*
 * A fresh vCPU through one fastpath CPUID exit and the done (the world
 * switch's pieces all run, on the fastpath and the whole way), with an NMI
 * in every @nmi piece and a host IRQ in the first @irq piece.
 */
static void run_fast_then_done(void **state, char nmi, char irq)
{
	setup(state);
	nmi_at = nmi;
	irq_at = irq;
	fake_irq_handler = irq_log;
	script[nscript++] = exit_cpuid;
	script[nscript++] = exit_none;
	assert_int_equal(run_whole(), 0);
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_no_violation();
}

/*
 * An NMI in every piece of a pass, on the whole way and on the fastpath:
 * irqentry_nmi_enter/exit() find the state the loop promises (RCU
 * watching or not, CONTEXT_GUEST or KERNEL) and restore it; each piece's
 * own checks hold after it, and no ordering rule is broken.
 */
static void test_nmi_in_every_piece(void **state)
{
	for (const char *p = pass_pieces; *p; p++) {
		run_fast_then_done(state, *p, 0);
		assert_int_equal(g.fastpath_exits, 1);
		assert_true(fake_nmis_taken() >= 1);
		assert_int_equal(ct_state(), CONTEXT_KERNEL);
		assert_true(rcu_is_watching());
		entry_test_teardown(state);
	}
}

/*
 * A host interrupt raised in any piece of a pass waits, IRQs off, for the
 * IRQ window of step 8 ('I' after handle_exit_irqoff 'X'): raised before
 * the hardware entry, it makes that entry exit at once; raised after it,
 * the re-entry finds it pending, as the CPU's would.  It is never taken
 * inside the loop and the fastpath never re-enters past it.
 */
static void test_irq_in_every_piece(void **state)
{
	for (const char *p = pass_pieces; *p; p++) {
		char *i;

		run_fast_then_done(state, 0, *p);
		i = strchr(steps, 'I');
		assert_non_null(i);
		assert_true(i > steps && i[-1] == 'X');
		assert_int_equal(fake_pending_irqs(), 0);
		entry_test_teardown(state);
	}
}

#define GUEST_CYCLES 100000

static void spend_guest_time(void)
{
	fake_tsc_advance(GUEST_CYCLES);
}

/*
 * Time in the guest is guest time, time from an exit to the next entry is
 * the exit's (its kvm_stat slot), on the fastpath as on the whole way:
 * three passes of GUEST_CYCLES each, around exits that cost only a few
 * clock reads of the fake TSC.
 */
static void test_fastpath_time(void **state)
{
	(void)state;
	script[nscript++] = exit_cpuid;
	script[nscript++] = exit_cpuid;
	in_guest = spend_guest_time;
	assert_int_equal(run_whole(), 0);
	assert_int_equal(g.fastpath_exits, 2);
	assert_true(g.guest_tsc >= 3 * GUEST_CYCLES);
	assert_true(g.guest_tsc < 3 * GUEST_CYCLES + GUEST_CYCLES / 10);
	assert_int_equal(stats[0].count, 2);
	assert_true(stats[0].tsc > 0 && stats[0].tsc < GUEST_CYCLES / 10);
	assert_int_equal(stats[3].count, 1);
	assert_true(stats[3].tsc > 0 && stats[3].tsc < GUEST_CYCLES / 10);
	assert_no_violation();
}

/* ---- requests and kicks (include/vmm/request.h) ---- */

#define IPI_VECTOR 0xfd
#define REMOTE_CPU 1

/* The host's IPI sender, faked: records; the IPI is raised on CPU 0. */
static unsigned int ipis_sent[LIMINAL_NR_CPUS];

static void fake_send_reschedule(int cpu)
{
	assert_true(cpu >= 0 && cpu < LIMINAL_NR_CPUS);
	ipis_sent[cpu]++;
}

static void ipi_irq(u32 vector)
{
	assert_int_equal(vector, IPI_VECTOR);
	step('I');
	scheduler_ipi();
}

/* What the vCPU was doing when the request came. */
static int mode_at_act;
static bool entered_at_act;
static unsigned int entries_at_act;

/*
 * CPU 1 makes VCPU_REQ_STOP and kicks: kvm_make_request() then
 * kvm_vcpu_kick(), running as CPU 1 (this_cpu(), smp_processor_id()).  An
 * IPI it sends to CPU 0 is raised there once the test is back on CPU 0:
 * pending until CPU 0 enables IRQs, as the LAPIC would hold it.
 */
static void remote_request(void)
{
	unsigned int before = ipis_sent[0];

	mode_at_act = g.vcpu.mode;
	entered_at_act = hw_entered;
	entries_at_act = hw_entries;
	fake_cpu = REMOTE_CPU;
	kvm_make_request(VCPU_REQ_STOP, &g.vcpu);
	kvm_vcpu_kick(&g.vcpu);
	fake_cpu = 0;
	if (ipis_sent[0] != before)
		fake_raise_irq(IPI_VECTOR);
}

static void probe_boundary(enum entry_probe probe)
{
	(void)probe;
	at_boundary();
}

/*
 * The guest of the requests test: fastpath exits (re-entered inside step
 * 5), exits the core handles, more fastpath exits, then done; enough round
 * trips that a request raised in the first ones is handled before the end.
 */
static void script_requests(void)
{
	static const struct vcpu_exit seq[] = {
		exit_cpuid, exit_cpuid, exit_none, exit_cpuid,
		exit_cpuid, exit_none,	exit_none,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(seq); i++)
		script[nscript++] = seq[i];
	g.vcpu.regs.rip = 0x1000;
	fake_irq_handler = ipi_irq;
	entry_probe_hook = probe_boundary;
	smp_set_send_reschedule(fake_send_reschedule);
	memset(ipis_sent, 0, sizeof(ipis_sent));
}

/* The boundaries and entries of an undisturbed run. */
static void requests_baseline(void **state, unsigned int *boundaries,
			      unsigned int *entries)
{
	setup(state);
	script_requests();
	vcpu_run_begin(&g.vcpu);
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	vcpu_run_end(&g.vcpu);
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_int_equal(g.fastpath_exits, 4);
	*boundaries = boundary;
	*entries = hw_entries;
	entry_test_teardown(state);
}

/*
 * A request and a kick from another CPU at every step boundary of the
 * entry sequence -- each step of vcpu_enter_guest(), each piece of every
 * pass (on the fastpath and the whole way), each entry probe inside
 * guest_state_enter/exit_irqoff(), the timing steps and the IRQ entry --
 * is never lost: vcpu_run() returns -EINTR for it, with the bit consumed,
 * after at most one more hardware entry: exactly one if it came while the
 * vCPU was IN_GUEST_MODE before that pass's entry (the kick's IPI makes
 * the entry exit at once), none otherwise (step 3's IRQs-off re-check, or
 * the fastpath's re-check, or step 1 sees it first).  The IPI is sent
 * exactly when the vCPU was IN_GUEST_MODE, and taken in step 8's window.
 * Resumed, the guest runs to its end.
 */
static void test_request_at_every_boundary(void **state)
{
	unsigned int last, entries, tested = 0, in_guest_mode = 0;

	requests_baseline(state, &last, &entries);
	for (unsigned int at = 1; at <= last; at++) {
		int r;

		setup(state);
		script_requests();
		act_at = at;
		act = remote_request;
		vcpu_run_begin(&g.vcpu);
		r = vcpu_run(&g.vcpu);
		if (g.verdict != VERDICT_RUNNING) {
			/* only a request after the last entry began may find
			 * the guest gone */
			assert_int_equal(g.verdict, VERDICT_DONE);
			assert_true(entered_at_act);
			assert_int_equal(entries_at_act, entries);
			entry_test_teardown(state);
			continue;
		}
		assert_int_equal(r, -EINTR);
		tested++;
		assert_int_equal(mode_at_act == IN_GUEST_MODE ||
					 mode_at_act == OUTSIDE_GUEST_MODE,
				 1);
		assert_false(kvm_request_pending(&g.vcpu));
		assert_int_equal(g.work.requests, 1);
		assert_int_equal(hw_entries - entries_at_act,
				 mode_at_act == IN_GUEST_MODE &&
					 !entered_at_act);
		assert_int_equal(ipis_sent[0], mode_at_act == IN_GUEST_MODE);
		assert_int_equal(per_cpu_ptr(0)->stats.resched_ipis,
				 mode_at_act == IN_GUEST_MODE);
		in_guest_mode += mode_at_act == IN_GUEST_MODE;
		assert_int_equal(ipis_sent[REMOTE_CPU], 0);
		assert_int_equal(fake_pending_irqs(), 0);
		assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
		assert_int_equal(preempt_count(), 0);
		assert_false(raw_irqs_disabled());
		/* resumed: nothing left over, the guest ends normally */
		act = NULL;
		assert_int_equal(vcpu_run(&g.vcpu), 0);
		vcpu_run_end(&g.vcpu);
		assert_int_equal(g.verdict, VERDICT_DONE);
		assert_no_violation();
		entry_test_teardown(state);
	}
	/* both kinds of boundary were reached, many of each */
	print_message("  %u boundaries, %u of them IN_GUEST_MODE\n", tested,
		      in_guest_mode);
	assert_true(tested >= 40);
	assert_true(in_guest_mode >= 20 && in_guest_mode < tested);
}

/* A kick sends an IPI only to another CPU, only in IN_GUEST_MODE. */
static void test_kick_modes(void **state)
{
	(void)state;
	smp_set_send_reschedule(fake_send_reschedule);
	memset(ipis_sent, 0, sizeof(ipis_sent));
	g.vcpu.cpu = 0;

	fake_cpu = REMOTE_CPU; /* from another CPU */
	kvm_vcpu_kick(&g.vcpu); /* OUTSIDE_GUEST_MODE: nothing */
	assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
	assert_int_equal(ipis_sent[0], 0);
	g.vcpu.mode = IN_GUEST_MODE;
	kvm_vcpu_kick(&g.vcpu); /* IN_GUEST_MODE: the one IPI */
	assert_int_equal(g.vcpu.mode, EXITING_GUEST_MODE);
	assert_int_equal(ipis_sent[0], 1);
	kvm_vcpu_kick(&g.vcpu); /* EXITING_GUEST_MODE: kicked already */
	assert_int_equal(ipis_sent[0], 1);
	assert_int_equal(preempt_count(), 0);

	fake_cpu = 0; /* from the vCPU's own CPU: never an IPI */
	g.vcpu.mode = IN_GUEST_MODE;
	kvm_vcpu_kick(&g.vcpu);
	assert_int_equal(g.vcpu.mode, EXITING_GUEST_MODE);
	g.vcpu.mode = OUTSIDE_GUEST_MODE;
	kvm_vcpu_kick(&g.vcpu);
	assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
	assert_int_equal(ipis_sent[0] + ipis_sent[REMOTE_CPU], 1);
	assert_int_equal(preempt_count(), 0);
	assert_no_violation();
}

static void kick_self(void)
{
	kvm_vcpu_kick(&g.vcpu);
}

/*
 * A kick from the vCPU's own CPU during a fastpath pass (an interrupt or
 * NMI handler there would do this): no IPI, the fastpath does not enter
 * again, the whole way runs, and without a request the guest just goes on.
 */
static void test_kick_own_cpu_in_pass(void **state)
{
	(void)state;
	smp_set_send_reschedule(fake_send_reschedule);
	memset(ipis_sent, 0, sizeof(ipis_sent));
	script[nscript++] = exit_cpuid;
	script[nscript++] = exit_cpuid;
	vcpu_run_begin(&g.vcpu);
	/* the first exit leaves the loop for the limits: kick the second */
	in_guest = NULL;
	act = kick_self;
	act_at = 13; /* the 'd' of the second round trip's first pass */
	assert_int_equal(vcpu_run(&g.vcpu), 0);
	vcpu_run_end(&g.vcpu);
	assert_string_equal(pass_log, "bexstdcbexstdcbexstd");
	assert_string_equal(steps, "PRFXPRFXPRXD");
	assert_int_equal(ipis_sent[0] + ipis_sent[REMOTE_CPU], 0);
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_int_equal(g.vcpu.mode, OUTSIDE_GUEST_MODE);
	assert_no_violation();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, entry_test_teardown)
	const struct CMUnitTest tests[] = {
		T(test_order),
		T(test_irq_in_window),
		T(test_tick_reschedules),
		T(test_stop_request),
		T(test_step3_bails_out),
		T(test_tick_queued_task_work),
		T(test_tick_budget),
		T(test_max_exits),
		T(test_max_ticks),
		T(test_fastpath_reenters),
		T(test_fastpath_exit_request),
		T(test_fastpath_declines),
		T(test_fastpath_max_exits),
		T(test_fastpath_time),
		T(test_stat_other_slot),
		T(test_refused_state),
		T(test_nmi_in_every_piece),
		T(test_irq_in_every_piece),
		T(test_request_at_every_boundary),
		T(test_kick_modes),
		T(test_kick_own_cpu_in_pass),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
