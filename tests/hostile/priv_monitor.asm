; priv_monitor: MONITOR on guest RAM
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	lea rax, [rel region]
	xor ecx, ecx
	xor edx, edx
	monitor
	jmp skip
	region: dq 0
	skip:
	ATTACK_END
