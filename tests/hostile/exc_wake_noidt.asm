; exc_wake_noidt: STI; HLT with an IDT of limit 0: the VMM injects
; GUEST_WAKE_VECTOR as the ABI says, and the guest cannot take it (#GP,
; #DF, triple fault).  The injection must end in an honest shutdown.
; Verdict shutdown.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	lidt [idtr]
	sti
	hlt
	jmp $
idtr:	dw 0
	dq 0
	GUEST_LIB
