; mem_exec_mmio: jump into the MMIO window: an instruction fetch from device memory, which the VMM must not try to emulate as a data access
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov eax, GUEST_MMIO_GPA + GUEST_MMIO_REG_SCRATCH
	jmp rax
	ATTACK_END
