; hc_ptr: bad pointers in the one hypercall that takes one,
; HC_BENCH_REPORT(type, gpa, count): the VMM reads and sorts `count` u64
; at `gpa` in place.  Each bad pointer must return HC_ERROR and touch
; nothing: outside RAM, straddling its end, at the end, in the MMIO
; window, wrapping around 2^64, a count whose byte size wraps, a count too
; large, bit 63 set; then every 2 MiB from the end of RAM to 4 GiB and
; every 4 KiB of 0xd000000-0xf000000 (where the VMM's image sits on
; QEMU/OVMF: a GPA equal to a host address must not reach it).  A good
; pointer still works.  Verdict done.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP

%macro BAD 2			; gpa, count
	mov rcx, %1
	mov rdx, %2
	call report
	cmp rax, HC_ERROR
	GUEST_ASSERT e, %str(HC_BENCH_REPORT gpa %1 count %2 accepted)
%endmacro

	; a good pointer: 4 samples, sorted in place
	mov rdi, GUEST_BENCH_BUF_GPA
	mov qword [rdi], 4
	mov qword [rdi + 8], 3
	mov qword [rdi + 16], 2
	mov qword [rdi + 24], 1
	mov rcx, rdi
	mov edx, 4
	call report
	test rax, rax
	GUEST_ASSERT z, "a good pointer refused"
	cmp qword [rdi], 1
	GUEST_ASSERT e, "a good pointer: not sorted"

	BAD GUEST_OUTSIDE_GPA, 1
	BAD GUEST_MEM_DEFAULT, 1
	BAD GUEST_MEM_DEFAULT - 8, 2
	BAD GUEST_MEM_DEFAULT - 4, 1
	BAD GUEST_MMIO_GPA, 1
	BAD GUEST_MMIO_GPA - 8, 2
	BAD 0xfffffffffffffff8, 1
	BAD 0xfffffffffffffff8, 2
	BAD 0x8000000000000000, 1
	BAD 0x8000000000010000, 1
	BAD 0x0010000000000000 - 8, 1
	BAD GUEST_LOAD_GPA, 0x2000000000000000	; count * 8 wraps to 0
	BAD GUEST_LOAD_GPA, 0x2000000000000001	; ... to 8
	BAD GUEST_LOAD_GPA, 0xffffffffffffffff
	BAD GUEST_LOAD_GPA, 100001		; over HC_MAX_BENCH_SAMPLES
	BAD 0, 0

	mov rbp, GUEST_MEM_DEFAULT
.big:	mov rcx, rbp
	mov edx, 1
	call report
	cmp rax, HC_ERROR
	jne .bad
	add rbp, 0x200000
	mov rax, 0x100000000
	cmp rbp, rax
	jb .big
	mov rbp, 0xd000000
.small:	mov rcx, rbp
	mov edx, 1
	call report
	cmp rax, HC_ERROR
	jne .bad
	add rbp, 0x1000
	cmp rbp, 0xf000000
	jb .small
	GUEST_PUTS ok
	GUEST_DONE
.bad:	mov rax, rbp
	shr rax, 12
	GUEST_REPORT eax
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "a GPA outside RAM accepted (page number above)"

report:	push rbx
	mov ebx, BENCH_EMPTY
	HYPERCALL HC_BENCH_REPORT
	pop rbx
	ret

	GUEST_LIB
	EXC_DATA
ok:	db "every bad pointer refused, the good one sorted", 10, 0
