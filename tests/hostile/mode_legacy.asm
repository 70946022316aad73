; mode_legacy: out of long mode and back, as an OS's reboot path does:
; 64-bit -> compatibility mode -> CR0.PG=0 (EFER.LMA drops: 32-bit
; protected mode without paging) -> CPUID, port I/O, a hypercall -> CR0.PG=1
; (LME is still set: long mode again, compatibility) -> 64-bit.  Verdict
; done.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	xor esi, esi
	push GUEST_SEL_CODE32
	lea rax, [compat]
	push rax
	retfq

	bits 32
compat:	mov eax, cr0
	and eax, 0x7fffffff
	mov cr0, eax				; legacy protected mode
	mov eax, GUEST_CPUID_HV_BASE		; (EFER is not readable on
	xor ecx, ecx				;  SVM: no RDMSR here)
	cpuid
	cmp ebx, 0x696d694c
	jne .pg
	mov dx, GUEST_PORT_SCRATCH
	mov eax, 0x16161616
	out dx, eax
	xor eax, eax
	in eax, dx
	cmp eax, 0x16161616
	jne .pg
	mov ebx, 0x2468ace0
	mov eax, HC_ECHO
	cmp byte [hc_vmcall], 0
	jne .vmcall
	vmmcall
	jmp .hc
.vmcall:
	vmcall
.hc:	cmp eax, 0x2468ace0
	jne .pg
	mov esi, 1
.pg:	mov eax, cr0
	or eax, 0x80000000
	mov cr0, eax				; long mode (compatibility) again
	push GUEST_SEL_CODE64
	push back64
	retf

	bits 64
back64:	cmp esi, 1
	GUEST_ASSERT e, "CPUID, port or hypercall in 32-bit protected mode"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	EXC_DATA
ok:	db "long -> compatibility -> protected -> long", 10, 0
