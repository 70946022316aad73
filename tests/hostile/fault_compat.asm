; fault_compat: MMIO from compatibility mode (EFER.LMA=1, CS.L=0) must be
; decoded in the code size of CS, not as 64-bit code:
;  - 16-bit code (CS.D=0): "mov ax, [ebx]" (67 8b 03) reads 2 bytes and
;    merges AX; "mov [ebx], ax" writes 2 bytes
;  - 16-bit addressing with a DS base at the window: "mov ax, [0x100]"
;    (8b 06 00 01) is 4 bytes long (64-bit decoding: 2, [rsi])
;  - 32-bit code (CS.D=1): "a16 mov eax, [0x108]" (67 8b 06 08 01) is 5
;    bytes long (64-bit decoding: 3)
%include "guest.inc"
%define SCRATCH (GUEST_MMIO_GPA + GUEST_MMIO_REG_SCRATCH)
%define SEL_CODE16 0x30
%define SEL_MMIO 0x38
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	lgdt [gdtr]
	mov rbx, GUEST_MMIO_GPA
	mov qword [rbx + GUEST_MMIO_REG_SCRATCH], 0x1234	; scratch 0
	mov edx, 0x89abcdef
	mov [rbx + GUEST_MMIO_REG_SCRATCH + 8], rdx		; scratch 1
	mov qword [rbx + GUEST_MMIO_REG_SCRATCH + 16], 0	; scratch 2
	mov rax, 0x1111111111111111
	mov rcx, 0x12345678
	push SEL_CODE16
	lea rdx, [code16 - GUEST_LOAD_GPA]	; CS.base is GUEST_LOAD_GPA
	push rdx
	o64 retf

back64:
	; AX merged, the rest of RAX kept (a 64-bit decode writes 4 bytes)
	mov rdx, 0x1111111111114e4c
	cmp rax, rdx
	GUEST_ASSERT e, "16-bit load: size"
	cmp si, 0x1234
	GUEST_ASSERT e, "16-bit addressing: value"
	cmp edi, 0x89abcdef
	GUEST_ASSERT e, "32-bit code, a16 load: value"
	mov rbx, GUEST_MMIO_GPA
	mov rdx, [rbx + GUEST_MMIO_REG_SCRATCH + 16]
	cmp rdx, 0x5678
	GUEST_ASSERT e, "16-bit store: size"
	GUEST_PUTS ok
	GUEST_DONE

	bits 16
code16:
	a32 mov ax, [ebx]			; 67 8b 03: ID register, 2 bytes
	a32 mov [ebx + GUEST_MMIO_REG_SCRATCH + 16], cx	; 2 bytes of 0x12345678
	mov dx, SEL_MMIO
	mov ds, dx
	mov si, [GUEST_MMIO_REG_SCRATCH]	; 8b 36 00 01: 16-bit disp16
	mov dx, GUEST_SEL_DATA
	mov ds, dx
	o32 jmp dword GUEST_SEL_CODE32:code32	; absolute: CS.base 0

	bits 32
code32:
	mov dx, SEL_MMIO
	mov ds, dx
	a16 mov edi, [GUEST_MMIO_REG_SCRATCH + 8]	; 67 8b 3e 08 01
	mov dx, GUEST_SEL_DATA
	mov ds, dx
	jmp GUEST_SEL_CODE64:back64

	bits 64
	GUEST_LIB
	align 8
gdt:	dq 0
	dq 0x00af9b000000ffff			; 0x08 code64
	dq 0x00cf93000000ffff			; 0x10 data
	dq 0x00cf9b000000ffff			; 0x18 code32
	dq 0, 0					; 0x20 TSS (TR keeps its cache)
	dq 0x00009b010000ffff			; 0x30 code16, base 0x10000
	dq 0xd0cf93000000ffff			; 0x38 data, base 0xd0000000
gdtr:	dw 8 * 8 - 1
	dq gdt
hello:	db "fault_compat: MMIO from compatibility mode", 10, 0
ok:	db "fault_compat: 16- and 32-bit code decoded in their sizes", 10, 0
