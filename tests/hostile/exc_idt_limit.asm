; exc_idt_limit: an IDT with a garbage limit (0) and a #UD: the delivery
; fails (#GP), then #DF, then a triple fault.  Verdict shutdown.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	lidt [idtr]
	ud2
	jmp $
idtr:	dw 0
	dq 0x10000
	GUEST_LIB
