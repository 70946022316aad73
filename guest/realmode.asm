; realmode: started in real mode (CS = GUEST_REAL_CS, IP = 0): console,
; CPUID, port I/O and a hypercall with 32-bit registers.
%include "guest.inc"
	GUEST_REAL16
	GUEST_INIT
	GUEST_PUTS hello

	mov eax, GUEST_CPUID_HV_BASE
	xor ecx, ecx
	cpuid
	cmp ebx, 'Limi'
	GUEST_ASSERT e, "signature"

	mov dx, GUEST_PORT_SCRATCH
	mov eax, 0x600df00d
	out dx, eax
	xor eax, eax
	in eax, dx
	cmp eax, 0x600df00d
	GUEST_ASSERT e, "scratch port"

	mov ebx, 0x13572468
	HYPERCALL HC_ECHO
	cmp eax, 0x13572468
	GUEST_ASSERT e, "HC_ECHO"

	; still in real mode: CR0.PE clear
	mov eax, cr0
	test al, 1
	GUEST_ASSERT z, "CR0.PE set"

	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "realmode: hello from real mode", 10, 0
ok:	db "realmode: all checks passed", 10, 0
