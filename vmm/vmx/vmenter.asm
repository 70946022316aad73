; SPDX-License-Identifier: GPL-2.0
;
; The VMX hardware boundary, and nothing else: load the guest's GPRs from
; struct vcpu_regs, VMLAUNCH or VMRESUME, and on VM exit (HOST_RIP =
; vmx_vmexit) save the guest's GPRs and leave none of them in a host
; register.  Not the C calling convention: RBP, RBX, R12, R13 and RSP are
; preserved, nothing else; the asm statement in vmm/vmx/run.c that calls
; __vmx_vcpu_run lists the rest as clobbered, so the run loop keeps its
; pointers in those three and the compiler saves what else it needs once
; per loop, not once per round trip (as SVM).  VM-fail (CF or ZF after
; VMLAUNCH/VMRESUME) is returned to C; every decision about it is made
; there (vmm/vmx/run.c, exit.c).  A fault on VMLAUNCH/VMRESUME (#UD outside
; VMX operation, KVM's kvm_rebooting case) resumes at .fault through the
; exception table, as KVM's vmenter.S does, and is returned to C too.
;
; Also the synthetic-frame dispatch of an event through the host IDT
; (vmx_do_interrupt_irqoff, vmx_do_nmi_irqoff), as Linux's
; VMX_DO_EVENT_IRQOFF: the handler's IRETQ returns here.
;
; VMCS encodings, VMX_NO_EXIT, the register file's offsets and the host
; IDT stub size come from C (asm-offsets.inc, through vcpu_regs.inc).
%include "vmm/vcpu_regs.inc"
%include "arch/extable.inc"

default rel
section .noinstr.text progbits alloc exec nowrite align=16

extern host_idt_stubs
extern host_cpu_stats

; u32 __vmx_vcpu_run(struct vcpu_regs *regs (rdi), u64 *host_rsp (rsi),
;                    bool launched (dl))
; Returns VM_EXIT_REASON after a VM exit, VMX_NO_EXIT (0xffffffff, vmx.h)
; after a VM-fail, the fault status of include/vmm/vmenter.h after a
; fault, in EAX.  IRQs are off.
global __vmx_vcpu_run:function hidden
__vmx_vcpu_run:
	push rbp
	mov rbp, rsp
	push rbx
	push r12
	push r13
	push rdi		; regs: found again at [rsp] after the exit

	; 1) HOST_RSP = this stack pointer, written only when it changed
	cmp rsp, [rsi]
	je .host_rsp_ok
	mov [rsi], rsp
	mov eax, VMCS_HOST_RSP
	vmwrite rax, rsp
	jna .vmfail
.host_rsp_ok:
	; 2) ZF = !launched: MOVs below keep the flags for the jump
	test dl, dl
	mov rax, rdi
	VCPU_LOAD_GPRS RAX
	mov rax, [rax + VCPU_RAX]
	; 3) enter the guest
	jnz .vmresume
.vmlaunch:
	vmlaunch
	jmp .vmfail		; VMLAUNCH and VMRESUME fall through on VM-fail
.vmresume:
	vmresume
.vmfail:
	VCPU_CLEAR_GPRS RAX	; the guest's, loaded for nothing
	mov eax, VMX_NO_EXIT
	jmp .out

; VMLAUNCH/VMRESUME faulted: the guest's GPRs are loaded, RAX = status.
.fault:
	VCPU_CLEAR_GPRS RAX
	jmp .out

	EXTABLE .vmlaunch, .fault, VMENTER_FAULT_VMLAUNCH
	EXTABLE .vmresume, .fault, VMENTER_FAULT_VMRESUME

; VM exit: RSP = HOST_RSP (pointing at the saved regs pointer), all other
; registers hold the guest's values, RFLAGS = 0x2 (IRQs off).  In this
; order (include/vmm/vmenter.h): the guest's GPRs into regs, every GPR but
; RSP and RAX zeroed, the RSB as vcpu->vmenter_flags say, then the exit
; reason; falls through to the common return.
global vmx_vmexit:function hidden
vmx_vmexit:
	push rax
	mov rax, [rsp + 8]
	pop qword [rax + VCPU_RAX]
	VCPU_STORE_GPRS RAX
	VCPU_CLEAR_GPRS RAX
	mov eax, [rax + VCPU_REGS_VMENTER_FLAGS]
	VMENTER_RSB
	mov eax, VMCS_EXIT_REASON
	vmread rax, rax
	VMENTER_CHECK_CLEAR
__vmx_vcpu_run.out:
	add rsp, 8
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

; Build the frame the CPU would push for an event taken at CPL 0 (SS, RSP,
; RFLAGS with IF=0, CS, RIP) on a 16-byte aligned stack, and enter the
; host's IDT stub; its IRETQ comes back to .ret_from_event.
%macro EVENT_FRAME_CALL 1
	push rbp
	mov rbp, rsp
	and rsp, -16
	xor eax, eax
	mov ax, ss
	push rax
	push rbp
	pushfq
	and qword [rsp], ~(1 << 9)
	mov ax, cs
	push rax
	call %1
	leave
	ret
%endmacro

; void vmx_do_interrupt_irqoff(void *idt_stub (rdi)): the external
; interrupt acknowledged on VM exit.  Called from handle_exit_irqoff, after
; guest_state_exit_irqoff(): ordinary text, so its indirect call is outside
; the noinstr region.
section .text
global vmx_do_interrupt_irqoff:function hidden
vmx_do_interrupt_irqoff:
	EVENT_FRAME_CALL rdi

; void vmx_do_nmi_irqoff(void): the NMI that caused the VM exit, through
; the host's NMI entry (which runs irqentry_nmi_enter()/exc_nmi()/
; irqentry_nmi_exit()); its IRETQ also unblocks NMIs.  A direct call, so
; the noinstr checker can follow it.
section .noinstr.text
global vmx_do_nmi_irqoff:function hidden
vmx_do_nmi_irqoff:
	EVENT_FRAME_CALL host_idt_stubs + X86_TRAP_NMI * HOST_IDT_STUB_SIZE
