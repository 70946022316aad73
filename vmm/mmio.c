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

static u64 mmio_read(const struct vmm_guest *g, u64 off, unsigned int size)
{
	u64 v = 0;

	if (in_one_scratch_reg(off, size)) {
		u64 i = off - GUEST_MMIO_REG_SCRATCH;

		return (g->mmio_scratch[i / 8] >> (8 * (i % 8))) &
		       size_mask(size);
	}
	for (unsigned int i = 0; i < size; i++)
		v |= (u64)mmio_read_byte(g, off + i) << (8 * i);
	return v;
}

static void mmio_write(struct vmm_guest *g, u64 off, unsigned int size, u64 v)
{
	if (in_one_scratch_reg(off, size)) {
		u64 i = off - GUEST_MMIO_REG_SCRATCH;
		unsigned int shift = 8 * (i % 8);
		u64 mask = size_mask(size) << shift;
		u64 *reg = &g->mmio_scratch[i / 8];

		*reg = (*reg & ~mask) | ((v << shift) & mask);
		return;
	}
	for (unsigned int i = 0; i < size; i++)
		mmio_write_byte(g, off + i, (u8)(v >> (8 * i)));
}

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

/* Steps 1-3: the decoded instruction, checked; 0 or a stop (returned). */
static int mmio_decode(struct vcpu *vcpu, const struct vcpu_exit *exit,
		       struct mmio_insn *insn)
{
	const struct vm *vm = vcpu->vm;
	u64 off = exit->mmio.gpa - vm->mmio_base;
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
