; priv_hlt_cli: CLI; HLT: a halt no interrupt can end
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	cli
	hlt
	ATTACK_END
