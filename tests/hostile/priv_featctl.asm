; priv_featctl: WRMSR IA32_FEATURE_CONTROL (0x3a): lock VMX off
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0x3a
	mov eax, 1
	xor edx, edx
	wrmsr
	ATTACK_END
