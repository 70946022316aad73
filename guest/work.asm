; work: the three sources of pending host work (vmm/vcpu_run.c), seen from
; a guest that runs long enough for host ticks to hit it:
;  1) NEED_RESCHED from the host tick: schedule() ran between round trips
;     (in xfer_to_guest_mode_handle_work() or in preempt_enable())
;  2) NOTIFY_RESUME: the tick-queued "flush statistics" task work ran
;  3) SIGPENDING: HC_STOP made vcpu_run() return -EINTR to vmm_main, which
;     resumed the guest: the hypercall returns 0 and the count went up
; Each wait is bounded: a source that never fires fails the guest.
%include "guest.inc"
%define SPIN 20000		; pause iterations between two polls
%define MAX_POLLS 4000

; WAIT_WORK which, min: poll HC_WORK_COUNT until it reaches min
%macro WAIT_WORK 2
	mov r12d, MAX_POLLS
%%poll:	mov ecx, SPIN
%%spin:	pause
	dec ecx
	jnz %%spin
	mov ebx, %1
	HYPERCALL HC_WORK_COUNT
	cmp rax, %2
	jae %%done
	dec r12d
	jnz %%poll
%%done:	cmp rax, %2
%endmacro

	GUEST_LONG64
	GUEST_INIT
	GUEST_PUTS hello

	WAIT_WORK WORK_RESCHED, 2
	GUEST_ASSERT ae, "no NEED_RESCHED work seen"
	GUEST_PUTS resched_ok

	WAIT_WORK WORK_TICK, 1
	GUEST_ASSERT ae, "no tick-queued task work ran"
	mov ebx, WORK_NOTIFY_RESUME
	HYPERCALL HC_WORK_COUNT
	cmp rax, 1
	GUEST_ASSERT ae, "NOTIFY_RESUME not counted"
	GUEST_PUTS notify_ok

	mov ebx, WORK_STOP
	HYPERCALL HC_WORK_COUNT
	mov r13, rax
	HYPERCALL HC_STOP
	test rax, rax
	GUEST_ASSERT z, "HC_STOP"
	mov ebx, WORK_STOP
	HYPERCALL HC_WORK_COUNT
	cmp rax, r13
	GUEST_ASSERT a, "the stop request was not seen"
	GUEST_PUTS stop_ok

	GUEST_DONE

	GUEST_LIB
hello:	db "work: waiting for reschedules, task work and a stop request", 10, 0
resched_ok: db "work: NEED_RESCHED handled", 10, 0
notify_ok: db "work: tick-queued task work ran (NOTIFY_RESUME)", 10, 0
stop_ok: db "work: stopped by HC_STOP and resumed", 10, 0
