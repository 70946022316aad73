; fault_idt: the guest's IDT is in the MMIO window.  A #GP (a load from a
; non-canonical address) makes the CPU read the IDT there while delivering
; it: the VMM must not emulate the faulting load as an MMIO access but stop
; the guest and say so (expect=unhandled, "while delivering an event").
; If the VMM emulated it, the load would be skipped with a value from the
; device and the guest would go on to GUEST_DONE.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	lidt [idtr]
	mov rbx, 0x8000000000000000		; non-canonical: #GP
	mov eax, [rbx]
	GUEST_PUTS emulated
	GUEST_DONE
	GUEST_LIB
idtr:	dw 0xff
	dq GUEST_MMIO_GPA + 0x800
hello:	db "fault_idt: an IDT in the MMIO window", 10, 0
emulated: db "fault_idt: the load went on: emulated from the delivery", 10, 0
