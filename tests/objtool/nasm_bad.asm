; SPDX-License-Identifier: GPL-2.0
; Rule 1 in assembly: a noinstr stub calls ordinary C code.
default rel
section .noinstr.text progbits alloc exec nowrite align=16

global nasm_bad_stub:function hidden
extern test_work

nasm_bad_stub:
	push	rdi
.again:
	call	test_work
	pop	rdi
	ret
