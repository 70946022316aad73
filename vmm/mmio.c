// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO emulation: the guest touched its MMIO window (GUEST_MMIO_GPA); the
 * backend reported the guest-physical address.  In order:
 *  1) fetch the instruction at RIP: translate the linear address with the
 *     guest's own page tables (vm_gva_to_gpa(), from regs.cr3) page by page
 *     and read up to 15 bytes of guest RAM
 *  2) decode it (vmm/insn.c): size, direction, register or immediate,
 *     length
 *  3) check the access against the exit and the window
 *  4) perform it on the tiny device below, update the register, skip the
 *     instruction (the decoded length: nested-paging exits carry none)
 *
 * The code size follows the guest's mode: EFER.LMA means 64-bit code
 * (liminal's long64 guests never run compatibility-mode code), CR0.PE
 * 32-bit, otherwise real mode, where MMIO is not supported.
 *
 * The device: GUEST_MMIO_REG_ID reads GUEST_MMIO_ID_VALUE, writes are
 * ignored; GUEST_MMIO_NR_SCRATCH 8-byte registers at GUEST_MMIO_REG_SCRATCH
 * store what is written; every other byte reads 0.  It is byte-addressed, so
 * any size and alignment inside the window behaves like memory.
 */
#include <arch/x86.h>
#include <liminal/errno.h>
#include <liminal/string.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <vmm/insn.h>

#define GUEST_PAGE_SIZE 0x1000ull
#define MMIO_ID_BYTES 4
#define MMIO_SCRATCH_BYTES (GUEST_MMIO_NR_SCRATCH * 8)

static u8 mmio_read_byte(const struct vmm_guest *g, u64 off)
{
	if (off < GUEST_MMIO_REG_ID + MMIO_ID_BYTES)
		return (u8)(GUEST_MMIO_ID_VALUE >>
			    (8 * (off - GUEST_MMIO_REG_ID)));
	if (off >= GUEST_MMIO_REG_SCRATCH &&
	    off < GUEST_MMIO_REG_SCRATCH + MMIO_SCRATCH_BYTES) {
		u64 i = off - GUEST_MMIO_REG_SCRATCH;

		return (u8)(g->mmio_scratch[i / 8] >> (8 * (i % 8)));
	}
	return 0;
}

static void mmio_write_byte(struct vmm_guest *g, u64 off, u8 v)
{
	u64 i, *reg;

	if (off < GUEST_MMIO_REG_SCRATCH ||
	    off >= GUEST_MMIO_REG_SCRATCH + MMIO_SCRATCH_BYTES)
		return;
	i = off - GUEST_MMIO_REG_SCRATCH;
	reg = &g->mmio_scratch[i / 8];
	*reg = (*reg & ~(0xffull << (8 * (i % 8)))) | (u64)v << (8 * (i % 8));
}

static u64 mmio_read(const struct vmm_guest *g, u64 off, unsigned int size)
{
	u64 v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (u64)mmio_read_byte(g, off + i) << (8 * i);
	return v;
}

static void mmio_write(struct vmm_guest *g, u64 off, unsigned int size, u64 v)
{
	for (unsigned int i = 0; i < size; i++)
		mmio_write_byte(g, off + i, (u8)(v >> (8 * i)));
}

/* Step 1: up to INSN_MAX_LEN bytes at RIP; returns how many were readable. */
static size_t fetch_insn(const struct vcpu *vcpu, u8 *buf)
{
	u64 rip = vcpu->regs.rip;
	size_t n = 0;

	while (n < INSN_MAX_LEN) {
		u64 gva = rip + n;
		size_t chunk = GUEST_PAGE_SIZE - (gva & (GUEST_PAGE_SIZE - 1));
		const u8 *src;
		gpa_t gpa;

		if (chunk > INSN_MAX_LEN - n)
			chunk = INSN_MAX_LEN - n;
		if (vm_gva_to_gpa(vcpu->vm, &vcpu->regs, gva, &gpa))
			break;
		src = vm_gpa_to_hva(vcpu->vm, gpa, chunk);
		if (!src)
			break;
		memcpy(buf + n, src, chunk);
		n += chunk;
	}
	return n;
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

/* Steps 1-3: the decoded instruction, checked; 0 or a stop (returned). */
static int mmio_decode(struct vcpu *vcpu, const struct vcpu_exit *exit,
		       struct mmio_insn *insn)
{
	const struct vm *vm = vcpu->vm;
	u8 code[INSN_MAX_LEN] = { 0 };
	u64 off = exit->mmio.gpa - vm->mmio_base;
	enum insn_mode mode;
	size_t n;

	if (insn_mode_of(vcpu, &mode))
		return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
				      "MMIO at 0x%llx from real mode",
				      (unsigned long long)exit->mmio.gpa);
	n = fetch_insn(vcpu, code);
	if (insn_decode_mmio(code, n, mode, insn))
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MMIO at 0x%llx: cannot emulate instruction %02x %02x %02x %02x (%zu bytes readable)",
			(unsigned long long)exit->mmio.gpa, code[0], code[1],
			code[2], code[3], n);
	if (insn->write != exit->mmio.write)
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MMIO at 0x%llx: instruction %s but the fault says %s",
			(unsigned long long)exit->mmio.gpa,
			insn->write ? "writes" : "reads",
			exit->mmio.write ? "write" : "read");
	if (exit->mmio.gpa < vm->mmio_base || off >= vm->mmio_size ||
	    insn->size > vm->mmio_size - off)
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MMIO access of %u bytes at 0x%llx leaves the window",
			insn->size, (unsigned long long)exit->mmio.gpa);
	return 1;
}

int vcpu_emulate_mmio(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	struct vmm_guest *g = to_guest(vcpu);
	u64 off = exit->mmio.gpa - vcpu->vm->mmio_base;
	struct mmio_insn insn;
	int r;

	r = mmio_decode(vcpu, exit, &insn);
	if (r <= 0)
		return r;
	/* Step 4: cannot fail from here on. */
	if (insn.write)
		mmio_write(g, off, insn.size,
			   insn_write_value(&insn, vcpu->regs.gpr));
	else
		insn_read_complete(&insn, vcpu->regs.gpr,
				   mmio_read(g, off, insn.size));
	vcpu->regs.rip += insn.len;
	return 1;
}
