; portio: IN/OUT of every size to the scratch port and an unused port.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello

	mov dx, GUEST_PORT_SCRATCH
	mov eax, 0xdeadbeef
	out dx, eax
	xor eax, eax
	in eax, dx
	cmp eax, 0xdeadbeef
	GUEST_ASSERT e, "scratch dword"

	; 8- and 16-bit IN merge into rax
	mov rax, 0x1122334455667788
	in al, dx
	mov rbx, 0x11223344556677ef
	cmp rax, rbx
	GUEST_ASSERT e, "scratch byte merge"
	mov rax, 0x1122334455667788
	in ax, dx
	mov rbx, 0x112233445566beef
	cmp rax, rbx
	GUEST_ASSERT e, "scratch word merge"

	mov ax, 0x1234
	out dx, ax
	in eax, dx
	cmp eax, 0x1234
	GUEST_ASSERT e, "16-bit out"

	; nobody there: reads float high, 32-bit IN zero-extends
	mov dx, GUEST_PORT_UNUSED
	mov rax, -2
	in eax, dx
	mov ebx, 0xffffffff
	cmp rax, rbx
	GUEST_ASSERT e, "unused port dword"
	xor eax, eax
	in al, dx
	cmp eax, 0xff
	GUEST_ASSERT e, "unused port byte"
	out dx, al			; ignored, counted

	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "portio: scratch port and an unused one", 10, 0
ok:	db "portio: all checks passed", 10, 0
