; state_dirty: leaves a mark in every register class that no VMCB/VMCS
; holds, for the next guest (state_check) to look for: x87 (stack, control
; and status word), MMX, XMM0-15, MXCSR, YMM (AVX), opmask and ZMM
; (AVX-512), PKRU, XCR0, CR2, KERNEL_GS_BASE, STAR/LSTAR/CSTAR/SFMASK and
; TSC_AUX, each where this CPU has it.  It writes the MSRs with WRMSR: the
; VMM passes exactly these through (it switches them per vCPU).
%include "guest.inc"
%include "state.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	STATE_FEATURES

	CR4_SET CR4_OSFXSR | CR4_OSXMMEXCPT

	; MMX: every register a marker; EMMS empties the tags, not the
	; registers; the x87 pushes below overwrite two of them
	mov rax, 0x4d4d58204d41524b		; "KRAM XMM"
	movq mm0, rax
	movq mm1, rax
	movq mm2, rax
	movq mm3, rax
	movq mm4, rax
	movq mm5, rax
	movq mm6, rax
	movq mm7, rax
	emms

	; x87: round to zero, 53-bit precision; two values on the stack and
	; a masked zero divide in the status word
	fldcw [fcw_dirty]
	fld1
	fldz
	fdivp st1, st0
	fldpi

	; SSE: MXCSR round to zero, every XMM register a marker
	ldmxcsr [mxcsr_dirty]
	mov rax, 0x584d4d2d4b52414d		; "MARK-MMX"
	movq xmm0, rax
	movq xmm1, rax
	movq xmm2, rax
	movq xmm3, rax
	movq xmm4, rax
	movq xmm5, rax
	movq xmm6, rax
	movq xmm7, rax
	movq xmm8, rax
	movq xmm9, rax
	movq xmm10, rax
	movq xmm11, rax
	movq xmm12, rax
	movq xmm13, rax
	movq xmm14, rax
	movq xmm15, rax

	test r12d, STATE_HAS_XSAVE
	jz .no_xsave
	CR4_SET CR4_OSXSAVE
	STATE_FULL_XCR0
	mov eax, r13d
	xor edx, edx
	xor ecx, ecx
	xsetbv				; XCR0: everything, left so
	xgetbv
	cmp eax, r13d
	GUEST_ASSERT e, "XSETBV of the full XCR0 did not take"

	test r12d, STATE_HAS_AVX
	jz .no_xsave
	vcmpps ymm0, ymm0, ymm0, 15	; all ones, upper halves included
	vcmpps ymm7, ymm7, ymm7, 15
	vcmpps ymm8, ymm8, ymm8, 15
	vcmpps ymm15, ymm15, ymm15, 15

	test r12d, STATE_HAS_AVX512
	jz .no_xsave
	test r13d, 0xe0
	jz .no_xsave
	kxnorw k1, k1, k1
	kxnorw k7, k7, k7
	vpternlogd zmm1, zmm1, zmm1, 0xff
	vpternlogd zmm16, zmm16, zmm16, 0xff
	vpternlogd zmm31, zmm31, zmm31, 0xff
.no_xsave:

	test r12d, STATE_HAS_PKU
	jz .no_pku
	CR4_SET CR4_PKE
	xor ecx, ecx
	xor edx, edx
	mov eax, 0x55550000		; keys 8-15 access-disabled
	wrpkru
.no_pku:

	mov rax, 0xc2c2c2c2c2c2c2c2
	mov cr2, rax

	mov ecx, MSR_KERNEL_GS_BASE
	mov edx, 0x00001234
	mov eax, 0x56789abc
	wrmsr
	mov ecx, MSR_STAR
	mov edx, 0x00230010
	mov eax, 0x5354a752
	wrmsr
	mov ecx, MSR_LSTAR
	mov edx, 0x00004c53
	mov eax, 0x5441521c
	wrmsr
	mov ecx, MSR_CSTAR
	mov edx, 0x00004353
	mov eax, 0x5441521c
	wrmsr
	mov ecx, MSR_SFMASK
	xor edx, edx
	mov eax, 0x00004700
	wrmsr
	test r12d, STATE_HAS_TSC_AUX | STATE_HAS_RDPID
	jz .no_tsc_aux
	mov ecx, MSR_TSC_AUX
	xor edx, edx
	mov eax, 0x7a5c
	wrmsr
.no_tsc_aux:

	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
fcw_dirty:	dw 0x0e7f
mxcsr_dirty:	dd 0x7f80
hello:	db "state_dirty: marking every register class the hardware does not switch", 10, 0
ok:	db "state_dirty: all marked", 10, 0
