; priv_invlpga: INVLPGA: invalidates TLB entries of any ASID, the host's (0) too
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	xor eax, eax
	xor ecx, ecx
	invlpga
	ATTACK_END
