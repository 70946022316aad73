// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO emulation: the guest touched its MMIO window (struct vm's
 * mmio_base/mmio_size, which its nested page tables leave unmapped); the
 * backend reported the guest-physical address.  In order:
 *  1) fetch the instruction at RIP: translate the linear address with the
 *     guest's own page tables (vm_gva_to_gpa(), from regs.cr3) page by page
 *     and read up to 15 bytes of guest RAM
 *  2) decode it (vmm/insn.c): size, direction, register or immediate,
 *     length
 *  3) check the access against the exit and the window of the device that
 *     claims the address (include/vmm/device.h)
 *  4) perform it with the device's read or write handler, update the
 *     register, skip the instruction (the decoded length: nested-paging
 *     exits carry none)
 *
 * The code size follows the guest's mode: EFER.LMA means 64-bit code
 * (liminal's long64 guests never run compatibility-mode code), CR0.PE
 * 32-bit, otherwise real mode, where MMIO is not supported.
 */
#include <arch/x86.h>
#include <liminal/errno.h>
#include <vmm/board.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <vmm/insn.h>

#define GUEST_PAGE_SIZE 0x1000ull

/* Guest RAM at linear address @gva for up to @max bytes (page-bounded). */
static const u8 *map_code(const struct vcpu *vcpu, u64 gva, size_t *len,
			  size_t max)
{
	size_t chunk = GUEST_PAGE_SIZE - (gva & (GUEST_PAGE_SIZE - 1));
	gpa_t gpa;

	*len = chunk < max ? chunk : max;
	if (vm_gva_to_gpa(vcpu->vm, &vcpu->regs, gva, &gpa))
		return NULL;
	return vm_gpa_to_hva(vcpu->vm, gpa, *len);
}

/*
 * Step 1: up to INSN_MAX_LEN bytes at RIP; *n says how many were readable.
 * Within one page the guest's bytes are decoded in place; an instruction
 * that may cross into the next page is gathered into @buf.
 */
static const u8 *fetch_insn(const struct vcpu *vcpu, u8 *buf, size_t *n)
{
	u64 rip = vcpu->regs.rip;
	const u8 *src;
	size_t len;

	*n = 0;
	src = map_code(vcpu, rip, &len, INSN_MAX_LEN);
	if (!src)
		return buf;
	*n = len;
	if (len == INSN_MAX_LEN)
		return src;
	for (size_t i = 0; i < len; i++)
		buf[i] = src[i];
	src = map_code(vcpu, rip + len, &len, INSN_MAX_LEN - len);
	for (size_t i = 0; src && i < len; i++)
		buf[(*n)++] = src[i];
	return buf;
}

static int insn_mode_of(const struct vcpu *vcpu, enum insn_mode *mode)
{
	if (vcpu->regs.efer & X86_EFER_LMA)
		*mode = INSN_MODE_64;
	else if (vcpu->regs.cr0 & X86_CR0_PE)
		*mode = INSN_MODE_32;
	else
		return -EOPNOTSUPP;
	return 0;
}

/*
 * Steps 1-3: the decoded instruction, checked against @dev's window; 1, or
 * 0 after a stop.
 */
static int mmio_decode(struct vcpu *vcpu, const struct vcpu_exit *exit,
		       const struct vmm_dev_mmio *dev, struct mmio_insn *insn)
{
	u8 buf[INSN_MAX_LEN];
	enum insn_mode mode;
	const u8 *code;
	size_t n;

	if (insn_mode_of(vcpu, &mode))
		return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
				      "MMIO at 0x%llx from real mode",
				      (unsigned long long)exit->mmio.gpa);
	code = fetch_insn(vcpu, buf, &n);
	if (insn_decode_mmio(code, n, mode, insn))
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MMIO at 0x%llx: cannot emulate instruction %02x %02x %02x %02x (%zu bytes readable)",
			(unsigned long long)exit->mmio.gpa, n > 0 ? code[0] : 0,
			n > 1 ? code[1] : 0, n > 2 ? code[2] : 0,
			n > 3 ? code[3] : 0, n);
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

	r = mmio_decode(vcpu, exit, dev, &insn);
	if (r <= 0)
		return r;
	/* Step 4: cannot fail from here on. */
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
