; unhandled: INVD, which both backends intercept (SVM: the INVD intercept,
; exit 0x76; VMX: INVD always exits) and decode as VCPU_EXIT_UNHANDLED.
; Expected verdict: unhandled, with a state dump.
;
; QEMU 7.2's TCG checks the WBINVD intercept for INVD (fixed upstream in
; 2023), so under it INVD exits only if WBINVD is intercepted too.  On SVM
; (hypercalls by VMMCALL) a surviving guest says so and tries VMLOAD, which
; SVM always intercepts here and no backend emulates.
%include "guest.inc"
	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello
	invd
	GUEST_PUTS survived
	cmp byte [hc_vmcall], 0
	jne .fail
	GUEST_PUTS try_vmload
	mov eax, GUEST_BENCH_BUF_GPA	; a page-aligned address in RAM
	vmload
	GUEST_PUTS survived_vmload
.fail:
	GUEST_DONE

	GUEST_LIB
hello:	db "unhandled: executing INVD", 10, 0
survived: db "unhandled: INVD did not exit", 10, 0
try_vmload: db "unhandled: (QEMU 7.2 TCG checks the WBINVD intercept for INVD) trying VMLOAD", 10, 0
survived_vmload: db "unhandled: VMLOAD did not exit", 10, 0
