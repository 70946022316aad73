; gprs: every GPR holds a marker across exits (the world switch's hygiene).
;
; The guest loads a distinct marker into every GPR but RSP, then exits in
; the four ways the VMM handles differently -- port out to the scratch port
; and CPUID and RDMSR (emulated on the fastpath, IRQs off) and IN from an
; unused port (the whole way, IRQs on) -- and checks after each that every
; register the instruction does not define still holds its marker.  The
; VMM side: after each of these exits the world switch stores the markers
; and zeroes every host GPR but RSP and RAX; debug builds count an exit
; that left one (a guest value) behind, and the test asserts "0 exits left
; a guest value in a host GPR".
%include "guest.inc"

; The marker of each GPR: distinct, nonzero in every byte.
%define MARK_rax 0x4d01c0de01010101
%define MARK_rbx 0x4d02c0de02020202
%define MARK_rcx 0x4d03c0de03030303
%define MARK_rdx 0x4d04c0de04040404
%define MARK_rsi 0x4d05c0de05050505
%define MARK_rdi 0x4d06c0de06060606
%define MARK_rbp 0x4d07c0de07070707
%define MARK_r8 0x4d08c0de08080808
%define MARK_r9 0x4d09c0de09090909
%define MARK_r10 0x4d0ac0de0a0a0a0a
%define MARK_r11 0x4d0bc0de0b0b0b0b
%define MARK_r12 0x4d0cc0de0c0c0c0c
%define MARK_r13 0x4d0dc0de0d0d0d0d
%define MARK_r14 0x4d0ec0de0e0e0e0e
%define MARK_r15 0x4d0fc0de0f0f0f0f

%macro LOAD_MARKERS 0
	mov rax, MARK_rax
	mov rbx, MARK_rbx
	mov rcx, MARK_rcx
	mov rdx, MARK_rdx
	mov rsi, MARK_rsi
	mov rdi, MARK_rdi
	mov rbp, MARK_rbp
	mov r8, MARK_r8
	mov r9, MARK_r9
	mov r10, MARK_r10
	mov r11, MARK_r11
	mov r12, MARK_r12
	mov r13, MARK_r13
	mov r14, MARK_r14
	mov r15, MARK_r15
%endmacro

; One register still holds its marker (a scratch register saved around).
%macro CHECK_REG 1
%ifidni %1, rax
	push rbx
	mov rbx, MARK_%1
	cmp %1, rbx
	pop rbx
%else
	push rax
	mov rax, MARK_%1
	cmp %1, rax
	pop rax
%endif
	GUEST_ASSERT e, "a GPR lost its marker across an exit"
%endmacro

; The registers listed still hold their markers.
%macro CHECK_REGS 1-*
%rep %0
	CHECK_REG %1
%rotate 1
%endrep
%endmacro

	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	mov dword [rounds], 50

round:
	LOAD_MARKERS
	mov rdx, (MARK_rdx & ~0xffff) | GUEST_PORT_SCRATCH
	out dx, al			; port out: DX and AL in
	CHECK_REGS rax, rbx, rcx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15

	LOAD_MARKERS
	mov eax, 0			; CPUID: RAX, RBX, RCX, RDX are outputs
	xor ecx, ecx
	cpuid
	CHECK_REGS rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15

	LOAD_MARKERS
	mov ecx, GUEST_MSR_SCRATCH	; RDMSR: RCX in, RAX and RDX out
	rdmsr
	CHECK_REGS rbx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15

	LOAD_MARKERS
	mov dx, GUEST_PORT_UNUSED	; IN: the whole way through the VMM
	in eax, dx
	cmp eax, 0xffffffff
	GUEST_ASSERT e, "unused port reads all-ones"
	CHECK_REGS rbx, rcx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15

	dec dword [rounds]
	jnz round
	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "gprs: markers in every GPR across exits", 10, 0
ok:	db "gprs: every marker survived 200 exits", 10, 0
align 4
rounds:	dd 0
