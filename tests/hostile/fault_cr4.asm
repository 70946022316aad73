; fault_cr4: MOV to CR4 and CR3 that the CPU refuses must raise #GP(0) in
; the guest (SDM Vol. 2B MOV CR, APM 3.1.3): PAE cleared in long mode, VMXE
; (VMX is not offered), reserved bit 15, bit 63; CR3 with bit 62 (above
; MAXPHYADDR); legal writes are taken.
%include "guest.inc"
%include "fault_gp.inc"
	GUEST_LONG64
	GUEST_INIT
	FAULT_GP_IDT
	GUEST_PUTS hello
	mov rbx, cr4

	mov rcx, rbx
	btr rcx, 5
	EXPECT_GP "CR4.PAE cleared in long mode", mov cr4, rcx
	mov rcx, rbx
	bts rcx, 13
	EXPECT_GP "CR4.VMXE", mov cr4, rcx
	mov rcx, rbx
	bts rcx, 15
	EXPECT_GP "CR4 bit 15", mov cr4, rcx
	mov rcx, rbx
	bts rcx, 63
	EXPECT_GP "CR4 bit 63", mov cr4, rcx
	mov rdx, cr3
	mov rcx, rdx
	bts rcx, 62
	EXPECT_GP "CR3 bit 62", mov cr3, rcx

	mov rcx, cr4
	cmp rcx, rbx
	GUEST_ASSERT e, "CR4 changed by a refused write"
	mov rcx, cr3
	cmp rcx, rdx
	GUEST_ASSERT e, "CR3 changed by a refused write"
	; legal: the same values back, OSFXSR set
	mov cr3, rdx
	mov cr4, rbx
	mov rcx, rbx
	bts rcx, 9
	mov cr4, rcx
	mov rcx, cr4
	bt rcx, 9
	GUEST_ASSERT c, "CR4.OSFXSR not taken"
	mov cr4, rbx
	cmp qword [fault_gp_total], 5
	GUEST_ASSERT e, "five #GPs"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	FAULT_GP_LIB
hello:	db "fault_cr4: illegal MOV to CR4 and CR3 must #GP", 10, 0
ok:	db "fault_cr4: 5 #GP(0) caught, the legal writes taken", 10, 0
