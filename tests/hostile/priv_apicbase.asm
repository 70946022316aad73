; priv_apicbase: WRMSR IA32_APIC_BASE (0x1b): disable the local APIC
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0x1b
	mov eax, 0xfee00000
	xor edx, edx
	wrmsr
	ATTACK_END
