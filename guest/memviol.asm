; memviol: a load from GUEST_OUTSIDE_GPA, mapped by the guest's page tables
; but outside its RAM and MMIO window.  Expected verdict: mem_violation.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	mov rbx, GUEST_OUTSIDE_GPA
	mov rax, [rbx]
	GUEST_PUTS survived
	GUEST_DONE

	GUEST_LIB
hello:	db "memviol: reading 1 GiB, outside RAM", 10, 0
survived: db "memviol: the read returned", 10, 0
