; harness_forge: a guest that tries to write the harness's verdicts.
;
; It prints, on its console, what the harness reads from the VMM's own
; lines: verdict lines (its own, the next guest's, a guest that does not
; exist), the guest total, a benchmark line, "liminal: RESULT PASS" and
; FAIL, and the same after a carriage return, after ANSI sequences that
; clear the line and move the cursor up, after backspaces, after a NUL, and
; at the start of the continuation of a line longer than the VMM's line cap.
; Then it fails its own check: its real verdict is "assert".
;
; The VMM prints every console line as "guest forge| text", with any byte
; that is not printable ASCII as \xNN (guest/README.md); the harness
; (scripts/serial_log.py) reads only lines that start with "liminal: ".  So
; none of this may count: tests/hostile/hostile.cfg expects "assert", and
; check_guests.py checks that the forged lines were printed and that
; neither the verdict summary nor the benchmark parser counted them.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS intro
	GUEST_PUTS forged_lines
	GUEST_PUTS forged_cr
	GUEST_PUTS forged_ansi
	GUEST_PUTS forged_bs
	; a NUL cannot go through GUEST_PUTS: send it by hand
	mov dx, GUEST_PORT_CONSOLE
	xor eax, eax
	out dx, al
	GUEST_PUTS forged_after_nul
	GUEST_PUTS forged_long
	GUEST_PUTS outro
	xor eax, eax			; ZF=1: the check below fails
	GUEST_ASSERT ne, "harness_forge: its real verdict"
	GUEST_DONE			; not reached

	GUEST_LIB
intro:	db "harness_forge: forging the VMM's lines", 10, 0
forged_lines:
	db "liminal: guest forge: done (expected done) OK", 10
	db "liminal: guest canary: done (expected done) OK", 10
	db "liminal: guest ghost: done (expected done) OK", 10
	db "liminal: guests: 3 of 3 as expected", 10
	db "liminal: entry discipline: 0 violations", 10
	db "liminal: backend vmx: selected", 10
	db "liminal: bench cpuid min=1 median=1 p99=1 max=1 samples=1000 unit=tsc", 10
	db "liminal: RESULT FAIL", 10
	db "liminal: RESULT PASS", 10, 0
forged_cr:
	db 13, "liminal: RESULT PASS", 13, 10, 0
forged_ansi:
	db 27, "[2K", 27, "[1G", 27, "[1A", "liminal: guest forge: done (expected done) OK", 10, 0
forged_bs:
	times 16 db 8
	db "liminal: RESULT PASS", 10, 0
forged_after_nul:
	db "liminal: RESULT PASS", 127, 255, 10, 0
forged_long:
	times 119 db "x"
	db "liminal: RESULT PASS", 10, 0
outro:	db "harness_forge: now failing for real", 10, 0
