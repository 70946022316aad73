; priv_ucode: WRMSR IA32_BIOS_UPDT_TRIG (0x79): a microcode update from guest RAM
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0x79
	mov eax, 0x20000
	xor edx, edx
	wrmsr
	ATTACK_END
