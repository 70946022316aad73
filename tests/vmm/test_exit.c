// SPDX-License-Identifier: GPL-2.0
/*
 * Exit dispatch and neutral emulation (vmm/exit.c, vmm/emulate.c,
 * vmm/mmio.c) on a fake vCPU with the board's devices (vmm/device.c): every
 * exit kind has a handler, stops are loud (a dump, a verdict, a report),
 * and the test device (vmm/testdev/) behaves as the guest ABI says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/segment.h>
#include <arch/x86.h>
#include <vmm/board.h>
#include <vmm/exit.h>
#include <vmm/fastpath.h>
#include <vmm/guest.h>

#include "host_stubs.h"

#define RAM (2u << 20)

static unsigned int dumps;

static void fake_dump(struct vcpu *vcpu)
{
	(void)vcpu;
	dumps++;
}

static const char *fake_reason_name(u32 reason)
{
	return reason == 0x7b ? "IOIO" : "REASON";
}

static const struct vcpu_ops fake_ops = {
	.name = "fake",
	.dump = fake_dump,
	.exit_reason_name = fake_reason_name,
	.nr_exit_reasons = 256,
};

static struct vmm_guest g;
static struct guest_config gc;
static struct vcpu *vcpu = &g.vcpu;
static u8 *ram;

/* CS of the guest's code: 64-bit unless a test says otherwise. */
static u16 cs_attr = SEG_ATTR_L;

static int setup(void **state)
{
	(void)state;
	stub_reset();
	dumps = 0;
	cs_attr = SEG_ATTR_L;
	memset(&g, 0, sizeof(g));
	memset(&gc, 0, sizeof(gc));
	strcpy(gc.name, "test");
	gc.iterations = 77;
	ram = aligned_alloc(4096, RAM);
	memset(ram, 0, RAM);
	g.cfg = &gc;
	g.index = 3;
	strcpy(g.vm.name, "test");
	g.vm.boot_mode = VM_BOOT_LONG64;
	g.vm.mmio_base = GUEST_MMIO_GPA;
	g.vm.mmio_size = GUEST_MMIO_SIZE;
	vm_mem_init(&g.vm, ram, RAM);
	g.vcpu.vm = &g.vm;
	g.vcpu.ops = &fake_ops;
	g.vcpu.pending_irq = -1;
	assert_int_equal(vm_setup_boot_state(&g.vm, &g.vcpu.boot), 0);
	vcpu_load_boot_regs(&g.vcpu);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static int run(struct vcpu_exit exit)
{
	return vcpu_handle_exit(vcpu, &exit);
}

/* ---- dispatch ----------------------------------------------------------- */

static void test_table_complete(void **state)
{
	(void)state;
	for (unsigned int k = 0; k < VCPU_NR_EXIT_KINDS; k++) {
		if (!vcpu_exit_handlers[k])
			fail_msg("exit kind %u has no handler", k);
		assert_string_not_equal(vcpu_exit_kind_name(k), "?");
	}
	assert_string_equal(vcpu_exit_kind_name(VCPU_NR_EXIT_KINDS), "?");
}

static void test_unknown_kind_is_loud(void **state)
{
	(void)state;
	assert_int_equal(run((struct vcpu_exit){ .kind = VCPU_NR_EXIT_KINDS,
						 .reason = 0x99 }),
			 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
	assert_int_equal(dumps, 1);
	assert_non_null(strstr(g.report, "no handler for exit kind 14"));
}

static void test_stopping_kinds(void **state)
{
	static const struct {
		struct vcpu_exit exit;
		enum vmm_verdict verdict;
		const char *text;
	} cases[] = {
		{ { .kind = VCPU_EXIT_SHUTDOWN }, VERDICT_SHUTDOWN, "triple" },
		{ { .kind = VCPU_EXIT_MEM_VIOLATION,
		    .mem = { .gpa = 0x40000000, .error = 4 } },
		  VERDICT_MEM_VIOLATION,
		  "gpa 0x40000000" },
		{ { .kind = VCPU_EXIT_EXCEPTION,
		    .exception = { .vector = 13, .error_code = 0x18 } },
		  VERDICT_EXCEPTION,
		  "vector 13 error 0x18" },
		{ { .kind = VCPU_EXIT_ENTRY_FAILED,
		    .fail = { .why = "CR0.PG without PE" } },
		  VERDICT_ENTRY_FAILED,
		  "CR0.PG without PE" },
		{ { .kind = VCPU_EXIT_UNHANDLED, .reason = 0x7b },
		  VERDICT_UNHANDLED,
		  "unhandled exit IOIO" },
	};

	(void)state;
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		g.verdict = VERDICT_RUNNING;
		g.report[0] = '\0';
		dumps = 0;
		assert_int_equal(run(cases[i].exit), 0);
		assert_int_equal(g.verdict, cases[i].verdict);
		assert_int_equal(dumps, 1);
		if (!strstr(g.report, cases[i].text))
			fail_msg("report '%s' lacks '%s'", g.report,
				 cases[i].text);
	}
	assert_int_equal(g.kind_count[VCPU_EXIT_SHUTDOWN], 1);
}

static void test_first_verdict_wins(void **state)
{
	(void)state;
	vcpu_stop(vcpu, VERDICT_DONE, "first");
	vcpu_stop(vcpu, VERDICT_SHUTDOWN, "second");
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_non_null(strstr(g.report, "first"));
	assert_non_null(strstr(g.report, "rip=0x10000"));
}

static void test_none(void **state)
{
	(void)state;
	assert_int_equal(run((struct vcpu_exit){ .kind = VCPU_EXIT_NONE }), 1);
	assert_int_equal(g.verdict, VERDICT_RUNNING);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA);
}

/* ---- CPUID -------------------------------------------------------------- */

static struct vcpu_exit cpuid_exit(u32 leaf)
{
	return (struct vcpu_exit){ .kind = VCPU_EXIT_CPUID,
				   .insn_len = 2,
				   .cpuid = { .leaf = leaf } };
}

static void test_cpuid(void **state)
{
	u64 *gpr = g.vcpu.regs.gpr;

	(void)state;
	stub_leaf1_ecx = (1u << 5) | (1u << 6) | 1u; /* VMX SMX SSE3 */
	gpr[VCPU_RAX] = ~0ull;
	assert_int_equal(run(cpuid_exit(1)), 1);
	assert_int_equal(gpr[VCPU_RCX], (1u << 31) | 1u);
	assert_int_equal(gpr[VCPU_RAX], 0); /* upper half cleared too */
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 2);
	/* OSXSAVE is the guest's CR4.OSXSAVE, whatever the host's */
	stub_leaf1_ecx = (1u << 27) | (1u << 26); /* OSXSAVE XSAVE */
	g.vcpu.regs.cr4 = 0;
	assert_int_equal(run(cpuid_exit(1)), 1);
	assert_int_equal(gpr[VCPU_RCX], (1u << 31) | (1u << 26));
	stub_leaf1_ecx = 1u << 26;
	g.vcpu.regs.cr4 = X86_CR4_OSXSAVE;
	assert_int_equal(run(cpuid_exit(1)), 1);
	assert_int_equal(gpr[VCPU_RCX], (1u << 31) | (1u << 27) | (1u << 26));
	g.vcpu.regs.cr4 = 0;
	stub_leaf1_ecx = (1u << 5) | (1u << 6) | 1u;

	assert_int_equal(run(cpuid_exit(GUEST_CPUID_HV_BASE)), 1);
	assert_int_equal(gpr[VCPU_RAX], GUEST_CPUID_HV_FEATURES);
	assert_memory_equal(&gpr[VCPU_RBX], "Limi", 4);
	assert_memory_equal(&gpr[VCPU_RCX], "nalV", 4);
	assert_memory_equal(&gpr[VCPU_RDX], "MM\0\0", 4);

	/* VMX on the host: hypercalls use VMCALL */
	assert_int_equal(run(cpuid_exit(GUEST_CPUID_HV_FEATURES)), 1);
	assert_int_equal(gpr[VCPU_RAX], HV_FEATURE_VMCALL);
	stub_leaf1_ecx = 0;
	assert_int_equal(run(cpuid_exit(GUEST_CPUID_HV_FEATURES)), 1);
	assert_int_equal(gpr[VCPU_RAX], 0);

	stub_cpuid.ecx = ~0u;
	assert_int_equal(run(cpuid_exit(0x80000001)), 1);
	assert_int_equal(gpr[VCPU_RCX], ~0u & ~(1u << 2));
	stub_cpuid = (struct vcpu_cpuid){ 1, 2, 3, 4 };
	assert_int_equal(run(cpuid_exit(0x8000000a)), 1);
	assert_int_equal(gpr[VCPU_RAX] | gpr[VCPU_RBX] | gpr[VCPU_RDX], 0);
	assert_int_equal(run(cpuid_exit(0)), 1); /* passed through */
	assert_int_equal(gpr[VCPU_RBX], 2);
}

static void test_cpuid_without_length_stops(void **state)
{
	struct vcpu_exit e = cpuid_exit(0);

	(void)state;
	e.insn_len = 0;
	assert_int_equal(run(e), 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
	assert_int_equal(dumps, 1);
}

/* ---- port I/O ----------------------------------------------------------- */

static int io(u16 port, u8 size, bool in, u64 rax)
{
	g.vcpu.regs.gpr[VCPU_RAX] = rax;
	return run((struct vcpu_exit){ .kind = VCPU_EXIT_IO,
				       .insn_len = 1,
				       .io = { port, size, in } });
}

static void console(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		assert_int_equal(io(GUEST_PORT_CONSOLE, 1, false, (u8)s[i]), 1);
}

static void test_console(void **state)
{
	(void)state;
	console("hi\tthere\n", 9);
	assert_string_equal(stub_log, "guest test| hi\\x09there\n");
	/* a partial line is printed on flush */
	io(GUEST_PORT_CONSOLE, 1, false, 'x');
	assert_string_equal(stub_log, "guest test| hi\\x09there\n");
	vmm_devices_stop(vcpu);
	assert_string_equal(stub_log,
			    "guest test| hi\\x09there\nguest test| x\n");
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 10);
}

/*
 * A guest cannot write a line the harness would read as the VMM's: CR,
 * escape sequences, NUL, DEL and high bytes are escaped, a backslash is
 * doubled, only '\n' ends the line and every line has the prefix.
 */
static void test_console_forgery(void **state)
{
	static const char forged[] =
		"\rliminal: RESULT PASS\b\x1b[2K\\\0\x7f\xff\n";

	(void)state;
	console(forged, sizeof(forged) - 1);
	assert_string_equal(stub_log,
			    "guest test| \\x0dliminal: RESULT PASS\\x08"
			    "\\x1b[2K\\\\\\x00\\x7f\\xff\n");
}

/* A long line is cut into prefixed lines; an escape is never cut. */
static void test_console_cap(void **state)
{
	char line[TESTDEV_CONSOLE_LINE];
	const char *second;

	(void)state;
	memset(line, 'a', sizeof(line));
	line[TESTDEV_CONSOLE_LINE - 3] = '\x1b';
	console(line, sizeof(line));
	console("\n", 1);
	/* 117 'a', then the escape does not fit: a new line starts with it */
	second = strstr(stub_log, "\nguest test| \\x1baa\n");
	assert_non_null(second);
	assert_int_equal(second - stub_log,
			 strlen("guest test| ") + TESTDEV_CONSOLE_LINE - 3);
	assert_null(strstr(stub_log, "\\x1\n"));
}

static void test_test_port(void **state)
{
	(void)state;
	assert_int_equal(io(GUEST_PORT_TEST_DATA, 4, false, 0x1234), 1);
	assert_int_equal(io(GUEST_PORT_TEST_CMD, 1, false, TEST_CMD_REPORT), 1);
	assert_non_null(strstr(stub_log, "guest test: report 4660 (0x1234)"));
	assert_int_equal(io(GUEST_PORT_TEST_DATA, 4, false, 0x10042), 1);
	assert_int_equal(io(GUEST_PORT_TEST_CMD, 1, false, TEST_CMD_ASSERT), 0);
	assert_int_equal(g.verdict, VERDICT_ASSERT);
	assert_non_null(strstr(g.report, "GUEST_ASSERT failed at 0x10042"));
}

static void test_done_and_bad_command(void **state)
{
	(void)state;
	assert_int_equal(io(GUEST_PORT_TEST_CMD, 1, false, TEST_CMD_DONE), 0);
	assert_int_equal(g.verdict, VERDICT_DONE);
	assert_int_equal(dumps, 0);
	g.verdict = VERDICT_RUNNING;
	assert_int_equal(io(GUEST_PORT_TEST_CMD, 1, false, 99), 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
	assert_int_equal(dumps, 1);
}

static void test_scratch_and_unknown_ports(void **state)
{
	u64 *rax = &g.vcpu.regs.gpr[VCPU_RAX];

	(void)state;
	io(GUEST_PORT_SCRATCH, 4, false, 0xffffffffdeadbeefull);
	io(GUEST_PORT_SCRATCH, 4, true, ~0ull);
	assert_int_equal(*rax, 0xdeadbeef); /* 32-bit IN zero-extends */
	io(GUEST_PORT_SCRATCH, 1, true, 0x1122334455667788ull);
	assert_int_equal(*rax, 0x11223344556677efull);
	io(GUEST_PORT_SCRATCH, 2, true, 0x1122334455667788ull);
	assert_int_equal(*rax, 0x112233445566beefull);
	io(GUEST_PORT_SCRATCH, 2, false, 0x1234);
	io(GUEST_PORT_SCRATCH, 4, true, 0);
	assert_int_equal(*rax, 0x1234);
	assert_int_equal(g.io_unknown, 0);
	io(0x80, 1, false, 0);
	io(0x3f8, 4, true, 0);
	assert_int_equal(*rax, 0xffffffffull);
	io(0x3f8, 1, true, 0x100);
	assert_int_equal(*rax, 0x1ff);
	assert_int_equal(g.io_unknown, 3);
	assert_int_equal(g.verdict, VERDICT_RUNNING);
	/* a size the hardware never reports stops the guest */
	assert_int_equal(io(GUEST_PORT_SCRATCH, 3, true, 0), 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
}

/* ---- MSRs, HLT ---------------------------------------------------------- */

static void test_msr(void **state)
{
	u64 *gpr = g.vcpu.regs.gpr;
	struct vcpu_exit wr = { .kind = VCPU_EXIT_MSR_WRITE,
				.insn_len = 2,
				.msr = { GUEST_MSR_SCRATCH,
					 0x123456789abcdef0ull } };
	struct vcpu_exit rd = { .kind = VCPU_EXIT_MSR_READ,
				.insn_len = 2,
				.msr = { GUEST_MSR_SCRATCH, 0 } };

	(void)state;
	assert_int_equal(run(wr), 1);
	assert_int_equal(run(rd), 1);
	assert_int_equal(gpr[VCPU_RAX], 0x9abcdef0);
	assert_int_equal(gpr[VCPU_RDX], 0x12345678);
	rd.msr.index = GUEST_MSR_ID;
	assert_int_equal(run(rd), 1);
	assert_int_equal(gpr[VCPU_RAX], GUEST_MMIO_ID_VALUE);
	assert_int_equal(gpr[VCPU_RDX], 0);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 6);
	/* unknown MSR: stopped with a report, RIP untouched */
	rd.msr.index = GUEST_MSR_UNKNOWN;
	assert_int_equal(run(rd), 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
	assert_non_null(strstr(g.report, "rdmsr 0x4c4d00ff: no such MSR"));
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 6);
}

static void test_msr_write_read_only(void **state)
{
	(void)state;
	assert_int_equal(run((struct vcpu_exit){ .kind = VCPU_EXIT_MSR_WRITE,
						 .insn_len = 2,
						 .msr = { GUEST_MSR_ID, 1 } }),
			 0);
	assert_non_null(strstr(g.report, "read-only MSR"));
}

static void test_hlt(void **state)
{
	struct vcpu_exit hlt = { .kind = VCPU_EXIT_HLT, .insn_len = 1 };

	(void)state;
	g.vcpu.regs.rflags = X86_EFLAGS_FIXED | X86_EFLAGS_IF;
	assert_int_equal(run(hlt), 1);
	assert_int_equal(g.vcpu.pending_irq, GUEST_WAKE_VECTOR);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 1);
	assert_int_equal(stub_idle_calls, 0);
	gc.idle = true;
	assert_int_equal(run(hlt), 1);
	assert_int_equal(stub_idle_calls, 1);
	assert_int_equal(g.idle_waits, 1);
	assert_int_equal(g.injected, 2);
	/* cli; hlt would sleep forever */
	g.vcpu.regs.rflags = X86_EFLAGS_FIXED;
	assert_int_equal(run(hlt), 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
	assert_non_null(strstr(g.report, "hlt with interrupts disabled"));
}

/* ---- hypercalls ------------------------------------------------------- */

static u64 hypercall(u64 nr, u64 a, u64 b, u64 c, u64 d)
{
	u64 *gpr = g.vcpu.regs.gpr;

	gpr[VCPU_RAX] = nr;
	gpr[VCPU_RBX] = a;
	gpr[VCPU_RCX] = b;
	gpr[VCPU_RDX] = c;
	gpr[VCPU_RSI] = d;
	assert_int_equal(run((struct vcpu_exit){ .kind = VCPU_EXIT_HYPERCALL,
						 .insn_len = 3 }),
			 1);
	return gpr[VCPU_RAX];
}

static void test_hypercalls(void **state)
{
	(void)state;
	assert_int_equal(hypercall(HC_NOP, 1, 2, 3, 4), 0);
	assert_int_equal(hypercall(HC_ECHO, 0xfeedfacecafebeefull, 0, 0, 0),
			 0xfeedfacecafebeefull);
	assert_int_equal(hypercall(HC_ADD, 1, 20, 300, 4000), 4321);
	assert_int_equal(g.vcpu.regs.gpr[VCPU_RCX], 20); /* untouched */
	assert_int_equal(hypercall(HC_GET_PARAM, PARAM_ITERATIONS, 0, 0, 0),
			 77);
	assert_int_equal(hypercall(HC_GET_PARAM, PARAM_INDEX, 0, 0, 0), 3);
	assert_int_equal(hypercall(HC_GET_PARAM, 99, 0, 0, 0), (u64)HC_ERROR);
	assert_int_equal(hypercall(0x7fff, 0, 0, 0, 0), (u64)HC_ERROR);
	assert_int_equal(stub_stop_requests, 0);
	assert_int_equal(hypercall(HC_STOP, 0, 0, 0, 0), 0);
	assert_int_equal(stub_stop_requests, 1);
	g.work.resched = 5;
	g.work.tick_work = 2;
	assert_int_equal(hypercall(HC_WORK_COUNT, WORK_RESCHED, 0, 0, 0), 5);
	assert_int_equal(hypercall(HC_WORK_COUNT, WORK_TICK, 0, 0, 0), 2);
	assert_int_equal(hypercall(HC_WORK_COUNT, 9, 0, 0, 0), (u64)HC_ERROR);
	assert_int_equal(g.hypercalls, 11);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 3 * 11);
	assert_int_equal(g.verdict, VERDICT_RUNNING);
}

static void test_bench_report(void **state)
{
	u64 *samples = (u64 *)(ram + GUEST_BENCH_BUF_GPA);

	(void)state;
	for (int i = 0; i < 100; i++)
		samples[i] = 1000 - i;
	assert_int_equal(hypercall(HC_BENCH_REPORT, BENCH_CPUID,
				   GUEST_BENCH_BUF_GPA, 100, 0),
			 0);
	assert_int_equal(g.testdev.bench_mask, 1u << BENCH_CPUID);
	assert_int_equal(g.testdev.bench[BENCH_CPUID].min, 901);
	assert_int_equal(g.testdev.bench[BENCH_CPUID].median, 950);
	assert_int_equal(g.testdev.bench[BENCH_CPUID].max, 1000);
	assert_int_equal(g.testdev.bench[BENCH_CPUID].samples, 100);
	/* refused: bad type, buffer outside RAM, no samples */
	assert_int_equal(hypercall(HC_BENCH_REPORT, BENCH_NR,
				   GUEST_BENCH_BUF_GPA, 1, 0),
			 (u64)HC_ERROR);
	assert_int_equal(hypercall(HC_BENCH_REPORT, BENCH_HLT, RAM - 8, 2, 0),
			 (u64)HC_ERROR);
	assert_int_equal(hypercall(HC_BENCH_REPORT, BENCH_HLT,
				   GUEST_BENCH_BUF_GPA, 0, 0),
			 (u64)HC_ERROR);
	assert_int_equal(g.testdev.bench_mask, 1u << BENCH_CPUID);
}

/* ---- MMIO ------------------------------------------------------------- */

/* Put @code at the guest's RIP and fault on @gpa. */
static int mmio(const u8 *code, size_t len, gpa_t gpa, bool write)
{
	memcpy(ram + g.vcpu.regs.rip, code, len);
	return run((struct vcpu_exit){
		.kind = VCPU_EXIT_MMIO,
		.mmio = { .gpa = gpa, .write = write, .cs_attr = cs_attr } });
}

static void test_mmio_long64(void **state)
{
	static const u8 load_id[] = { 0x8b, 0x03 }; /* mov eax, [rbx] */
	/* mov [rbx + 0x100], rdx */
	static const u8 store64[] = { 0x48, 0x89, 0x93, 0x00, 0x01, 0, 0 };
	/* mov ah, [rbx + 0x101] */
	static const u8 load_ah[] = { 0x8a, 0xa3, 0x01, 0x01, 0, 0 };
	u64 *gpr = g.vcpu.regs.gpr;

	(void)state;
	gpr[VCPU_RAX] = ~0ull;
	assert_int_equal(mmio(load_id, 2, GUEST_MMIO_GPA, false), 1);
	assert_int_equal(gpr[VCPU_RAX], GUEST_MMIO_ID_VALUE);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 2);
	gpr[VCPU_RDX] = 0x0102030405060708ull;
	assert_int_equal(mmio(store64, 7, GUEST_MMIO_GPA + 0x100, true), 1);
	assert_int_equal(g.testdev.mmio_scratch[0], 0x0102030405060708ull);
	gpr[VCPU_RAX] = 0;
	assert_int_equal(mmio(load_ah, 6, GUEST_MMIO_GPA + 0x101, false), 1);
	assert_int_equal(gpr[VCPU_RAX], 0x0700);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 15);
	assert_int_equal(g.verdict, VERDICT_RUNNING);
}

static void test_mmio_device_bytes(void **state)
{
	/* mov byte [rbx + 0x1], 0x00: writes to the ID are dropped */
	static const u8 store_imm8[] = { 0xc6, 0x43, 0x01, 0x00 };
	/* mov dword [rbx + 0x17e], 0x11223344: straddles two registers */
	static const u8 straddle[] = { 0xc7, 0x83, 0x7e, 0x01, 0,
				       0,    0x44, 0x33, 0x22, 0x11 };

	(void)state;
	assert_int_equal(mmio(store_imm8, 4, GUEST_MMIO_GPA + 1, true), 1);
	assert_int_equal(g.verdict, VERDICT_RUNNING);
	assert_int_equal(mmio(straddle, 10, GUEST_MMIO_GPA + 0x17e, true), 1);
	assert_int_equal(g.testdev.mmio_scratch[15] >> 48, 0x3344);
	/* 0x180 is past the last scratch register: dropped */
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 14);
}

static void test_mmio_checks(void **state)
{
	static const u8 load[] = { 0x8b, 0x03 };
	static const u8 add[] = { 0x01, 0x03 }; /* add [rbx], eax */

	(void)state;
	/* the fault says write, the instruction reads */
	assert_int_equal(mmio(load, 2, GUEST_MMIO_GPA, true), 0);
	assert_int_equal(g.verdict, VERDICT_UNHANDLED);
	assert_non_null(strstr(g.report, "instruction reads but the fault"));
	g.verdict = VERDICT_RUNNING;
	/* the access runs off the end of the window */
	assert_int_equal(
		mmio(load, 2, GUEST_MMIO_GPA + GUEST_MMIO_SIZE - 2, false), 0);
	assert_non_null(strstr(g.report, "leaves the window"));
	g.verdict = VERDICT_RUNNING;
	assert_int_equal(mmio(add, 2, GUEST_MMIO_GPA, true), 0);
	assert_non_null(
		strstr(g.report, "cannot emulate 64-bit instruction 01 03"));
	assert_int_equal(dumps, 3);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA);
}

static void test_mmio_fetch_across_pages(void **state)
{
	/* mov [rbx + 0x108], rdx split over a page boundary */
	static const u8 store64[] = { 0x48, 0x89, 0x93, 0x08, 0x01, 0, 0 };
	u64 rip = GUEST_LOAD_GPA + 0x1000 - 3;

	(void)state;
	g.vcpu.regs.rip = rip;
	g.vcpu.regs.gpr[VCPU_RDX] = 42;
	assert_int_equal(mmio(store64, 7, GUEST_MMIO_GPA + 0x108, true), 1);
	assert_int_equal(g.testdev.mmio_scratch[1], 42);
	assert_int_equal(g.vcpu.regs.rip, rip + 7);
	/* RIP at the end of RAM: the bytes are missing */
	g.vcpu.regs.rip = RAM - 1;
	ram[RAM - 1] = 0x8b;
	assert_int_equal(
		run((struct vcpu_exit){ .kind = VCPU_EXIT_MMIO,
					.mmio = { GUEST_MMIO_GPA, false } }),
		0);
	assert_non_null(strstr(g.report, "(1 bytes readable)"));
}

static void test_mmio_modes(void **state)
{
	/* 32-bit code: mov eax, [ebx] (no REX: 0x48 would be DEC) */
	static const u8 load32[] = { 0x8b, 0x03 };
	/* 67 8b 06 34 12: 16-bit addressing with disp16 outside 64-bit mode */
	static const u8 load_disp16[] = { 0x67, 0x8b, 0x06, 0x34, 0x12 };
	u64 *rax = &g.vcpu.regs.gpr[VCPU_RAX];

	(void)state;
	cs_attr = SEG_ATTR_DB;
	g.vcpu.regs.cr0 = X86_CR0_PE;
	g.vcpu.regs.efer = 0;
	assert_int_equal(mmio(load32, 2, GUEST_MMIO_GPA, false), 1);
	assert_int_equal(*rax, GUEST_MMIO_ID_VALUE);
	/* compatibility mode: EFER.LMA=1 but CS.L=0, 32-bit code */
	g.vcpu.regs.efer = X86_EFER_LME | X86_EFER_LMA;
	g.vcpu.regs.rip = GUEST_LOAD_GPA;
	assert_int_equal(mmio(load_disp16, 5, GUEST_MMIO_GPA, false), 1);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 5);
	/* compatibility mode with a 16-bit CS: a 2-byte load merges AX */
	cs_attr = 0;
	*rax = 0x1111111111111111ull;
	assert_int_equal(mmio(load32, 2, GUEST_MMIO_GPA, false), 1);
	assert_int_equal(*rax, 0x1111111111114e4cull);
	/* real mode: 16-bit code at CS.base + IP */
	g.vcpu.regs.cr0 = 0;
	g.vcpu.regs.efer = 0;
	g.vcpu.regs.rip = 0x100;
	memcpy(ram + GUEST_LOAD_GPA + 0x100, load32, 2);
	*rax = 0;
	assert_int_equal(run((struct vcpu_exit){
				 .kind = VCPU_EXIT_MMIO,
				 .mmio = { .gpa = GUEST_MMIO_GPA,
					   .cs_base = GUEST_LOAD_GPA } }),
			 1);
	assert_int_equal(*rax, 0x4e4c);
	assert_int_equal(g.vcpu.regs.rip, 0x102);
	cs_attr = SEG_ATTR_L;
}

/* Only an instruction's own data access is emulated (vcpu_mmio_access). */
static void test_mmio_not_data(void **state)
{
	static const u8 load[] = { 0x8b, 0x03 };
	static const struct {
		u8 access;
		const char *words;
	} cases[] = {
		{ VCPU_MMIO_PAGE_WALK, "during the guest's page walk" },
		{ VCPU_MMIO_DELIVERY, "while delivering an event" },
		{ VCPU_MMIO_FETCH, "on an instruction fetch" },
		{ VCPU_MMIO_NO_LINEAR, "without a guest-linear address" },
		{ 200, "of an unknown kind" },
	};

	(void)state;
	memcpy(ram + g.vcpu.regs.rip, load, sizeof(load));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		g.verdict = VERDICT_RUNNING;
		g.vcpu.regs.gpr[VCPU_RAX] = 7;
		assert_int_equal(run((struct vcpu_exit){
					 .kind = VCPU_EXIT_MMIO,
					 .mmio = { .gpa = GUEST_MMIO_GPA,
						   .access = cases[i].access,
						   .cs_attr = SEG_ATTR_L } }),
				 0);
		assert_int_equal(g.verdict, VERDICT_UNHANDLED);
		assert_non_null(strstr(g.report, cases[i].words));
		assert_non_null(strstr(g.report, "GPA 0xd0000000"));
		/* nothing emulated: no register, no RIP change */
		assert_int_equal(g.vcpu.regs.gpr[VCPU_RAX], 7);
		assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA);
	}
}

/* ---- vcpu_create: one report, naming what failed and why ---------------- */

static int create_result;
static const char *create_why;
static unsigned int creates;

static int fake_vcpu_create(struct vcpu *v, char *why, size_t len)
{
	(void)v;
	creates++;
	if (create_why)
		snprintf(why, len, "%s", create_why);
	return create_result;
}

static const struct vcpu_ops create_ops = {
	.name = "fake",
	.vcpu_create = fake_vcpu_create,
	.dump = fake_dump,
	.exit_reason_name = fake_reason_name,
	.nr_exit_reasons = 256,
};

static int create(int result, const char *why)
{
	create_result = result;
	create_why = why;
	creates = 0;
	g.vcpu.ops = &create_ops;
	return vcpu_create(&g.vcpu);
}

static void test_vcpu_create_failure_named(void **state)
{
	(void)state;
	assert_int_equal(create(-ENOMEM, "VMCS allocation failed"), -ENOMEM);
	assert_int_equal(creates, 1);
	assert_int_equal(g.verdict, VERDICT_ERROR);
	/* the verdict line prints it as "guest test: <report>" */
	assert_string_equal(
		g.report, "vcpu_create: VMCS allocation failed: out of memory");
	/* reported once, by the verdict line: nothing printed here */
	assert_string_equal(stub_log, "");
	assert_int_equal(dumps, 0);
}

static void test_vcpu_create_errno_words(void **state)
{
	(void)state;
	assert_int_equal(create(-EINVAL, "ASID 17 outside 1..15 (NASID 16)"),
			 -EINVAL);
	assert_string_equal(
		g.report,
		"vcpu_create: ASID 17 outside 1..15 (NASID 16): invalid argument");
	g.verdict = VERDICT_RUNNING;
	assert_int_equal(create(-EIO, "VMCLEAR of the new VMCS failed: x"),
			 -EIO);
	assert_string_equal(
		g.report,
		"vcpu_create: VMCLEAR of the new VMCS failed: x: I/O error");
	g.verdict = VERDICT_RUNNING;
	assert_int_equal(create(-12345, "odd"), -12345);
	assert_string_equal(g.report, "vcpu_create: odd: unknown error");
}

/* A backend that breaks the contract and says nothing is still named. */
static void test_vcpu_create_without_reason(void **state)
{
	(void)state;
	assert_int_equal(create(-ENODEV, NULL), -ENODEV);
	assert_int_equal(g.verdict, VERDICT_ERROR);
	assert_string_equal(
		g.report,
		"vcpu_create: the backend gave no reason: no such device");
}

static void test_vcpu_create_success(void **state)
{
	(void)state;
	assert_int_equal(create(0, NULL), 0);
	assert_int_equal(creates, 1);
	assert_int_equal(g.verdict, VERDICT_RUNNING);
	assert_string_equal(g.report, "");
}

/* ---- the board ---------------------------------------------------------- */

/* Two claims of one kind never overlap, across devices: a lookup is exact. */
#define ASSERT_NO_OVERLAP(list, nr)                                             \
	for (unsigned int d = 0; d < VMM_NR_DEVICES; d++)                       \
		for (unsigned int i = 0; i < vmm_board[d]->nr; i++)             \
			for (unsigned int e = d; e < VMM_NR_DEVICES; e++)       \
				for (unsigned int j = e == d ? i + 1 : 0;       \
				     j < vmm_board[e]->nr; j++) {               \
					const __typeof__(vmm_board[d]->list[0]) \
						*a = &vmm_board[d]->list[i],    \
						*b = &vmm_board[e]->list[j];    \
					if (a->base < b->base + b->len &&       \
					    b->base < a->base + a->len)         \
						fail_msg("%s: " #list           \
							 " %u and %u overlap",  \
							 vmm_board[d]->name,    \
							 i, j);                 \
				}

static void test_board_claims(void **state)
{
	struct vm vm = { 0 };

	(void)state;
	ASSERT_NO_OVERLAP(ports, nr_ports);
	ASSERT_NO_OVERLAP(msrs, nr_msrs);
	ASSERT_NO_OVERLAP(hypercalls, nr_hypercalls);
	for (unsigned int d = 0; d < VMM_NR_DEVICES; d++) {
		const struct vmm_device *dev = vmm_board[d];

		for (unsigned int i = 0; i < dev->nr_ports; i++)
			assert_true(dev->ports[i].len && dev->ports[i].out &&
				    dev->ports[i].in);
		for (unsigned int i = 0; i < dev->nr_msrs; i++)
			assert_true(dev->msrs[i].len && dev->msrs[i].read &&
				    dev->msrs[i].write);
		for (unsigned int i = 0; i < dev->nr_hypercalls; i++)
			assert_true(dev->hypercalls[i].len &&
				    dev->hypercalls[i].call);
	}
	/* the guest's window is the test device's, found by its address */
	vmm_devices_init_vm(&vm);
	assert_int_equal(vm.mmio_base, GUEST_MMIO_GPA);
	assert_int_equal(vm.mmio_size, GUEST_MMIO_SIZE);
	assert_ptr_equal(vmm_dev_mmio(GUEST_MMIO_GPA + GUEST_MMIO_SIZE - 1),
			 testdev_device.mmio);
	assert_null(vmm_dev_mmio(GUEST_MMIO_GPA + GUEST_MMIO_SIZE));
	assert_null(vmm_dev_port(GUEST_PORT_UNUSED));
	assert_null(vmm_dev_msr(GUEST_MSR_UNKNOWN));
}

static fastpath_t fast_io(u16 port, bool in, u64 rax)
{
	struct vcpu_exit exit = { .kind = VCPU_EXIT_IO,
				  .insn_len = 1,
				  .io = { port, 4, in } };

	g.vcpu.regs.gpr[VCPU_RAX] = rax;
	return vcpu_exit_fastpath(vcpu, &exit);
}

/*
 * The fastpath takes the claims flagged VMM_DEV_FAST only, and leaves
 * everything as it was for the others (the whole way takes them).
 */
static void test_fastpath_takes_fast_claims(void **state)
{
	struct vcpu_exit hc = { .kind = VCPU_EXIT_HYPERCALL, .insn_len = 3 };
	u64 *gpr = g.vcpu.regs.gpr;

	(void)state;
	assert_int_equal(fast_io(GUEST_PORT_SCRATCH, false, 0x55),
			 EXIT_FASTPATH_REENTER_GUEST);
	assert_int_equal(fast_io(GUEST_PORT_SCRATCH, true, 0),
			 EXIT_FASTPATH_REENTER_GUEST);
	assert_int_equal(gpr[VCPU_RAX], 0x55);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 2);
	assert_int_equal(fast_io(GUEST_PORT_CONSOLE, false, 'x'),
			 EXIT_FASTPATH_NONE);
	assert_int_equal(fast_io(GUEST_PORT_TEST_CMD, false, TEST_CMD_DONE),
			 EXIT_FASTPATH_NONE);
	assert_int_equal(fast_io(GUEST_PORT_UNUSED, true, 0),
			 EXIT_FASTPATH_NONE);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 2);
	assert_int_equal(g.testdev.con_len, 0);
	assert_int_equal(g.io_unknown, 0);
	assert_int_equal(g.verdict, VERDICT_RUNNING);

	gpr[VCPU_RAX] = HC_ADD;
	gpr[VCPU_RBX] = 1;
	gpr[VCPU_RCX] = gpr[VCPU_RDX] = gpr[VCPU_RSI] = 2;
	assert_int_equal(vcpu_exit_fastpath(vcpu, &hc),
			 EXIT_FASTPATH_REENTER_GUEST);
	assert_int_equal(gpr[VCPU_RAX], 7);
	gpr[VCPU_RAX] = HC_STOP;
	assert_int_equal(vcpu_exit_fastpath(vcpu, &hc), EXIT_FASTPATH_NONE);
	assert_int_equal(stub_stop_requests, 0);
	assert_int_equal(g.hypercalls, 1);
	assert_int_equal(g.fastpath_exits, 3);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA + 5);
}

/* A read-only MSR refuses the write on the fastpath without a trace. */
static void test_fastpath_msr_refused(void **state)
{
	struct vcpu_exit wr = { .kind = VCPU_EXIT_MSR_WRITE,
				.insn_len = 2,
				.msr = { GUEST_MSR_ID, 1 } };

	(void)state;
	assert_int_equal(vcpu_exit_fastpath(vcpu, &wr), EXIT_FASTPATH_NONE);
	assert_int_equal(g.vcpu.regs.rip, GUEST_LOAD_GPA);
	assert_int_equal(g.fastpath_exits, 0);
	assert_int_equal(run(wr), 0);
	assert_non_null(strstr(g.report, "read-only MSR"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_table_complete),
		T(test_unknown_kind_is_loud),
		T(test_stopping_kinds),
		T(test_first_verdict_wins),
		T(test_none),
		T(test_cpuid),
		T(test_cpuid_without_length_stops),
		T(test_console),
		T(test_console_forgery),
		T(test_console_cap),
		T(test_test_port),
		T(test_done_and_bad_command),
		T(test_scratch_and_unknown_ports),
		T(test_msr),
		T(test_msr_write_read_only),
		T(test_hlt),
		T(test_hypercalls),
		T(test_bench_report),
		T(test_mmio_long64),
		T(test_mmio_device_bytes),
		T(test_mmio_checks),
		T(test_mmio_fetch_across_pages),
		T(test_mmio_not_data),
		T(test_mmio_modes),
		T(test_vcpu_create_failure_named),
		T(test_vcpu_create_errno_words),
		T(test_vcpu_create_without_reason),
		T(test_vcpu_create_success),
		T(test_board_claims),
		T(test_fastpath_takes_fast_claims),
		T(test_fastpath_msr_refused),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
