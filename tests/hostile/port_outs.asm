; port_outs: REP OUTSB to the host UART (0x3f8): string I/O, which the VMM does not emulate
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov dx, 0x3f8
	lea rsi, [rel hello]
	mov ecx, 4
	rep outsb
	jmp skip
	hello: db 'HACK'
	skip:
	ATTACK_END
