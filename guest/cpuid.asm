; cpuid: the VMM's CPUID view (include/vmm/guest_abi.h "CPUID").
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello

	; the VMM's own leaf: max leaf and "LiminalVMM\0\0"
	mov eax, GUEST_CPUID_HV_BASE
	xor ecx, ecx
	cpuid
	cmp eax, GUEST_CPUID_HV_FEATURES
	GUEST_ASSERT e, "max hypervisor leaf"
	cmp ebx, 'Limi'
	GUEST_ASSERT e, "signature ebx"
	cmp ecx, 'nalV'
	GUEST_ASSERT e, "signature ecx"
	cmp edx, 'MM'
	GUEST_ASSERT e, "signature edx"

	; leaf 1: hypervisor bit set, VMX and SMX hidden
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, 31
	GUEST_ASSERT c, "hypervisor bit"
	test ecx, (1 << 5) | (1 << 6)
	GUEST_ASSERT z, "VMX/SMX visible"

	; leaf 0x80000001: SVM hidden; leaf 0x8000000a: zeros
	mov eax, 0x80000001
	xor ecx, ecx
	cpuid
	test ecx, 1 << 2
	GUEST_ASSERT z, "SVM visible"
	mov eax, 0x8000000a
	xor ecx, ecx
	cpuid
	or eax, ebx
	or eax, edx
	GUEST_ASSERT z, "SVM leaf not empty"

	; the vendor string passes through: print it
	xor eax, eax
	cpuid
	mov [vendor], ebx
	mov [vendor + 4], edx
	mov [vendor + 8], ecx
	GUEST_PUTS vendor_msg
	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "cpuid: checking the VMM's CPUID view", 10, 0
vendor_msg: db "cpuid: host vendor "
vendor:	times 12 db 0
	db 10, 0
ok:	db "cpuid: all checks passed", 10, 0
