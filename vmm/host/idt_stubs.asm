; SPDX-License-Identifier: GPL-2.0
;
; IDT entry stubs: one 16-byte stub per vector, then one common path per C
; handler.  Assembly only saves registers, builds struct pt_regs
; (its size from asm-offsets.inc) and returns with iretq; policy is in C
; (vmm/host/traps.c, vmm/host/irq.c).
;
; Frame on entry to a C handler, from high to low addresses:
;   SS, RSP, RFLAGS, CS, RIP       pushed by the CPU (RSP aligned to 16 first)
;   error code                     pushed by the CPU, or 0 by the stub
;   vector                         pushed by the stub
;   rdi ... r15                    pushed by the common path
; 5 + 2 + 15 = 22 quadwords = 176 bytes, so RSP is 16-byte aligned at the
; call, as the SysV ABI wants.
%include "asm-offsets.inc"

default rel
section .noinstr.text progbits alloc exec nowrite align=16

; struct pt_regs must be exactly what the stubs push, 16-byte aligned.
%if PTREGS_SIZE != (5 + 2 + 15) * 8 || PTREGS_SIZE % 16 != 0
%error "struct pt_regs changed: re-check the pushes and the alignment above"
%endif

; Vectors for which the CPU pushes an error code (SDM Vol. 3A 6.13):
; #DF 8, #TS 10, #NP 11, #SS 12, #GP 13, #PF 14, #AC 17, #CP 21, #VC 29, #SX 30
%define ERROR_CODE_VECTORS ((1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | \
			    (1 << 13) | (1 << 14) | (1 << 17) | (1 << 21) | \
			    (1 << 29) | (1 << 30))

extern common_interrupt
extern exc_nmi
extern exc_debug
extern exc_double_fault
extern exc_page_fault
extern exc_machine_check
extern exc_unexpected

; The common path for one C handler: void handler(struct pt_regs *regs).
%macro IDT_COMMON 1
global asm_%1:function hidden
asm_%1:
	push rdi
	push rsi
	push rdx
	push rcx
	push rax
	push r8
	push r9
	push r10
	push r11
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	cld
	mov rdi, rsp
	call %1
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	pop r11
	pop r10
	pop r9
	pop r8
	pop rax
	pop rcx
	pop rdx
	pop rsi
	pop rdi
	add rsp, 16		; vector and error code
	iretq
%endmacro

IDT_COMMON common_interrupt
IDT_COMMON exc_nmi
IDT_COMMON exc_debug
IDT_COMMON exc_double_fault
IDT_COMMON exc_page_fault
IDT_COMMON exc_machine_check
IDT_COMMON exc_unexpected

; One stub: the error-code slot (when the CPU pushes none), the vector,
; a jump to the handler's common path; padded to HOST_IDT_STUB_SIZE so stub n
; is at host_idt_stubs + n * HOST_IDT_STUB_SIZE.
%macro IDT_STUB 2
%%start:
%if %1 >= 32 || ((ERROR_CODE_VECTORS >> %1) & 1) == 0
	push 0
%endif
	push %1
	jmp asm_%2
	times HOST_IDT_STUB_SIZE - ($ - %%start) int3
%endmacro

align HOST_IDT_STUB_SIZE
global host_idt_stubs:function hidden
host_idt_stubs:
%assign v 0
%rep 256
%if v == 1
	IDT_STUB v, exc_debug
%elif v == 2
	IDT_STUB v, exc_nmi
%elif v == 8
	IDT_STUB v, exc_double_fault
%elif v == 14
	IDT_STUB v, exc_page_fault
%elif v == 18
	IDT_STUB v, exc_machine_check
%elif v < 32
	IDT_STUB v, exc_unexpected
%else
	IDT_STUB v, common_interrupt
%endif
%assign v v + 1
%endrep
