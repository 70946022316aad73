; dbg_reset: a new guest's debug registers are the architectural reset
; values, whatever its predecessor (dbg_arm) left in them: DR0-DR3 = 0,
; DR6 = 0xffff0ff0, DR7 = 0x400.  Each is reported, then checked.
; Expected verdict: done.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	mov rax, dr0
	GUEST_REPORT eax
	test rax, rax
	GUEST_ASSERT z, "DR0 is not 0 at start"
	mov rax, dr1
	GUEST_REPORT eax
	test rax, rax
	GUEST_ASSERT z, "DR1 is not 0 at start"
	mov rax, dr2
	GUEST_REPORT eax
	test rax, rax
	GUEST_ASSERT z, "DR2 is not 0 at start"
	mov rax, dr3
	GUEST_REPORT eax
	test rax, rax
	GUEST_ASSERT z, "DR3 is not 0 at start"
	mov rax, dr6
	GUEST_REPORT eax
	mov ecx, 0xffff0ff0
	cmp rax, rcx
	GUEST_ASSERT e, "DR6 is not 0xffff0ff0 at start"
	mov rax, dr7
	GUEST_REPORT eax
	cmp rax, 0x400
	GUEST_ASSERT e, "DR7 is not 0x400 at start"
	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "dbg_reset: DR0-3, DR6, DR7 at start", 10, 0
ok:	db "dbg_reset: reset values", 10, 0
