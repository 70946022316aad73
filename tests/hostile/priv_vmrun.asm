; priv_vmrun: VMRUN with a guest-physical VMCB address (SVM: the guest runs with EFER.SVME=1, so only the intercept stands between it and the host's VMRUN)
; The attack must stop the guest (see hostile.cfg for the verdict); if
; the instruction returns or faults in the guest instead, the guest says
; so and ends with verdict assert.
%include "guest.inc"
%include "hostile.inc"
	ATTACK_BEGIN
	mov eax, 0x20000
	vmrun
	ATTACK_END
