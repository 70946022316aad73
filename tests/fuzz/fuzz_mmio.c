// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO emulation (vmm/mmio.c) through the exit dispatch (vmm/exit.c), with
 * the board's devices, on a guest the input describes entirely:
 *
 *   byte 0      bit 0: the fault is a write; bit 1: CR0.PE; bit 2: CR0.PG;
 *               bit 3: EFER.LME|LMA (64-bit code)
 *   bytes 1-4   RIP (little-endian)
 *   bytes 5-8   CR3
 *   bytes 9-10  the faulting address's offset in the MMIO window
 *   the rest    guest RAM from GPA 0 (RAM_SIZE bytes, zero past the input):
 *               the instruction and, with paging, the guest's page tables
 *
 * Checked: the handler resumes (1) or stops the guest (0) with a verdict
 * and a report; a resumed guest's RIP moved by 1..INSN_MAX_LEN and at most
 * the decoded register changed; guest RAM is never written (the device is
 * outside it); ASan sees every access outside RAM and the instruction.
 */
#include <string.h>

#include <arch/segment.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <vmm/board.h>
#include <vmm/device.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <vmm/insn.h>

#include "fuzz.h"
#include "host_stubs.h"

#define RAM_SIZE 0x10000 /* 16 pages: room for tables and code */

enum {
	IN_WRITE = 1 << 0,
	IN_PE = 1 << 1,
	IN_PG = 1 << 2,
	IN_LONG = 1 << 3,
	IN_CS_L = 1 << 4, /* the code size comes from CS (insn_mode_of()) */
	IN_CS_DB = 1 << 5,
	IN_ACCESS_SHIFT = 6, /* bits 7:6: enum vcpu_mmio_access, mostly data */
};

static void fake_dump(struct vcpu *vcpu)
{
	(void)vcpu;
}

static const char *fake_reason_name(u32 reason)
{
	(void)reason;
	return "NPF";
}

static const struct vcpu_ops fake_ops = {
	.name = "fuzz",
	.dump = fake_dump,
	.exit_reason_name = fake_reason_name,
	.nr_exit_reasons = 1,
};

static struct vmm_guest g;
static u8 *ram, *ram_before;

static void guest_init(struct fuzz_input *in, struct vcpu_exit *exit)
{
	unsigned int flags = fuzz_take(in, 1);
	struct vcpu_regs *regs = &g.vcpu.regs;
	size_t n;

	if (!ram) {
		ram = aligned_alloc(4096, RAM_SIZE);
		ram_before = malloc(RAM_SIZE);
		FUZZ_CHECK(ram && ram_before, "out of memory");
	}
	stub_reset();
	memset(&g, 0, sizeof(g));
	strcpy(g.vm.name, "fuzz");
	g.vm.boot_mode = VM_BOOT_LONG64;
	vmm_devices_init_vm(&g.vm);
	vm_mem_init(&g.vm, ram, RAM_SIZE);
	g.vcpu.vm = &g.vm;
	g.vcpu.ops = &fake_ops;
	g.vcpu.pending_irq = -1;
	for (unsigned int i = 0; i < VCPU_NR_GPRS; i++)
		regs->gpr[i] = 0x0101010101010101ull * (i + 1);
	regs->rip = fuzz_take(in, 4);
	regs->cr3 = fuzz_take(in, 4);
	regs->cr0 = (flags & IN_PE ? X86_CR0_PE : 0) |
		    (flags & IN_PG ? X86_CR0_PG : 0);
	regs->efer = flags & IN_LONG ? X86_EFER_LME | X86_EFER_LMA : 0;
	*exit = (struct vcpu_exit){ .kind = VCPU_EXIT_MMIO };
	exit->mmio.gpa = g.vm.mmio_base + fuzz_take(in, 2) % g.vm.mmio_size;
	exit->mmio.write = flags & IN_WRITE;
	exit->mmio.cs_attr = (flags & IN_CS_L ? SEG_ATTR_L : 0) |
			     (flags & IN_CS_DB ? SEG_ATTR_DB : 0);
	/* 0 and 1: a data access; 2 and 3: a walk or a delivery */
	exit->mmio.access = (flags >> IN_ACCESS_SHIFT) < 2 ?
				    VCPU_MMIO_DATA :
				    (flags >> IN_ACCESS_SHIFT) - 1;

	n = in->size < RAM_SIZE ? in->size : RAM_SIZE;
	memcpy(ram, in->data, n);
	memset(ram + n, 0, RAM_SIZE - n);
	memcpy(ram_before, ram, RAM_SIZE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct vcpu_regs before;
	struct vcpu_exit exit;
	unsigned int changed = 0;
	u64 moved;
	int r;

	guest_init(&in, &exit);
	before = g.vcpu.regs;
	r = vcpu_handle_exit(&g.vcpu, &exit);
	FUZZ_CHECK(!memcmp(ram, ram_before, RAM_SIZE), "guest RAM written");
	if (r == 0) {
		FUZZ_CHECK(g.verdict != VERDICT_RUNNING && g.report[0],
			   "stopped without a verdict and a report");
		return 0;
	}
	FUZZ_CHECK(r == 1, "returned %d", r);
	FUZZ_CHECK(g.verdict == VERDICT_RUNNING, "resumed a stopped guest");
	moved = g.vcpu.regs.rip - before.rip;
	FUZZ_CHECK(moved >= 1 && moved <= INSN_MAX_LEN, "RIP moved by %llu",
		   (unsigned long long)moved);
	for (unsigned int i = 0; i < VCPU_NR_GPRS; i++)
		changed += g.vcpu.regs.gpr[i] != before.gpr[i];
	FUZZ_CHECK(exit.mmio.write ? changed == 0 : changed <= 1,
		   "%u registers changed", changed);
	return 0;
}
