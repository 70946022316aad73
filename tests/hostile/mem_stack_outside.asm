; mem_stack_outside: a stack outside RAM (RSP = 1 GiB): the push leaves RAM
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov esp, GUEST_OUTSIDE_GPA
	push rax
	ATTACK_END
