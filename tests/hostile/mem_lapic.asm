; mem_lapic: the local APIC's MMIO page (0xfee00000): an EOI write, as if it owned the host's APIC
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, 0xfee000b0
	mov dword [rbx], 0
	ATTACK_END
