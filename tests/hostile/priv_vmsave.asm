; priv_vmsave: VMSAVE: on the real CPU it would write host-physical memory
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov eax, 0x20000
	vmsave
	ATTACK_END
