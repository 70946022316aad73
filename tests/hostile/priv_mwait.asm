; priv_mwait: MWAIT: would idle the host CPU
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	xor eax, eax
	xor ecx, ecx
	mwait
	ATTACK_END
