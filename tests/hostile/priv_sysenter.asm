; priv_sysenter: WRMSR IA32_SYSENTER_EIP (0x176)
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0x176
	mov eax, 0x12345678
	xor edx, edx
	wrmsr
	ATTACK_END
