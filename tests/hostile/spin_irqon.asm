; spin_irqon: STI and a loop without exits: only the host tick ends it
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	sti
	spin: jmp spin
	ATTACK_END
