; mem_top4g: a store at the top of the 4 GiB range (the firmware's flash on a PC)
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, 0xfffffff8
	mov rax, -1
	mov [rbx], rax
	ATTACK_END
