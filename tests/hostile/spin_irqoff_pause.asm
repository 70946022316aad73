; spin_irqoff_pause: CLI and a PAUSE loop
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	cli
	spin: pause
	jmp spin
	ATTACK_END
