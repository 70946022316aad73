; modeswitch: the VMX backend's CR0/CR4/EFER emulation, seen by a guest
; (tests/vmx/check_guest.py boots it under Bochs, config mode=prot32):
;  1) MOV to CR0 with NE=0 runs and reads back what was written (the read
;     shadow; the VMM keeps NE=1 in the real CR0)
;  2) TS set by MOV, cleared by CLTS; 3) LMSW, which cannot clear PE
;  4-5) long mode the classic way: CR4.PAE, CR3, WRMSR EFER.LME (exits),
;     CR0.PG (exits: the VMM sets EFER.LMA and "IA-32e mode guest")
;  6) an interrupt injected in 64-bit mode (sti; hlt)
;  7) back to 32-bit protected mode: CR0.PG=0 clears EFER.LMA
; Reports 0x600d, then done.  Uses only the port ABI (no guest.inc
; library: it changes mode half way).
%include "guest_abi.inc"
	bits 32
	org GUEST_LOAD_GPA

%define PT_BASE 0x80000		; PML4, PDPT, PD (1 GiB of 2-MiB pages)
%define IDT_BASE 0x84000
%define STACK_TOP 0x90000

%macro FAIL 0
	mov eax, __LINE__
	mov dx, GUEST_PORT_TEST_DATA
	out dx, eax
	mov dx, GUEST_PORT_TEST_CMD
	mov al, TEST_CMD_ASSERT
	out dx, al
	hlt
%endmacro
%macro CHECK 1			; fail unless condition %1
	j%+1 %%ok
	FAIL
%%ok:
%endmacro
%macro REPORT 0			; eax
	mov dx, GUEST_PORT_TEST_DATA
	out dx, eax
	mov dx, GUEST_PORT_TEST_CMD
	mov al, TEST_CMD_REPORT
	out dx, al
%endmacro

start32:
	mov esp, STACK_TOP
	; 1) CR0 with NE=0: the guest must run and read back what it wrote
	mov eax, cr0
	mov ebx, eax
	and eax, ~(1 << 5)
	mov cr0, eax
	mov ecx, cr0
	cmp ecx, eax
	CHECK e
	mov cr0, ebx
	mov ecx, cr0
	cmp ecx, ebx
	CHECK e
	; 2) TS via MOV, cleared by CLTS
	mov eax, ebx
	or eax, 1 << 3
	mov cr0, eax
	clts
	mov ecx, cr0
	cmp ecx, ebx
	CHECK e
	; 3) LMSW sets MP=0 then back (cannot clear PE)
	mov eax, ebx
	and eax, ~(1 << 1)
	and eax, 0xffff
	lmsw ax
	mov ecx, cr0
	test ecx, 1 << 1
	CHECK z
	test ecx, 1
	CHECK nz
	mov cr0, ebx
	; 4) page tables: identity map 1 GiB with 2-MiB pages
	mov edi, PT_BASE
	mov ecx, 3 * 4096 / 4
	xor eax, eax
	rep stosd
	mov dword [PT_BASE], PT_BASE + 0x1003
	mov dword [PT_BASE + 0x1000], PT_BASE + 0x2003
	mov edi, PT_BASE + 0x2000
	mov eax, 0x83
	mov ecx, 512
.pd:	mov [edi], eax
	add eax, 0x200000
	add edi, 8
	loop .pd
	; 5) long mode: PAE, CR3, EFER.LME (WRMSR exits), CR0.PG (exits)
	mov eax, cr4
	or eax, 1 << 5
	mov cr4, eax
	mov eax, PT_BASE
	mov cr3, eax
	mov ecx, 0xc0000080
	rdmsr
	or eax, 1 << 8
	wrmsr
	mov eax, cr0
	or eax, 1 << 31
	mov cr0, eax
	rdmsr				; EFER reads pass through: LMA now set
	test eax, 1 << 10
	CHECK nz
	jmp GUEST_SEL_CODE64:start64

	bits 64
start64:
	mov ax, GUEST_SEL_DATA
	mov ds, ax
	mov ss, ax
	mov rsp, STACK_TOP
	; 6) the interrupt window: HLT with IF=0 makes the VMM queue the wake
	;    vector; it can only go in after STI, through a window exit
	lea rdi, [IDT_BASE + GUEST_WAKE_VECTOR * 16]
	lea rax, [wake]
	mov word [rdi], ax
	mov word [rdi + 2], GUEST_SEL_CODE64
	mov word [rdi + 4], 0x8e00
	shr rax, 16
	mov word [rdi + 6], ax
	mov dword [rdi + 8], 0
	mov dword [rdi + 12], 0
	lidt [idtr]
	sti
	hlt
	cli
	cmp dword [wakeups], 1
	CHECK e
	mov rax, cr4			; the shadow: PAE, no VMXE
	test eax, 1 << 13
	CHECK z
	; 7) back to 32-bit protected mode without paging
	push GUEST_SEL_CODE32
	lea rax, [back32]
	push rax
	retfq

	bits 32
back32:
	mov eax, cr0
	and eax, ~(1 << 31)
	mov cr0, eax
	mov ecx, 0xc0000080
	rdmsr
	test eax, 1 << 10		; LMA cleared with PG
	CHECK z
	mov eax, 0x600d
	REPORT
	mov dx, GUEST_PORT_TEST_CMD
	mov al, TEST_CMD_DONE
	out dx, al
	hlt

	bits 64
wake:
	inc dword [wakeups]
	iretq

align 8
idtr:	dw 256 * 16 - 1
	dq IDT_BASE
wakeups: dd 0
