; dbg_icebp: ICEBP (INT1, f1) raises one #DB, delivered past the
; instruction: VMX's #DB exit gives it as a privileged software exception
; with its length; SVM's #DB intercept does not see it (APM Vol. 2 15.12),
; the ICEBP intercept does.  Either way the core reflects it once.
; Expected verdict: done.
%include "guest.inc"
%include "dbg.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	DBG_GATE 1, db_handler
	DBG_LOAD_IDT
	db 0xf1				; icebp
	cmp qword [db_count], 1
	GUEST_ASSERT e, "ICEBP did not raise exactly one #DB past it"
	GUEST_PUTS ok
	GUEST_DONE

db_handler:
	inc qword [db_count]
	iretq

	GUEST_LIB
	DBG_IDT_DATA
db_count: dq 0
hello:	db "dbg_icebp: INT1", 10, 0
ok:	db "dbg_icebp: one #DB, past the instruction", 10, 0
