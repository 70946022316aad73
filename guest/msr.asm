; msr: the VMM's scratch and ID MSRs.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello

	mov ecx, GUEST_MSR_SCRATCH
	mov edx, 0x12345678
	mov eax, 0x9abcdef0
	wrmsr
	xor eax, eax
	xor edx, edx
	rdmsr
	cmp edx, 0x12345678
	GUEST_ASSERT e, "scratch high"
	cmp eax, 0x9abcdef0
	GUEST_ASSERT e, "scratch low"

	mov ecx, GUEST_MSR_ID
	mov rdx, -1
	rdmsr
	cmp eax, GUEST_MMIO_ID_VALUE
	GUEST_ASSERT e, "ID MSR low"
	test rdx, rdx
	GUEST_ASSERT z, "ID MSR high (zero-extended)"

	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "msr: scratch and ID MSRs", 10, 0
ok:	db "msr: all checks passed", 10, 0
