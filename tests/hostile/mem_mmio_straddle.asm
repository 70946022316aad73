; mem_mmio_straddle: an 8-byte load across the end of the MMIO window
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, GUEST_MMIO_GPA + GUEST_MMIO_SIZE - 4
	mov rax, [rbx]
	ATTACK_END
