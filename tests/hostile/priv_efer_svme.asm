; priv_efer_svme: WRMSR EFER without SVME (APM 15.4: a VMRUN of a guest
; without EFER.SVME fails).  EFER is the VMM's on SVM (the MSR permission
; map): the guest's view has no SVME (it runs a CPU without SVM), so
; clearing the bit is a legal write that changes nothing, and the VMCB
; keeps SVME.  The guest checks it does not see SVME, the write returns, EFER reads back as
; written, and exits still work after it.  Verdict: done.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	EXC_EXPECT faulted
	mov ecx, 0xc0000080
	rdmsr
	bt eax, 12
	GUEST_ASSERT nc, "the guest sees EFER.SVME"
	btr eax, 12				; (not set: written as read)
	mov ebx, eax
	wrmsr
	rdmsr
	cmp eax, ebx
	GUEST_ASSERT e, "EFER does not read back as written"
	mov eax, GUEST_CPUID_HV_BASE
	xor ecx, ecx
	cpuid
	cmp ebx, 0x696d694c
	GUEST_ASSERT e, "no CPUID exit after the EFER write"
	GUEST_PUTS ok
	GUEST_DONE
faulted:
	GUEST_PUTS fault
	mov eax, [exc_vector]
	GUEST_REPORT eax
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "the EFER write faulted in the guest"
	GUEST_LIB
	EXC_DATA
fault:	db "the attack faulted in the guest (vector follows)", 10, 0
ok:	db "EFER without SVME: written, read back, the VMCB keeps it", 10, 0
