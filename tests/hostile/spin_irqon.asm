; spin_irqon: STI and a loop without exits: only the host tick ends it
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	EXC_EXPECT faulted
	sti
	spin: jmp spin
	GUEST_PUTS returned
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "the attack returned to the guest"
faulted:
	GUEST_PUTS fault
	mov eax, [exc_vector]
	GUEST_REPORT eax
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "the attack faulted in the guest"
	GUEST_LIB
	EXC_DATA
returned:	db "the attack returned to the guest", 10, 0
fault:	db "the attack faulted in the guest (vector follows)", 10, 0
