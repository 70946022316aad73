; mem_lapic_rd: a read of the local APIC's ID register (0xfee00020)
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, 0xfee00020
	mov eax, [rbx]
	ATTACK_END
