; priv_xsetbv: XSETBV with ECX=1 (only XCR0 exists), CR4.OSXSAVE set first.
; The CPU answers with #GP(0) (SDM "XSETBV"): the VMM checks the intercepted
; XSETBV as the CPU would (vmm/xcr0.c), and QEMU 7.2 raises it before it
; looks at the intercept.  The guest must get that #GP; the host's XCR0 and
; the next guest's are the state_* guests' business.  Verdict: done.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	mov rax, cr4
	bts rax, 18
	mov cr4, rax
	EXC_EXPECT faulted
	mov ecx, 1
	xor eax, eax
	xor edx, edx
	xsetbv
	GUEST_PUTS returned
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "XSETBV of XCR1 returned to the guest"
faulted:
	EXC_CHECK 13, "XSETBV of XCR1: not #GP"
	cmp qword [exc_error], 0
	GUEST_ASSERT e, "XSETBV of XCR1: #GP with an error code"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	EXC_DATA
returned:	db "the attack returned to the guest", 10, 0
ok:	db "XSETBV of XCR1: #GP(0)", 10, 0
