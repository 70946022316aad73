; fault_cr0: MOV to CR0 that the CPU refuses must raise #GP(0) in the guest
; (SDM Vol. 2B MOV CR, Vol. 3A 2.5): PG cleared in 64-bit mode, NW without
; CD, bit 32, PE cleared with PG on; legal writes (the same value, CLTS,
; LMSW) are taken.
%include "guest.inc"
%include "fault_gp.inc"
	GUEST_LONG64
	GUEST_INIT
	FAULT_GP_IDT
	GUEST_PUTS hello
	mov rbx, cr0

	mov rcx, rbx
	btr rcx, 31
	EXPECT_GP "CR0.PG cleared in 64-bit mode", mov cr0, rcx
	mov rcx, rbx
	bts rcx, 29
	btr rcx, 30
	EXPECT_GP "CR0.NW without CD", mov cr0, rcx
	mov rcx, rbx
	bts rcx, 32
	EXPECT_GP "CR0 bit 32", mov cr0, rcx
	mov rcx, rbx
	btr rcx, 0
	EXPECT_GP "CR0.PE cleared with PG", mov cr0, rcx

	mov rcx, cr0
	cmp rcx, rbx
	GUEST_ASSERT e, "CR0 changed by a refused write"
	; legal: the same value, TS set then CLTS, LMSW keeping PE
	mov cr0, rbx
	mov rcx, rbx
	bts rcx, 3
	mov cr0, rcx
	mov rcx, cr0
	bt rcx, 3
	GUEST_ASSERT c, "CR0.TS not taken"
	clts
	mov rcx, cr0
	bt rcx, 3
	GUEST_ASSERT nc, "CLTS not taken"
	smsw ax
	lmsw ax
	mov rcx, cr0
	cmp rcx, rbx
	GUEST_ASSERT e, "LMSW changed CR0"
	cmp qword [fault_gp_total], 4
	GUEST_ASSERT e, "four #GPs"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	FAULT_GP_LIB
hello:	db "fault_cr0: illegal MOV to CR0 must #GP", 10, 0
ok:	db "fault_cr0: 4 #GP(0) caught, the legal writes taken", 10, 0
