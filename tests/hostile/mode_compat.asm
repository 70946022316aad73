; mode_compat: from 64-bit mode into compatibility mode (the 32-bit code
; segment GUEST_SEL_CODE32 with EFER.LMA=1), CPUID, port I/O and a
; hypercall there, then back to 64-bit mode with a far return.  The
; exits' emulation must not assume 64-bit code.  Verdict done.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	xor esi, esi				; compat-mode result
	push GUEST_SEL_CODE32
	lea rax, [compat]
	push rax
	retfq

	bits 32
compat:	mov eax, GUEST_CPUID_HV_BASE
	xor ecx, ecx
	cpuid
	cmp ebx, 0x696d694c
	jne .back
	mov dx, GUEST_PORT_SCRATCH
	mov eax, 0x32323232
	out dx, eax
	xor eax, eax
	in eax, dx
	cmp eax, 0x32323232
	jne .back
	mov ebx, 0x13572468
	mov eax, HC_ECHO
	cmp byte [hc_vmcall], 0
	jne .vmcall
	vmmcall
	jmp .hc
.vmcall:
	vmcall
.hc:	cmp eax, 0x13572468
	jne .back
	mov esi, 1				; all three worked
.back:	push GUEST_SEL_CODE64
	push back64
	retf

	bits 64
back64:	cmp esi, 1
	GUEST_ASSERT e, "CPUID, port or hypercall in compatibility mode"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	EXC_DATA
ok:	db "compatibility mode and back", 10, 0
