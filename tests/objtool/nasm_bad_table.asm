; SPDX-License-Identifier: GPL-2.0
; Rule 2 on jump tables, in the shape GCC emits for a -fpic switch:
; nasm_table_out's table has an entry that leaves the function (to
; test_work), nasm_table_unbounded jumps through a table with no bound.
default rel
section .noinstr.text progbits alloc exec nowrite align=16

global nasm_table_out:function hidden
global nasm_table_unbounded:function hidden
extern test_work

nasm_table_out:
	cmp	edi, 2
	ja	.default
	lea	rdx, [table_out]
	movsxd	rax, dword [rdx + rdi * 4]
	add	rax, rdx
	jmp	rax
.case0:
	mov	eax, 1
	ret
.case2:
	mov	eax, 3
	ret
.default:
	xor	eax, eax
	ret

nasm_table_unbounded:
	lea	rdx, [table_out]
	movsxd	rax, dword [rdx + rdi * 4]
	add	rax, rdx
	jmp	rax

section .rodata
align 4
table_out:
	dd	nasm_table_out.case0 - table_out
	dd	test_work - table_out
	dd	nasm_table_out.case2 - table_out
