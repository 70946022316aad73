; priv_pat: WRMSR IA32_PAT (0x277) = 0: every PAT entry uncached
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0x277
	xor eax, eax
	xor edx, edx
	wrmsr
	ATTACK_END
