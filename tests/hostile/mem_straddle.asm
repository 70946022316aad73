; mem_straddle: an 8-byte load across the end of RAM (4 bytes in, 4 out)
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, GUEST_MEM_DEFAULT - 4
	mov rax, [rbx]
	ATTACK_END
