; priv_invvpid: INVVPID (all contexts)
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov eax, 2
	invvpid rax, [rel desc]
	jmp skip
	desc: dq 0, 0
	skip:
	ATTACK_END
