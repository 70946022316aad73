; port_ins: REP INSB from the host UART (0x3f8) into guest RAM
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov dx, 0x3f8
	lea rdi, [rel buf]
	mov ecx, 4
	rep insb
	jmp skip
	buf: dd 0
	skip:
	ATTACK_END
