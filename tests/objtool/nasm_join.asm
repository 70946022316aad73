; SPDX-License-Identifier: GPL-2.0
; Rule 3 at a join: one path opens an instrumentation range, the other
; does not, and both reach .join.  The markers are recorded by hand, the
; way instrumentation_begin()/_end() record theirs.
default rel
section .noinstr.text progbits alloc exec nowrite align=16

global nasm_join:function hidden

nasm_join:
	test	edi, edi
	jz	.join
.begin:
	nop
.join:
	xor	eax, eax
.end:
	nop
	ret

section .liminal.instr_begin noalloc noexec nowrite progbits
	dq	nasm_join.begin
section .liminal.instr_end noalloc noexec nowrite progbits
	dq	nasm_join.end
