; exc_stack_unmapped: RSP in a linear range the guest's page tables do not
; map (PML4 entry 1) and a #UD: every delivery's push faults (#PF, then
; #DF), a triple fault.  Verdict shutdown.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	mov rsp, 0x8000001000
	ud2
	jmp $
	GUEST_LIB
	EXC_DATA
