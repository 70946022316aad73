// SPDX-License-Identifier: GPL-2.0
/*
 * Exit dispatch: a const table indexed by the neutral exit kind, and a loud
 * default (include/vmm/exit.h).  No vendor names here: the backend already
 * turned its raw exit code into a struct vcpu_exit.
 */
#include <liminal/errno.h>
#include <lib/string.h>
#include <vmm/debugreg.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <lib/printk.h>

const vcpu_exit_handler_t vcpu_exit_handlers[VCPU_NR_EXIT_KINDS] = {
	[VCPU_EXIT_NONE] = vcpu_exit_none,
	[VCPU_EXIT_CPUID] = vcpu_emulate_cpuid,
	[VCPU_EXIT_IO] = vcpu_emulate_io,
	[VCPU_EXIT_MMIO] = vcpu_emulate_mmio,
	[VCPU_EXIT_MSR_READ] = vcpu_emulate_msr_read,
	[VCPU_EXIT_MSR_WRITE] = vcpu_emulate_msr_write,
	[VCPU_EXIT_HLT] = vcpu_emulate_hlt,
	[VCPU_EXIT_HYPERCALL] = vcpu_emulate_hypercall,
	[VCPU_EXIT_DR_ACCESS] = vcpu_emulate_dr,
	[VCPU_EXIT_EXCEPTION] = vcpu_emulate_exception, /* #DB, #AC; or stop */
	/* the kinds that end a guest: dump, verdict, report */
	[VCPU_EXIT_MEM_VIOLATION] = vcpu_exit_stop_guest,
	[VCPU_EXIT_SHUTDOWN] = vcpu_exit_stop_guest,
	[VCPU_EXIT_ENTRY_FAILED] = vcpu_exit_stop_guest,
	[VCPU_EXIT_UNHANDLED] = vcpu_exit_stop_guest,
};

static const char *const kind_names[VCPU_NR_EXIT_KINDS] = {
	[VCPU_EXIT_NONE] = "none",
	[VCPU_EXIT_CPUID] = "cpuid",
	[VCPU_EXIT_IO] = "io",
	[VCPU_EXIT_MMIO] = "mmio",
	[VCPU_EXIT_MSR_READ] = "msr_read",
	[VCPU_EXIT_MSR_WRITE] = "msr_write",
	[VCPU_EXIT_HLT] = "hlt",
	[VCPU_EXIT_HYPERCALL] = "hypercall",
	[VCPU_EXIT_DR_ACCESS] = "dr_access",
	[VCPU_EXIT_MEM_VIOLATION] = "mem_violation",
	[VCPU_EXIT_SHUTDOWN] = "shutdown",
	[VCPU_EXIT_EXCEPTION] = "exception",
	[VCPU_EXIT_ENTRY_FAILED] = "entry_failed",
	[VCPU_EXIT_UNHANDLED] = "unhandled",
};

const char *vcpu_exit_kind_name(enum vcpu_exit_kind kind)
{
	if ((unsigned int)kind >= VCPU_NR_EXIT_KINDS || !kind_names[kind])
		return "?";
	return kind_names[kind];
}

/* The report starts with the guest's RIP once it has run (@at_rip). */
static int vcpu_vstop(struct vcpu *vcpu, enum vmm_verdict verdict, bool at_rip,
		      const char *fmt, va_list ap)
{
	struct vmm_guest *g = to_guest(vcpu);
	int n = 0;

	if (g->verdict != VERDICT_RUNNING)
		return 0; /* the first reason wins */
	if (at_rip)
		n = snprintf(g->report, sizeof(g->report), "rip=0x%llx: ",
			     (unsigned long long)vcpu->regs.rip);
	if (n >= 0 && (size_t)n < sizeof(g->report))
		vsnprintf(g->report + n, sizeof(g->report) - n, fmt, ap);
	g->verdict = verdict;
	return 0;
}

int vcpu_stop(struct vcpu *vcpu, enum vmm_verdict verdict, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcpu_vstop(vcpu, verdict, true, fmt, ap);
	va_end(ap);
	return 0;
}

/* Before the guest ever ran: a report without a RIP. */
__printf(2, 3) static int vcpu_stop_setup(struct vcpu *vcpu, const char *fmt,
					  ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcpu_vstop(vcpu, VERDICT_ERROR, false, fmt, ap);
	va_end(ap);
	return 0;
}

/*
 * The one place a failed vcpu_create is reported, for both backends: the
 * backend says what failed, the core adds which guest (the verdict line
 * prints the report with the guest's name) and what the error means.
 */
int vcpu_create(struct vcpu *vcpu)
{
	char why[VCPU_WHY_LEN] = "";
	int r;

	/* a new guest sees the reset values, nothing of its predecessor */
	vcpu_debugregs_reset(&vcpu->dbg);
	vcpu->exc = (struct vcpu_exception){ 0 };
	r = vcpu->ops->vcpu_create(vcpu, why, sizeof(why));
	if (!r)
		return 0;
	vcpu_stop_setup(vcpu, "vcpu_create: %s: %s",
			why[0] ? why : "the backend gave no reason",
			errno_str(r));
	return r;
}

int vcpu_stop_dump(struct vcpu *vcpu, enum vmm_verdict verdict, const char *fmt,
		   ...)
{
	va_list ap;

	pr_info("guest %s: stopping, state dump follows\n", vcpu->vm->name);
	vcpu->ops->dump(vcpu);
	va_start(ap, fmt);
	vcpu_vstop(vcpu, verdict, true, fmt, ap);
	va_end(ap);
	return 0;
}

/* An exit with nothing to emulate (external interrupt, NMI): re-enter. */
int vcpu_exit_none(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	(void)vcpu;
	(void)exit;
	return 1;
}

/* The kinds after which this guest cannot go on. */
int vcpu_exit_stop_guest(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	const char *raw = vcpu->ops->exit_reason_name(exit->reason);

	switch (exit->kind) {
	case VCPU_EXIT_MEM_VIOLATION:
		return vcpu_stop_dump(
			vcpu, VERDICT_MEM_VIOLATION,
			"access to gpa 0x%llx outside RAM and MMIO (error 0x%llx, %s)",
			(unsigned long long)exit->mem.gpa,
			(unsigned long long)exit->mem.error, raw);
	case VCPU_EXIT_SHUTDOWN:
		return vcpu_stop_dump(vcpu, VERDICT_SHUTDOWN,
				      "shutdown (triple fault, %s)", raw);
	case VCPU_EXIT_EXCEPTION:
		return vcpu_stop_dump(vcpu, VERDICT_EXCEPTION,
				      "exception vector %u error 0x%x (%s)",
				      exit->exception.vector,
				      exit->exception.error_code, raw);
	case VCPU_EXIT_ENTRY_FAILED:
		return vcpu_stop_dump(vcpu, VERDICT_ENTRY_FAILED,
				      "VM entry failed: %s (%s)",
				      exit->fail.why ? exit->fail.why : "?",
				      raw);
	default:
		/* the backend's words, where it had some (vcpu->fail.why) */
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"unhandled exit %s (raw 0x%x, kind %s)%s%s", raw,
			exit->reason, vcpu_exit_kind_name(exit->kind),
			vcpu->fail.why ? ": " : "",
			vcpu->fail.why ? vcpu->fail.why : "");
	}
}

/* A kind without a handler, or out of range: stopped just as loudly. */
int vcpu_exit_no_handler(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "no handler for exit kind %d (raw 0x%x %s)",
			      (int)exit->kind, exit->reason,
			      vcpu->ops->exit_reason_name(exit->reason));
}

int vcpu_handle_exit(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	return __vcpu_handle_exit(vcpu, exit);
}
