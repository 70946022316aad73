; mode_real2prot: a real-mode guest (mode=real16) that enters 32-bit
; protected mode itself, with its own GDT, and uses CPUID, port I/O and a
; hypercall there.  Verdict done.
%include "guest.inc"
	GUEST_REAL16
	GUEST_INIT
	cli
	lgdt [gdtr]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp dword 0x08:(GUEST_LOAD_GPA + prot)

	bits 32
prot:	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov esp, 0x9000
	mov eax, GUEST_CPUID_HV_BASE
	xor ecx, ecx
	cpuid
	cmp ebx, 0x696d694c
	jne .fail
	mov dx, GUEST_PORT_SCRATCH
	mov eax, 0x51515151
	out dx, eax
	xor eax, eax
	in eax, dx
	cmp eax, 0x51515151
	jne .fail
	mov ebx, 0x600dd00d
	mov eax, HC_ECHO
	cmp byte [GUEST_LOAD_GPA + hc_vmcall], 0
	jne .vmcall
	vmmcall
	jmp .hc
.vmcall:
	vmcall
.hc:	cmp eax, 0x600dd00d
	jne .fail
	GUEST_DONE
.fail:	mov eax, GUEST_LOAD_GPA + .fail
	mov dx, GUEST_PORT_TEST_DATA
	out dx, eax
	mov al, TEST_CMD_ASSERT
	mov dx, GUEST_PORT_TEST_CMD
	out dx, al
	jmp $

	bits 16
	align 8
gdt:	dq 0
	dq 0x00cf9a000000ffff			; 0x08: flat 32-bit code
	dq 0x00cf92000000ffff			; 0x10: flat data
gdtr:	dw 3 * 8 - 1
	dd GUEST_LOAD_GPA + gdt
	GUEST_LIB
