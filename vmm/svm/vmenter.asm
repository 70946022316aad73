; SPDX-License-Identifier: GPL-2.0
;
; __svm_vcpu_run(vmcb_pa [rdi], regs [rsi], host_save_pa [rdx])
;
; The register part of the SVM world switch; policy stays in C
; (vmm/svm/run.c), which calls this with CLGI done (GIF=0), RFLAGS.IF=1
; and the entry discipline already in guest state.
;
; Not the C calling convention: RBP, RBX, R12, R13 and RSP are preserved,
; nothing else.  The asm statement in svm_vcpu_enter_exit() that calls it
; lists the rest as clobbered: the run loop keeps its pointers in the
; three it may, and the compiler saves whatever else it needs once per
; loop, not once per round trip (measured: three kept registers beat none
; and all six; tools/profile/roundtrip.sh).
;
; VMRUN itself switches RAX, RSP, RIP, RFLAGS, CR0/3/4, EFER, ES/CS/SS/DS,
; GDTR, IDTR, DR6/DR7 (APM Vol. 2 15.5); the host's copies go to the
; VM_HSAVE_PA page.  It does not switch FS, GS, TR, LDTR, KernelGsBase,
; STAR/LSTAR/CSTAR/SFMASK, SYSENTER_*: VMLOAD/VMSAVE move those between the
; CPU and a VMCB (15.5.2).  The host's were VMSAVEd into the host save page
; once, when SVM was enabled (svm.c).  In this order:
;   1) VMLOAD the guest's from its VMCB
;   2) load the guest GPRs from regs (guest RAX and RSP live in the VMCB)
;   3) VMRUN; on #VMEXIT the CPU is back here with the host's RAX
;      (= the VMCB address, restored from the host save area), RSP and RIP
;   4) VMSAVE the guest's back into its VMCB, while RAX still holds it
;   5) VMLOAD the host's (neither touches a GPR)
;   6) store the guest GPRs into regs
; RBP (the frame pointer: backtraces stay whole), RBX, R12 and R13 are
; restored; the others held guest values, which C never sees.

%include "vmm/vcpu_regs.inc"

default rel

section .noinstr.text progbits alloc exec nowrite align=16

; The arguments VMRUN does not give back, pushed below the saved registers.
%define FRAME_REGS 0
%define FRAME_HSAVE 8
%define FRAME_SIZE 16

global __svm_vcpu_run:function hidden
__svm_vcpu_run:
	push rbp
	push rbx
	push r12
	push r13
	push rdx
	push rsi

	; 1) guest FS/GS/TR/LDTR/syscall MSRs
	mov rax, rdi
	vmload				; [rax]

	; 2) guest GPRs; RSI (the base) last
	VCPU_LOAD_GPRS RSI

	; 3) the world switch: RAX = VMCB physical address (still in rax)
	vmrun				; [rax]

	; 4) guest FS/GS/TR/LDTR/syscall MSRs back into the VMCB: RAX is the
	;    host's again, the VMCB address
	vmsave				; [rax]
	; 5) the host's again
	mov rax, [rsp + FRAME_HSAVE]
	vmload				; [rax]

	; 6) guest GPRs back
	mov rax, [rsp + FRAME_REGS]
	VCPU_STORE_GPRS RAX

	add rsp, FRAME_SIZE
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret
