/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit handling in the arch-neutral core.
 *
 * vcpu_handle_exit() looks the neutral exit kind up in vcpu_exit_handlers[]
 * (vmm/exit.c), a const table with an entry for every kind: emulation
 * handlers (vmm/emulate.c, vmm/mmio.c) and, for the kinds that end a guest,
 * vcpu_exit_stop_guest(), which dumps the VMCB/VMCS and stops that vCPU
 * with a report.  A kind without an entry (a NULL the unit test
 * tests/vmm/test_exit.c forbids) or out of range is stopped just as loudly.
 *
 * Handlers run with IRQs on and preemption enabled (step 10 of
 * vcpu_enter_guest()).  They return, like KVM's exit handlers:
 *   1  re-enter the guest
 *   0  the guest stopped: to_guest(vcpu)->verdict and ->report say why
 */
#ifndef VMM_EXIT_H
#define VMM_EXIT_H

#include <arch/platform.h>
#include <arch/x86.h>
#include <liminal/compiler.h>
#include <liminal/errno.h>
#include <vmm/config.h>
#include <vmm/guest.h>
#include <vmm/vcpu.h>

typedef int (*vcpu_exit_handler_t)(struct vcpu *vcpu, struct vcpu_exit *exit);

extern const vcpu_exit_handler_t vcpu_exit_handlers[VCPU_NR_EXIT_KINDS];

int vcpu_handle_exit(struct vcpu *vcpu, struct vcpu_exit *exit);
/* The cold end of the dispatch: a kind without a handler (vmm/exit.c). */
int vcpu_exit_no_handler(struct vcpu *vcpu, struct vcpu_exit *exit);

/*
 * The dispatch itself, inline for the run loop (vcpu_handle_exit() is the
 * same out of line): count the kind, call its handler.
 */
static __always_inline int __vcpu_handle_exit(struct vcpu *vcpu,
					      struct vcpu_exit *exit)
{
	unsigned int kind = exit->kind;
	vcpu_exit_handler_t handler;

	if (unlikely(kind >= VCPU_NR_EXIT_KINDS))
		return vcpu_exit_no_handler(vcpu, exit);
	to_guest(vcpu)->kind_count[kind]++;
	handler = vcpu_exit_handlers[kind];
	/* never NULL in the VMM: tests/vmm/test_exit.c checks the table */
	if (unlikely(!handler))
		return vcpu_exit_no_handler(vcpu, exit);
	return handler(vcpu, exit);
}
/* Name of a neutral exit kind ("cpuid", "io", ...), never NULL. */
const char *vcpu_exit_kind_name(enum vcpu_exit_kind kind);

/* End the guest with @verdict and a report; returns 0 (handler result). */
__printf(3, 4) int vcpu_stop(struct vcpu *vcpu, enum vmm_verdict verdict,
			     const char *fmt, ...);
/* The same after ops->dump(): for every exit the VMM cannot go on from. */
__printf(3, 4) int vcpu_stop_dump(struct vcpu *vcpu, enum vmm_verdict verdict,
				  const char *fmt, ...);
/*
 * ops->vcpu_create() for the core: 0, or -errno with the guest stopped
 * (VERDICT_ERROR) and its report saying what failed and why:
 * "vcpu_create: <the backend's why>: <errno_str()>".
 */
int vcpu_create(struct vcpu *vcpu);
/* An instruction length of 1..15 bytes: the backend knew it. */
static __always_inline bool vcpu_insn_len_known(const struct vcpu_exit *exit)
{
	return exit->insn_len - 1 < 15;
}

/* Skip the emulated instruction (exit->insn_len bytes): 0, or -EINVAL. */
static __always_inline int __vcpu_skip_insn(struct vcpu *vcpu,
					    const struct vcpu_exit *exit)
{
	if (unlikely(!vcpu_insn_len_known(exit)))
		return -EINVAL;
	vcpu->regs.rip += exit->insn_len;
	return 0;
}

/* Handlers, one per neutral kind (vmm/emulate.c, vmm/mmio.c, vmm/exit.c). */
int vcpu_exit_none(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_emulate_cpuid(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_emulate_io(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_emulate_mmio(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_emulate_msr_read(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_emulate_msr_write(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_emulate_hlt(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_emulate_hypercall(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_exit_stop_guest(struct vcpu *vcpu, struct vcpu_exit *exit);
/* vmm/debugreg.c: MOV DR; #DB and #AC reflected, other vectors stop */
int vcpu_emulate_dr(struct vcpu *vcpu, struct vcpu_exit *exit);
int vcpu_emulate_exception(struct vcpu *vcpu, struct vcpu_exit *exit);

/*
 * CPUID as the guest sees it: the host's values in @r for @leaf, filtered;
 * @hv_features is what GUEST_CPUID_HV_FEATURES returns in EAX
 * (vmm/emulate.c).  vcpu_host_cpuid() is the platform's CPUID
 * (include/arch/platform.h: the CPU's, or the unit tests' script).
 */
struct vcpu_cpuid {
	u32 eax, ebx, ecx, edx;
};
static __always_inline void vcpu_host_cpuid(u32 leaf, u32 subleaf,
					    struct vcpu_cpuid *r)
{
	struct cpuid_regs c;

	arch_cpuid(leaf, subleaf, &c);
	*r = (struct vcpu_cpuid){ c.eax, c.ebx, c.ecx, c.edx };
}
void vcpu_cpuid_filter(u32 leaf, struct vcpu_cpuid *r, u32 hv_features);

/*
 * What exit handlers ask of the run loop (vmm/vcpu_run.c): raise a stop
 * request (SIGPENDING-like: vcpu_run() returns -EINTR to its caller), and
 * idle the host CPU until its next tick (default_idle_call()).
 */
void vcpu_request_stop(struct vcpu *vcpu);
void vcpu_idle_until_tick(struct vcpu *vcpu);

#endif /* VMM_EXIT_H */
