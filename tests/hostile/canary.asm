; canary: a normal guest that proves the VMM still works after an attack.
; It goes through every kind of exit a guest of the ABI has (CPUID, a
; hypercall, port I/O, MMIO, an MSR) and checks each result; verdict done.
; Every group of attacks in tests/hostile/*.cfg ends with one.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT

	; CPUID: the VMM's own leaf and its signature "LiminalVMM\0\0"
	mov eax, GUEST_CPUID_HV_BASE
	xor ecx, ecx
	cpuid
	cmp eax, GUEST_CPUID_HV_FEATURES
	GUEST_ASSERT e, "CPUID max leaf"
	cmp ebx, 0x696d694c			; "Limi"
	GUEST_ASSERT e, "CPUID signature"
	cmp edx, 0x00004d4d			; "MM\0\0"
	GUEST_ASSERT e, "CPUID signature end"

	; hypercalls: add and echo, and an unknown number
	mov rbx, 0x100000000
	mov rcx, 2
	mov rdx, 3
	mov rsi, 4
	HYPERCALL HC_ADD
	mov rbx, 0x100000009
	cmp rax, rbx
	GUEST_ASSERT e, "HC_ADD"
	mov rbx, 0x123456789abcdef0
	HYPERCALL HC_ECHO
	cmp rax, rbx
	GUEST_ASSERT e, "HC_ECHO"
	HYPERCALL 0x7fff
	cmp rax, HC_ERROR
	GUEST_ASSERT e, "unknown hypercall"

	; port I/O: the scratch port keeps a value; an unused one floats high
	mov dx, GUEST_PORT_SCRATCH
	mov eax, 0xc0ffee11
	out dx, eax
	xor eax, eax
	in eax, dx
	cmp eax, 0xc0ffee11
	GUEST_ASSERT e, "scratch port"
	mov dx, GUEST_PORT_UNUSED
	xor eax, eax
	in eax, dx
	cmp eax, 0xffffffff
	GUEST_ASSERT e, "unused port"

	; MMIO: the ID register and a scratch register
	mov rbx, GUEST_MMIO_GPA
	mov eax, [rbx + GUEST_MMIO_REG_ID]
	cmp eax, GUEST_MMIO_ID_VALUE
	GUEST_ASSERT e, "MMIO ID"
	mov rdx, 0x0badcafe0badf00d
	mov [rbx + GUEST_MMIO_REG_SCRATCH + 8], rdx
	xor eax, eax
	mov rax, [rbx + GUEST_MMIO_REG_SCRATCH + 8]
	cmp rax, rdx
	GUEST_ASSERT e, "MMIO scratch"

	; MSRs: write and read the scratch MSR, read the ID MSR
	mov ecx, GUEST_MSR_SCRATCH
	mov eax, 0x76543210
	mov edx, 0xfedcba98
	wrmsr
	xor eax, eax
	xor edx, edx
	rdmsr
	cmp eax, 0x76543210
	GUEST_ASSERT e, "scratch MSR low"
	cmp edx, 0xfedcba98
	GUEST_ASSERT e, "scratch MSR high"
	mov ecx, GUEST_MSR_ID
	rdmsr
	cmp eax, GUEST_MMIO_ID_VALUE
	GUEST_ASSERT e, "ID MSR"

	; RAM: the image reads back what it wrote, past the first page
	mov rdi, GUEST_LOAD_GPA + 0x2000
	mov rbx, 0x5a5a5a5aa5a5a5a5
	mov [rdi], rbx
	mov rax, [rdi]
	cmp rax, rbx
	GUEST_ASSERT e, "RAM"

	GUEST_PUTS alive
	GUEST_DONE
	GUEST_LIB
alive:	db "canary: CPUID, hypercall, port, MMIO, MSR as the ABI says", 10, 0
