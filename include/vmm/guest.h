/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A running guest as the arch-neutral core sees it: the vm and its one vcpu
 * (include/vmm/vcpu.h, shared with the backends) plus everything only the
 * core keeps: run state, verdict, counters, statistics, and the state of
 * the board's devices (include/vmm/device.h).
 * Reached from a struct vcpu with to_guest().
 *
 * Guest setup (vmm/guest_setup.c) is pure C over the guest's memory, so the
 * host unit tests (tests/vmm/test_guest_setup.c) check the page tables, the
 * GDT and the boot state it computes.
 */
#ifndef VMM_GUEST_H
#define VMM_GUEST_H

#include <entry/sched.h>
#include <liminal/compiler.h>
#include <liminal/types.h>
#include <vmm/config.h>
#include <vmm/guest_abi.h>
#include <vmm/testdev.h>
#include <vmm/vcpu.h>

/* Per raw exit reason (kvm_stat-like): how many, and TSC spent handling. */
struct vcpu_exit_stat {
	u64 count;
	u64 tsc;
};

/* Pending work vcpu_run() handed to xfer_to_guest_mode_handle_work(). */
struct vcpu_work_stats {
	u64 resched; /* NEED_RESCHED: schedule() ran in handle_work */
	u64 resched_preempt; /* NEED_RESCHED served by preempt_enable() */
	u64 notify_resume; /* NOTIFY_RESUME: task work ran */
	u64 stop; /* SIGPENDING: vcpu_run() returned -EINTR */
	u64 tick_work; /* tick-queued task work items that ran */
	u64 bail_out; /* step 3: work arrived with IRQs off */
	u64 requests; /* vCPU requests handled at step 1 */
};

#define GUEST_REPORT_LEN 160

struct vmm_guest {
	struct vm vm;
	struct vcpu vcpu;
	const struct guest_config *cfg;
	unsigned int index;

	/* run state (the vCPU's mode and requests are in struct vcpu) */
	enum vmm_verdict verdict;
	char report[GUEST_REPORT_LEN]; /* why it stopped, for the log */

	/* counters */
	u64 exits;
	u64 fastpath_exits; /* emulated in the vendor run, IRQs off */
	u64 kind_count[VCPU_NR_EXIT_KINDS];
	u64 io_unknown; /* accesses to ports nobody emulates */
	u64 hypercalls;
	u64 injected; /* GUEST_WAKE_VECTOR wake-ups */
	u64 idle_waits; /* HLT wake-ups after default_idle_call() */
	u64 eintr; /* vcpu_run() returned -EINTR */
	/* exit count at which vcpu_run() checks the limits (the tick drops
	 * it to 0 once the host tick count reaches tick_deadline) */
	u64 exit_deadline;
	u64 tick_deadline;
	u64 ticks_at_start; /* host tick count when the guest started */
	u64 next_stop_tick; /* stop_ticks budget: next stop request */
	struct vcpu_work_stats work;

	/* the tick-queued task work (vmm/vcpu_run.c) */
	struct callback_head flush_work;
	bool flush_queued; /* between task_work_add() and its run */
	/* RCU cookie: vcpu_tick() may use the guest until it is done */
	unsigned long tick_gp;
	u32 flush_ticks; /* ticks since the last flush was queued */
	u64 flushed_exits; /* exit count at the last flush */

	/* kvm_stat-like table: nr_exit_reasons entries + one "other";
	 * allocated with the guest, which does not run without it */
	struct vcpu_exit_stat *reason_stats;
	u32 nr_reason_stats;
	bool stat_open; /* the last exit's time runs until the next entry */
	u64 guest_tsc; /* TSC from entry to exit, summed */

	/* the state of the board's devices (include/vmm/device.h) */
	struct testdev testdev;
};

static inline struct vmm_guest *to_guest(struct vcpu *vcpu)
{
	return container_of(vcpu, struct vmm_guest, vcpu);
}

/* Guest memory: one region of RAM from GPA 0 (vm->mem[0]). */
void vm_mem_init(struct vm *vm, void *hva, u64 size);
/* Host pointer to [gpa, gpa+len) if it lies inside RAM, else NULL. */
void *vm_gpa_to_hva(const struct vm *vm, gpa_t gpa, u64 len);
/* Copy the image to GUEST_LOAD_GPA: 0 or -ENOSPC (too big for RAM). */
int vm_load_image(struct vm *vm, const void *image, u64 size);
/*
 * Write the GDT (and, for long64, the page tables) into guest memory and
 * compute the initial state for vm->boot_mode.  0 or -ENOSPC if RAM is too
 * small for the layout in include/vmm/guest_abi.h.
 */
int vm_setup_boot_state(struct vm *vm, struct vcpu_boot_state *bs);
/* vcpu->regs from vcpu->boot (RIP, RSP, RFLAGS, control registers). */
void vcpu_load_boot_regs(struct vcpu *vcpu);
/*
 * Translate a guest linear address with the guest's paging (off, or 4-level
 * long mode).  0, -EFAULT if not mapped, -EOPNOTSUPP for legacy paging.
 */
int vm_gva_to_gpa(const struct vm *vm, const struct vcpu_regs *regs, u64 gva,
		  gpa_t *gpa);

#endif /* VMM_GUEST_H */
