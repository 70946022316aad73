; triplefault: an exception with an empty IDT: #UD -> #GP -> #DF -> shutdown.
; Expected verdict: shutdown.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	lidt [empty_idtr]
	ud2
	GUEST_PUTS survived
	GUEST_DONE

	GUEST_LIB
empty_idtr:
	dw 0
	dq 0
hello:	db "triplefault: ud2 with an empty IDT", 10, 0
survived: db "triplefault: still alive: the VMM missed the shutdown", 10, 0
