; fault_efer: WRMSR to EFER that the CPU refuses must raise #GP(0) in the
; guest (SDM Vol. 4 IA32_EFER, APM 3.1.7): reserved bit 1, SVME (SVM is not
; offered), LME cleared with paging on; a legal write (NXE) is taken.
%include "guest.inc"
%include "fault_gp.inc"
%define MSR_EFER 0xc0000080
	GUEST_LONG64
	GUEST_INIT
	FAULT_GP_IDT
	GUEST_PUTS hello
	mov ecx, MSR_EFER
	rdmsr					; the VMM's view: LME and LMA
	mov ebx, eax
	test eax, 1 << 10
	GUEST_ASSERT nz, "RDMSR EFER: LMA"
	test eax, 1 << 12
	GUEST_ASSERT z, "RDMSR EFER: SVME visible"

	mov eax, ebx
	or eax, 2				; reserved
	EXPECT_GP "EFER bit 1", wrmsr
	mov eax, ebx
	or eax, 1 << 12				; SVME
	EXPECT_GP "EFER.SVME", wrmsr
	mov eax, ebx
	and eax, ~(1 << 8)			; LME off in long mode
	EXPECT_GP "EFER.LME cleared with CR0.PG=1", wrmsr
	xor edx, edx
	mov eax, ebx
	mov edx, 1				; bit 32: reserved
	EXPECT_GP "EFER bit 32", wrmsr

	; nothing of it was taken
	rdmsr
	cmp eax, ebx
	GUEST_ASSERT e, "EFER changed by a refused write"
	test edx, edx
	GUEST_ASSERT z, "EFER high half changed"
	; a legal write is taken
	or eax, 1 << 11				; NXE
	wrmsr
	rdmsr
	test eax, 1 << 11
	GUEST_ASSERT nz, "EFER.NXE not taken"
	cmp qword [fault_gp_total], 4
	GUEST_ASSERT e, "four #GPs"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	FAULT_GP_LIB
hello:	db "fault_efer: illegal WRMSR EFER must #GP", 10, 0
ok:	db "fault_efer: 4 #GP(0) caught, the legal write taken", 10, 0
