// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_run(): the guest boundary, arch-neutral, in the order of Linux's
 * arch/x86/kvm/x86.c (vcpu_run() and vcpu_enter_guest()), with Linux's
 * names for every entry primitive (include/entry/).  The vendor parts are
 * behind struct vcpu_ops (include/vmm/vcpu.h), whose header states each
 * operation's contract; nothing vendor-specific is named here.
 *
 * Pending host work reaches the loop the way it reaches KVM:
 *  - NEED_RESCHED: the host tick (sched_tick()) asks for schedule()
 *  - NOTIFY_RESUME: task work queued from IRQ context; the core queues a
 *    "flush statistics" work item every VCPU_FLUSH_TICKS host ticks
 *  - SIGPENDING: request_stop(), raised by the HC_STOP hypercall or by the
 *    stop_ticks budget of the guest's config line; vcpu_run() then returns
 *    -EINTR to its caller (vmm_main()), which may resume the vCPU
 * and requests to the vCPU, from any CPU, reach it as KVM's do
 * (include/vmm/request.h): a bit in vcpu->requests, handled at step 1, and
 * a kick that interrupts the vCPU's CPU only while it is IN_GUEST_MODE.
 */
#include <entry/irqflags.h>
#include <entry/kvm.h>
#include <entry/preempt.h>
#include <entry/rcu.h>
#include <entry/sched.h>
#include <entry/smp.h>
#include <entry/trace.h>
#include <entry/vtime.h>
#include <liminal/errno.h>
#include <vmm/exit.h>
#include <vmm/fastpath.h>
#include <vmm/vcpu_pass.h>
#include <vmm/guest.h>
#include <host/host.h>
#include <lib/printk.h>
#include <host/panic.h>
#include <vmm/vcpu_run.h>
#include <vmm/vcpu_state.h>

/* At the end of vcpu_run(): the same, and nothing is left open. */
static void vcpu_close_last_stat(struct vmm_guest *g)
{
	if (g->stat_open)
		vcpu_close_stat(g, entry_clock());
	g->stat_open = false;
}

/*
 * Step 3's way out: undo 2) and 1) and let the outer loop handle the work.
 * An injected event stays armed in the VMCB/VMCS and is delivered at the
 * next entry, so nothing is cancelled (KVM's cancel_injection).
 */
static noinline int vcpu_bail_out(struct vmm_guest *g)
{
	WRITE_ONCE(g->vcpu.mode, OUTSIDE_GUEST_MODE);
	smp_wmb(); /* KVM's: the mode before what follows */
	local_irq_enable();
	preempt_enable();
	g->work.bail_out++;
	return g->verdict == VERDICT_RUNNING;
}

/*
 * The rest of step 10's preempt_enable() (include/entry/preempt.h), once
 * NEED_RESCHED is seen: count the reschedule it serves, then schedule() as
 * preempt_enable() would.  The hot path is the count drop and one test.
 */
static noinline void vcpu_preempt_resched(struct vmm_guest *g)
{
	g->work.resched_preempt++;
	if (!preempt_count())
		preempt_schedule();
}

/*
 * Step 1's requests (KVM's kvm_check_request() chain at the top of
 * vcpu_enter_guest()), IRQs on: 1 to go on, -EINTR for VCPU_REQ_STOP.
 */
static noinline int vcpu_handle_requests(struct vmm_guest *g)
{
	struct vcpu *vcpu = &g->vcpu;

	if (kvm_check_request(VCPU_REQ_STOP, vcpu)) {
		g->work.requests++;
		g->eintr++;
		return -EINTR;
	}
	return 1;
}

/*
 * One round trip, in Linux's order (vcpu_enter_guest()), or several when
 * the exits are emulated in the vendor run (the fastpath).  Returns 1 to go
 * on, 0 when the guest stopped (its verdict is set), -EINTR for a request
 * to stop.
 */
static __always_inline int vcpu_enter_guest(struct vcpu *vcpu,
					    struct vmm_guest *g,
					    const struct vcpu_ops *ops)
{
	struct vcpu_exit exit;
	fastpath_t fastpath;
	int r;

	/* [requests] 1) KVM handles the vCPU's requests first, IRQs on */
	if (unlikely(__kvm_request_pending(vcpu))) {
		r = vcpu_handle_requests(g);
		if (r <= 0)
			return r;
	}

	/*
	 * 1) Requests and event injection, then preempt_disable().  KVM
	 *    injects before preempt_disable(); our prepare_run() also writes
	 *    the register file back (KVM does that in vendor run with IRQs
	 *    off), and its contract asks for preemption off, so it comes
	 *    right after preempt_disable(): the mirror of
	 *    kvm_x86_prepare_switch_to_guest().
	 */
	preempt_disable();
	ops->prepare_run(vcpu);

	/*
	 * 2) local_irq_disable(); vcpu->mode = IN_GUEST_MODE.  [requests]
	 *    With a full barrier after the store (KVM: smp_store_release()
	 *    then smp_mb__after_srcu_read_unlock(); here one XCHG): the mode
	 *    is visible to a kicker before step 3 reads the requests
	 *    (include/vmm/request.h).
	 */
	local_irq_disable();
	smp_store_mb(vcpu->mode, IN_GUEST_MODE);

	/*
	 * 3) Re-check with IRQs off: work, a request or a kick that arrived
	 *    after the outer loop looked must not wait for the next exit
	 *    (vcpu_bail_out()).
	 */
	if (unlikely(vcpu_exit_request(g)))
		return vcpu_bail_out(g);

	/*
	 * 4) guest_timing_enter_irqoff(): guest time starts.  Its clock read
	 *    is also the entry time of the kvm_entry event and of the core's
	 *    statistics (it closes the previous exit's handling time).
	 */
	guest_timing_enter_irqoff();
	vcpu->entry_tsc = guest_timing_enter_clock();
	if (likely(g->stat_open))
		vcpu_close_stat(g, vcpu->entry_tsc);

	/*
	 * 5) The run, in passes: the core's vcpu_pass_loop()
	 *    (include/vmm/vcpu_pass.h), which each backend's ops->run
	 *    instantiates with its pieces.  Each pass: kvm_entry; the
	 *    noinstr world switch (guest_state_enter_irqoff(), VMRUN or
	 *    VMRESUME, an NMI exit through irqentry_nmi_enter/exit(),
	 *    guest_state_exit_irqoff()); kvm_exit; the fastpath.  An exit the
	 *    fastpath emulated is entered again at once unless the IRQs-off
	 *    re-check of step 3 finds work (KVM's loop around
	 *    kvm_x86_call(vcpu_run)).  Guest time
	 *    runs on across passes: a pending host interrupt makes the next
	 *    entry exit at once (INTR exits are never fast), and steps 6-10
	 *    take it.
	 */
	fastpath = ops->run(vcpu);
	g->stat_open = true; /* closed by the next entry */

	/* 6) vcpu->mode = OUTSIDE_GUEST_MODE (KVM: then smp_wmb()) */
	WRITE_ONCE(vcpu->mode, OUTSIDE_GUEST_MODE);
	smp_wmb();

	/*
	 * 7) handle_exit_irqoff(): VMX dispatches the external interrupt that
	 *    caused the exit through the host IDT (IF=0 frame); SVM: nothing.
	 */
	ops->handle_exit_irqoff(vcpu);

	/*
	 * 8) The IRQ window: local_irq_enable(); one instruction;
	 *    local_irq_disable().  Pending host interrupts are taken here:
	 *    on SVM the one that caused an INTR exit, and any tick that came
	 *    since the exit.  STI's shadow covers one instruction, so
	 *    something must follow it: the exit counter, as KVM's
	 *    ++vcpu->stat.exits (the IRQ-flag changes are compiler barriers,
	 *    so the increment is emitted between them: one ADD to memory).
	 */
	local_irq_enable();
	g->exits++;
	local_irq_disable();

	/*
	 * 9) guest_timing_exit_irqoff(), after the window, so that ticks that
	 *    interrupted the guest are accounted to it (KVM does the same).
	 */
	guest_timing_exit_irqoff();

	/*
	 * 10) local_irq_enable(); preempt_enable(); handle the exit.  A tick
	 *     that set NEED_RESCHED while preemption was off is served by
	 *     preempt_enable() itself (schedule() runs there, as in a
	 *     preemptible Linux kernel): counted, as the outer loop will not
	 *     see that flag any more.  An exit the fastpath emulated is done
	 *     (KVM's handle_exit() returns 1 for EXIT_FASTPATH_EXIT_HANDLED).
	 */
	local_irq_enable();
	preempt_enable_no_resched();
	if (unlikely(need_resched()))
		vcpu_preempt_resched(g);

	if (fastpath == EXIT_FASTPATH_EXIT_HANDLED)
		return 1;
	ops->decode_exit(vcpu, &exit);
	return __vcpu_handle_exit(vcpu, &exit);
}

/*
 * The limits of a guest's config line: the max_exits watchdog, and the tick
 * limits -- a stop request every stop_ticks host ticks (a SIGPENDING
 * source) and the max_ticks watchdog.  The hot path makes one compare,
 * g->exits against g->exit_deadline; the host tick (vcpu_tick()) drops that
 * deadline to 0 once the tick count reaches g->tick_deadline.  These slow
 * paths check and recompute both; each returns 0 if the guest was stopped,
 * else 1.
 */
static noinline int vcpu_check_exits(struct vmm_guest *g)
{
	if (!g->cfg) {
		WRITE_ONCE(g->exit_deadline, ~0ull);
		return 1;
	}
	if (g->exits >= g->cfg->max_exits)
		return vcpu_stop_dump(&g->vcpu, VERDICT_TIMEOUT,
				      "still running after %llu exits",
				      (unsigned long long)g->exits);
	WRITE_ONCE(g->exit_deadline, g->cfg->max_exits);
	return 1;
}

static noinline int vcpu_check_ticks(struct vmm_guest *g)
{
	const struct guest_config *cfg = g->cfg;
	u64 ticks, next;

	if (!cfg) {
		WRITE_ONCE(g->tick_deadline, ~0ull);
		return 1;
	}
	ticks = READ_ONCE(this_host_stats()->timer_irqs) - g->ticks_at_start;
	if (cfg->stop_ticks && ticks >= g->next_stop_tick) {
		g->next_stop_tick = ticks + cfg->stop_ticks;
		request_stop();
	}
	if (ticks >= cfg->max_ticks)
		return vcpu_stop_dump(&g->vcpu, VERDICT_TIMEOUT,
				      "still running after %llu host ticks",
				      (unsigned long long)ticks);
	next = cfg->max_ticks;
	if (cfg->stop_ticks && g->next_stop_tick < next)
		next = g->next_stop_tick;
	WRITE_ONCE(g->tick_deadline, g->ticks_at_start + next);
	return 1;
}

static noinline int vcpu_check_limits(struct vmm_guest *g)
{
	int r = vcpu_check_exits(g);

	if (r > 0)
		r = vcpu_check_ticks(g);
	/* a tick since vcpu_check_ticks() read the count may have seen the
	 * old tick deadline: look again, now that both are set */
	if (r > 0 && READ_ONCE(this_host_stats()->timer_irqs) >=
			     READ_ONCE(g->tick_deadline))
		WRITE_ONCE(g->exit_deadline, 0);
	return r;
}

/* Note which work xfer_to_guest_mode_handle_work() is about to do. */
static void vcpu_count_work(struct vmm_guest *g)
{
	unsigned long ti = read_thread_flags();

	if (ti & _TIF_NEED_RESCHED)
		g->work.resched++;
	if (ti & _TIF_NOTIFY_RESUME)
		g->work.notify_resume++;
	if (ti & (_TIF_SIGPENDING | _TIF_NOTIFY_SIGNAL))
		g->work.stop++;
}

/*
 * The outer loop's work, IRQs on: 0 to go on, -EINTR for a stop request
 * (KVM_EXIT_INTR).
 */
static noinline int vcpu_handle_work(struct vmm_guest *g)
{
	int r;

	vcpu_count_work(g);
	r = xfer_to_guest_mode_handle_work();
	if (r)
		g->eintr++;
	return r;
}

/*
 * Mirror of KVM's vcpu_run(): enter the guest until an exit needs the
 * caller, handling pending host work between round trips with IRQs on.
 * Returns 0 when the guest stopped (verdict set), -EINTR when a stop
 * request (SIGPENDING) interrupted it: the caller may clear_stop() and call
 * vcpu_run() again to resume.
 */
int vcpu_run(struct vcpu *vcpu)
{
	struct vmm_guest *g = to_guest(vcpu);
	const struct vcpu_ops *ops = vcpu->ops;
	int r;

	/* [requests] KVM's vcpu_load(): where kicks send their IPI */
	WRITE_ONCE(vcpu->cpu, smp_processor_id());
	/*
	 * KVM's kvm_load_guest_fpu(), IRQs on: the guest's FPU/SIMD
	 * registers, XCR0 and the state its VMCB/VMCS does not hold are in
	 * the CPU from here to vcpu_put_state() (include/vmm/vcpu_state.h:
	 * the host does not rely on any of it in between).
	 */
	vcpu_load_state(vcpu);
	for (;;) {
		r = vcpu_enter_guest(vcpu, g, ops);
		if (unlikely(r <= 0))
			break;
		if (unlikely(g->exits >= READ_ONCE(g->exit_deadline))) {
			r = vcpu_check_limits(g);
			if (r <= 0)
				break;
		}
		/* the racy check, IRQs on: step 3 re-checks with IRQs off */
		if (unlikely(__xfer_to_guest_mode_work_pending())) {
			r = vcpu_handle_work(g);
			if (r)
				break;
		}
	}
	/* kvm_put_guest_fpu(): saved, the host's values back */
	vcpu_put_state(vcpu);
	/* the last exit's handling time ends here */
	vcpu_close_last_stat(g);
	return r;
}

void vcpu_request_stop(struct vcpu *vcpu)
{
	(void)vcpu;
	request_stop();
}

/*
 * Linux's kvm_vcpu_kick() (virt/kvm/kvm_main.c; the request and mode
 * ordering is in include/vmm/request.h).  On the vCPU's own CPU the run
 * loop is not running or is interrupted: EXITING_GUEST_MODE suffices, the
 * re-check before the next entry sees it.  Elsewhere, the IPI only if the
 * vCPU was IN_GUEST_MODE; the vCPU may have moved meanwhile, which is as
 * good: moving means leaving IN_GUEST_MODE.
 */
void kvm_vcpu_kick(struct vcpu *vcpu)
{
	int me = get_cpu();
	int cpu = READ_ONCE(vcpu->cpu);

	if (cpu == me) {
		if (READ_ONCE(vcpu->mode) == IN_GUEST_MODE)
			WRITE_ONCE(vcpu->mode, EXITING_GUEST_MODE);
	} else if (kvm_vcpu_exiting_guest_mode(vcpu) == IN_GUEST_MODE) {
		smp_send_reschedule(cpu);
	}
	put_cpu();
}

/*
 * HLT with idle=1: idle until the next host interrupt (the tick at the
 * latest), as the idle task would: default_idle_call() is entered with IRQs
 * off, halts in CONTEXT_IDLE and returns with IRQs on.
 */
void vcpu_idle_until_tick(struct vcpu *vcpu)
{
	(void)vcpu;
	local_irq_disable();
	default_idle_call();
}

/* ---- the tick-queued task work: NOTIFY_RESUME from IRQ context -------- */

/*
 * The guest being run, or NULL, for the host tick: published with
 * rcu_assign_pointer() by vcpu_run_begin(), read by vcpu_tick() in hardirq
 * context (a read-side critical section: non-preemptible RCU), unpublished
 * by vcpu_run_end(), which takes a grace-period cookie (g->tick_gp) that
 * the guest's owner waits on with cond_synchronize_rcu() before it frees
 * the guest: a tick that loaded the pointer before it was cleared -- on
 * another CPU, once there are several -- may still be using the guest.
 */
static struct vmm_guest *tick_guest;

/*
 * Runs from xfer_to_guest_mode_handle_work() (task context, IRQs on):
 * snapshot the statistics of the running guest, as a "flush stats" would.
 */
static void vcpu_flush_stats_work(struct callback_head *head)
{
	struct vmm_guest *g = container_of(head, struct vmm_guest, flush_work);

	g->flushed_exits = g->exits;
	g->work.tick_work++;
	WRITE_ONCE(g->flush_queued, false);
}

/*
 * Host tick, hardirq context: a tick limit reached sends the run loop to
 * its slow path (vcpu_check_limits()); the flush is queued every
 * VCPU_FLUSH_TICKS.
 */
void vcpu_tick(void)
{
	struct vmm_guest *g = rcu_dereference(tick_guest);

	if (!g)
		return;
	if (READ_ONCE(this_host_stats()->timer_irqs) >=
	    READ_ONCE(g->tick_deadline))
		WRITE_ONCE(g->exit_deadline, 0);
	if (READ_ONCE(g->flush_queued))
		return;
	if (++g->flush_ticks < VCPU_FLUSH_TICKS)
		return;
	g->flush_ticks = 0;
	g->flush_queued = true;
	task_work_add(&g->flush_work, vcpu_flush_stats_work);
}

void vcpu_run_begin(struct vcpu *vcpu)
{
	struct vmm_guest *g = to_guest(vcpu);

	g->ticks_at_start = READ_ONCE(this_host_stats()->timer_irqs);
	g->next_stop_tick = g->cfg ? g->cfg->stop_ticks : 0;
	/* the first round trip takes the slow path and computes both */
	WRITE_ONCE(g->tick_deadline, 0);
	WRITE_ONCE(g->exit_deadline, 0);
	rcu_assign_pointer(tick_guest, g);
}

/* No work item of this guest may stay queued once it is gone. */
void vcpu_run_end(struct vcpu *vcpu)
{
	struct vmm_guest *g = to_guest(vcpu);

	WRITE_ONCE(tick_guest, NULL);
	g->tick_gp = start_poll_synchronize_rcu();
	/* a stop request would make handle_work return before the work */
	clear_stop();
	for (int tries = 0; READ_ONCE(g->flush_queued) && tries < 3; tries++)
		xfer_to_guest_mode_handle_work();
	WARN_ON(READ_ONCE(g->flush_queued));
}
