; mem_end: a load at the first byte past the guest's RAM (mem=2M)
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, GUEST_MEM_DEFAULT
	mov rax, [rbx]
	ATTACK_END
