; exc_df: a double fault the guest provokes and handles itself: a #GP
; (far jump to the null selector) whose gate is not present, so its
; delivery raises #NP, and two contributory exceptions make a #DF (SDM
; 6.15, Table 6-5).  The #DF reaches the guest's own handler; neither
; backend intercepts it.  Verdict done.
%include "guest.inc"
%include "hostile.inc"
	GUEST_LONG64
	GUEST_INIT
	EXC_SETUP
	EXC_GATE_OFF 13
	EXC_EXPECT caught
	jmp far [rel farptr]
farptr:	dd 0
	dw 0
caught:	EXC_CHECK 8, "not a #DF"
	cmp qword [exc_error], 0
	GUEST_ASSERT e, "#DF error code not 0"
	GUEST_PUTS ok
	GUEST_DONE
	GUEST_LIB
	EXC_DATA
ok:	db "#GP, #NP on delivery: #DF, handled by the guest", 10, 0
