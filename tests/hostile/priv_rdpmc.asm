; priv_rdpmc: RDPMC: reads the host's performance counter 0
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	xor ecx, ecx
	rdpmc
	ATTACK_END
