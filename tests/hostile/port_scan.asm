; port_scan: every I/O port, IN and OUT of byte, word and dword, as a guest
; that wants the host's hardware would.  First the ports that end, reset or
; reprogram a PC or the emulator, with the values that do it: the host UART
; (0x3f8-0x3ff), the PICs (0x20, 0xa0), the PIT (0x40-0x43), CMOS
; (0x70/0x71), PCI configuration (0xcf8/0xcfc), reset control (0xcf9) and
; fast reset (0x92), the keyboard controller's reset (0x64), QEMU's
; isa-debug-exit (0xf4), ACPI power-off (0x604, 0xb004), the firmware
; debug console (0x402), fw_cfg (0x510), Bochs's shutdown port (0x8900,
; "Shutdown") and 0x8a00; then IN and OUT of a byte on all 65536 ports,
; and of a word and a dword on the ISA range 0-0xfff and the top ports
; 0xfff0-0xffff (a dword there reaches past 0xffff).
; The ABI (guest/README.md): a port no device claims reads all-ones and a
; write to it is dropped (both counted).  The guest checks every read
; (except the ABI's own four ports, which it does not write either) and
; ends with verdict done: had a single OUT reached the machine, QEMU or
; Bochs would have reset, powered off or exited instead.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP

	lea rsi, [targeted]
.next:	movzx edx, word [rsi]
	movzx ecx, byte [rsi + 2]
	mov eax, [rsi + 3]
	test ecx, ecx
	jz .scan
	cmp ecx, 1
	jne .w
	out dx, al
	jmp .done1
.w:	cmp ecx, 2
	jne .d
	out dx, ax
	jmp .done1
.d:	out dx, eax
.done1:	add rsi, 7
	jmp .next

.scan:	GUEST_PUTS targeted_ok
	xor ebp, ebp				; port
.port:	cmp ebp, GUEST_PORT_CONSOLE
	je .skip
	cmp ebp, GUEST_PORT_TEST_DATA
	je .skip
	cmp ebp, GUEST_PORT_TEST_CMD
	je .skip
	cmp ebp, GUEST_PORT_SCRATCH
	je .skip
	mov edx, ebp
	mov rax, 0x1122334455667788
	in al, dx
	mov rbx, 0x11223344556677ff
	cmp rax, rbx
	jne .bad
	mov al, 0xfe
	out dx, al
	cmp ebp, 0x1000				; words and dwords: ISA and top
	jb .wide
	cmp ebp, 0xfff0
	jb .skip
.wide:	mov rax, 0x1122334455667788
	in ax, dx
	mov rbx, 0x112233445566ffff
	cmp rax, rbx
	jne .bad
	mov rax, 0x1122334455667788
	in eax, dx
	mov ebx, 0xffffffff			; a 32-bit IN zero-extends
	cmp rax, rbx
	jne .bad
	mov eax, 0xfefefefe
	out dx, ax
	out dx, eax
.skip:	inc ebp
	cmp ebp, 0x10000
	jb .port
	GUEST_PUTS scan_ok
	GUEST_DONE

.bad:	GUEST_REPORT ebp
	xor eax, eax
	test eax, eax
	GUEST_ASSERT nz, "an unclaimed port did not read all-ones"

	GUEST_LIB
	EXC_DATA
targeted_ok:	db "targeted writes: the machine is still here", 10, 0
scan_ok:	db "65536 ports, IN/OUT, 1/2/4 bytes: all-ones, nothing reached", 10, 0

%macro PORT 3
	dw %1
	db %2
	dd %3
%endmacro
targeted:
	PORT 0x3fb, 1, 0x80			; UART LCR: DLAB
	PORT 0x3f8, 1, 0x01			; divisor low
	PORT 0x3f9, 1, 0x00
	PORT 0x3fb, 1, 0x03
	PORT 0x3f8, 1, 'X'			; THR
	PORT 0x3fc, 1, 0x10			; MCR: loopback
	PORT 0x3f9, 1, 0x0f			; IER
	PORT 0x20, 1, 0x11			; PIC ICW1: re-initialise
	PORT 0x21, 1, 0x20
	PORT 0xa0, 1, 0x11
	PORT 0xa1, 1, 0x28
	PORT 0x21, 1, 0x00			; unmask everything
	PORT 0xa1, 1, 0x00
	PORT 0x43, 1, 0x30			; PIT channel 0, mode 0
	PORT 0x40, 1, 0x01
	PORT 0x40, 1, 0x00
	PORT 0x43, 1, 0xb6			; channel 2 (speaker)
	PORT 0x61, 1, 0x03
	PORT 0x70, 1, 0x8f			; CMOS shutdown status, NMI off
	PORT 0x71, 1, 0x0a			; resume through the 40:67 vector
	PORT 0x70, 1, 0x0b
	PORT 0x71, 1, 0x7f			; RTC register B: every interrupt
	PORT 0xcf8, 4, 0x80000004		; bus 0 dev 0 command register
	PORT 0xcfc, 4, 0x00000000		; disable decoding
	PORT 0xcf8, 4, 0x80001810		; a BAR
	PORT 0xcfc, 4, 0xffffffff
	PORT 0x64, 1, 0xfe			; keyboard controller: reset
	PORT 0x92, 1, 0x01			; fast reset
	PORT 0xcf9, 1, 0x02
	PORT 0xcf9, 1, 0x06			; hard reset
	PORT 0xcf9, 1, 0x0e			; full reset
	PORT 0xf4, 1, 0x00			; QEMU isa-debug-exit: exit(1)
	PORT 0xf4, 4, 0x10			; ... liminal's own pass code
	PORT 0x604, 2, 0x2000			; ACPI PM1a_CNT: S5 (QEMU q35/pc)
	PORT 0xb004, 2, 0x2000			; ACPI S5 (Bochs, old QEMU)
	PORT 0x4004, 2, 0x3400			; ACPI S5 (QEMU piix4 older)
	PORT 0x402, 1, 'X'			; firmware debug console
	PORT 0x510, 2, 0x0000			; fw_cfg selector
	PORT 0x511, 1, 0x00
	PORT 0x8900, 1, 'S'			; Bochs: "Shutdown"
	PORT 0x8900, 1, 'h'
	PORT 0x8900, 1, 'u'
	PORT 0x8900, 1, 't'
	PORT 0x8900, 1, 'd'
	PORT 0x8900, 1, 'o'
	PORT 0x8900, 1, 'w'
	PORT 0x8900, 1, 'n'
	PORT 0x8a00, 2, 0x8ae0			; Bochs debugger command
	PORT 0x8a00, 2, 0x8a01
	PORT 0xe9, 1, 10			; (the ABI console: a newline)
	PORT 0, 0, 0
