; mem_ioapic: the I/O APIC (0xfec00000): select a redirection entry
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, 0xfec00000
	mov dword [rbx], 0x10
	ATTACK_END
