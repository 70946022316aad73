// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU creation: the VMCB (control area: intercepts, permission maps, ASID,
 * nested paging; state save area: the guest's initial state), the I/O and
 * MSR permission maps and the nested page tables.
 *
 * What is intercepted, and why (APM Vol. 2 15.9-15.13):
 *  - CPUID, HLT, VMMCALL, every I/O port (IOPM all ones) and every MSR
 *    (MSRPM all ones): emulated by the core (vmm/emulate.c), except the
 *    MSRs VMLOAD/VMSAVE or the core switch (KERNEL_GS_BASE, STAR, LSTAR,
 *    CSTAR, SFMASK, TSC_AUX: state.c), which the guest accesses natively;
 *  - XSETBV: checked as hardware does and emulated (state.c), so the
 *    guest's XCR0 is the one the core switches;
 *  - INTR, NMI, SMI: the host's events; the guest exits and the host takes
 *    them once GIF is set again (NMI, SMI) or in the IRQ window (INTR);
 *  - PAUSE, after SVM_PAUSE_FILTER_COUNT of them (pause filter, APM
 *    15.14.4, where the CPU has it): a spinning guest yields to the host,
 *    as KVM's pause-loop exiting does.  (A guest that spins with IF=0
 *    and no PAUSE gets no INTR exit on Bochs, whose VMRUN computes the
 *    interrupt mask before it enters guest mode: the watchdog NMI of
 *    svm_ops.watchdog_nmi_us brings it back, svm.c;)
 *  - SHUTDOWN (triple fault), #MC: the guest cannot go on;
 *  - VMRUN (required by VMRUN itself), VMLOAD, VMSAVE, STGI, CLGI, SKINIT:
 *    the guest runs with EFER.SVME=1 (required) but must never execute SVM
 *    instructions on the real CPU: VMLOAD/VMSAVE take host-physical
 *    addresses;
 *  - INVD (would drop dirty host cache lines), MONITOR/MWAIT, RDPMC (the
 *    host's performance counters) and INVLPGA (flushes TLB entries of any
 *    ASID, the host's too): stop the guest as unhandled, as KVM intercepts
 *    them (tests/hostile/priv_*.asm).  WBINVD too: QEMU 7.2 checks the
 *    WBINVD intercept for INVD (and reports exit 0x89), so the pair is
 *    intercepted together;
 *  - XSETBV: emulated and checked (state.c, vmm/xcr0.c);
 *  - every MOV to or from DR0-DR15, the exceptions #DB and #AC, and ICEBP
 *    (INT1, whose #DB the #DB intercept does not see: APM Vol. 2 15.12):
 *    the core emulates the debug registers against its own copy and
 *    reflects the exceptions, each one an exit (include/vmm/debugreg.h);
 *    the VMCB's DR7 stays 0x400 and its DR6 0xffff0ff0 outside a #DB.
 *  - writes to CR0, CR3, CR4 (MOV, LMSW, CLTS) and EFER (the MSR map): the
 *    VMM applies the architectural rules (vmm/cr_rules.c) and raises #GP
 *    for an illegal value, which QEMU TCG would take and VMRUN then refuse.
 * Everything else (CR reads, other exceptions) runs natively.
 */
#include <arch/x86.h>
#include <liminal/errno.h>
#include <lib/string.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <vmm/svm/svm.h>
#include <vmm/vmenter.h>

#define SVM_MISC1_INTERCEPTS                                                  \
	(SVM_BIT(SVM_INTERCEPT_INTR) | SVM_BIT(SVM_INTERCEPT_NMI) |           \
	 SVM_BIT(SVM_INTERCEPT_SMI) | SVM_BIT(SVM_INTERCEPT_CPUID) |          \
	 SVM_BIT(SVM_INTERCEPT_RDPMC) | SVM_BIT(SVM_INTERCEPT_INVLPGA) |      \
	 SVM_BIT(SVM_INTERCEPT_INVD) | SVM_BIT(SVM_INTERCEPT_HLT) |           \
	 SVM_BIT(SVM_INTERCEPT_IOIO_PROT) | SVM_BIT(SVM_INTERCEPT_MSR_PROT) | \
	 SVM_BIT(SVM_INTERCEPT_SHUTDOWN))

#define SVM_MISC2_INTERCEPTS                                                 \
	(SVM_BIT(SVM_INTERCEPT_VMRUN) | SVM_BIT(SVM_INTERCEPT_VMMCALL) |     \
	 SVM_BIT(SVM_INTERCEPT_VMLOAD) | SVM_BIT(SVM_INTERCEPT_VMSAVE) |     \
	 SVM_BIT(SVM_INTERCEPT_STGI) | SVM_BIT(SVM_INTERCEPT_CLGI) |         \
	 SVM_BIT(SVM_INTERCEPT_SKINIT) | SVM_BIT(SVM_INTERCEPT_XSETBV) |     \
	 SVM_BIT(SVM_INTERCEPT_MONITOR) | SVM_BIT(SVM_INTERCEPT_MWAIT) |     \
	 SVM_BIT(SVM_INTERCEPT_MWAIT_COND) | SVM_BIT(SVM_INTERCEPT_WBINVD) | \
	 SVM_BIT(SVM_INTERCEPT_ICEBP))

#define SVM_EXCEPTION_INTERCEPTS \
	(SVM_BIT(X86_TRAP_MC) | SVM_BIT(X86_TRAP_DB) | SVM_BIT(X86_TRAP_AC))

/* MOV to CR0/CR3/CR4, LMSW, CLTS: judged by vmm/cr_rules.c (exit.c). */
#define SVM_CR_WRITE_INTERCEPTS (SVM_BIT(0) | SVM_BIT(3) | SVM_BIT(4))

static void svm_init_control(struct vcpu_svm *svm, const struct vm *vm)
{
	struct vmcb_control *c = &svm->vmcb->control;

	c->intercept_exceptions = SVM_EXCEPTION_INTERCEPTS;
	c->intercept_dr_read = SVM_INTERCEPT_ALL_DR;
	c->intercept_dr_write = SVM_INTERCEPT_ALL_DR;
	c->intercept_cr_write = SVM_CR_WRITE_INTERCEPTS;
	c->intercept_misc1 = SVM_MISC1_INTERCEPTS;
	c->intercept_misc2 = SVM_MISC2_INTERCEPTS;
	c->iopm_base_pa = virt_to_phys(svm->iopm);
	c->msrpm_base_pa = virt_to_phys(svm->msrpm);
	c->asid = vm->asid;
	/* The ASID may have served an earlier guest: flush it once. */
	c->tlb_control = SVM_TLB_CONTROL_FLUSH_ALL;
	/*
	 * V_INTR_MASKING: the guest's RFLAGS.IF masks only its virtual
	 * interrupts; physical ones are masked by the host's IF (set while
	 * GIF=0 before VMRUN, run.c), so a guest running with IF=0 still
	 * exits on the host tick (APM 15.21.1).
	 */
	c->int_ctl = SVM_V_INTR_MASKING;
	if (svm_has(SVM_FEAT_PAUSE_FILTER)) {
		c->pause_filter_count = SVM_PAUSE_FILTER_COUNT;
		c->intercept_misc1 |= SVM_BIT(SVM_INTERCEPT_PAUSE);
	}
	c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = svm->npt.root;
}

static void svm_set_seg(struct vmcb_seg *dst, const struct vcpu_segment *src)
{
	dst->selector = src->selector;
	dst->attrib = src->attr;
	dst->limit = src->limit;
	dst->base = src->base;
}

static void svm_init_save(struct vmcb_save *s, const struct vcpu_boot_state *b,
			  u64 rax)
{
	svm_set_seg(&s->cs, &b->cs);
	svm_set_seg(&s->ds, &b->ds);
	svm_set_seg(&s->es, &b->es);
	svm_set_seg(&s->fs, &b->fs);
	svm_set_seg(&s->gs, &b->gs);
	svm_set_seg(&s->ss, &b->ss);
	svm_set_seg(&s->tr, &b->tr);
	svm_set_seg(&s->ldtr, &b->ldtr);
	s->gdtr.base = b->gdtr.base;
	s->gdtr.limit = b->gdtr.limit;
	s->idtr.base = b->idtr.base;
	s->idtr.limit = b->idtr.limit;
	/* CPL is not checked by QEMU but is by hardware: it is SS.DPL. */
	s->cpl = (b->ss.attr & SEG_ATTR_DPL_MASK) >> SEG_ATTR_DPL_SHIFT;
	s->cr0 = b->cr0;
	s->cr3 = b->cr3;
	s->cr4 = b->cr4;
	/* VMRUN requires guest EFER.SVME; LMA follows LME and CR0.PG. */
	s->efer = b->efer | X86_EFER_SVME;
	if ((b->efer & X86_EFER_LME) && (b->cr0 & X86_CR0_PG))
		s->efer |= X86_EFER_LMA;
	s->rip = b->rip;
	s->rsp = b->rsp;
	s->rflags = b->rflags | X86_EFLAGS_FIXED;
	s->rax = rax;
	s->dr6 = SVM_DR6_INIT;
	s->dr7 = SVM_DR7_INIT;
	/* Checked with nested paging (Bochs does too): the reset value. */
	s->g_pat = X86_PAT_POWER_ON;
}

/* vcpu->regs follows the VMCB from now on (decode_exit/prepare_run). */
static void svm_regs_from_vmcb(struct vcpu_regs *regs,
			       const struct vmcb_save *s)
{
	regs->gpr[VCPU_RAX] = s->rax;
	regs->gpr[VCPU_RSP] = s->rsp;
	regs->rip = s->rip;
	regs->rflags = s->rflags;
	regs->cr0 = s->cr0;
	regs->cr3 = s->cr3;
	regs->cr4 = s->cr4;
	regs->efer = s->efer;
}

/* The VMCB and the permission maps; on failure @why names the first one. */
static int svm_alloc_pages(struct vcpu_svm *svm, char *why, size_t len)
{
	svm->vmcb = page_alloc(1);
	svm->iopm = page_alloc(SVM_IOPM_PAGES);
	svm->msrpm = page_alloc(SVM_MSRPM_PAGES);
	if (!svm->vmcb || !svm->iopm || !svm->msrpm) {
		snprintf(why, len, "%s allocation failed",
			 !svm->vmcb ? "VMCB" :
			 !svm->iopm ? "I/O permission map" :
				      "MSR permission map");
		return -ENOMEM;
	}
	/* Intercept every port and every MSR (APM 15.10.1, 15.11). */
	memset(svm->iopm, 0xff, SVM_IOPM_PAGES * SVM_PAGE_SIZE);
	memset(svm->msrpm, 0xff, SVM_MSRPM_PAGES * SVM_PAGE_SIZE);
	svm_state_pass_msrs(svm->msrpm);
	return 0;
}

static void svm_free_pages(struct vcpu_svm *svm)
{
	paging_free(&svm->npt);
	if (svm->msrpm)
		page_free(svm->msrpm, SVM_MSRPM_PAGES);
	if (svm->iopm)
		page_free(svm->iopm, SVM_IOPM_PAGES);
	if (svm->vmcb)
		page_free(svm->vmcb, 1);
	page_free(svm, 1);
}

/*
 * struct vcpu_ops.vcpu_create: 0, or -errno with what failed in @why
 * (printed by the core, with the guest's name).
 */
int svm_vcpu_create(struct vcpu *vcpu, char *why, size_t len)
{
	const struct vm *vm = vcpu->vm;
	struct vcpu_svm *svm;
	char cond[128];
	int ret;

	BUILD_BUG_ON(sizeof(struct vcpu_svm) > SVM_PAGE_SIZE);
	if (!svm_host_save_pa()) {
		snprintf(why, len, "called before hardware_enable");
		return -ENODEV;
	}
	if (vm->asid == 0 || vm->asid >= svm_caps.nasid) {
		snprintf(why, len, "ASID %u outside 1..%u (NASID %u)", vm->asid,
			 svm_caps.nasid - 1, svm_caps.nasid);
		return -EINVAL;
	}
	svm = page_alloc(1);
	if (!svm) {
		snprintf(why, len, "vCPU state allocation failed");
		return -ENOMEM;
	}
	ret = svm_alloc_pages(svm, why, len);
	if (ret)
		goto err_free;
	ret = npt_build(&svm->npt, vm, &host_pgtable_alloc, cond, sizeof(cond));
	if (ret) {
		snprintf(why, len, "nested page tables: %s", cond);
		goto err_free;
	}
	svm_init_control(svm, vm);
	svm_init_save(&svm->vmcb->save, &vcpu->boot, vcpu->regs.gpr[VCPU_RAX]);
	svm_regs_from_vmcb(&vcpu->regs, &svm->vmcb->save);
	svm->vmcb_pa = virt_to_phys(svm->vmcb);
	/*
	 * corrupt=vmenter_fault: a VMCB address that is not page aligned, so
	 * the switch's first VMLOAD raises #GP (APM Vol. 3 VMLOAD) and its
	 * exception fixup runs.
	 */
	if (vcpu->vmenter_flags & VMENTER_TEST_FAULT)
		svm->vmcb_pa |= 0x10;
	svm->host_save_pa = svm_host_save_pa();
	svm->nrips = svm_caps.nrips;
	svm->oneshot = true; /* TLB_CONTROL */
	vcpu->vendor = svm;
	return 0;

err_free:
	svm_free_pages(svm);
	return ret;
}

void svm_vcpu_free(struct vcpu *vcpu)
{
	struct vcpu_svm *svm = to_svm(vcpu);

	if (!svm)
		return;
	svm_free_pages(svm);
	vcpu->vendor = NULL;
}
