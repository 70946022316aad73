/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test device (vmm/testdev/): the guest ABI of liminal's test guests
 * (include/vmm/guest_abi.h) behind the device-model interface
 * (include/vmm/device.h), and the harness around it.
 *
 *   ports     GUEST_PORT_TEST_DATA and GUEST_PORT_SCRATCH: plain registers
 *             (fast); GUEST_PORT_TEST_CMD: done, assert (the guest's
 *             verdict), report; GUEST_PORT_CONSOLE: a line-buffered console
 *   hypercalls HC_NOP, HC_ECHO, HC_ADD (fast); HC_STOP, HC_GET_PARAM,
 *             HC_BENCH_REPORT, HC_WORK_COUNT
 *   MSRs      GUEST_MSR_SCRATCH, GUEST_MSR_ID (fast)
 *   MMIO      the window at GUEST_MMIO_GPA: an ID register and scratch
 *             registers
 *   report    the benchmark lines of HC_BENCH_REPORT (include/vmm/bench.h)
 *
 * Its per-guest state is struct testdev, in the guest (struct vmm_guest);
 * its claims are const data here, for the board (include/vmm/board.h).
 */
#ifndef VMM_TESTDEV_H
#define VMM_TESTDEV_H

#include <liminal/compiler.h>
#include <liminal/types.h>
#include <vmm/bench.h>
#include <vmm/device.h>
#include <vmm/guest_abi.h>

#define TESTDEV_CONSOLE_LINE 120

struct testdev {
	u32 test_data; /* GUEST_PORT_TEST_DATA: the next command's value */
	u32 port_scratch;
	u64 msr_scratch;
	u64 mmio_scratch[GUEST_MMIO_NR_SCRATCH];
	char con_line[TESTDEV_CONSOLE_LINE];
	u32 con_len;
	struct bench_stats bench[BENCH_NR];
	u32 bench_mask; /* bit per BENCH_* type reported */
};

/* The handlers (vmm/testdev/testdev.c); the first four are fast. */
int testdev_reg_out(struct vcpu *vcpu, u16 port, u32 value);
u32 testdev_reg_in(struct vcpu *vcpu, u16 port);
u64 testdev_msr_read(struct vcpu *vcpu, u32 index);
int testdev_msr_write(struct vcpu *vcpu, u32 index, u64 value);
u64 testdev_hc_compute(struct vcpu *vcpu, u64 nr);
int testdev_command_out(struct vcpu *vcpu, u16 port, u32 cmd);
int testdev_console_out(struct vcpu *vcpu, u16 port, u32 value);
u32 testdev_zero_in(struct vcpu *vcpu, u16 port);
u64 testdev_hc_work(struct vcpu *vcpu, u64 nr);
u64 testdev_mmio_read(struct vcpu *vcpu, u64 off, unsigned int size);
void testdev_mmio_write(struct vcpu *vcpu, u64 off, unsigned int size, u64 v);
void testdev_stop(struct vcpu *vcpu);
bool testdev_report(struct vcpu *vcpu);

/* The claims, fast ones first: a lookup tries them in this order. */
static const struct vmm_dev_ports testdev_ports[] = {
	{ GUEST_PORT_SCRATCH, 1, VMM_DEV_FAST, testdev_reg_out,
	  testdev_reg_in },
	{ GUEST_PORT_TEST_DATA, 1, VMM_DEV_FAST, testdev_reg_out,
	  testdev_reg_in },
	{ GUEST_PORT_TEST_CMD, 1, 0, testdev_command_out, testdev_zero_in },
	{ GUEST_PORT_CONSOLE, 1, 0, testdev_console_out, testdev_zero_in },
};

/* GUEST_MSR_SCRATCH and GUEST_MSR_ID (read-only). */
static const struct vmm_dev_msrs testdev_msrs[] = {
	{ GUEST_MSR_SCRATCH, 2, VMM_DEV_FAST, testdev_msr_read,
	  testdev_msr_write },
};
_Static_assert(GUEST_MSR_ID == GUEST_MSR_SCRATCH + 1, "one MSR range");

/* HC_NOP, HC_ECHO, HC_ADD; HC_STOP, HC_GET_PARAM, HC_BENCH_REPORT,
 * HC_WORK_COUNT. */
static const struct vmm_dev_hypercalls testdev_hypercalls[] = {
	{ HC_NOP, 3, VMM_DEV_FAST, testdev_hc_compute },
	{ HC_STOP, 4, 0, testdev_hc_work },
};
_Static_assert(HC_ECHO == HC_NOP + 1 && HC_ADD == HC_NOP + 2 &&
		       HC_GET_PARAM == HC_STOP + 1 &&
		       HC_BENCH_REPORT == HC_STOP + 2 &&
		       HC_WORK_COUNT == HC_STOP + 3,
	       "two hypercall ranges");

static const struct vmm_dev_mmio testdev_mmio = {
	.base = GUEST_MMIO_GPA,
	.size = GUEST_MMIO_SIZE,
	.read = testdev_mmio_read,
	.write = testdev_mmio_write,
};

static const struct vmm_device testdev_device = {
	.name = "testdev",
	.ports = testdev_ports,
	.nr_ports = ARRAY_SIZE(testdev_ports),
	.msrs = testdev_msrs,
	.nr_msrs = ARRAY_SIZE(testdev_msrs),
	.hypercalls = testdev_hypercalls,
	.nr_hypercalls = ARRAY_SIZE(testdev_hypercalls),
	.mmio = &testdev_mmio,
	.stop = testdev_stop,
	.report = testdev_report,
};

#endif /* VMM_TESTDEV_H */
