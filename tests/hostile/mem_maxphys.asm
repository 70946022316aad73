; mem_maxphys: the guest maps, with its own page tables, the highest 2 MiB
; page below 2^MAXPHYADDR (CPUID 0x80000008) and stores into it: a GPA at
; the top of the physical range, far outside RAM.  Verdict mem_violation.
%include "guest.inc"
%include "hostile.inc"
%define PDPT 0x180000
%define PD 0x181000
%define VA 0x8000000000			; PML4 entry 1, unused so far
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	EXC_EXPECT faulted
	mov eax, 0x80000008
	cpuid
	movzx ecx, al
	mov ebx, 1
	shl rbx, cl
	sub rbx, 0x200000			; the last 2 MiB page
	call map_va
	mov rax, VA + 0x1ffff8
	mov [rax], rbx
	GUEST_PUTS returned
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "the store returned"
faulted:
	mov eax, [exc_vector]
	GUEST_REPORT eax
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "the store faulted in the guest"

; VA -> physical rbx (2 MiB page)
map_va:	mov edi, PDPT
	xor eax, eax
	mov ecx, 1024
	rep stosq
	lea rax, [rbx + 0x83]			; P, RW, PS
	mov [abs PD], rax
	mov qword [abs PDPT], PD + 3
	mov qword [abs GUEST_PML4_GPA + 8], PDPT + 3
	mov rax, cr3
	mov cr3, rax
	ret
	GUEST_LIB
	EXC_DATA
returned:	db "the store returned", 10, 0
