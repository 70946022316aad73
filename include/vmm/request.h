/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests to a vCPU and kicks, as KVM makes them (include/linux/kvm_host.h,
 * virt/kvm/kvm_main.c; Documentation/virt/kvm/vcpu-requests.rst).
 *
 * Any CPU may ask a vCPU for something: kvm_make_request() sets a bit in
 * vcpu->requests, kvm_vcpu_kick() makes sure the vCPU sees it soon.  The
 * vCPU's run loop handles its requests at step 1 of vcpu_enter_guest()
 * (vmm/vcpu_run.c), IRQs on; none is lost in the window between that step
 * and the hardware entry because of one ordering, the same as KVM's:
 *
 *   requester                         vCPU's CPU (vcpu_enter_guest())
 *   kvm_make_request(req, vcpu)       2) local_irq_disable();
 *     smp_wmb(); set_bit (LOCKed)        smp_store_mb(vcpu->mode,
 *   kvm_vcpu_kick(vcpu)                               IN_GUEST_MODE)
 *     smp_mb__before_atomic();        3) if (mode == EXITING_GUEST_MODE ||
 *     cmpxchg(mode, IN, EXITING)            kvm_request_pending(vcpu) ||
 *     was IN: IPI to vcpu->cpu              work pending) bail out
 *
 * Both sides store, then load what the other stored, each with a full
 * barrier between (the LOCKed set_bit and cmpxchg; smp_store_mb()'s
 * XCHG): at least one sees the other's store.  Either step 3 sees the
 * request (no entry), or the kick sees IN_GUEST_MODE and sends the IPI,
 * which, IRQs being off from step 2 to the entry, is pending at the entry
 * and makes the guest exit at once (at most one more entry).  The same
 * re-check runs before every fastpath re-entry (vcpu_pass.h).  A kick
 * finds OUTSIDE_GUEST_MODE when the vCPU will look at step 1 anyway, and
 * EXITING_GUEST_MODE when it was kicked already: no IPI in either case.
 */
#ifndef VMM_REQUEST_H
#define VMM_REQUEST_H

#include <arch/atomic.h>
#include <vmm/vcpu.h>

/* The requests (bit numbers in vcpu->requests). */
enum {
	/*
	 * Leave vcpu_run() with -EINTR at step 1, as a stop request does on
	 * the vCPU's own CPU (request_stop(), SIGPENDING); the caller may
	 * run the vCPU again.  For another CPU, with a kick.
	 */
	VCPU_REQ_STOP,
	VCPU_NR_REQUESTS,
};
_Static_assert(VCPU_NR_REQUESTS <= BITS_PER_LONG, "vcpu->requests");

/*
 * Linux's kvm_make_request(): the request's data (stored by the caller
 * before) is visible before the bit.
 */
static inline void kvm_make_request(int req, struct vcpu *vcpu)
{
	smp_wmb();
	set_bit(req, &vcpu->requests);
}

static __always_inline bool kvm_request_pending(struct vcpu *vcpu)
{
	return READ_ONCE(vcpu->requests);
}

/*
 * The run loop's form: a plain read, which the compiler folds into one
 * compare with memory (it does not fold a volatile one).  Only where a
 * compiler barrier precedes every evaluation -- the calls of the outer
 * loop, step 2's smp_store_mb(), the world switch's asm -- so that each one
 * reads memory again, as the run loop reads its exit deadline.
 */
static __always_inline bool __kvm_request_pending(struct vcpu *vcpu)
{
	return vcpu->requests;
}

static inline bool kvm_test_request(int req, struct vcpu *vcpu)
{
	return test_bit(req, &vcpu->requests);
}

/*
 * Linux's kvm_check_request(): consume the request; the data the requester
 * stored before it is read after (the LOCKed clear is a full barrier).
 */
static inline bool kvm_check_request(int req, struct vcpu *vcpu)
{
	if (!kvm_test_request(req, vcpu))
		return false;
	clear_bit(req, &vcpu->requests);
	smp_mb__after_atomic();
	return true;
}

/*
 * Linux's kvm_vcpu_exiting_guest_mode(): IN_GUEST_MODE becomes
 * EXITING_GUEST_MODE; returns the mode found.  The barrier orders the
 * caller's request store before the read of the mode (pairs with step 2's
 * smp_store_mb()).
 */
static inline int kvm_vcpu_exiting_guest_mode(struct vcpu *vcpu)
{
	smp_mb__before_atomic();
	return cmpxchg_int(&vcpu->mode, IN_GUEST_MODE, EXITING_GUEST_MODE);
}

/*
 * Linux's kvm_vcpu_kick(): make @vcpu look at its requests soon.  From its
 * own CPU (an interrupt or NMI handler there) only the mode changes: the
 * run loop re-checks before any further entry.  From another CPU, a
 * reschedule IPI (smp_send_reschedule(), the host's) only if the vCPU was
 * IN_GUEST_MODE.  Any context but NMI on another CPU.
 */
void kvm_vcpu_kick(struct vcpu *vcpu);

#endif /* VMM_REQUEST_H */
