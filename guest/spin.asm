; spin: loops forever without a single exit of its own; only host ticks
; (external-interrupt exits) reach the VMM, whose max_exits watchdog must
; end it.  Expected verdict: timeout.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
.forever:
	pause
	jmp .forever

	GUEST_LIB
hello:	db "spin: looping forever", 10, 0
