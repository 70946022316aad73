; fault_ptwalk: the guest's page tables point into the MMIO window.  A load
; through them makes the guest's own page walk read a "page table" in the
; window: the VMM must not emulate the load as an MMIO access (the fault is
; not the instruction's data access) but stop the guest and say so
; (expect=unhandled, "during the guest's page walk").  The access is a
; store, and the walk may write (accessed bits): if the VMM emulated it as
; the store, the device would take it and the guest would go on to
; GUEST_DONE.
%include "guest.inc"
%define VA_HIGH 0xffff800000000000		; PML4 slot 256
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	; PML4[256] -> a PDPT at the MMIO window's first page
	mov rax, GUEST_MMIO_GPA | 3		; present, writable
	mov rdi, GUEST_PML4_GPA + 256 * 8
	mov [rdi], rax
	mov rbx, VA_HIGH
	invlpg [rbx]
	mov [rbx], eax				; the walk reads GUEST_MMIO_GPA
	GUEST_PUTS emulated
	GUEST_DONE
	GUEST_LIB
hello:	db "fault_ptwalk: a page walk through the MMIO window", 10, 0
emulated: db "fault_ptwalk: the store went on: emulated from the walk", 10, 0
