; priv_pm: WRMSR IA32_PERF_CTL (0x199): the host's P-state
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov ecx, 0x199
	mov eax, 0xff00
	xor edx, edx
	wrmsr
	ATTACK_END
