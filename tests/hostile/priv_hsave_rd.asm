; priv_hsave_rd: RDMSR VM_HSAVE_PA (0xc0010117): a host physical address
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0xc0010117
	rdmsr
	ATTACK_END
