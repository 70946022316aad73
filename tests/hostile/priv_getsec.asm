; priv_getsec: GETSEC[CAPABILITIES] (SMX).  GETSEC is #UD without
; CR4.SMXE, and CR4.SMXE can be set only on a CPU with SMX (CPUID.1:ECX[6]):
; elsewhere MOV to CR4 raises #GP(0) (SDM "MOV to CR4"), which the VMM's
; CR4 rules (vmm/cr_rules.c) give as the CPU would.  On a CPU with SMX
; GETSEC exits unconditionally in VMX non-root operation and the VMM stops
; the guest (unhandled).  None of our platforms has SMX, so the guest
; checks the #GP, then that GETSEC without SMXE is #UD in the guest.
; Verdict: done (hostile.cfg skips it where SMX may exist).
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	mov eax, 1
	xor ecx, ecx
	cpuid
	bt ecx, 6
	GUEST_ASSERT nc, "this CPU has SMX: the attack needs a VMX stop"
	EXC_EXPECT cr4_faulted
	mov rax, cr4
	bts rax, 14
	mov cr4, rax
	GUEST_PUTS returned
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "CR4.SMXE set without SMX"
cr4_faulted:
	EXC_CHECK 13, "CR4.SMXE without SMX: not #GP"
	EXC_EXPECT ud
	xor eax, eax
	xor ebx, ebx
	getsec
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "GETSEC without CR4.SMXE returned"
ud:	EXC_CHECK 6, "GETSEC without CR4.SMXE: not #UD"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	EXC_DATA
returned:	db "the attack returned to the guest", 10, 0
ok:	db "CR4.SMXE: #GP(0); GETSEC: #UD", 10, 0
