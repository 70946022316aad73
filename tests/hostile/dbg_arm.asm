; dbg_arm: data breakpoints on VMM addresses.  The VMM is identity mapped
; and its per-guest state (struct vmm_guest, whose register file the world
; switch writes on every exit) sits in the host's page allocator, in the
; low megabytes (QEMU: 0x7fb000).  The guest arms DR0-DR3 (read/write, 8
; bytes each, local and global enables) and walks them down through 1-16
; MiB, two steps per page at offsets 0x80-0x168 every 32 bytes, with one
; exit (CPUID) per step.  Where the guest's debug registers reach the CPU
; and the CPU keeps them armed after the exit, a breakpoint fires in the
; VMM.  Now MOV DR is emulated and nothing reaches the CPU; at the end the
; guest reads DR0 and DR7 back and leaves them armed for dbg_reset, which
; must find reset values.
; Expected verdict: done.
%include "guest.inc"
%define SCAN_TOP 0x1000000
%define SCAN_BOTTOM 0x100000
; L0-L3 and G0-G3, R/W = 11 (data read or write) and LEN = 10 (8 bytes) for each
%define DR7_ARMED 0xbbbb04ff
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	mov eax, DR7_ARMED
	mov dr7, rax
	mov rbx, SCAN_TOP - 0x1000
.page:
	lea rax, [rbx + 0x80]
	call arm_and_exit
	lea rax, [rbx + 0x100]
	call arm_and_exit
	sub rbx, 0x1000
	cmp rbx, SCAN_BOTTOM
	jae .page

	mov rax, dr0
	mov ecx, SCAN_BOTTOM + 0x100
	cmp rax, rcx
	GUEST_ASSERT e, "DR0 does not hold the last address written"
	mov rax, dr7
	mov ecx, DR7_ARMED
	cmp rax, rcx
	GUEST_ASSERT e, "DR7 does not hold what was written"
	GUEST_PUTS ok
	GUEST_DONE

; DR0-DR3 at rax, +32, +64, +96; then one exit
arm_and_exit:
	mov dr0, rax
	add rax, 32
	mov dr1, rax
	add rax, 32
	mov dr2, rax
	add rax, 32
	mov dr3, rax
	sub rax, 96
	push rax
	push rbx
	xor eax, eax
	cpuid
	pop rbx
	pop rax
	ret

	GUEST_LIB
hello:	db "dbg_arm: DR0-DR3 on VMM addresses, 1-16 MiB", 10, 0
ok:	db "dbg_arm: no breakpoint fired in the VMM", 10, 0
