// SPDX-License-Identifier: GPL-2.0
/*
 * SVM exit decoding (vmm/svm/exit.c) on a VMCB filled by hand, as the
 * CPU would leave it: every handled exit code becomes the right neutral
 * struct vcpu_exit, with instruction lengths from nRIP (NRIPS, Bochs
 * ryzen) or known per exit (QEMU TCG); VMEXIT_INVALID names the violated
 * condition from the entered state; exit indices and names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arch/msr.h>
#include <arch/platform.h>
#include <arch/segment.h>
#include <arch/x86.h>
#include <host/panic.h>
#include <vmm/guest.h>
#include <vmm/svm/svm.h>

struct svm_caps svm_caps = {
	.nasid = 16,
	.maxphyaddr = 40,
	.features = 1u << SVM_FEAT_NP,
};

#define RIP 0x10000ull
#define MMIO_GPA 0xd0000000ull

static struct vm vm = { .mmio_base = MMIO_GPA, .mmio_size = 0x1000 };
/* guest RAM for the instructions the CR-write intercepts decode */
#define RAM 0x200000ull
static u8 *ram;

/* The host's CPUID 0x8000_0001 EDX: SYSCALL, NX, LM (the EFER bits). */
void fake_arch_cpuid(u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
	(void)subleaf;
	*r = (struct cpuid_regs){ 0 };
	if (leaf == 0x80000001u)
		r->edx = (1u << 11) | (1u << 20) | (1u << 29);
}
static struct vcpu vcpu;
static struct vcpu_svm svm;
static struct vmcb *vmcb;
static struct vcpu_exit exit_;

static int setup(void **state)
{
	(void)state;
	if (!vmcb)
		vmcb = aligned_alloc(4096, sizeof(*vmcb));
	if (!ram)
		ram = aligned_alloc(4096, RAM);
	memset(ram, 0, RAM);
	vm_mem_init(&vm, ram, RAM);
	memset(vmcb, 0, sizeof(*vmcb));
	memset(&svm, 0, sizeof(svm));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&exit_, 0xa5, sizeof(exit_));
	svm.vmcb = vmcb;
	svm.prechecked = true;
	vcpu.vm = &vm;
	vcpu.vendor = &svm;
	vcpu.pending_irq = -1;
	vmcb->save.rip = RIP;
	vmcb->save.rflags = X86_EFLAGS_FIXED;
	return 0;
}

static int teardown_all(void **state)
{
	(void)state;
	free(vmcb);
	free(ram);
	return 0;
}

/*
 * The CPU exits with code; the run path (svm_vmenter()) records its low 32
 * bits as the raw exit code; decode.
 */
static void decode(u64 code)
{
	vmcb->control.exit_code = code;
	vcpu.last_reason = (u32)code;
	svm_decode_exit(&vcpu, &exit_);
}

static void cpuid_both_length_paths(void **state)
{
	(void)state;
	vmcb->save.rax = 0x40000000;
	vcpu.regs.gpr[VCPU_RCX] = 7;
	vmcb->save.rsp = 0x1ff000;
	decode(SVM_EXIT_CPUID);
	assert_int_equal(exit_.kind, VCPU_EXIT_CPUID);
	assert_int_equal(exit_.reason, SVM_EXIT_CPUID);
	assert_int_equal(exit_.insn_len, 2); /* no NRIPS: 0f a2 */
	assert_int_equal(exit_.cpuid.leaf, 0x40000000);
	assert_int_equal(exit_.cpuid.subleaf, 7);
	assert_int_equal(vcpu.regs.rip, RIP);
	/* RSP only where the emulation may name it (vcpu.h): not for CPUID */
	assert_int_equal(vcpu.regs.gpr[VCPU_RSP], 0);
	assert_false(svm.rsp_loaded);
	/* CR4 for the core's leaf 1 (OSXSAVE is the guest's) */
	vmcb->save.cr4 = X86_CR4_OSXSAVE | X86_CR4_PAE;
	decode(SVM_EXIT_CPUID);
	assert_int_equal(vcpu.regs.cr4, X86_CR4_OSXSAVE | X86_CR4_PAE);
	/* NRIPS: the length is nRIP - RIP (here with a prefix) */
	svm.nrips = true;
	vmcb->control.next_rip = RIP + 3;
	decode(SVM_EXIT_CPUID);
	assert_int_equal(exit_.insn_len, 3);
}

static void hlt_vmmcall_msr_lengths(void **state)
{
	(void)state;
	vmcb->save.rflags = X86_EFLAGS_FIXED | X86_EFLAGS_IF;
	decode(SVM_EXIT_HLT);
	assert_int_equal(exit_.kind, VCPU_EXIT_HLT);
	assert_int_equal(exit_.insn_len, 1);
	/* the core tests IF on HLT: RFLAGS comes with it */
	assert_int_equal(vcpu.regs.rflags, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	decode(SVM_EXIT_VMMCALL);
	assert_int_equal(exit_.kind, VCPU_EXIT_HYPERCALL);
	assert_int_equal(exit_.insn_len, 3);
	vcpu.regs.gpr[VCPU_RCX] = 0x4c4d0000;
	vmcb->save.rax = 0xffffffff0000dead; /* upper half ignored */
	vcpu.regs.gpr[VCPU_RDX] = 0xbeef;
	vmcb->control.exit_info_1 = SVM_MSR_EXIT_WRITE;
	decode(SVM_EXIT_MSR);
	assert_int_equal(exit_.kind, VCPU_EXIT_MSR_WRITE);
	assert_int_equal(exit_.insn_len, 2);
	assert_int_equal(exit_.msr.index, 0x4c4d0000);
	assert_int_equal(exit_.msr.value, 0xbeef0000deadull);
	vmcb->control.exit_info_1 = SVM_MSR_EXIT_READ;
	decode(SVM_EXIT_MSR);
	assert_int_equal(exit_.kind, VCPU_EXIT_MSR_READ);
	svm.nrips = true;
	vmcb->control.next_rip = RIP + 1;
	decode(SVM_EXIT_HLT);
	assert_int_equal(exit_.insn_len, 1);
}

static void ioio(void **state)
{
	(void)state;
	vmcb->control.exit_info_1 = (0x504ull << SVM_IOIO_PORT_SHIFT) |
				    SVM_IOIO_SZ8;
	vmcb->control.exit_info_2 = RIP + 2; /* next RIP, NRIPS or not */
	decode(SVM_EXIT_IOIO);
	assert_int_equal(exit_.kind, VCPU_EXIT_IO);
	assert_int_equal(exit_.io.port, 0x504);
	assert_int_equal(exit_.io.size, 1);
	assert_false(exit_.io.in);
	assert_int_equal(exit_.insn_len, 2);
	vmcb->control.exit_info_1 = (0xe9ull << SVM_IOIO_PORT_SHIFT) |
				    SVM_IOIO_SZ32 | SVM_IOIO_TYPE_IN;
	vmcb->control.exit_info_2 = RIP + 1;
	decode(SVM_EXIT_IOIO);
	assert_int_equal(exit_.io.port, 0xe9);
	assert_int_equal(exit_.io.size, 4);
	assert_true(exit_.io.in);
	assert_int_equal(exit_.insn_len, 1);
	vmcb->control.exit_info_1 |= SVM_IOIO_STR | SVM_IOIO_REP;
	decode(SVM_EXIT_IOIO);
	assert_int_equal(exit_.kind, VCPU_EXIT_UNHANDLED);
}

static void npf_mmio_or_violation(void **state)
{
	(void)state;
	vmcb->save.cr3 = 0x2000;
	vmcb->save.efer = X86_EFER_LMA | X86_EFER_SVME;
	vmcb->control.exit_info_1 = SVM_NPF_FINAL_GPA | SVM_NPF_USER |
				    SVM_NPF_WRITE;
	vmcb->control.exit_info_2 = MMIO_GPA + 0x100;
	vmcb->save.rsp = 0x1ff000;
	decode(SVM_EXIT_NPF);
	assert_int_equal(exit_.kind, VCPU_EXIT_MMIO);
	/* the decoded instruction may name RSP: stored, written back */
	assert_int_equal(vcpu.regs.gpr[VCPU_RSP], 0x1ff000);
	assert_true(svm.rsp_loaded);
	assert_int_equal(exit_.mmio.gpa, MMIO_GPA + 0x100);
	assert_true(exit_.mmio.write);
	assert_int_equal(exit_.insn_len, 0); /* the core decodes it */
	assert_int_equal(exit_.mmio.access, VCPU_MMIO_DATA);
	/* the guest's page walk read its tables in the window */
	vmcb->control.exit_info_1 = SVM_NPF_GUEST_PT | SVM_NPF_USER;
	vmcb->save.cs.attrib = SEG_ATTR_L | SEG_ATTR_P;
	decode(SVM_EXIT_NPF);
	assert_int_equal(exit_.kind, VCPU_EXIT_MMIO);
	assert_int_equal(exit_.mmio.access, VCPU_MMIO_PAGE_WALK);
	assert_int_equal(exit_.mmio.cs_attr, SEG_ATTR_L | SEG_ATTR_P);
	/* an instruction fetch from the window */
	vmcb->control.exit_info_1 = SVM_NPF_FINAL_GPA | SVM_NPF_FETCH;
	decode(SVM_EXIT_NPF);
	assert_int_equal(exit_.mmio.access, VCPU_MMIO_FETCH);
	/* an event being delivered read the IDT there (EXITINTINFO) */
	vmcb->control.exit_info_1 = SVM_NPF_FINAL_GPA;
	vmcb->control.exit_int_info =
		SVM_EVTINJ_VALID | 13 |
		(SVM_EVTINJ_TYPE_EXCEPTION << SVM_EVTINJ_TYPE_SHIFT);
	decode(SVM_EXIT_NPF);
	assert_int_equal(exit_.mmio.access, VCPU_MMIO_DELIVERY);
	vmcb->control.exit_int_info = 0;
	vmcb->control.exit_info_1 = SVM_NPF_FINAL_GPA | SVM_NPF_USER |
				    SVM_NPF_WRITE;
	assert_int_equal(vcpu.regs.cr3, 0x2000); /* it walks the guest PT */
	assert_int_equal(vcpu.regs.efer, X86_EFER_LMA | X86_EFER_SVME);
	vmcb->control.exit_info_1 = SVM_NPF_FINAL_GPA | SVM_NPF_USER;
	vmcb->control.exit_info_2 = MMIO_GPA + 0x1000; /* just past it */
	decode(SVM_EXIT_NPF);
	assert_int_equal(exit_.kind, VCPU_EXIT_MEM_VIOLATION);
	assert_int_equal(exit_.mem.gpa, MMIO_GPA + 0x1000);
	assert_int_equal(exit_.mem.error, SVM_NPF_FINAL_GPA | SVM_NPF_USER);
}

static void host_events_and_stops(void **state)
{
	(void)state;
	decode(SVM_EXIT_INTR);
	assert_int_equal(exit_.kind, VCPU_EXIT_NONE);
	decode(SVM_EXIT_NMI);
	assert_int_equal(exit_.kind, VCPU_EXIT_NONE);
	decode(SVM_EXIT_PAUSE); /* the pause filter ran out: re-enter */
	assert_int_equal(exit_.kind, VCPU_EXIT_NONE);
	assert_int_equal(vcpu.regs.rip, RIP);
	decode(SVM_EXIT_SHUTDOWN);
	assert_int_equal(exit_.kind, VCPU_EXIT_SHUTDOWN);
	vmcb->control.exit_info_1 = 0;
	decode(SVM_EXIT_EXCP_BASE + X86_TRAP_MC);
	assert_int_equal(exit_.kind, VCPU_EXIT_EXCEPTION);
	assert_int_equal(exit_.exception.vector, X86_TRAP_MC);
	decode(SVM_EXIT_INVD);
	assert_int_equal(exit_.kind, VCPU_EXIT_UNHANDLED);
	decode(SVM_EXIT_VMRUN);
	assert_int_equal(exit_.kind, VCPU_EXIT_UNHANDLED);
	decode(0x12345);
	assert_int_equal(exit_.kind, VCPU_EXIT_UNHANDLED);
	assert_int_equal(exit_.reason, 0x12345);
	decode(0xfffffffffffffffeull); /* VMEXIT_BUSY */
	assert_int_equal(exit_.kind, VCPU_EXIT_UNHANDLED);
	assert_int_equal(exit_.reason, SVM_EXIT_BUSY);
}

static void vintr_closes_the_window(void **state)
{
	(void)state;
	vmcb->control.int_ctl = SVM_V_INTR_MASKING | SVM_V_IRQ |
				SVM_V_INTR_PRIO_MASK | SVM_V_IGN_TPR;
	vmcb->control.intercept_misc1 = SVM_BIT(SVM_INTERCEPT_VINTR) |
					SVM_BIT(SVM_INTERCEPT_CPUID);
	decode(SVM_EXIT_VINTR);
	assert_int_equal(exit_.kind, VCPU_EXIT_NONE);
	assert_int_equal(vmcb->control.int_ctl, SVM_V_INTR_MASKING);
	assert_int_equal(vmcb->control.intercept_misc1,
			 SVM_BIT(SVM_INTERCEPT_CPUID));
}

static void oneshot_controls_are_disarmed(void **state)
{
	(void)state;
	vmcb->control.event_inj = SVM_EVTINJ_VALID | 0x40;
	vmcb->control.tlb_control = SVM_TLB_CONTROL_FLUSH_ALL;
	svm.oneshot = true;
	decode(SVM_EXIT_CPUID);
	assert_int_equal(vmcb->control.event_inj, 0);
	assert_int_equal(vmcb->control.tlb_control, 0);
	assert_false(svm.oneshot);
}

static void invalid_names_the_entered_state(void **state)
{
	(void)state;
	/* what VMRUN was given: CR0.NW without CD */
	vcpu.regs.cr0 = X86_CR0_PE | X86_CR0_NW;
	vcpu.regs.efer = X86_EFER_SVME;
	vcpu.regs.rip = RIP;
	vmcb->control.intercept_misc2 = SVM_BIT(SVM_INTERCEPT_VMRUN);
	vmcb->control.asid = 1;
	/* what the emulator left in the save area: the host's state */
	vmcb->save.rip = 0xde7445a;
	vmcb->save.cr0 = X86_CR0_PE | X86_CR0_PG;
	vmcb->save.efer = 0;
	decode(0x00000000ffffffffull); /* QEMU's VMEXIT_INVALID */
	assert_int_equal(exit_.kind, VCPU_EXIT_ENTRY_FAILED);
	assert_int_equal(exit_.reason, SVM_EXIT_INVALID);
	assert_string_equal(
		exit_.fail.why,
		"VMRUN failed (VMEXIT_INVALID): guest CR0.CD=0 with CR0.NW=1 (APM 15.5.1)");
	assert_ptr_equal(vcpu.fail.why, exit_.fail.why);
	assert_int_equal(vcpu.regs.rip, RIP); /* regs kept */
	/*
	 * A field the guest changes natively (a far jump loaded CS with L=1
	 * and D=1; the CPU loaded it before its check failed): named from the
	 * save area as the CPU left it, not from a copy of the boot state.
	 */
	vcpu.fail = (struct vcpu_fail){ 0 };
	vcpu.regs.cr0 = X86_CR0_PE | X86_CR0_PG;
	vcpu.regs.cr4 = X86_CR4_PAE;
	vcpu.regs.efer = X86_EFER_LME | X86_EFER_LMA | X86_EFER_SVME;
	vmcb->save.cs.attrib = SEG_ATTR_L | SEG_ATTR_DB | SEG_ATTR_P |
			       SEG_ATTR_S | 0xb;
	decode(0x00000000ffffffffull);
	assert_non_null(strstr(exit_.fail.why, "CS.L=1 and CS.D=1"));
	/* a state that passes: said so, not claimed as the guest's */
	vcpu.fail = (struct vcpu_fail){ 0 };
	vmcb->save.cs.attrib = SEG_ATTR_L | SEG_ATTR_P | SEG_ATTR_S | 0xb;
	decode(0x00000000ffffffffull);
	assert_non_null(strstr(exit_.fail.why, "no APM 15.5.1 check"));
	assert_non_null(strstr(exit_.fail.why, "current VMCB"));
	/*
	 * Refused before entry: the pre-check named it then, and the report
	 * keeps its words instead of re-checking the VMCB.
	 */
	vcpu.fail.refused = true;
	vcpu.fail.why =
		"VMRUN refused before entry: guest ASID is 0 (APM 15.5.1)";
	decode(0xffffffffffffffffull);
	assert_int_equal(exit_.kind, VCPU_EXIT_ENTRY_FAILED);
	assert_string_equal(
		exit_.fail.why,
		"VMRUN refused before entry: guest ASID is 0 (APM 15.5.1)");
}

static void names(void **state)
{
	const char *n;
	u32 r;

	(void)state;
	assert_string_equal(svm_exit_reason_name(SVM_EXIT_CPUID), "CPUID");
	assert_string_equal(svm_exit_reason_name(SVM_EXIT_NPF), "NPF");
	assert_string_equal(svm_exit_reason_name(SVM_EXIT_IOIO), "IOIO");
	assert_string_equal(svm_exit_reason_name(0x13), "CR3_WRITE");
	assert_string_equal(svm_exit_reason_name(0x52), "EXCP_MC");
	assert_string_equal(svm_exit_reason_name(SVM_EXIT_INVALID), "INVALID");
	assert_string_equal(svm_exit_reason_name(SVM_EXIT_BUSY), "BUSY");
	/* a constant string, not a buffer the next unknown code rewrites */
	n = svm_exit_reason_name(0x12345);
	assert_string_equal(svm_exit_reason_name(0x12346), "UNKNOWN");
	assert_string_equal(n, "UNKNOWN");
	for (r = 0; r < 0x500; r++)
		assert_non_null(svm_exit_reason_name(r));
	/* every code the stats table has a slot for is named or UNKNOWN */
	for (r = 0; r < SVM_EXIT_NR_HIGH_END; r++)
		assert_true(strlen(svm_exit_reason_name(r)) > 0);
}

/*
 * The core's XSETBV emulation (vmm/vcpu_state.c), faked: what it was
 * asked, and the vector it answers.
 */
static int xsetbv_vector;
static struct {
	u32 index;
	u64 value;
	unsigned int cpl;
	bool osxsave;
} xsetbv_asked;

int vcpu_emulate_xsetbv(struct vcpu *v, u32 index, u64 value, unsigned int cpl,
			bool osxsave)
{
	(void)v;
	xsetbv_asked.index = index;
	xsetbv_asked.value = value;
	xsetbv_asked.cpl = cpl;
	xsetbv_asked.osxsave = osxsave;
	return xsetbv_vector;
}

void __warn(const char *file, int line, const char *cond)
{
	fail_msg("WARN_ON(%s) at %s:%d", cond, file, line);
}

/*
 * XSETBV (state.c): EDX:EAX, ECX, CPL and CR4.OSXSAVE go to the core; an
 * accepted one is skipped (3 bytes, or nRIP), a refused one leaves RIP
 * and injects the vector, #GP with error code 0 in protected mode only.
 */
static void xsetbv_emulated_or_faulted(void **state)
{
	(void)state;
	vmcb->save.rax =
		0xffffffff00000007ull; /* EAX 7; the high half is not */
	vcpu.regs.gpr[VCPU_RDX] = 0x1;
	vcpu.regs.gpr[VCPU_RCX] = 0;
	vmcb->save.cpl = 0;
	vmcb->save.cr4 = X86_CR4_OSXSAVE;
	vmcb->save.cr0 = X86_CR0_PE;
	xsetbv_vector = 0;
	decode(SVM_EXIT_XSETBV);
	assert_int_equal(exit_.kind, VCPU_EXIT_NONE);
	assert_int_equal(xsetbv_asked.value, 0x100000007ull);
	assert_int_equal(xsetbv_asked.index, 0);
	assert_true(xsetbv_asked.osxsave);
	assert_int_equal(vcpu.regs.rip, RIP + 3);
	assert_false(vcpu.exc.pending);

	setup(NULL);
	svm.nrips = true;
	vmcb->control.next_rip = RIP + 4; /* a prefix: nRIP is the truth */
	vmcb->save.cr0 = X86_CR0_PE;
	vmcb->save.cpl = 3;
	vcpu.regs.gpr[VCPU_RCX] = 1;
	xsetbv_vector = X86_TRAP_GP;
	decode(SVM_EXIT_XSETBV);
	assert_int_equal(xsetbv_asked.cpl, 3);
	assert_int_equal(xsetbv_asked.index, 1);
	assert_false(xsetbv_asked.osxsave);
	assert_int_equal(vcpu.regs.rip, RIP);
	/* queued for the core's injection at the next entry (run.c) */
	assert_true(vcpu.exc.pending);
	assert_int_equal(vcpu.exc.vector, X86_TRAP_GP);
	assert_true(vcpu.exc.has_error);
	assert_int_equal(vcpu.exc.error_code, 0);

	setup(NULL);
	xsetbv_vector = X86_TRAP_GP; /* real mode: no error code */
	decode(SVM_EXIT_XSETBV);
	assert_true(vcpu.exc.pending);
	assert_int_equal(vcpu.exc.vector, X86_TRAP_GP);
	assert_false(vcpu.exc.has_error);

	setup(NULL);
	vmcb->save.cr0 = X86_CR0_PE;
	xsetbv_vector = X86_TRAP_UD;
	decode(SVM_EXIT_XSETBV);
	assert_true(vcpu.exc.pending);
	assert_int_equal(vcpu.exc.vector, X86_TRAP_UD);
	assert_false(vcpu.exc.has_error);
	assert_int_equal(vcpu.regs.rip, RIP);
}

/* 64-bit mode as liminal's long64 guests start, with their page tables. */
static void long_mode_vmcb(void)
{
	struct vcpu_boot_state boot;

	vm.boot_mode = VM_BOOT_LONG64;
	assert_int_equal(vm_setup_boot_state(&vm, &boot), 0);
	vmcb->save.cr3 = boot.cr3;
	vmcb->save.cr0 = X86_CR0_PE | X86_CR0_PG | X86_CR0_ET | X86_CR0_NE;
	vmcb->save.cr4 = X86_CR4_PAE;
	vmcb->save.efer = X86_EFER_LME | X86_EFER_LMA | X86_EFER_SVME;
	vmcb->save.cs.attrib = SEG_ATTR_L | SEG_ATTR_P | SEG_ATTR_S;
}

/* A CR write intercept on @code at RIP. */
static void cr_write(unsigned int cr, const u8 *code, size_t len)
{
	memcpy(ram + RIP, code, len);
	decode(SVM_EXIT_CR0_WRITE + cr);
}

static void cr_write_illegal_is_gp(void **state)
{
	static const u8 mov_cr0_rax[] = { 0x0f, 0x22, 0xc0 };
	u64 cr0;

	(void)state;
	long_mode_vmcb();
	cr0 = vmcb->save.cr0;
	vcpu.regs.gpr[VCPU_RAX] = 0; /* rax is the VMCB's */
	vmcb->save.rax = cr0 | X86_CR0_NW; /* NW without CD */
	cr_write(0, mov_cr0_rax, sizeof(mov_cr0_rax));
	assert_int_equal(exit_.kind, VCPU_EXIT_NONE);
	assert_true(vcpu.exc.pending);
	assert_int_equal(vcpu.exc.vector, X86_TRAP_GP);
	assert_int_equal(vcpu.exc.error_code, 0);
	assert_non_null(strstr(vcpu.exc.why, "NW without CD"));
	assert_int_equal(vcpu.regs.rip, RIP); /* at the instruction */
	assert_int_equal(vmcb->save.cr0, cr0); /* nothing taken */
	/* clearing PG in 64-bit mode */
	vcpu.exc.pending = false;
	vmcb->save.rax = cr0 & ~X86_CR0_PG;
	cr_write(0, mov_cr0_rax, sizeof(mov_cr0_rax));
	assert_true(vcpu.exc.pending);
	assert_non_null(strstr(vcpu.exc.why, "64-bit mode"));
	assert_int_equal(vmcb->save.cr0, cr0);
}

static void cr_write_legal_is_done(void **state)
{
	static const u8 mov_cr4_r9[] = { 0x41, 0x0f, 0x22, 0xe1 };
	static const u8 clts[] = { 0x0f, 0x06 };

	(void)state;
	long_mode_vmcb();
	vcpu.regs.gpr[VCPU_R9] = X86_CR4_PAE | X86_CR4_OSFXSR;
	cr_write(4, mov_cr4_r9, sizeof(mov_cr4_r9));
	assert_int_equal(exit_.kind, VCPU_EXIT_NONE);
	assert_false(vcpu.exc.pending);
	assert_int_equal(vmcb->save.cr4, X86_CR4_PAE | X86_CR4_OSFXSR);
	assert_int_equal(vcpu.regs.cr4, X86_CR4_PAE | X86_CR4_OSFXSR);
	assert_int_equal(vcpu.regs.rip, RIP + 4);
	assert_int_not_equal(vmcb->control.tlb_control,
			     SVM_TLB_CONTROL_DO_NOTHING);
	assert_true(svm.oneshot);
	vmcb->save.cr0 |= X86_CR0_TS;
	cr_write(0, clts, sizeof(clts));
	assert_false(vmcb->save.cr0 & X86_CR0_TS);
	assert_int_equal(vcpu.regs.rip, RIP + 2);
	/* EFER keeps SVME and LMA through a CR0 write */
	assert_int_equal(vmcb->save.efer,
			 X86_EFER_LME | X86_EFER_LMA | X86_EFER_SVME);
}

static void cr_write_undecodable_stops(void **state)
{
	static const u8 lmsw_mem[] = { 0x0f, 0x01, 0x30 }; /* lmsw [rax] */
	static const u8 mov_cr0[] = { 0x0f, 0x22, 0xc0 };

	(void)state;
	long_mode_vmcb();
	cr_write(0, lmsw_mem, sizeof(lmsw_mem));
	assert_int_equal(exit_.kind, VCPU_EXIT_UNHANDLED);
	assert_non_null(strstr(vcpu.fail.why, "not MOV to CR"));
	/* the intercept says CR4, the instruction writes CR0 */
	cr_write(4, mov_cr0, sizeof(mov_cr0));
	assert_int_equal(exit_.kind, VCPU_EXIT_UNHANDLED);
	assert_non_null(strstr(vcpu.fail.why, "another CR"));
}

static void efer_read_and_write(void **state)
{
	(void)state;
	long_mode_vmcb();
	vcpu.regs.gpr[VCPU_RCX] = MSR_EFER;
	vmcb->control.exit_info_1 = 0; /* RDMSR: the guest does not see SVME */
	decode(SVM_EXIT_MSR);
	assert_int_equal(exit_.kind, VCPU_EXIT_NONE);
	assert_int_equal(vcpu.regs.gpr[VCPU_RAX], X86_EFER_LME | X86_EFER_LMA);
	assert_int_equal(vcpu.regs.rip, RIP + 2);
	vmcb->control.exit_info_1 = SVM_MSR_EXIT_WRITE; /* reserved bit 1 */
	vmcb->save.rax = X86_EFER_LME | 2;
	vcpu.regs.gpr[VCPU_RDX] = 0;
	decode(SVM_EXIT_MSR);
	assert_true(vcpu.exc.pending);
	assert_int_equal(vcpu.regs.rip, RIP);
	vcpu.exc.pending = false;
	vmcb->save.rax = 0; /* LME off with paging on */
	decode(SVM_EXIT_MSR);
	assert_true(vcpu.exc.pending);
	assert_non_null(strstr(vcpu.exc.why, "LME"));
	vcpu.exc.pending = false;
	vmcb->save.rax = X86_EFER_LME | X86_EFER_NXE; /* legal */
	decode(SVM_EXIT_MSR);
	assert_false(vcpu.exc.pending);
	assert_int_equal(vmcb->save.efer, X86_EFER_LME | X86_EFER_LMA |
						  X86_EFER_NXE | X86_EFER_SVME);
	/* another MSR still goes to the core */
	vcpu.regs.gpr[VCPU_RCX] = 0x4c4d0000;
	decode(SVM_EXIT_MSR);
	assert_int_equal(exit_.kind, VCPU_EXIT_MSR_WRITE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(xsetbv_emulated_or_faulted, setup),
		cmocka_unit_test_setup(cpuid_both_length_paths, setup),
		cmocka_unit_test_setup(hlt_vmmcall_msr_lengths, setup),
		cmocka_unit_test_setup(ioio, setup),
		cmocka_unit_test_setup(npf_mmio_or_violation, setup),
		cmocka_unit_test_setup(cr_write_illegal_is_gp, setup),
		cmocka_unit_test_setup(cr_write_legal_is_done, setup),
		cmocka_unit_test_setup(cr_write_undecodable_stops, setup),
		cmocka_unit_test_setup(efer_read_and_write, setup),
		cmocka_unit_test_setup(host_events_and_stops, setup),
		cmocka_unit_test_setup(vintr_closes_the_window, setup),
		cmocka_unit_test_setup(oneshot_controls_are_disarmed, setup),
		cmocka_unit_test_setup(invalid_names_the_entered_state, setup),
		cmocka_unit_test_setup(names, setup),
	};

	return cmocka_run_group_tests(tests, NULL, teardown_all);
}
