; dbg_dbloop: the pattern of CVE-2015-8104.  DR0 watches the guest's own
; #DB stack (read/write, 8 bytes) and the guest single-steps: on a CPU that
; ran the guest's breakpoints, delivering the #DB writes the frame, hits
; the breakpoint, raises #DB again, and the CPU never reaches an
; instruction boundary (no interrupt, no exit) -- liminal hung on Bochs/VMX
; past max_ticks and max_exits.  Now the breakpoint never reaches the CPU
; and every #DB is an exit: the handler returns with TF still set, so the
; guest single-steps "jmp $" forever, one #DB exit per instruction, until
; the max_exits watchdog ends it.
; Expected verdict: timeout.
%include "guest.inc"
%include "dbg.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	DBG_GATE 1, db_handler
	DBG_LOAD_IDT
	lea rsp, [stack_top]
	lea rax, [stack_top - 8]	; where the #DB frame's SS goes
	mov dr0, rax
	mov rax, 0x000b0401		; L0, R/W0 = 11 (read/write), LEN0 = 10 (8)
	mov dr7, rax
	pushfq
	or qword [rsp], 0x100		; TF
	popfq
.forever:
	jmp .forever

db_handler:
	inc qword [db_count]
	iretq				; TF stays set in the frame

	GUEST_LIB
	DBG_IDT_DATA
	align 16
db_count: dq 0
	times 512 db 0
	align 16
stack_top:
hello:	db "dbg_dbloop: a data breakpoint on the #DB stack, TF set", 10, 0
