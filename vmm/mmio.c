// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO emulation: the guest touched its MMIO window (struct vm's
 * mmio_base/mmio_size, which its nested page tables leave unmapped); the
 * backend reported the guest-physical address and what made the access
 * (enum vcpu_mmio_access).  In order:
 *  1) only the final translation of an instruction's own data access is
 *     emulated; a page walk through the window, an event delivery that
 *     read the IDT (or GDT, TSS, stack) there, an instruction fetch stop
 *     the guest with a report that says so: decoding the instruction at
 *     RIP would emulate an access it did not make
 *  2) fetch the instruction at CS:RIP (vcpu_fetch_insn(), vmm/fetch.c)
 *  3) decode it (vmm/insn.c) in the code size of CS (CS.L, CS.D: a
 *     compatibility-mode instruction is 32- or 16-bit code even though
 *     EFER.LMA=1): size, direction, register or immediate, length; an
 *     instruction the decoder does not know is refused, never guessed
 *  4) check the access against the exit and the window of the device that
 *     claims the address (include/vmm/device.h)
 *  5) perform it with the device's read or write handler, update the
 *     register, skip the instruction (the decoded length: nested-paging
 *     exits carry none)
 */
#include <arch/x86.h>
#include <liminal/errno.h>
#include <vmm/board.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <vmm/insn.h>

static const char *const access_words[VCPU_NR_MMIO_ACCESS] = {
	[VCPU_MMIO_PAGE_WALK] =
		"during the guest's page walk (page tables in MMIO)",
	[VCPU_MMIO_DELIVERY] =
		"while delivering an event (IDT, GDT, TSS or stack in MMIO)",
	[VCPU_MMIO_FETCH] = "on an instruction fetch",
	[VCPU_MMIO_NO_LINEAR] = "on an access without a guest-linear address",
};

/* Step 1: not the instruction's own data access: say what it was. */
static noinline int mmio_not_data(struct vcpu *vcpu,
				  const struct vcpu_exit *exit)
{
	u8 a = exit->mmio.access;

	return vcpu_stop_dump(
		vcpu, VERDICT_UNHANDLED,
		"nested-paging fault at GPA 0x%llx %s: not the instruction's own access, not emulated",
		(unsigned long long)exit->mmio.gpa,
		a < VCPU_NR_MMIO_ACCESS && access_words[a] ?
			access_words[a] :
			"of an unknown kind");
}

/*
 * Steps 2-4: the decoded instruction, checked against @dev's window; 1, or
 * 0 after a stop.
 */
static int mmio_decode(struct vcpu *vcpu, const struct vcpu_exit *exit,
		       const struct vmm_dev_mmio *dev, struct mmio_insn *insn)
{
	enum insn_mode mode = insn_mode_of(vcpu->regs.cr0, vcpu->regs.efer,
					   exit->mmio.cs_attr);
	u8 buf[INSN_MAX_LEN];
	const u8 *code;
	size_t n;

	code = vcpu_fetch_insn(vcpu, exit->mmio.cs_base, mode, buf, &n);
	if (insn_decode_mmio(code, n, mode, insn))
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MMIO at 0x%llx: cannot emulate %u-bit instruction %02x %02x %02x %02x (%zu bytes readable)",
			(unsigned long long)exit->mmio.gpa,
			mode == INSN_MODE_64 ? 64 :
			mode == INSN_MODE_32 ? 32 :
					       16,
			n > 0 ? code[0] : 0, n > 1 ? code[1] : 0,
			n > 2 ? code[2] : 0, n > 3 ? code[3] : 0, n);
	if (insn->write != exit->mmio.write)
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MMIO at 0x%llx: instruction %s but the fault says %s",
			(unsigned long long)exit->mmio.gpa,
			insn->write ? "writes" : "reads",
			exit->mmio.write ? "write" : "read");
	if (!dev)
		return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
				      "MMIO at 0x%llx: no device claims it",
				      (unsigned long long)exit->mmio.gpa);
	if (insn->size > dev->size - (exit->mmio.gpa - dev->base))
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MMIO access of %u bytes at 0x%llx leaves the window",
			insn->size, (unsigned long long)exit->mmio.gpa);
	return 1;
}

int vcpu_emulate_mmio(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	const struct vmm_dev_mmio *dev = vmm_dev_mmio(exit->mmio.gpa);
	struct mmio_insn insn;
	u64 off;
	int r;

	if (exit->mmio.access != VCPU_MMIO_DATA)
		return mmio_not_data(vcpu, exit);
	r = mmio_decode(vcpu, exit, dev, &insn);
	if (r <= 0)
		return r;
	/* Step 5: cannot fail from here on. */
	off = exit->mmio.gpa - dev->base;
	if (insn.write)
		dev->write(vcpu, off, insn.size,
			   insn_write_value(&insn, vcpu->regs.gpr));
	else
		insn_read_complete(&insn, vcpu->regs.gpr,
				   dev->read(vcpu, off, insn.size));
	vcpu->regs.rip += insn.len;
	return 1;
}
