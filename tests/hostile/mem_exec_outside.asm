; mem_exec_outside: jump to code outside RAM
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov eax, GUEST_OUTSIDE_GPA
	jmp rax
	ATTACK_END
