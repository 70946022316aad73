// SPDX-License-Identifier: GPL-2.0
/*
 * Debug registers and debug exceptions, emulated once for both vendors
 * (include/vmm/debugreg.h has the design).
 *
 * Why the guest's debug registers are never loaded into the CPU: KVM loads
 * them only while the guest's DR7 arms a breakpoint and switches them
 * around each run.  liminal's guests are test programs that need the
 * registers' semantics, not working breakpoints, and every load would put
 * guest-chosen addresses into the CPU, whose emulators here have bugs on
 * that path (issue 11 reports a #DB taken in the VMM after an exit under
 * QEMU 7.2 and QEMU itself aborting when a guest breakpoint hits while INT3
 * pushes its frame).  So the CPU's DR0-DR3 stay 0 and the DR7 the guest
 * runs with stays 0x400, in the VMCB and the VMCS alike, and the DR7 the
 * host finds after an exit has nothing armed: a VM exit loads DR7 with
 * 400H (SDM Vol. 3C 28.5.1), #VMEXIT reloads the host's DR7 with every
 * breakpoint disabled (APM Vol. 2, "#VMEXIT"; Bochs 2.7 loads 0x400), and
 * the host itself never arms one.  The host's own #DB handler
 * (vmm/host/traps.c) does not trust DR6 to be its own: it reads and
 * resets it.
 *
 * The exits (handlers of include/vmm/exit.h):
 *  - VCPU_EXIT_DR_ACCESS: a MOV DR.  The backend names the register, the
 *    direction, the GPR (VMX: the exit qualification; SVM with decode
 *    assists: EXITINFO1) and the length; without them (QEMU's SVM and
 *    Bochs's) the core decodes the instruction at RIP (vmm/insn.c).  Then
 *    the CPU's checks (dr_access_fault()) and the move, or the fault.
 *  - VCPU_EXIT_EXCEPTION: #DB and #AC are reflected; #DB with its DR6
 *    bits.  Any other intercepted exception stops the guest, as before.
 */
#include <arch/x86.h>
#include <liminal/errno.h>
#include <vmm/debugreg.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <vmm/insn.h>

#define GUEST_PAGE_SIZE 0x1000ull

void vcpu_debugregs_reset(struct vcpu_debugregs *d)
{
	*d = (struct vcpu_debugregs){ .dr6 = DR6_INIT, .dr7 = DR7_INIT };
}

int dr_access_fault(const struct vcpu_debugregs *d, const struct dr_access *a)
{
	if (a->cpl)
		return X86_TRAP_GP;
	if (a->dr > 7 || (a->cr4_de && (a->dr == 4 || a->dr == 5)))
		return X86_TRAP_UD;
	if (d->dr7 & DR7_GD)
		return X86_TRAP_DB;
	if (a->write && a->long64 && dr_alias(a->dr) >= 6 && (a->value >> 32))
		return X86_TRAP_GP;
	return DR_ACCESS_OK;
}

u64 dr_read(const struct vcpu_debugregs *d, unsigned int dr)
{
	if (dr < 4)
		return d->db[dr];
	return dr == 6 ? d->dr6 : d->dr7;
}

void dr_write(struct vcpu_debugregs *d, unsigned int dr, u64 value, bool long64)
{
	if (!long64)
		value = (u32)value;
	if (dr < 4)
		d->db[dr] = value;
	else if (dr == 6)
		d->dr6 = (value & DR6_VOLATILE) | DR6_FIXED_1;
	else
		d->dr7 = (value & DR7_VOLATILE) | DR7_FIXED_1;
}

void dr_deliver_db(struct vcpu_debugregs *d, u64 dr6)
{
	d->dr6 = (d->dr6 & ~DR6_TRAP_BITS) | (dr6 & DR6_VOLATILE) | DR6_FIXED_1;
	d->dr7 &= ~DR7_GD;
}

/* ---- MOV DR ---- */

/* Up to INSN_MAX_LEN bytes of the guest's code at @lin; *n readable. */
static void fetch_code(const struct vcpu *vcpu, u64 lin, u8 *buf, size_t *n)
{
	*n = 0;
	while (*n < INSN_MAX_LEN) {
		u64 at = lin + *n;
		size_t chunk = GUEST_PAGE_SIZE - (at & (GUEST_PAGE_SIZE - 1));
		const u8 *src;
		gpa_t gpa;

		if (chunk > INSN_MAX_LEN - *n)
			chunk = INSN_MAX_LEN - *n;
		if (vm_gva_to_gpa(vcpu->vm, &vcpu->regs, at, &gpa))
			return;
		src = vm_gpa_to_hva(vcpu->vm, gpa, chunk);
		if (!src)
			return;
		for (size_t i = 0; i < chunk; i++)
			buf[(*n)++] = src[i];
	}
}

/*
 * The backend could not name the GPR (SVM without decode assists): decode
 * the instruction at RIP, which must be the MOV DR the exit reported.  1,
 * or 0 after a stop.
 */
static int dr_decode(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	enum insn_mode mode = exit->dr.long64		    ? INSN_MODE_64 :
			      (vcpu->regs.cr0 & X86_CR0_PE) ? INSN_MODE_32 :
							      INSN_MODE_16;
	u8 buf[INSN_MAX_LEN];
	struct dr_insn insn;
	size_t n;

	fetch_code(vcpu, exit->dr.rip_linear, buf, &n);
	if (insn_decode_mov_dr(buf, n, mode, &insn))
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MOV DR exit: no MOV DR at RIP (%02x %02x %02x, %zu bytes readable)",
			n > 0 ? buf[0] : 0, n > 1 ? buf[1] : 0,
			n > 2 ? buf[2] : 0, n);
	if (insn.write != exit->dr.write || (insn.dr & 7) != exit->dr.dr)
		return vcpu_stop_dump(
			vcpu, VERDICT_UNHANDLED,
			"MOV DR exit for %s DR%u, but the instruction %s DR%u",
			exit->dr.write ? "a write of" : "a read of",
			exit->dr.dr, insn.write ? "writes" : "reads", insn.dr);
	exit->dr.dr = insn.dr; /* with REX.R: DR8-15 raise #UD */
	exit->dr.gpr = insn.gpr;
	exit->insn_len = insn.len;
	return 1;
}

/* The fault a MOV DR raises instead; a #DB is a fault: RIP stays. */
static void dr_raise(struct vcpu *vcpu, int vector)
{
	if (vector == X86_TRAP_DB) {
		dr_deliver_db(&vcpu->dbg, DR6_BD);
		vcpu_queue_exception(vcpu, X86_TRAP_DB, false, 0);
		return;
	}
	vcpu_queue_exception(vcpu, (u8)vector, vector == X86_TRAP_GP, 0);
}

int vcpu_emulate_dr(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	struct dr_access a;
	u64 *gpr;
	int r;

	if (exit->dr.gpr == VCPU_DR_GPR_DECODE) {
		r = dr_decode(vcpu, exit);
		if (r <= 0)
			return r;
	}
	if (!vcpu_insn_len_known(exit) || exit->dr.gpr >= VCPU_NR_GPRS)
		return vcpu_stop_dump(vcpu, VERDICT_UNHANDLED,
				      "MOV DR exit without its length or GPR");
	gpr = &vcpu->regs.gpr[exit->dr.gpr];
	a = (struct dr_access){ .dr = exit->dr.dr,
				.write = exit->dr.write,
				.cpl = exit->dr.cpl,
				.cr4_de = vcpu->regs.cr4 & X86_CR4_DE,
				.long64 = exit->dr.long64,
				.value = *gpr };
	r = dr_access_fault(&vcpu->dbg, &a);
	if (r != DR_ACCESS_OK) {
		dr_raise(vcpu, r);
		return 1;
	}
	if (a.write)
		dr_write(&vcpu->dbg, dr_alias(a.dr), a.value, a.long64);
	else if (a.long64)
		*gpr = dr_read(&vcpu->dbg, dr_alias(a.dr));
	else /* a 32-bit destination */
		*gpr = (u32)dr_read(&vcpu->dbg, dr_alias(a.dr));
	vcpu->regs.rip += exit->insn_len;
	return 1;
}

/* ---- intercepted exceptions ---- */

/*
 * #DB and #AC go back to the guest, each one an exit the max_exits
 * watchdog counts.  A #DB from ICEBP (INT1) comes with the instruction's
 * length (VMX): it is delivered after the instruction, as a trap.  Any
 * other exception ends the guest, as before.
 */
int vcpu_emulate_exception(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	switch (exit->exception.vector) {
	case X86_TRAP_DB:
		if (vcpu_insn_len_known(exit))
			vcpu->regs.rip += exit->insn_len;
		dr_deliver_db(&vcpu->dbg, exit->exception.dr6);
		vcpu_queue_exception(vcpu, X86_TRAP_DB, false, 0);
		return 1;
	case X86_TRAP_AC: /* the error code is always 0 */
		vcpu_queue_exception(vcpu, X86_TRAP_AC, true, 0);
		return 1;
	}
	return vcpu_exit_stop_guest(vcpu, exit);
}
