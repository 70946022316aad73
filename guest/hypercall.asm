; hypercall: arguments in rbx, rcx, rdx, rsi, result in rax.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello

	mov rbx, 0x123456789abcdef0
	HYPERCALL HC_ECHO
	mov rbx, 0x123456789abcdef0
	cmp rax, rbx
	GUEST_ASSERT e, "HC_ECHO"

	mov rbx, 1
	mov rcx, 20
	mov rdx, 300
	mov rsi, 0x100000000
	HYPERCALL HC_ADD
	mov rbx, 0x100000000 + 321
	cmp rax, rbx
	GUEST_ASSERT e, "HC_ADD"

	; the arguments survive the call
	cmp rcx, 20
	GUEST_ASSERT e, "rcx clobbered"
	mov rbx, 0x100000000
	cmp rsi, rbx
	GUEST_ASSERT e, "rsi clobbered"

	HYPERCALL HC_NOP
	test rax, rax
	GUEST_ASSERT z, "HC_NOP"

	HYPERCALL 0x7fff
	cmp rax, HC_ERROR
	GUEST_ASSERT e, "unknown hypercall did not fail"

	mov ebx, PARAM_ITERATIONS
	HYPERCALL HC_GET_PARAM
	cmp rax, 7			; demo.cfg: iterations=7
	GUEST_ASSERT e, "PARAM_ITERATIONS"
	GUEST_REPORT eax

	mov ebx, 12345
	HYPERCALL HC_GET_PARAM
	cmp rax, HC_ERROR
	GUEST_ASSERT e, "unknown parameter"

	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "hypercall: echo, add, nop, errors, parameters", 10, 0
ok:	db "hypercall: all checks passed", 10, 0
