; state_check: every register class that no VMCB/VMCS holds must be at its
; architectural reset value when a guest starts (SDM Vol. 3A Table 10-1;
; XRSTOR's init state, Vol. 1 13.6), whatever the guest before it left
; (state_dirty, state_xsetbv): XCR0 1; x87 FCW 0x37F, FSW 0, every tag
; empty, FOP/FIP/FDP 0; MXCSR 0x1F80; ST/MM, XMM, and every extended XSAVE
; component (YMM, MPX, opmask, ZMM, PKRU) zero; CR2, KERNEL_GS_BASE, STAR,
; LSTAR, CSTAR, SFMASK and TSC_AUX 0; and CPUID.1 ECX.OSXSAVE follows this
; guest's CR4.OSXSAVE, not the host's.  The first one that is not ends the
; guest with an assert naming it (an XSAVE component also reports its
; number).
%include "guest.inc"
%include "state.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	STATE_FEATURES

%define AREA 0x80000		; 16 KiB of this guest's RAM for (F)XSAVE
%define AREA_SIZE 0x4000

; ZF = every byte of [AREA + %1, + %2) is zero
%macro AREA_ZERO 2
	mov rdi, AREA + %1
	mov ecx, %2
	xor eax, eax
	repe scasb
%endmacro

%macro AREA_CLEAR 0
	mov rdi, AREA
	mov ecx, AREA_SIZE
	xor eax, eax
	rep stosb
%endmacro

	; XCR0 first: nothing below may change it.  CPUID's OSXSAVE is
	; this guest's CR4.OSXSAVE, not the VMM's
	test r12d, STATE_HAS_XSAVE
	jz .legacy
	mov eax, 1
	xor ecx, ecx
	cpuid
	test ecx, CPUID1_ECX_OSXSAVE
	GUEST_ASSERT z, "CPUID.1 OSXSAVE set while CR4.OSXSAVE is clear"
	CR4_SET CR4_OSXSAVE
	xor ecx, ecx
	xgetbv
	cmp eax, 1
	GUEST_ASSERT e, "XCR0 is not its reset value 1"
	test edx, edx
	GUEST_ASSERT z, "XCR0 is not its reset value 1"

.legacy:
	; x87, MMX, SSE through FXSAVE: no x87 instruction ran before it
	CR4_SET CR4_OSFXSR | CR4_OSXMMEXCPT
	AREA_CLEAR
	mov rax, AREA
	fxsave64 [rax]
	cmp word [abs AREA + 0], 0x037f
	GUEST_ASSERT e, "x87 control word is not 0x37f"
	cmp word [abs AREA + 2], 0
	GUEST_ASSERT e, "x87 status word is not 0"
	cmp byte [abs AREA + 4], 0
	GUEST_ASSERT e, "x87 tags are not all empty"
	cmp word [abs AREA + 6], 0
	GUEST_ASSERT e, "x87 last opcode is not 0"
	cmp qword [abs AREA + 8], 0
	GUEST_ASSERT e, "x87 last instruction pointer is not 0"
	cmp qword [abs AREA + 16], 0
	GUEST_ASSERT e, "x87 last data pointer is not 0"
	cmp dword [abs AREA + 24], 0x1f80
	GUEST_ASSERT e, "MXCSR is not 0x1f80"
	AREA_ZERO 32, 128
	GUEST_ASSERT e, "x87/MMX registers ST0-7/MM0-7 are not 0"
	AREA_ZERO 160, 256
	GUEST_ASSERT e, "XMM0-15 are not 0"

	; every extended component the guest can enable, through XSAVE
	test r12d, STATE_HAS_XSAVE
	jz .regs
	STATE_FULL_XCR0
	mov eax, r13d
	xor edx, edx
	xor ecx, ecx
	xsetbv
	AREA_CLEAR
	mov eax, r13d
	xor edx, edx
	mov rdi, AREA
	xsave64 [rdi]
	mov r14d, 2
.component:
	bt r13d, r14d
	jnc .next
	mov eax, 0xd
	mov ecx, r14d
	cpuid				; eax size, ebx offset (standard form)
	mov rdi, AREA
	add rdi, rbx
	mov ecx, eax
	xor eax, eax
	repe scasb
	je .next
	GUEST_REPORT r14d		; keeps the flags
	GUEST_ASSERT e, "XSAVE component (number reported) is not in its reset state"
.next:
	inc r14d
	cmp r14d, 10
	jb .component
	mov eax, 1			; back to the reset value
	xor edx, edx
	xor ecx, ecx
	xsetbv

.regs:
	mov rax, cr2
	test rax, rax
	GUEST_ASSERT z, "CR2 is not 0"

%macro MSR_ZERO 2
	mov ecx, %1
	rdmsr
	or eax, edx
	GUEST_ASSERT z, %2
%endmacro
	MSR_ZERO MSR_KERNEL_GS_BASE, "KERNEL_GS_BASE is not 0"
	MSR_ZERO MSR_STAR, "STAR is not 0"
	MSR_ZERO MSR_LSTAR, "LSTAR is not 0"
	MSR_ZERO MSR_CSTAR, "CSTAR is not 0"
	MSR_ZERO MSR_SFMASK, "SFMASK is not 0"
	test r12d, STATE_HAS_TSC_AUX
	jz .no_rdtscp
	rdtscp
	test ecx, ecx
	GUEST_ASSERT z, "TSC_AUX (RDTSCP) is not 0"
.no_rdtscp:
	test r12d, STATE_HAS_RDPID
	jz .no_rdpid
	rdpid rax
	test rax, rax
	GUEST_ASSERT z, "TSC_AUX (RDPID) is not 0"
.no_rdpid:
	test r12d, STATE_HAS_TSC_AUX | STATE_HAS_RDPID
	jz .done
	MSR_ZERO MSR_TSC_AUX, "TSC_AUX is not 0"
.done:
	test r12d, STATE_HAS_XSAVE
	jz .no_osxsave
	mov eax, 1
	xor ecx, ecx
	cpuid
	test ecx, CPUID1_ECX_OSXSAVE
	GUEST_ASSERT nz, "CPUID.1 OSXSAVE clear while CR4.OSXSAVE is set"
.no_osxsave:
	GUEST_PUTS ok
	GUEST_DONE

	GUEST_LIB
hello:	db "state_check: looking for what an earlier guest left", 10, 0
ok:	db "state_check: every register class at its reset value", 10, 0
