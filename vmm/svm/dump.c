// SPDX-License-Identifier: GPL-2.0
/*
 * The VMCB with field names, for an exit nobody handles or an entry that
 * failed.  Cold path: prints with printk, IRQs on.
 */
#include <lib/printk.h>
#include <vmm/svm/svm.h>

static void svm_dump_seg(const char *name, const struct vmcb_seg *seg)
{
	printk("  %-4s sel=0x%04x attr=0x%03x limit=0x%08x base=0x%016llx\n",
	       name, seg->selector, seg->attrib, seg->limit,
	       (unsigned long long)seg->base);
}

static void svm_dump_event(const char *name, u32 ev, u32 err)
{
	static const char *const types[8] = {
		[SVM_EVTINJ_TYPE_INTR] = "INTR",
		[SVM_EVTINJ_TYPE_NMI] = "NMI",
		[SVM_EVTINJ_TYPE_EXCEPTION] = "EXCEPTION",
		[SVM_EVTINJ_TYPE_SOFT_INT] = "SOFT_INT",
	};
	u32 type = (ev & SVM_EVTINJ_TYPE_MASK) >> SVM_EVTINJ_TYPE_SHIFT;

	if (!(ev & SVM_EVTINJ_VALID)) {
		printk("  %-12s 0x%08x (not valid)\n", name, ev);
		return;
	}
	printk("  %-12s 0x%08x: %s vector 0x%02x%s err=0x%x\n", name, ev,
	       types[type] ? types[type] : "RESERVED", ev & SVM_EVTINJ_VEC_MASK,
	       (ev & SVM_EVTINJ_EV) ? " with error code" : "", err);
}

static const char *const svm_misc1_names[32] = {
	[SVM_INTERCEPT_INTR] = "INTR",
	[SVM_INTERCEPT_NMI] = "NMI",
	[SVM_INTERCEPT_SMI] = "SMI",
	[SVM_INTERCEPT_INIT] = "INIT",
	[SVM_INTERCEPT_VINTR] = "VINTR",
	[SVM_INTERCEPT_CR0_SEL_WRITE] = "CR0_SEL_WRITE",
	[SVM_INTERCEPT_IDTR_READ] = "IDTR_READ",
	[SVM_INTERCEPT_GDTR_READ] = "GDTR_READ",
	[SVM_INTERCEPT_LDTR_READ] = "LDTR_READ",
	[SVM_INTERCEPT_TR_READ] = "TR_READ",
	[SVM_INTERCEPT_IDTR_WRITE] = "IDTR_WRITE",
	[SVM_INTERCEPT_GDTR_WRITE] = "GDTR_WRITE",
	[SVM_INTERCEPT_LDTR_WRITE] = "LDTR_WRITE",
	[SVM_INTERCEPT_TR_WRITE] = "TR_WRITE",
	[SVM_INTERCEPT_RDTSC] = "RDTSC",
	[SVM_INTERCEPT_RDPMC] = "RDPMC",
	[SVM_INTERCEPT_PUSHF] = "PUSHF",
	[SVM_INTERCEPT_POPF] = "POPF",
	[SVM_INTERCEPT_CPUID] = "CPUID",
	[SVM_INTERCEPT_RSM] = "RSM",
	[SVM_INTERCEPT_IRET] = "IRET",
	[SVM_INTERCEPT_INTN] = "INTn",
	[SVM_INTERCEPT_INVD] = "INVD",
	[SVM_INTERCEPT_PAUSE] = "PAUSE",
	[SVM_INTERCEPT_HLT] = "HLT",
	[SVM_INTERCEPT_INVLPG] = "INVLPG",
	[SVM_INTERCEPT_INVLPGA] = "INVLPGA",
	[SVM_INTERCEPT_IOIO_PROT] = "IOIO",
	[SVM_INTERCEPT_MSR_PROT] = "MSR",
	[SVM_INTERCEPT_TASK_SWITCH] = "TASK_SWITCH",
	[SVM_INTERCEPT_FERR_FREEZE] = "FERR_FREEZE",
	[SVM_INTERCEPT_SHUTDOWN] = "SHUTDOWN",
};

static const char *const svm_misc2_names[32] = {
	[SVM_INTERCEPT_VMRUN] = "VMRUN",
	[SVM_INTERCEPT_VMMCALL] = "VMMCALL",
	[SVM_INTERCEPT_VMLOAD] = "VMLOAD",
	[SVM_INTERCEPT_VMSAVE] = "VMSAVE",
	[SVM_INTERCEPT_STGI] = "STGI",
	[SVM_INTERCEPT_CLGI] = "CLGI",
	[SVM_INTERCEPT_SKINIT] = "SKINIT",
	[SVM_INTERCEPT_RDTSCP] = "RDTSCP",
	[SVM_INTERCEPT_ICEBP] = "ICEBP",
	[SVM_INTERCEPT_WBINVD] = "WBINVD",
	[SVM_INTERCEPT_MONITOR] = "MONITOR",
	[SVM_INTERCEPT_MWAIT] = "MWAIT",
	[SVM_INTERCEPT_MWAIT_COND] = "MWAIT_COND",
	[SVM_INTERCEPT_XSETBV] = "XSETBV",
	[SVM_INTERCEPT_RDPRU] = "RDPRU",
	[SVM_INTERCEPT_EFER_WRITE_TRAP] = "EFER_WRITE_TRAP",
};

/* One intercept word as the names of its set bits. */
static void svm_dump_intercepts(const char *label, u32 word,
				const char *const names[32])
{
	char buf[320];
	size_t n = 0;
	unsigned int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 32 && n < sizeof(buf); bit++) {
		if (!(word & (1u << bit)))
			continue;
		if (names[bit])
			n += snprintf(buf + n, sizeof(buf) - n, " %s",
				      names[bit]);
		else
			n += snprintf(buf + n, sizeof(buf) - n, " bit%u", bit);
	}
	printk("  %-12s 0x%08x:%s\n", label, word, buf);
}

/* EXITINFO1/2 in words, for the exits that define them. */
static void svm_dump_exit_info(const struct vmcb_control *c)
{
	u64 info = c->exit_info_1;

	switch ((u32)c->exit_code) {
	case SVM_EXIT_IOIO:
		printk("  decoded      %s port 0x%04llx size %llu%s%s next_rip 0x%llx\n",
		       (info & SVM_IOIO_TYPE_IN) ? "IN" : "OUT",
		       (info & SVM_IOIO_PORT_MASK) >> SVM_IOIO_PORT_SHIFT,
		       (info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT,
		       (info & SVM_IOIO_STR) ? " string" : "",
		       (info & SVM_IOIO_REP) ? " rep" : "",
		       (unsigned long long)c->exit_info_2);
		break;
	case SVM_EXIT_MSR:
		printk("  decoded      %s\n",
		       info == SVM_MSR_EXIT_WRITE ? "WRMSR" : "RDMSR");
		break;
	case SVM_EXIT_NPF:
		printk("  decoded      gpa 0x%llx:%s%s%s%s%s%s%s\n",
		       (unsigned long long)c->exit_info_2,
		       (info & SVM_NPF_PRESENT) ? " present" : " not-present",
		       (info & SVM_NPF_WRITE) ? " write" : " read",
		       (info & SVM_NPF_USER) ? " user" : "",
		       (info & SVM_NPF_RSVD) ? " reserved-bit" : "",
		       (info & SVM_NPF_FETCH) ? " fetch" : "",
		       (info & SVM_NPF_FINAL_GPA) ? " final-translation" : "",
		       (info & SVM_NPF_GUEST_PT) ? " guest-page-walk" : "");
		break;
	default:
		break;
	}
}

static void svm_dump_control(const struct vmcb_control *c)
{
	printk(" control area:\n");
	printk("  exit_code    0x%016llx (%s)\n",
	       (unsigned long long)c->exit_code,
	       svm_exit_reason_name((u32)c->exit_code));
	printk("  exit_info_1  0x%016llx  exit_info_2 0x%016llx\n",
	       (unsigned long long)c->exit_info_1,
	       (unsigned long long)c->exit_info_2);
	svm_dump_exit_info(c);
	svm_dump_event("exit_int_info", c->exit_int_info, c->exit_int_info_err);
	svm_dump_event("event_inj", c->event_inj, c->event_inj_err);
	printk("  intercepts   cr_rd=0x%04x cr_wr=0x%04x dr_rd=0x%04x dr_wr=0x%04x\n",
	       c->intercept_cr_read, c->intercept_cr_write,
	       c->intercept_dr_read, c->intercept_dr_write);
	printk("  exceptions   0x%08x  misc3 0x%08x\n", c->intercept_exceptions,
	       c->intercept_misc3);
	svm_dump_intercepts("misc1", c->intercept_misc1, svm_misc1_names);
	svm_dump_intercepts("misc2", c->intercept_misc2, svm_misc2_names);
	printk("  asid         %u  tlb_control %u  int_ctl 0x%08x  int_vector 0x%x  int_state 0x%x\n",
	       c->asid, c->tlb_control, c->int_ctl, c->int_vector,
	       c->int_state);
	printk("  iopm_base    0x%llx  msrpm_base 0x%llx  tsc_offset 0x%llx\n",
	       (unsigned long long)c->iopm_base_pa,
	       (unsigned long long)c->msrpm_base_pa,
	       (unsigned long long)c->tsc_offset);
	printk("  nested_ctl   0x%llx  nested_cr3 0x%llx  next_rip 0x%llx\n",
	       (unsigned long long)c->nested_ctl,
	       (unsigned long long)c->nested_cr3,
	       (unsigned long long)c->next_rip);
}

static void svm_dump_save(const struct vmcb_save *s, const char *source)
{
	printk(" state save area, %s:\n", source);
	printk("  rip 0x%016llx rsp 0x%016llx rflags 0x%016llx rax 0x%016llx\n",
	       (unsigned long long)s->rip, (unsigned long long)s->rsp,
	       (unsigned long long)s->rflags, (unsigned long long)s->rax);
	printk("  cr0 0x%016llx cr2 0x%016llx cr3 0x%016llx cr4 0x%016llx\n",
	       (unsigned long long)s->cr0, (unsigned long long)s->cr2,
	       (unsigned long long)s->cr3, (unsigned long long)s->cr4);
	printk("  efer 0x%llx cpl %u dr6 0x%llx dr7 0x%llx g_pat 0x%016llx\n",
	       (unsigned long long)s->efer, s->cpl, (unsigned long long)s->dr6,
	       (unsigned long long)s->dr7, (unsigned long long)s->g_pat);
	svm_dump_seg("cs", &s->cs);
	svm_dump_seg("ss", &s->ss);
	svm_dump_seg("ds", &s->ds);
	svm_dump_seg("es", &s->es);
	svm_dump_seg("fs", &s->fs);
	svm_dump_seg("gs", &s->gs);
	svm_dump_seg("tr", &s->tr);
	svm_dump_seg("ldtr", &s->ldtr);
	printk("  gdtr base=0x%016llx limit=0x%x  idtr base=0x%016llx limit=0x%x\n",
	       (unsigned long long)s->gdtr.base, s->gdtr.limit,
	       (unsigned long long)s->idtr.base, s->idtr.limit);
	printk("  star 0x%llx lstar 0x%llx cstar 0x%llx sfmask 0x%llx kernel_gs_base 0x%llx\n",
	       (unsigned long long)s->star, (unsigned long long)s->lstar,
	       (unsigned long long)s->cstar, (unsigned long long)s->sfmask,
	       (unsigned long long)s->kernel_gs_base);
}

void svm_dump_vmcb(const struct vmcb *vmcb)
{
	svm_dump_control(&vmcb->control);
	svm_dump_save(&vmcb->save, "as it is");
}

/*
 * Whose values the save area holds now.  After a #VMEXIT, the guest's.
 * After a VMRUN the CPU refused, what the CPU left there: QEMU and Bochs
 * store their half-loaded state, so a field the CPU had not loaded yet
 * (CR3, RSP, the segments...) holds the host's value.  After a refusal by
 * the VMM's own check or a fault of the world switch, the VMM's values,
 * never entered.
 */
static const char *svm_save_source(const struct vcpu *vcpu,
				   const struct vcpu_svm *svm)
{
	if (vcpu->last_reason != SVM_EXIT_INVALID)
		return "the guest's state saved by the CPU at #VMEXIT";
	if (svm->vmenter_fault)
		return "as the VMM wrote it (not entered: the world switch faulted)";
	if (!svm->cpu_refused)
		return "as the VMM wrote it (not entered: refused by the VMM's check)";
	return "as the CPU left it after VMEXIT_INVALID (half-loaded: fields it had not loaded hold HOST values, not the guest's)";
}

/* What VMRUN was given, from the VMM's own copies (vcpu->regs). */
static void svm_dump_entered(const struct vcpu *vcpu)
{
	const struct vcpu_regs *r = &vcpu->regs;

	printk(" guest state VMRUN was given, as the VMM set it (vcpu->regs):\n");
	printk("  rip 0x%016llx rax 0x%016llx\n", (unsigned long long)r->rip,
	       (unsigned long long)r->gpr[VCPU_RAX]);
	printk("  cr0 0x%016llx cr3 0x%016llx cr4 0x%016llx efer 0x%llx\n",
	       (unsigned long long)r->cr0, (unsigned long long)r->cr3,
	       (unsigned long long)r->cr4, (unsigned long long)r->efer);
}

/* struct vcpu_ops.dump, IRQs on. */
void svm_dump(struct vcpu *vcpu)
{
	const struct vcpu_svm *svm = to_svm(vcpu);

	if (!svm) {
		printk("svm: vCPU %d has no VMCB\n", vcpu->id);
		return;
	}
	printk("svm: VMCB of vCPU %d (%s) at 0x%llx, NRIPS %s, %u NPT pages\n",
	       vcpu->id, vcpu->vm->name, (unsigned long long)svm->vmcb_pa,
	       svm->nrips ? "yes" : "no", svm->npt.nr_tables);
	if (vcpu->last_reason == SVM_EXIT_INVALID)
		printk("svm: %s\n",
		       vcpu->fail.why ? vcpu->fail.why : "VMRUN failed");
	if (vcpu->exc.why)
		printk("svm: the VMM last raised #%u in the guest: %s\n",
		       vcpu->exc.vector, vcpu->exc.why);
	svm_dump_control(&svm->vmcb->control);
	svm_dump_save(&svm->vmcb->save, svm_save_source(vcpu, svm));
	if (vcpu->last_reason == SVM_EXIT_INVALID && svm->cpu_refused)
		svm_dump_entered(vcpu);
}
