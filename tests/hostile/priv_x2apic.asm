; priv_x2apic: WRMSR x2APIC EOI (0x80b), then the x2APIC ID (0x802)
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0x80b
	xor eax, eax
	xor edx, edx
	wrmsr
	mov ecx, 0x802
	rdmsr
	ATTACK_END
