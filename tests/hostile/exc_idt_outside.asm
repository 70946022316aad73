; exc_idt_outside: the IDT outside RAM (1 GiB) and a #UD: the CPU's own
; read of the gate leaves RAM.  Verdict mem_violation.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	lidt [idtr]
	ud2
	jmp $
idtr:	dw 0xfff
	dq GUEST_OUTSIDE_GPA
	GUEST_LIB
