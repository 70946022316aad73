/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run loop (vmm/vcpu_run.c).  Called by vmm_main() with IRQs on and
 * preemption enabled:
 *
 *   vcpu_run_begin(vcpu);
 *   while ((r = vcpu_run(vcpu)) == -EINTR)
 *           clear_stop();             // resume after a stop request
 *   vcpu_run_end(vcpu);
 *   cond_synchronize_rcu(to_guest(vcpu)->tick_gp);  // before freeing it
 *
 * vcpu_run() returns 0 once the guest stopped (to_guest(vcpu)->verdict),
 * -EINTR when a stop request (SIGPENDING) interrupted it.
 */
#ifndef VMM_VCPU_RUN_H
#define VMM_VCPU_RUN_H

#include <vmm/vcpu.h>

/* The tick-queued "flush statistics" task work runs every this many ticks. */
#define VCPU_FLUSH_TICKS 16

int vcpu_run(struct vcpu *vcpu);
void vcpu_run_begin(struct vcpu *vcpu);
void vcpu_run_end(struct vcpu *vcpu);
/* Host tick hook, hardirq context: queues the flush task work. */
void vcpu_tick(void);

#endif /* VMM_VCPU_RUN_H */
