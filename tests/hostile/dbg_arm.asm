; placeholder
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_DONE
	GUEST_LIB
