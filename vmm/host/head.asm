; SPDX-License-Identifier: GPL-2.0
;
; host_switch_stack(stack_top, fn, arg): leave the firmware's stack for the
; VMM's own, after ExitBootServices, and call fn(arg) there.  RBP is zeroed
; so backtraces end at fn's frame.  fn must not return.
default rel
section .text

global host_switch_stack:function hidden
host_switch_stack:
	mov rsp, rdi
	xor ebp, ebp
	mov rdi, rdx
	call rsi
.hang:	ud2
	jmp .hang
