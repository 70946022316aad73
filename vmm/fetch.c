// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's instruction at CS:RIP, for the emulation that must decode it
 * (MMIO, vmm/mmio.c; SVM's CR-write intercepts, vmm/svm/exit.c): the linear
 * address translated with the guest's own page tables (vm_gva_to_gpa(),
 * from regs.cr3) page by page, up to 15 bytes of guest RAM
 * (include/vmm/insn.h).
 */
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

/* CS:RIP as a linear address: 64-bit mode ignores the base; 32 bits wrap. */
static u64 code_linear(u64 cs_base, enum insn_mode mode, u64 rip)
{
	if (mode == INSN_MODE_64)
		return rip;
	return (u32)(cs_base + rip);
}

/*
 * Up to INSN_MAX_LEN bytes at CS:RIP; *n says how many were readable.
 * Within one page the guest's bytes are decoded in place; an instruction
 * that may cross into the next page is gathered into @buf.
 */
const u8 *vcpu_fetch_insn(const struct vcpu *vcpu, u64 cs_base,
			  enum insn_mode mode, u8 *buf, size_t *n)
{
	u64 la = code_linear(cs_base, mode, vcpu->regs.rip);
	const u8 *src;
	size_t len;

	*n = 0;
	src = map_code(vcpu, la, &len, INSN_MAX_LEN);
	if (!src)
		return buf;
	*n = len;
	if (len == INSN_MAX_LEN)
		return src;
	for (size_t i = 0; i < len; i++)
		buf[i] = src[i];
	la = code_linear(cs_base, mode, vcpu->regs.rip + len);
	src = map_code(vcpu, la, &len, INSN_MAX_LEN - len);
	for (size_t i = 0; src && i < len; i++)
		buf[(*n)++] = src[i];
	return buf;
}
