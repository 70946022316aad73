; mem_pt_outside: CR3 outside RAM: the guest's own page walk leaves RAM
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov eax, GUEST_OUTSIDE_GPA
	mov cr3, rax
	nop
	ATTACK_END
