; bench: round trips of each exit type, timed with RDTSC from inside the
; guest.  For each BENCH_* type: PARAM_ITERATIONS samples of
; "lfence; rdtsc; <exit>; lfence; rdtsc" (BENCH_EMPTY: nothing between the
; two reads, the baseline), stored as u64 deltas at GUEST_BENCH_BUF_GPA and
; handed over with HC_BENCH_REPORT; the VMM sorts and prints them outside
; any timed region.  HLT is woken at once (config idle=0).  Each exit's
; timed region also holds the one or two instructions that set it up (the
; CPUID leaf, the port number, the MSR index, the hypercall number).
%include "guest.inc"
%define MAX_SAMPLES 100000

; The delta into rax.  rdtsc leaves EDX:EAX; the start's halves wait in
; r8/r9 and are combined after the end's read, so the timed region holds
; two instructions of the timing itself (the MOVs) besides the exit.
%macro TSC_START 0
	lfence
	rdtsc
	mov r8d, eax
	mov r9d, edx
%endmacro

%macro TSC_END 0
	lfence
	rdtsc
	shl rdx, 32
	or rax, rdx
	shl r9, 32
	or r8, r9
	sub rax, r8
%endmacro

; BENCH type, label of a routine with the exit to time (or 0: empty)
%macro BENCH 1-2
	mov rdi, GUEST_BENCH_BUF_GPA
	mov r12, r15
%%loop:	TSC_START
%if %0 == 2
	%2
%endif
	TSC_END
	mov [rdi], rax
	add rdi, 8
	dec r12
	jnz %%loop
	mov ebx, %1
	mov rcx, GUEST_BENCH_BUF_GPA
	mov rdx, r15
	HYPERCALL HC_BENCH_REPORT
	test rax, rax
	GUEST_ASSERT z, "HC_BENCH_REPORT refused"
%endmacro

%macro OP_CPUID 0
	xor eax, eax
	xor ecx, ecx
	cpuid
%endmacro

%macro OP_VMMCALL 0
	mov eax, HC_NOP
	vmmcall
%endmacro

%macro OP_VMCALL 0
	mov eax, HC_NOP
	vmcall
%endmacro

; rdtsc clobbers EDX: the port number is loaded inside the timed region
%macro OP_OUT 0
	mov dx, GUEST_PORT_SCRATCH
	out dx, eax
%endmacro

%macro OP_IN 0
	mov dx, GUEST_PORT_SCRATCH
	in eax, dx
%endmacro

%macro OP_MMIO_READ 0
	mov eax, [rsi]
%endmacro

%macro OP_MMIO_WRITE 0
	mov [rsi], eax
%endmacro

%macro OP_RDMSR 0
	mov ecx, GUEST_MSR_SCRATCH
	rdmsr
%endmacro

%macro OP_HLT 0
	sti
	hlt
	cli
%endmacro

	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	GUEST_IDT_WAKE wake

	mov ebx, PARAM_ITERATIONS
	HYPERCALL HC_GET_PARAM
	mov r15, rax
	cmp r15, MAX_SAMPLES
	GUEST_ASSERT be, "too many iterations for the sample buffer"
	GUEST_REPORT r15d

	BENCH BENCH_EMPTY
	BENCH BENCH_CPUID, OP_CPUID
	cmp byte [hc_vmcall], 0
	jne .vmcall
	BENCH BENCH_VMMCALL, OP_VMMCALL
	jmp .io
.vmcall:
	BENCH BENCH_VMMCALL, OP_VMCALL
.io:
	BENCH BENCH_PORT_OUT, OP_OUT
	BENCH BENCH_PORT_IN, OP_IN
	mov rsi, GUEST_MMIO_GPA + GUEST_MMIO_REG_SCRATCH
	BENCH BENCH_MMIO_READ, OP_MMIO_READ
	mov rsi, GUEST_MMIO_GPA + GUEST_MMIO_REG_SCRATCH
	BENCH BENCH_MMIO_WRITE, OP_MMIO_WRITE
	BENCH BENCH_MSR_READ, OP_RDMSR
	BENCH BENCH_HLT, OP_HLT

	GUEST_PUTS ok
	GUEST_DONE

wake:
	iretq

	GUEST_LIB
	GUEST_IDT_DATA
hello:	db "bench: timing round trips with rdtsc", 10, 0
ok:	db "bench: done", 10, 0
