; priv_vmload: VMLOAD: on the real CPU it would load host-physical memory
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov eax, 0x20000
	vmload
	ATTACK_END
