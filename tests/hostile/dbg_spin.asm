; dbg_spin: "cli; jmp $" -- no exit of its own, interrupts off.  Only a
; host tick that forces an exit (SVM: the INTR intercept with V_INTR_
; MASKING; VMX: the preemption timer) lets the max_ticks watchdog end it.
; Expected verdict: timeout.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	cli
.forever:
	jmp .forever

	GUEST_LIB
hello:	db "dbg_spin: cli; jmp $", 10, 0
