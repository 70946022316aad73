; SPDX-License-Identifier: GPL-2.0
; noinstr assembly as the IDT stubs write it: a function symbol without a
; size, NASM local labels (nasm_ok_entry.loop), a plain label between
; functions, an annotated indirect call and its registered target.
%include "liminal/objtool.inc"

default rel
section .noinstr.text progbits alloc exec nowrite align=16

global nasm_ok_entry:function hidden
global nasm_ok_target:function hidden
extern ok_fatal

nasm_ok_entry:
	mov	ecx, 4
.loop:
	dec	ecx
	jnz	.loop
	lea	rax, [nasm_ok_target]
	NOINSTR_INDIRECT_CALL "nasm.handlers"
	call	rax
	jmp	nasm_ok_tail

nasm_ok_tail:
	call	ok_fatal
	ret

nasm_ok_target:
	ret

NOINSTR_INDIRECT_TARGET "nasm.handlers", nasm_ok_target
