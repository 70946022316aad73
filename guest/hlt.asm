; hlt: sti; hlt, woken by GUEST_WAKE_VECTOR, which the guest's IDT handles.
%include "guest.inc"
%define ROUNDS 3
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	GUEST_IDT_WAKE wake

	mov ecx, ROUNDS
.again:
	mov ebx, [wakeups]
	sti
	hlt
	cli
	mov eax, [wakeups]
	sub eax, ebx
	cmp eax, 1
	GUEST_ASSERT e, "woken without the wake-up interrupt"
	dec ecx
	jnz .again

	GUEST_REPORT [wakeups]
	GUEST_PUTS ok
	GUEST_DONE

wake:
	inc dword [wakeups]
	iretq

	GUEST_LIB
	GUEST_IDT_DATA
wakeups: dd 0
hello:	db "hlt: three sti;hlt, each woken by vector 0x40", 10, 0
ok:	db "hlt: all checks passed", 10, 0
