; prot32: flat 32-bit protected mode without paging.
%include "guest.inc"
	GUEST_PROT32
	GUEST_INIT
	GUEST_PUTS hello

	mov eax, cr0
	test eax, 1 << 31
	GUEST_ASSERT z, "paging on"
	test eax, 1
	GUEST_ASSERT nz, "CR0.PE clear"
	mov ax, cs
	cmp ax, GUEST_SEL_CODE32
	GUEST_ASSERT e, "CS selector"

	mov ebx, 40
	mov ecx, 2
	xor edx, edx
	xor esi, esi
	HYPERCALL HC_ADD
	cmp eax, 42
	GUEST_ASSERT e, "HC_ADD"

	; MMIO from 32-bit code
	mov ebx, GUEST_MMIO_GPA
	mov eax, [ebx + GUEST_MMIO_REG_ID]
	cmp eax, GUEST_MMIO_ID_VALUE
	GUEST_ASSERT e, "MMIO ID register"

	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "prot32: hello from 32-bit protected mode", 10, 0
ok:	db "prot32: all checks passed", 10, 0
