; fault_csld: a far return to a code segment with L=1 and D=1, which real
; CPUs refuse with #GP in long mode but QEMU TCG loads; the next VMRUN is
; then refused (APM 15.5.1: CS.L=1 and CS.D=1 in long mode).  The VMM's
; report must name that field, read from the state the CPU refused, not
; claim the state passes every check.  CPUID leaf 0 is a fastpath exit, so
; the VMM re-enters without its own pre-VMRUN check (debug builds run it on
; every slow-path entry) and the CPU's refusal is what gets reported
; (expect=entry_failed; QEMU only: on
; Bochs the far return raises #GP, as on hardware).
%include "guest.inc"
%define SEL_CODE64_D 0x30
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	lgdt [gdtr]
	push SEL_CODE64_D
	lea rax, [bad_cs]
	push rax
	o64 retf
bad_cs:
	xor eax, eax
	xor ecx, ecx
	cpuid					; a fastpath exit: VMRUN at once
	GUEST_PUTS entered
	GUEST_DONE
	GUEST_LIB
	align 8
gdt:	dq 0
	dq 0x00af9b000000ffff			; 0x08 code64
	dq 0x00cf93000000ffff			; 0x10 data
	dq 0x00cf9b000000ffff			; 0x18 code32
	dq 0, 0					; 0x20 TSS
	dq 0x00ef9b000000ffff			; 0x30 code64 with D=1
gdtr:	dw 7 * 8 - 1
	dq gdt
hello:	db "fault_csld: CS with L=1 and D=1", 10, 0
entered: db "fault_csld: VMRUN took CS.L=1 with CS.D=1", 10, 0
