; mmio: the VMM decodes MOV forms against its MMIO device.
%include "guest.inc"
%define SCRATCH (GUEST_MMIO_GPA + GUEST_MMIO_REG_SCRATCH)
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello

	mov rbx, GUEST_MMIO_GPA
	mov eax, [rbx + GUEST_MMIO_REG_ID]		; 8B /r
	cmp eax, GUEST_MMIO_ID_VALUE
	GUEST_ASSERT e, "ID register"

	; 64-bit write and read back (REX.W 89 / 8B), disp32
	mov rdx, 0x0102030405060708
	mov [rbx + GUEST_MMIO_REG_SCRATCH], rdx
	xor eax, eax
	mov rax, [rbx + GUEST_MMIO_REG_SCRATCH]
	cmp rax, rdx
	GUEST_ASSERT e, "64-bit scratch"

	; SIB with index and scale, REX.R/B registers
	mov r9, SCRATCH
	mov r10, 2
	mov r11d, 0xcafef00d
	mov [r9 + r10 * 8], r11d			; 44 89 1c d1
	mov r12, -1
	mov r12d, [r9 + r10 * 8]
	cmp r12, r11
	GUEST_ASSERT e, "SIB dword, zero-extended"

	; byte: AH (no REX), imm8, MOVZX
	mov byte [rbx + GUEST_MMIO_REG_SCRATCH + 24], 0x5a	; C6 /0
	mov eax, 0x1111
	mov ah, [rbx + GUEST_MMIO_REG_SCRATCH + 24]		; 8A /r, AH
	cmp eax, 0x5a11
	GUEST_ASSERT e, "AH load"
	movzx ecx, byte [rbx + GUEST_MMIO_REG_SCRATCH + 24]	; 0F B6
	cmp ecx, 0x5a
	GUEST_ASSERT e, "movzx byte"

	; 16-bit (0x66) imm and register forms
	mov word [rbx + GUEST_MMIO_REG_SCRATCH + 32], 0xbeef	; 66 C7
	mov rax, -1
	mov ax, [rbx + GUEST_MMIO_REG_SCRATCH + 32]		; 66 8B
	mov rcx, 0xffffffffffffbeef
	cmp rax, rcx
	GUEST_ASSERT e, "16-bit merge"
	movzx edx, word [rbx + GUEST_MMIO_REG_SCRATCH + 32]	; 0F B7
	cmp edx, 0xbeef
	GUEST_ASSERT e, "movzx word"

	; 64-bit immediate store, sign-extended (REX.W C7)
	mov qword [rbx + GUEST_MMIO_REG_SCRATCH + 40], -2
	mov rax, [rbx + GUEST_MMIO_REG_SCRATCH + 40]
	cmp rax, -2
	GUEST_ASSERT e, "imm32 sign extension"

	; a byte write into the ID register is ignored; unused offsets read 0
	mov byte [rbx + GUEST_MMIO_REG_ID], 0
	mov eax, [rbx + GUEST_MMIO_REG_ID]
	cmp eax, GUEST_MMIO_ID_VALUE
	GUEST_ASSERT e, "ID register is read-only"
	mov eax, [rbx + 0x800]
	test eax, eax
	GUEST_ASSERT z, "unused offset"

	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "mmio: MOV forms against the MMIO device", 10, 0
ok:	db "mmio: all checks passed", 10, 0
