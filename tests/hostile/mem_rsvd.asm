; mem_rsvd: a guest page-table entry naming a physical address with bit 51
; set, above MAXPHYADDR (52 bits at most): the CPU's own #PF with the
; reserved-bit flag, delivered to the guest; the VMM never sees a GPA.
; (If MAXPHYADDR were 52 the address is a real one, outside RAM, and the
; verdict would be mem_violation.)  Verdict done.
%include "guest.inc"
%include "hostile.inc"
%define PDPT 0x180000
%define PD 0x181000
%define VA 0x8000000000
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	EXC_EXPECT faulted
	mov rbx, 0x0008000000000000		; bit 51
	mov edi, PDPT
	xor eax, eax
	mov ecx, 1024
	rep stosq
	lea rax, [rbx + 0x83]
	mov [abs PD], rax
	mov qword [abs PDPT], PD + 3
	mov qword [abs GUEST_PML4_GPA + 8], PDPT + 3
	mov rax, cr3
	mov cr3, rax
	mov rax, VA
	mov [rax], rbx
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "the store returned"
faulted:
	EXC_CHECK 14, "not a #PF"
	test byte [exc_error], 8
	GUEST_ASSERT nz, "#PF without the reserved-bit flag"
	GUEST_DONE
	GUEST_LIB
	EXC_DATA
