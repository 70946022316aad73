; SPDX-License-Identifier: GPL-2.0
;
; u32 __svm_vcpu_run(vmcb_pa [rdi], regs [rsi], host_save_pa [rdx])
;
; The register part of the SVM world switch; policy stays in C
; (vmm/svm/run.c), which calls this with CLGI done (GIF=0), RFLAGS.IF=1
; and the entry discipline already in guest state.  Returns 0 after a
; #VMEXIT, or the fault status of include/vmm/vmenter.h when VMLOAD or
; VMRUN faulted (its exception table fixup, below).
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
;   7) the exit hygiene of include/vmm/vmenter.h: every GPR but RSP and
;      RAX zeroed, then the return stack buffer as vcpu->vmenter_flags say
; RBP (the frame pointer: backtraces stay whole), RBX, R12 and R13 are
; restored; the others are zero, RAX is the status.
;
; A fault on VMLOAD or VMRUN (#UD with EFER.SVME clear, #GP on a VMCB
; address that is not page aligned or beyond the physical address width:
; APM Vol. 3 VMRUN, VMLOAD) resumes at its fixup with RAX = the status
; (vmm/host/traps.c, include/arch/extable.h), as KVM's vmenter.S entries
; do.  VMSAVE and the host's VMLOAD use addresses that have just worked
; (the VMCB's, and the host save area VMSAVEd at hardware_enable), so a
; fault there is corrupted state and stays fatal.

%include "vmm/vcpu_regs.inc"
%include "arch/extable.inc"

default rel

section .noinstr.text progbits alloc exec nowrite align=16

extern host_cpu_stats

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
.vmload:
	vmload				; [rax]

	; 2) guest GPRs; RSI (the base) last
	VCPU_LOAD_GPRS RSI

	; 3) the world switch: RAX = VMCB physical address (still in rax)
.vmrun:
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

	; 7) no guest value left but in regs; the RSB as the flags say
	VCPU_CLEAR_GPRS RAX
	mov eax, [rax + VCPU_REGS_VMENTER_FLAGS]
	VMENTER_RSB
	xor eax, eax			; a #VMEXIT
	VMENTER_CHECK_CLEAR
.out:
	add rsp, FRAME_SIZE
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

; VMRUN faulted: the guest never ran, but its GPRs and its VMLOAD state
; are in the CPU: the host's state back, the GPRs cleared.  RAX = status.
.vmrun_fault:
	push rax
	mov rax, [rsp + 8 + FRAME_HSAVE]
	vmload				; [rax]
	VCPU_CLEAR_GPRS RAX
	pop rax
	jmp .out

	; VMLOAD faulted: nothing of the guest's is loaded yet, RAX = status
	EXTABLE .vmload, .out, VMENTER_FAULT_VMLOAD
	EXTABLE .vmrun, .vmrun_fault, VMENTER_FAULT_VMRUN
