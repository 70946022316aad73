; state_xsetbv: XSETBV as a guest may try it.  The VMM must answer each
; illegal one as the hardware does -- #UD with CR4.OSXSAVE clear, #GP for
; bit 0 clear, AVX without SSE, a bit the CPU lacks, a partial AVX-512
; set, ECX != 0 (SDM Vol. 2C "XSETBV") -- and take the legal ones, so
; that XGETBV reads them back.  It ends with XCR0 = x87|SSE, for the
; state_check after it to find reset again.  The faults are caught by
; this guest's own #UD and #GP handlers, which note the vector and step
; over the 3-byte XSETBV.
%include "guest.inc"
%include "state.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	STATE_FEATURES
	lea rax, [ud_handler]
	mov edi, 6
	call set_gate
	lea rax, [gp_handler]
	mov edi, 13
	call set_gate
	lidt [idtr]

; XSETBV(ECX = %1, EDX:EAX = %2:%3) must raise vector %4 (0 = none)
%macro TRY_XSETBV 5
	mov byte [fault], 0xff
	mov ecx, %1
	mov edx, %2
	mov eax, %3
	xsetbv
	cmp byte [fault], %4
	GUEST_ASSERT e, %5
%endmacro
; no fault recorded = 0xff; #UD = 6, #GP = 13
%define NONE 0xff

	TRY_XSETBV 0, 0, 1, 6, "XSETBV with CR4.OSXSAVE=0 did not #UD"
	test r12d, STATE_HAS_XSAVE
	jz .done
	CR4_SET CR4_OSXSAVE
	TRY_XSETBV 0, 0, 0, 13, "XCR0 = 0 (bit 0 clear) did not #GP"
	TRY_XSETBV 0, 0, 2, 13, "XCR0 = 2 (bit 0 clear) did not #GP"
	TRY_XSETBV 0, 0, 5, 13, "XCR0 = 5 (AVX without SSE) did not #GP"
	TRY_XSETBV 0, 0, 0x103, 13, "XCR0 bit 8 (not an XCR0 bit) did not #GP"
	TRY_XSETBV 0, 0x80000000, 1, 13, "XCR0 bit 63 did not #GP"
	TRY_XSETBV 1, 0, 1, 13, "XSETBV with ECX=1 did not #GP"
	TRY_XSETBV 0, 0, 3, NONE, "XCR0 = 3 (x87 SSE) faulted"
	xor ecx, ecx
	xgetbv
	cmp eax, 3
	GUEST_ASSERT e, "XGETBV does not read back 3"
	test r12d, STATE_HAS_AVX
	jz .no_avx
	TRY_XSETBV 0, 0, 7, NONE, "XCR0 = 7 (x87 SSE AVX) faulted"
	xor ecx, ecx
	xgetbv
	cmp eax, 7
	GUEST_ASSERT e, "XGETBV does not read back 7"
	test r12d, STATE_HAS_AVX512
	jz .no_avx512
	TRY_XSETBV 0, 0, 0x27, 13, "XCR0 with part of AVX-512 did not #GP"
	TRY_XSETBV 0, 0, 0xe3, 13, "XCR0 with AVX-512 but no AVX did not #GP"
.no_avx512:
	; the registers of a component survive an XCR0 that keeps it
	TRY_XSETBV 0, 0, 3, NONE, "XCR0 = 3 after 7 faulted"
.no_avx:
	xor ecx, ecx
	xgetbv
	cmp eax, 3
	GUEST_ASSERT e, "XCR0 did not stay at 3 after the refused XSETBVs"
.done:
	GUEST_PUTS ok
	GUEST_DONE

; IDT gate %edi -> rax: present, DPL 0, 64-bit interrupt gate
set_gate:
	shl edi, 4
	lea rdx, [idt]
	add rdi, rdx
	mov [rdi], ax
	mov word [rdi + 2], GUEST_SEL_CODE64
	mov word [rdi + 4], 0x8e00
	shr rax, 16
	mov [rdi + 6], ax
	shr rax, 16
	mov [rdi + 8], eax
	mov dword [rdi + 12], 0
	ret

ud_handler:
	mov byte [fault], 6
	add qword [rsp], 3		; RIP past the XSETBV
	iretq
gp_handler:
	mov byte [fault], 13
	add rsp, 8			; the error code
	add qword [rsp], 3
	iretq

	GUEST_LIB
fault:	db 0
	align 16
idt:	times 16 * 16 db 0
idtr:	dw 16 * 16 - 1
	dq idt
hello:	db "state_xsetbv: illegal XSETBVs fault, legal ones take", 10, 0
ok:	db "state_xsetbv: every XSETBV answered as hardware does", 10, 0
