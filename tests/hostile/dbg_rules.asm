; dbg_rules: MOV DR behaves as on the CPU, now that every MOV DR is
; emulated against the vCPU's copy:
;  - DR0-DR3 keep 64-bit values; DR6 and DR7 read with their fixed bits
;  - RSP as the GPR (the backends must hand it to the emulation)
;  - #GP(0) for a write of bits 63:32 of DR6 or DR7
;  - DR4/DR5 alias DR6/DR7 with CR4.DE=0, raise #UD with CR4.DE=1
;  - DR7.GD: the next MOV DR raises #DB (a fault) with DR6.BD, and the
;    delivery clears GD
; Expected verdict: done.
%include "guest.inc"
%include "dbg.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	DBG_GATE 1, db_handler
	DBG_GATE 6, ud_handler
	DBG_GATE 13, gp_handler
	DBG_LOAD_IDT

	; values, fixed bits
	mov rax, 0x123456789abcdef0
	mov dr0, rax
	mov rbx, dr0
	cmp rax, rbx
	GUEST_ASSERT e, "DR0 does not keep a 64-bit value"
	xor eax, eax
	mov dr6, rax
	mov rax, dr6
	mov ecx, 0xffff0ff0
	cmp rax, rcx
	GUEST_ASSERT e, "DR6 written 0 does not read 0xffff0ff0"
	xor eax, eax
	mov dr7, rax
	mov rax, dr7
	cmp rax, 0x400
	GUEST_ASSERT e, "DR7 written 0 does not read 0x400"
	mov dr3, rsp
	mov rax, dr3
	cmp rax, rsp
	GUEST_ASSERT e, "MOV DR3, RSP did not store RSP"

	; #GP(0) for bits 63:32 of DR7, and DR7 unchanged
	mov qword [faults], 0
	mov rax, 1 << 32
	mov dr7, rax			; 0f 23 f8: 3 bytes, skipped by #GP
	cmp qword [faults], 13
	GUEST_ASSERT e, "DR7 bits 63:32 did not raise #GP"
	mov rax, dr7
	cmp rax, 0x400
	GUEST_ASSERT e, "a refused DR7 write changed DR7"

	; DR4 = DR6 with CR4.DE=0; #UD with CR4.DE=1
	mov rax, dr4
	mov ecx, 0xffff0ff0
	cmp rax, rcx
	GUEST_ASSERT e, "DR4 is not DR6 with CR4.DE=0"
	mov rax, cr4
	or rax, 1 << 3			; DE
	mov cr4, rax
	mov qword [faults], 0
	mov rax, dr5			; 0f 21 e8
	cmp qword [faults], 6
	GUEST_ASSERT e, "DR5 with CR4.DE=1 did not raise #UD"
	mov rax, cr4
	and rax, ~(1 << 3)
	mov cr4, rax

	; general detect
	mov rax, 0x2400			; GD
	mov dr7, rax
	mov qword [faults], 0
	mov rax, dr0			; #DB, a fault: the handler skips it
	cmp qword [faults], 1
	GUEST_ASSERT e, "MOV DR with DR7.GD=1 did not raise #DB"
	mov rax, [db_dr6]
	test rax, 1 << 13
	GUEST_ASSERT nz, "the general-detect #DB did not set DR6.BD"
	mov rax, dr7			; GD cleared by the delivery
	cmp rax, 0x400
	GUEST_ASSERT e, "DR7.GD still set after the #DB"

	GUEST_PUTS ok
	GUEST_DONE

; each handler notes its vector and skips the 3-byte MOV DR
db_handler:
	mov qword [faults], 1
	push rax
	mov rax, dr6
	mov [db_dr6], rax
	pop rax
	add qword [rsp], 3
	iretq
ud_handler:
	mov qword [faults], 6
	add qword [rsp], 3
	iretq
gp_handler:
	mov qword [faults], 13
	add rsp, 8			; the error code
	add qword [rsp], 3
	iretq

	GUEST_LIB
	DBG_IDT_DATA
faults:	dq 0
db_dr6:	dq 0
hello:	db "dbg_rules: MOV DR checks as on the CPU", 10, 0
ok:	db "dbg_rules: all checks passed", 10, 0
