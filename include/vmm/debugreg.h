/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's debug registers and debug exceptions, emulated by the core
 * for both vendors (vmm/debugreg.c).
 *
 * Both backends intercept every MOV to or from DR0-DR7 (SVM: the DR read
 * and write intercepts; VMX: "MOV-DR exiting") and the exceptions #DB and
 * #AC.  A MOV DR is emulated against the vCPU's copy, struct
 * vcpu_debugregs, with the checks the CPU makes; the copy is never loaded
 * into the hardware, so the VMCB's and VMCS's DR7 stay at their reset value
 * 0x400 and DR0-DR3 stay the host's (0): a guest's breakpoint can never
 * fire in the host, nor in the next guest.  The price: a guest's own
 * breakpoints (DR0-DR3 enabled in DR7) do not fire; single-step (TF),
 * ICEBP and the general-detect fault (DR7.GD) do, as #DB exits that the
 * core reflects with their DR6 bits.  #AC is reflected as it came.  Each
 * reflected exception is an exit, so a guest whose event delivery raises
 * the same exception forever (CVE-2015-8104, CVE-2015-5307) is bounded by
 * max_exits.
 */
#ifndef VMM_DEBUGREG_H
#define VMM_DEBUGREG_H

#include <liminal/types.h>
#include <vmm/vcpu.h>

/* DR6 and DR7 (SDM Vol. 3B 18.2.3, 18.2.4; APM Vol. 2 13.1.1). */
#define DR6_TRAP_BITS 0x0full /* B0-B3: breakpoint n matched */
#define DR6_BD (1ull << 13) /* general detect: a MOV DR with DR7.GD=1 */
#define DR6_BS (1ull << 14) /* single step (RFLAGS.TF) */
#define DR6_BT (1ull << 15) /* task switch with the TSS's T flag */
#define DR6_VOLATILE (DR6_TRAP_BITS | DR6_BD | DR6_BS | DR6_BT)
#define DR6_FIXED_1 0xffff0ff0ull /* read as 1; bit 12 reads as 0 */
#define DR6_INIT DR6_FIXED_1 /* power-up and reset value */
#define DR7_GD (1ull << 13) /* general detect enable */
#define DR7_FIXED_1 0x400ull /* bit 10 reads as 1 */
/* L0-3 G0-3 LE GE, bit 11 (RTM), GD, R/W0-3 LEN0-3 */
#define DR7_VOLATILE 0xffff2bffull
#define DR7_INIT DR7_FIXED_1

/* The architectural reset values: DR0-3 = 0, DR6 = 0xffff0ff0, DR7 = 0x400. */
void vcpu_debugregs_reset(struct vcpu_debugregs *d);

/* One MOV DR as the CPU checks it. */
struct dr_access {
	u8 dr; /* 0-15 as encoded (REX.R: 8-15) */
	bool write;
	u8 cpl;
	bool cr4_de; /* CR4.DE: DR4/DR5 are #UD instead of DR6/DR7 */
	bool long64; /* 64-bit mode: 64-bit values */
	u64 value; /* for writes */
};

/* What a MOV DR raises instead of moving (dr_access_fault()). */
#define DR_ACCESS_OK (-1)

/*
 * The faults of MOV DR, in the order of SDM Vol. 2B "MOV-Move to/from
 * Debug Registers": #GP(0) at CPL > 0; #UD for DR8-DR15, and for DR4/DR5
 * with CR4.DE=1; #DB when DR7.GD=1 (general detect); #GP(0) for a write
 * of bits 63:32 of DR6 or DR7 in 64-bit mode.  The vector, or
 * DR_ACCESS_OK.
 */
int dr_access_fault(const struct vcpu_debugregs *d, const struct dr_access *a);

/* DR4/DR5 are DR6/DR7 when CR4.DE=0 (checked first). */
static inline unsigned int dr_alias(unsigned int dr)
{
	return dr == 4 || dr == 5 ? dr + 2 : dr;
}

/* Read and write DR0-3, DR6, DR7 (after dr_alias()), as the CPU keeps them. */
u64 dr_read(const struct vcpu_debugregs *d, unsigned int dr);
void dr_write(struct vcpu_debugregs *d, unsigned int dr, u64 value,
	      bool long64);

/*
 * DR6 and DR7 as the CPU leaves them when it delivers a #DB with the
 * causes @dr6 (B0-3, BD, BS, BT): B0-B3 replaced, the others added, and
 * DR7.GD cleared so the handler may touch the debug registers (SDM Vol. 3B
 * 18.2.4).
 */
void dr_deliver_db(struct vcpu_debugregs *d, u64 dr6);

#endif /* VMM_DEBUGREG_H */
