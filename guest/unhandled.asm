; unhandled: INVD, which both backends intercept (SVM: INVD intercept, exit
; 0x76; VMX: INVD always exits) and decode as VCPU_EXIT_UNHANDLED.
; Expected verdict: unhandled, with a state dump.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	invd
	GUEST_PUTS survived
	GUEST_DONE

	GUEST_LIB
hello:	db "unhandled: executing INVD", 10, 0
survived: db "unhandled: INVD did not exit", 10, 0
