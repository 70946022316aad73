; priv_mtrr: WRMSR IA32_MTRR_DEF_TYPE (0x2ff) = 0: all memory uncached
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0x2ff
	xor eax, eax
	xor edx, edx
	wrmsr
	ATTACK_END
