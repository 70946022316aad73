; exc_triple_handler: a triple fault from inside an exception handler: the
; guest's #UD handler loads an IDT with limit 0 and raises #BP.  Verdict
; shutdown.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	EXC_EXPECT handler
	ud2
	jmp $
handler:
	EXC_CHECK 6, "not a #UD"
	lidt [idtr]
	int3
	jmp $
idtr:	dw 0
	dq 0
	GUEST_LIB
	EXC_DATA
