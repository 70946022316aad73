// SPDX-License-Identifier: GPL-2.0
/*
 * Neutral emulation of CPUID, port I/O, MSRs, HLT and hypercalls, once for
 * both vendors.  What the guest sees is the ABI in include/vmm/guest_abi.h.
 * MMIO is in vmm/mmio.c.
 *
 * Every handler checks first (is the instruction length known, is the
 * access one we emulate), then acts.  The register-only cases are the
 * fastpath's helpers (include/vmm/fastpath.h), which the backends also
 * call with IRQs off; each handler here begins with its helper and does
 * the rest.  Nothing here prints on the common
 * path: console output is printed a whole line at a time, and the
 * test-control commands end or report on a guest, outside timed regions.
 */
#include <arch/x86.h>
#include <liminal/errno.h>
#include <lib/string.h>
#include <vmm/bench.h>
#include <vmm/exit.h>
#include <vmm/fastpath.h>
#include <vmm/guest.h>
#include <lib/printk.h>

/* CPUID bits (SDM Vol. 2A "CPUID", APM Vol. 3 appendix E); the leaves are
 * in include/vmm/fastpath.h. */
#define CPUID1_ECX_VMX (1u << 5)
#define CPUID1_ECX_SMX (1u << 6)
#define CPUID1_ECX_HYPERVISOR (1u << 31)
#define CPUID81_ECX_SVM (1u << 2)

/* "LiminalVMM\0\0" in EBX, ECX, EDX, little-endian like "KVMKVMKVM". */
#define LIMINAL_SIG_EBX 0x696d694cu /* "Limi" */
#define LIMINAL_SIG_ECX 0x566c616eu /* "nalV" */
#define LIMINAL_SIG_EDX 0x00004d4du /* "MM\0\0" */

#define HC_MAX_BENCH_SAMPLES 100000u

void vcpu_cpuid_filter(u32 leaf, struct vcpu_cpuid *r, u32 hv_features)
{
	if (leaf >= CPUID_LEAF_HV_BASE && leaf <= CPUID_LEAF_HV_LAST) {
		*r = (struct vcpu_cpuid){ 0 };
		if (leaf == CPUID_LEAF_HV_FEATURES)
			r->eax = hv_features;
		if (leaf == CPUID_LEAF_HV_BASE)
			*r = (struct vcpu_cpuid){ .eax = CPUID_LEAF_HV_FEATURES,
						  .ebx = LIMINAL_SIG_EBX,
						  .ecx = LIMINAL_SIG_ECX,
						  .edx = LIMINAL_SIG_EDX };
		return;
	}
	switch (leaf) {
	case CPUID_LEAF_FEATURES:
		r->ecx &= ~(CPUID1_ECX_VMX | CPUID1_ECX_SMX);
		r->ecx |= CPUID1_ECX_HYPERVISOR;
		break;
	case CPUID_LEAF_EXT_FEATURES:
		r->ecx &= ~CPUID81_ECX_SVM;
		break;
	case CPUID_LEAF_SVM:
		*r = (struct vcpu_cpuid){ 0 };
		break;
	}
}

/*
 * Which hypercall instruction works is the hardware's business: VMCALL
 * where the host has VMX, VMMCALL (SVM) otherwise.  Asked only for the
 * features leaf, so no cache is needed.
 */
static noinline u32 vcpu_hv_features(void)
{
	struct vcpu_cpuid host;

	vcpu_host_cpuid(CPUID_LEAF_FEATURES, 0, &host);
	return host.ecx & CPUID1_ECX_VMX ? HV_FEATURE_VMCALL : 0;
}

/* Results of 32-bit operations zero the upper half of the 64-bit GPR. */
static void set_gpr32(struct vcpu *vcpu, enum vcpu_reg reg, u32 v)
{
	vcpu->regs.gpr[reg] = v;
}

static noinline int no_insn_len(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "%s exit without an instruction length",
			      vcpu_exit_kind_name(exit->kind));
}

static void cpuid_set_regs(struct vcpu *vcpu, const struct vcpu_cpuid *r)
{
	set_gpr32(vcpu, VCPU_RAX, r->eax);
	set_gpr32(vcpu, VCPU_RBX, r->ebx);
	set_gpr32(vcpu, VCPU_RCX, r->ecx);
	set_gpr32(vcpu, VCPU_RDX, r->edx);
}

/* The leaves the guest sees changed: the host's values, filtered. */
static noinline int cpuid_filtered(struct vcpu *vcpu, u32 leaf, u32 subleaf)
{
	struct vcpu_cpuid r;

	vcpu_host_cpuid(leaf, subleaf, &r);
	vcpu_cpuid_filter(leaf, &r,
			  leaf == CPUID_LEAF_HV_FEATURES ? vcpu_hv_features() :
							   0);
	cpuid_set_regs(vcpu, &r);
	return 1;
}

int vcpu_emulate_cpuid(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	if (vcpu_fast_cpuid(vcpu, exit))
		return 1;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	return cpuid_filtered(vcpu, exit->cpuid.leaf, exit->cpuid.subleaf);
}

/* ---- port I/O ---------------------------------------------------------- */

static void console_flush(struct vmm_guest *g)
{
	if (!g->con_len)
		return;
	g->con_line[g->con_len] = '\0';
	printk("[%s] %s\n", g->vm.name, g->con_line);
	g->con_len = 0;
}

static void console_putc(struct vmm_guest *g, char c)
{
	if (c == '\n') {
		console_flush(g);
		return;
	}
	if (c == '\r')
		return;
	if ((u8)c < 0x20 || (u8)c > 0x7e)
		c = '.';
	g->con_line[g->con_len++] = c;
	if (g->con_len == sizeof(g->con_line) - 1)
		console_flush(g);
}

void vcpu_console_flush(struct vcpu *vcpu)
{
	console_flush(to_guest(vcpu));
}

static noinline int test_command(struct vcpu *vcpu, u32 cmd)
{
	struct vmm_guest *g = to_guest(vcpu);

	console_flush(g);
	switch (cmd) {
	case TEST_CMD_DONE:
		return vcpu_stop(vcpu, VERDICT_DONE, "guest reported done");
	case TEST_CMD_ASSERT:
		return vcpu_stop(vcpu, VERDICT_ASSERT,
				 "GUEST_ASSERT failed at 0x%x", g->test_data);
	case TEST_CMD_REPORT:
		pr_info("guest %s: report %u (0x%x)\n", g->vm.name,
			g->test_data, g->test_data);
		return 1;
	}
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "unknown test command %u", cmd);
}

/* Console output, a character at a time (out of line: it may print). */
static noinline int console_write(struct vmm_guest *g, u32 value)
{
	console_putc(g, (char)value);
	return 1;
}

/*
 * OUT to a port that is more than a register (vcpu_fast_io() has those):
 * 1 to go on, 0 if the guest ended.
 */
static int io_write(struct vcpu *vcpu, u16 port, u32 value)
{
	struct vmm_guest *g = to_guest(vcpu);

	switch (port) {
	case GUEST_PORT_CONSOLE:
		return console_write(g, value);
	case GUEST_PORT_TEST_CMD:
		return test_command(vcpu, value);
	}
	g->io_unknown++; /* no device: writes are dropped */
	return 1;
}

static u32 io_read(struct vcpu *vcpu, u16 port)
{
	switch (port) {
	case GUEST_PORT_CONSOLE:
	case GUEST_PORT_TEST_CMD:
		return 0;
	}
	to_guest(vcpu)->io_unknown++; /* no device: the bus floats high */
	return ~0u;
}

static noinline int io_bad_size(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "port 0x%x access of %u bytes", exit->io.port,
			      exit->io.size);
}

int vcpu_emulate_io(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	u64 *rax = &vcpu->regs.gpr[VCPU_RAX];
	u32 mask = io_size_mask(exit->io.size);

	if (vcpu_fast_io(vcpu, exit))
		return 1;
	if (unlikely(!mask))
		return io_bad_size(vcpu, exit);
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	if (!exit->io.in)
		return io_write(vcpu, exit->io.port, (u32)*rax & mask);
	if (mask == ~0u)
		*rax = io_read(vcpu, exit->io.port); /* zero-extends */
	else
		*rax = (*rax & ~(u64)mask) |
		       (io_read(vcpu, exit->io.port) & mask);
	return 1;
}

/* ---- MSRs -------------------------------------------------------------- */

int vcpu_emulate_msr_read(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	if (vcpu_fast_msr_read(vcpu, exit))
		return 1;
	if (exit->msr.index == GUEST_MSR_SCRATCH ||
	    exit->msr.index == GUEST_MSR_ID)
		return no_insn_len(vcpu, exit);
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "rdmsr 0x%x: no such MSR", exit->msr.index);
}

int vcpu_emulate_msr_write(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	if (vcpu_fast_msr_write(vcpu, exit))
		return 1;
	if (exit->msr.index == GUEST_MSR_SCRATCH)
		return no_insn_len(vcpu, exit);
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "wrmsr 0x%x value 0x%llx: %s", exit->msr.index,
			      (unsigned long long)exit->msr.value,
			      exit->msr.index == GUEST_MSR_ID ?
				      "read-only MSR" :
				      "no such MSR");
}

/* ---- HLT --------------------------------------------------------------- */

/*
 * The guest waits for an interrupt: wake it with GUEST_WAKE_VECTOR, at once
 * or (idle=1) after the host CPU idled until its next tick.  With IF=0 the
 * guest would sleep forever: stop it instead of hanging the run.
 */
/* Wake the guest with GUEST_WAKE_VECTOR at its next entry. */
static __always_inline int hlt_wake(struct vcpu *vcpu)
{
	vcpu->pending_irq = GUEST_WAKE_VECTOR;
	to_guest(vcpu)->injected++;
	return 1;
}

/* idle=1: the host CPU idles until its next tick first (out of line). */
static noinline int hlt_idle(struct vcpu *vcpu)
{
	vcpu_idle_until_tick(vcpu);
	to_guest(vcpu)->idle_waits++;
	return hlt_wake(vcpu);
}

int vcpu_emulate_hlt(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	struct vmm_guest *g = to_guest(vcpu);

	if (!(vcpu->regs.rflags & X86_EFLAGS_IF))
		return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
				      "hlt with interrupts disabled");
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	if (g->cfg && g->cfg->idle)
		return hlt_idle(vcpu);
	return hlt_wake(vcpu);
}

/* ---- hypercalls -------------------------------------------------------- */

static noinline u64 hc_bench_report(struct vmm_guest *g, u64 type, u64 gpa,
				    u64 count)
{
	u64 *samples;

	if (type >= BENCH_NR || count == 0 || count > HC_MAX_BENCH_SAMPLES)
		return (u64)HC_ERROR;
	samples = vm_gpa_to_hva(&g->vm, gpa, count * sizeof(u64));
	if (!samples)
		return (u64)HC_ERROR;
	/* sorted in place, in the guest's buffer: the ABI says so */
	bench_stats_compute(samples, (u32)count, &g->bench[type]);
	g->bench_mask |= 1u << type;
	return 0;
}

static noinline u64 hc_work_count(struct vmm_guest *g, u64 which)
{
	switch (which) {
	case WORK_RESCHED:
		return g->work.resched + g->work.resched_preempt;
	case WORK_NOTIFY_RESUME:
		return g->work.notify_resume;
	case WORK_STOP:
		return g->work.stop;
	case WORK_TICK:
		return g->work.tick_work;
	}
	return (u64)HC_ERROR;
}

static noinline u64 hc_get_param(struct vmm_guest *g, u64 which)
{
	switch (which) {
	case PARAM_ITERATIONS:
		return g->cfg ? g->cfg->iterations : 0;
	case PARAM_INDEX:
		return g->index;
	}
	return (u64)HC_ERROR;
}

/*
 * The hypercalls with work to do, out of line and called last (tail calls:
 * the common ones take no stack frame): each sets the result in RAX and
 * returns 1 (go on).
 */
static noinline int hc_slow(struct vcpu *vcpu, u64 nr)
{
	struct vmm_guest *g = to_guest(vcpu);
	u64 *gpr = vcpu->regs.gpr;
	u64 ret;

	switch (nr) {
	case HC_STOP:
		vcpu_request_stop(vcpu);
		ret = 0;
		break;
	case HC_GET_PARAM:
		ret = hc_get_param(g, gpr[VCPU_RBX]);
		break;
	case HC_BENCH_REPORT:
		ret = hc_bench_report(g, gpr[VCPU_RBX], gpr[VCPU_RCX],
				      gpr[VCPU_RDX]);
		break;
	case HC_WORK_COUNT:
		ret = hc_work_count(g, gpr[VCPU_RBX]);
		break;
	default:
		ret = (u64)HC_ERROR;
		break;
	}
	gpr[VCPU_RAX] = ret;
	return 1;
}

/*
 * The hypercall ABI (include/vmm/guest_abi.h): number in RAX, arguments in
 * RBX, RCX, RDX, RSI, result in RAX.  The register-only ones are
 * vcpu_fast_hypercall()'s, the ones with work to do hc_slow()'s.
 */
int vcpu_emulate_hypercall(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	if (vcpu_fast_hypercall(vcpu, exit))
		return 1;
	if (unlikely(__vcpu_skip_insn(vcpu, exit)))
		return no_insn_len(vcpu, exit);
	to_guest(vcpu)->hypercalls++;
	return hc_slow(vcpu, vcpu->regs.gpr[VCPU_RAX]);
}
