; priv_vmptrld: VMPTRLD of a VMCS in guest RAM
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov qword [rel region], 0x20000
	vmptrld [rel region]
	jmp skip
	region: dq 0
	skip:
	ATTACK_END
