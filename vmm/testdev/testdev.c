// SPDX-License-Identifier: GPL-2.0
/*
 * The test device: the ports, hypercalls, MSRs and MMIO window of the test
 * guests' ABI (include/vmm/guest_abi.h), reached through the device-model
 * interface (include/vmm/device.h), and the harness around them: the
 * guest's own verdict (TEST_CMD_DONE, TEST_CMD_ASSERT), its console, its
 * parameters and benchmark samples.
 *
 * The claims are in include/vmm/testdev.h, where the fastpath sees them.
 * The register-only handlers are flagged VMM_DEV_FAST: the scratch and
 * test-data ports, HC_NOP/HC_ECHO/HC_ADD, the scratch and ID MSRs.  The
 * rest print, read guest memory or end the guest, and run on the whole
 * way with IRQs on.  Nothing prints on the common path: the console is
 * printed a line at a time, the commands end or report on a guest, the
 * benchmark is sorted and printed outside any timed region.
 */
#include <liminal/errno.h>
#include <lib/printk.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <vmm/testdev.h>

#define HC_MAX_BENCH_SAMPLES 100000u

_Static_assert(HC_ERROR == -1 && (u64)HC_ERROR == VMM_HYPERCALL_ENOSYS,
	       "an unclaimed hypercall returns the ABI's HC_ERROR");

static __always_inline struct testdev *to_testdev(struct vcpu *vcpu)
{
	return &to_guest(vcpu)->testdev;
}

/* ---- fast: plain registers ----------------------------------------------- */

static u32 *reg_port(struct testdev *t, u16 port)
{
	return port == GUEST_PORT_SCRATCH ? &t->port_scratch : &t->test_data;
}

int testdev_reg_out(struct vcpu *vcpu, u16 port, u32 value)
{
	*reg_port(to_testdev(vcpu), port) = value;
	return 1;
}

u32 testdev_reg_in(struct vcpu *vcpu, u16 port)
{
	return *reg_port(to_testdev(vcpu), port);
}

u64 testdev_msr_read(struct vcpu *vcpu, u32 index)
{
	return index == GUEST_MSR_ID ? GUEST_MMIO_ID_VALUE :
				       to_testdev(vcpu)->msr_scratch;
}

int testdev_msr_write(struct vcpu *vcpu, u32 index, u64 value)
{
	if (index == GUEST_MSR_ID)
		return -EPERM;
	to_testdev(vcpu)->msr_scratch = value;
	return 0;
}

/* HC_NOP, HC_ECHO(a), HC_ADD(a, b, c, d): arguments in RBX, RCX, RDX, RSI. */
u64 testdev_hc_compute(struct vcpu *vcpu, u64 nr)
{
	const u64 *gpr = vcpu->regs.gpr;

	switch (nr) {
	case HC_ECHO:
		return gpr[VCPU_RBX];
	case HC_ADD:
		return gpr[VCPU_RBX] + gpr[VCPU_RCX] + gpr[VCPU_RDX] +
		       gpr[VCPU_RSI];
	}
	return 0; /* HC_NOP */
}

/* ---- the console and the test commands -------------------------------- *
 *
 * The guest's console must never be mistaken for the VMM's own output: the
 * harness (scripts/serial_log.py) reads verdicts, benchmark figures and the
 * run's result from the serial log, and a guest must not be able to write
 * any of them.  So every guest line reaches the serial port as
 *
 *	guest NAME| text
 *
 * a prefix no VMM line starts with (they start "liminal: ", a module name
 * or white space) and whose NAME is the config's, not the guest's.  The
 * text holds printable ASCII only: any other byte the guest sends (CR,
 * backspace, ESC, NUL, DEL and above) is printed as \xNN and a backslash as
 * \\, so the guest can neither start a new serial line, nor move the
 * cursor over the prefix, nor make an escape ambiguous.  A line longer than
 * TESTDEV_CONSOLE_LINE - 1 characters, escapes counted, is cut into several
 * console lines, each with the prefix.  Only '\n' ends a line.
 */
#define CONSOLE_ESC_MAX 4 /* "\xNN" */

static void console_flush(struct vmm_guest *g)
{
	struct testdev *t = &g->testdev;

	if (!t->con_len)
		return;
	t->con_line[t->con_len] = '\0';
	printk("guest %s| %s\n", g->vm.name, t->con_line);
	t->con_len = 0;
}

/* @c as the console prints it, into @out; returns its length. */
static unsigned int console_escape(u8 c, char out[CONSOLE_ESC_MAX])
{
	static const char hex[] = "0123456789abcdef";

	if (c == '\\') {
		out[0] = out[1] = '\\';
		return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		out[0] = (char)c;
		return 1;
	}
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 0xf];
	return CONSOLE_ESC_MAX;
}

int testdev_console_out(struct vcpu *vcpu, u16 port, u32 value)
{
	struct vmm_guest *g = to_guest(vcpu);
	struct testdev *t = &g->testdev;
	char esc[CONSOLE_ESC_MAX];
	unsigned int n;

	(void)port;
	if ((u8)value == '\n') {
		console_flush(g);
		return 1;
	}
	n = console_escape((u8)value, esc);
	/* the line keeps room for its '\0'; an escape is never cut in two */
	if (t->con_len + n > sizeof(t->con_line) - 1)
		console_flush(g);
	for (unsigned int i = 0; i < n; i++)
		t->con_line[t->con_len++] = esc[i];
	return 1;
}

int testdev_command_out(struct vcpu *vcpu, u16 port, u32 cmd)
{
	struct vmm_guest *g = to_guest(vcpu);
	u32 data = g->testdev.test_data;

	(void)port;
	console_flush(g);
	switch (cmd) {
	case TEST_CMD_DONE:
		return vcpu_stop(vcpu, VERDICT_DONE, "guest reported done");
	case TEST_CMD_ASSERT:
		return vcpu_stop(vcpu, VERDICT_ASSERT,
				 "GUEST_ASSERT failed at 0x%x", data);
	case TEST_CMD_REPORT:
		pr_info("guest %s: report %u (0x%x)\n", g->vm.name, data, data);
		return 1;
	}
	return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
			      "unknown test command %u", cmd);
}

/* The console and the command port read 0. */
u32 testdev_zero_in(struct vcpu *vcpu, u16 port)
{
	(void)vcpu;
	(void)port;
	return 0;
}

/* ---- the hypercalls with work to do --------------------------------------- */

/* The sorted samples, run length encoded (include/vmm/bench.h). */
static void bench_print_samples(unsigned int type, const u64 *sorted, u32 n)
{
	u32 runs = 0, end;

	for (u32 i = 0; i < n; i = end, runs++) {
		end = bench_run_end(sorted, n, i);
		if (runs % BENCH_RUNS_PER_LINE == 0)
			pr_info("bench-samples %s", bench_type_name(type));
		printk(" %llux%u", (unsigned long long)sorted[i], end - i);
		if (runs % BENCH_RUNS_PER_LINE == BENCH_RUNS_PER_LINE - 1)
			printk("\n");
	}
	if (runs % BENCH_RUNS_PER_LINE)
		printk("\n");
}

static u64 hc_bench_report(struct vmm_guest *g, u64 type, u64 gpa, u64 count)
{
	struct testdev *t = &g->testdev;
	u64 *samples;

	if (type >= BENCH_NR || count == 0 || count > HC_MAX_BENCH_SAMPLES)
		return (u64)HC_ERROR;
	samples = vm_gpa_to_hva(&g->vm, gpa, count * sizeof(u64));
	if (!samples)
		return (u64)HC_ERROR;
	/* sorted in place, in the guest's buffer: the ABI says so */
	bench_stats_compute(samples, (u32)count, &t->bench[type]);
	if (g->cfg && g->cfg->bench)
		bench_print_samples((unsigned int)type, samples, (u32)count);
	t->bench_mask |= 1u << type;
	return 0;
}

static u64 hc_work_count(const struct vmm_guest *g, u64 which)
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

static u64 hc_get_param(const struct vmm_guest *g, u64 which)
{
	switch (which) {
	case PARAM_ITERATIONS:
		return g->cfg ? g->cfg->iterations : 0;
	case PARAM_INDEX:
		return g->index;
	}
	return (u64)HC_ERROR;
}

u64 testdev_hc_work(struct vcpu *vcpu, u64 nr)
{
	struct vmm_guest *g = to_guest(vcpu);
	const u64 *gpr = vcpu->regs.gpr;

	switch (nr) {
	case HC_STOP:
		vcpu_request_stop(vcpu);
		return 0;
	case HC_GET_PARAM:
		return hc_get_param(g, gpr[VCPU_RBX]);
	case HC_BENCH_REPORT:
		return hc_bench_report(g, gpr[VCPU_RBX], gpr[VCPU_RCX],
				       gpr[VCPU_RDX]);
	}
	return hc_work_count(g, gpr[VCPU_RBX]); /* HC_WORK_COUNT */
}

/* ---- the MMIO window -------------------------------------------------------
 *
 * GUEST_MMIO_REG_ID reads GUEST_MMIO_ID_VALUE, writes are ignored;
 * GUEST_MMIO_NR_SCRATCH 8-byte registers at GUEST_MMIO_REG_SCRATCH store
 * what is written; every other byte reads 0.  Byte-addressed, so any size
 * and alignment inside the window behaves like memory.
 */
#define MMIO_ID_BYTES 4
#define MMIO_SCRATCH_BYTES (GUEST_MMIO_NR_SCRATCH * 8)

static u8 mmio_read_byte(const struct testdev *t, u64 off)
{
	if (off < GUEST_MMIO_REG_ID + MMIO_ID_BYTES)
		return (u8)(GUEST_MMIO_ID_VALUE >>
			    (8 * (off - GUEST_MMIO_REG_ID)));
	if (off >= GUEST_MMIO_REG_SCRATCH &&
	    off < GUEST_MMIO_REG_SCRATCH + MMIO_SCRATCH_BYTES) {
		u64 i = off - GUEST_MMIO_REG_SCRATCH;

		return (u8)(t->mmio_scratch[i / 8] >> (8 * (i % 8)));
	}
	return 0;
}

static void mmio_write_byte(struct testdev *t, u64 off, u8 v)
{
	u64 i, *reg;

	if (off < GUEST_MMIO_REG_SCRATCH ||
	    off >= GUEST_MMIO_REG_SCRATCH + MMIO_SCRATCH_BYTES)
		return;
	i = off - GUEST_MMIO_REG_SCRATCH;
	reg = &t->mmio_scratch[i / 8];
	*reg = (*reg & ~(0xffull << (8 * (i % 8)))) | (u64)v << (8 * (i % 8));
}

/* The common case: the access lies inside one scratch register. */
static bool in_one_scratch_reg(u64 off, unsigned int size)
{
	return off >= GUEST_MMIO_REG_SCRATCH &&
	       off + size <= GUEST_MMIO_REG_SCRATCH + MMIO_SCRATCH_BYTES &&
	       (off - GUEST_MMIO_REG_SCRATCH) % 8 + size <= 8;
}

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

u64 testdev_mmio_read(struct vcpu *vcpu, u64 off, unsigned int size)
{
	const struct testdev *t = to_testdev(vcpu);
	u64 v = 0;

	if (in_one_scratch_reg(off, size)) {
		u64 i = off - GUEST_MMIO_REG_SCRATCH;

		return (t->mmio_scratch[i / 8] >> (8 * (i % 8))) &
		       size_mask(size);
	}
	for (unsigned int i = 0; i < size; i++)
		v |= (u64)mmio_read_byte(t, off + i) << (8 * i);
	return v;
}

void testdev_mmio_write(struct vcpu *vcpu, u64 off, unsigned int size, u64 v)
{
	struct testdev *t = to_testdev(vcpu);

	if (in_one_scratch_reg(off, size)) {
		u64 i = off - GUEST_MMIO_REG_SCRATCH;
		unsigned int shift = 8 * (i % 8);
		u64 mask = size_mask(size) << shift;
		u64 *reg = &t->mmio_scratch[i / 8];

		*reg = (*reg & ~mask) | ((v << shift) & mask);
		return;
	}
	for (unsigned int i = 0; i < size; i++)
		mmio_write_byte(t, off + i, (u8)(v >> (8 * i)));
}

/* ---- the harness: the guest ended, its verdict line ------------------- */

void testdev_stop(struct vcpu *vcpu)
{
	console_flush(to_guest(vcpu));
}

/* bench=1: one line per exit type the guest reported, and it must report. */
bool testdev_report(struct vcpu *vcpu)
{
	const struct vmm_guest *g = to_guest(vcpu);
	const struct testdev *t = &g->testdev;

	if (!g->cfg || !g->cfg->bench)
		return true;
	for (unsigned int i = 0; i < BENCH_NR; i++) {
		const struct bench_stats *b = &t->bench[i];

		if (!(t->bench_mask & (1u << i)))
			continue;
		pr_info("bench %s min=%llu median=%llu p99=%llu max=%llu samples=%u unit=tsc\n",
			bench_type_name(i), (unsigned long long)b->min,
			(unsigned long long)b->median,
			(unsigned long long)b->p99, (unsigned long long)b->max,
			b->samples);
	}
	if (t->bench_mask)
		return true;
	pr_info("guest %s: bench=1 but no HC_BENCH_REPORT\n", g->cfg->name);
	return false;
}
