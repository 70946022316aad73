// SPDX-License-Identifier: GPL-2.0
/*
 * The guest-boundary bookkeeping of one VM-exit round trip, compiled with
 * the VMM's flags and platform (include/arch/platform.h, not the tests'
 * fake one) so hotpath_count.py can count its instructions in the object:
 * both pending-work checks, guest timing enter/exit, guest state
 * enter/exit and the kvm_entry/kvm_exit events.
 * HOTPATH_MARK() stands for VMRUN/VMRESUME; cli/sti stand for the run loop's
 * IRQ-flag changes (compiler barriers, as in the real loop).
 */
#include <entry/kvm.h>

#define HOTPATH_MARK() __asm__ __volatile__("nopl 0x1234(%%rax)" ::: "memory")

void entry_hotpath_round_trip(u32 vcpu, u32 reason, u64 rip, u64 info1,
			      u64 info2);

void entry_hotpath_round_trip(u32 vcpu, u32 reason, u64 rip, u64 info1,
			      u64 info2)
{
	if (__xfer_to_guest_mode_work_pending())
		return;
	__asm__ __volatile__("cli" ::: "memory");
	if (xfer_to_guest_mode_work_pending())
		return;
	guest_timing_enter_irqoff();
	trace_kvm_entry(vcpu, rip, guest_timing_enter_clock());
	guest_state_enter_irqoff();
	HOTPATH_MARK();
	guest_state_exit_irqoff();
	trace_kvm_exit(reason, rip, info1, info2);
	guest_timing_exit_irqoff();
	__asm__ __volatile__("sti" ::: "memory");
}
