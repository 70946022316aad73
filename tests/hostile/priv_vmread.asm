; priv_vmread: VMREAD: would read the VMM's current VMCS
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, 0x681e
	vmread rax, rbx
	ATTACK_END
