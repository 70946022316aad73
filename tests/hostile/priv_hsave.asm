; priv_hsave: WRMSR VM_HSAVE_PA (0xc0010117): where VMRUN saves the host
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0xc0010117
	mov eax, 0x20000
	xor edx, edx
	wrmsr
	ATTACK_END
