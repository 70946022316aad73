; mode_selectors: far jumps and selector loads with garbage, in 64-bit
; mode: a far jump to the null selector, to a selector past the GDT's
; limit, to the TSS (a task switch, which long mode does not have), an
; IRETQ with NT=1 (a task return), LTR and LLDT of garbage.
; Each must be the CPU's own #GP, delivered to the guest; the VMM plays
; no part.  Verdict done.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP

%macro FAR_JMP 2			; selector, what
	EXC_EXPECT %%caught
	jmp far [rel %%ptr]
%%ptr:	dd 0
	dw %1
%%caught:
	EXC_CHECK 13, %2
%endmacro
	FAR_JMP 0, "far jump to the null selector"
	FAR_JMP 0xfff8, "far jump past the GDT limit"
	FAR_JMP GUEST_SEL_TSS, "far jump to the TSS (task switch)"

	EXC_EXPECT .nt
	pushfq
	or qword [rsp], 1 << 14			; NT
	popfq
	mov rax, rsp
	push GUEST_SEL_DATA
	push rax
	pushfq
	push GUEST_SEL_CODE64
	lea rax, [.nt]
	push rax
	iretq
.nt:	EXC_CHECK 13, "IRETQ with NT=1"
	pushfq
	and qword [rsp], ~(1 << 14)
	popfq

	EXC_EXPECT .ltr
	mov ax, 0x1234
	ltr ax
.ltr:	EXC_CHECK 13, "LTR of garbage"
	EXC_EXPECT .lldt
	mov ax, GUEST_SEL_DATA
	lldt ax
.lldt:	EXC_CHECK 13, "LLDT of a data segment"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	EXC_DATA
ok:	db "five selector attacks, five #GP", 10, 0
