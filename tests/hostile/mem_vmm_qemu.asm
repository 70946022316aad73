; mem_vmm_qemu: stores at the VMM's own physical addresses as the serial log prints them for QEMU/OVMF (text 0xde46000, the stack and data above): a GPA equal to a host address must not reach the host
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ebx, 0xde46000
	mov rax, 0xcccccccccccccccc
	mov [rbx], rax
	ATTACK_END
