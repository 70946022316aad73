/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vCPU, its neutral exit descriptions, and the vendor ops seam.
 *
 * One const struct vcpu_ops is chosen at boot (svm_ops or vmx_ops) and the
 * arch-neutral core (vmm/vcpu_run.c, vmm/emulate.c) talks to the hardware only
 * through it.  Each backend decodes its exit (an SVM exit code, a VMX basic
 * exit reason) into a struct vcpu_exit; the core emulates that description
 * once for both vendors.
 */
#ifndef VMM_VCPU_H
#define VMM_VCPU_H

#include <arch/x86.h>
#include <liminal/compiler.h>
#include <liminal/types.h>
#include <vmm/vcpu_state.h>

struct vm;
struct vcpu;

/*
 * vcpu->mode, with KVM's names and meaning (include/linux/kvm_host.h):
 * IN_GUEST_MODE from step 2 of vcpu_enter_guest() to step 6 (the guest
 * may be running: a kick must interrupt its CPU), EXITING_GUEST_MODE once
 * a kick saw that (no second IPI), OUTSIDE_GUEST_MODE otherwise
 * (include/vmm/request.h).
 */
enum vcpu_mode {
	OUTSIDE_GUEST_MODE,
	IN_GUEST_MODE,
	EXITING_GUEST_MODE,
};

/* Guest general-purpose registers, in the x86 encoding order (ModRM reg). */
enum vcpu_reg {
	VCPU_RAX,
	VCPU_RCX,
	VCPU_RDX,
	VCPU_RBX,
	VCPU_RSP,
	VCPU_RBP,
	VCPU_RSI,
	VCPU_RDI,
	VCPU_R8,
	VCPU_R9,
	VCPU_R10,
	VCPU_R11,
	VCPU_R12,
	VCPU_R13,
	VCPU_R14,
	VCPU_R15,
	VCPU_NR_GPRS,
};

/*
 * Guest register file as the core sees it.  Backends keep it in step with the
 * VMCB/VMCS: before the first entry they load it, after each exit they store
 * rip (and rax on SVM) into it, before each entry they write back what the
 * core may have changed.  The assembly enter/exit paths load and save gpr[]
 * directly (offsets generated from this structure: asm-offsets.inc).
 *
 * Where the VMCB/VMCS holds RSP and RFLAGS, a backend may store them only on
 * the exits whose emulation reads them, as it does for the CR/EFER copies:
 * gpr[VCPU_RSP] on MMIO exits (the decoded instruction may name any
 * register; written back at the next entry), rflags on HLT exits (the core
 * tests IF).  The core never writes rflags.
 */
struct vcpu_regs {
	u64 gpr[VCPU_NR_GPRS];
	u64 rip;
	u64 rflags;
	u64 cr0, cr3, cr4, efer; /* read-only copies for the emulator */
};

/*
 * A segment register in the neutral form both backends load: attr uses the
 * SVM VMCB packing (APM Vol. 2 15.5.1: type[3:0] S[4] DPL[6:5] P[7] AVL[8]
 * L[9] D/B[10] G[11]); VMX converts it to access rights (shift bits 11:8 to
 * 15:12, bit 16 = unusable when attr == 0).
 */
struct vcpu_segment {
	u16 selector;
	u16 attr;
	u32 limit;
	u64 base;
};

struct vcpu_dtable {
	u64 base;
	u16 limit;
};

/* Initial architectural state, computed by the core from the guest's mode. */
struct vcpu_boot_state {
	struct vcpu_segment cs, ds, es, fs, gs, ss, tr, ldtr;
	struct vcpu_dtable gdtr, idtr;
	u64 cr0, cr3, cr4, efer;
	u64 rip, rsp, rflags;
};

enum vm_boot_mode {
	VM_BOOT_LONG64, /* paging on, the core builds page tables */
	VM_BOOT_PROT32, /* flat 32-bit protected mode, no paging */
	VM_BOOT_REAL16, /* real mode (VMX: unrestricted guest) */
};

struct vm_mem_region {
	gpa_t gpa;
	void *hva; /* identity-mapped host memory (hva == hpa) */
	u64 size; /* multiple of 4 KiB */
};

#define VM_MAX_MEM_REGIONS 4

/* A guest: its memory, its MMIO window, how it starts. */
struct vm {
	char name[32];
	struct vm_mem_region mem[VM_MAX_MEM_REGIONS];
	unsigned int nr_mem;
	gpa_t mmio_base; /* one MMIO window: accesses exit as MMIO */
	u64 mmio_size;
	enum vm_boot_mode boot_mode;
	u16 asid; /* SVM ASID / VMX VPID, never 0 */
};

/*
 * Why a vCPU stopped or cannot be entered, one form for both vendors.  @why
 * says it in words, for a failed entry with the rule's SDM/APM section
 * ("guest CR0.PG=1 with PE=0 (SDM 27.3.1.1)"); @buf holds it when it had
 * to be composed.  @refused: the vCPU must not be entered -- the VMM's own
 * consistency checks refused the state before the hardware saw it, or an
 * entry already failed -- so the run loop reports it as the hardware would
 * (struct vcpu_pass_ops.refused_reason) instead of entering.  The core
 * prints @why when it stops the guest; the dump prints it again.
 */
struct vcpu_fail {
	bool refused;
	const char *why;
	char buf[192];
};

/*
 * The guest's debug registers as it sees them (include/vmm/debugreg.h):
 * every MOV DR exits and is emulated against this copy; none of it is ever
 * loaded into the CPU (vmm/debugreg.c says why).
 */
struct vcpu_debugregs {
	u64 db[4]; /* DR0-DR3 */
	u64 dr6, dr7;
};

/*
 * An exception the VMM raises in the guest, as the CPU would have (a
 * reflected #DB or #AC, a fault of an emulated MOV DR, XSETBV or CR/EFER
 * write).  The backend's prepare_run delivers it at the next entry as a
 * hardware exception (SVM EVENTINJ type 3, VMX interruption type 3), before
 * any pending interrupt, and clears @pending; a newer one replaces an older
 * one, as KVM does for two benign exceptions.
 */
struct vcpu_exception {
	bool pending;
	bool has_error;
	u8 vector;
	u32 error_code;
	const char *why; /* the rule that raised it; kept for the dumps */
};

struct vcpu {
	struct vm *vm;
	const struct vcpu_ops *ops;
	int id;
	int cpu; /* the CPU that runs it: set by vcpu_run(), read by kicks */
	int mode; /* enum vcpu_mode */
	unsigned long requests; /* bits: VCPU_REQ_* (include/vmm/request.h) */
	struct vcpu_regs regs; /* the asm enter/exit paths use regs.gpr */
	struct vcpu_boot_state boot;
	void *vendor; /* struct vcpu_svm / struct vcpu_vmx */
	int pending_irq; /* vector to inject at the next entry, or -1 */
	/*
	 * The raw exit code of the last exit, on both vendors: SVM EXITCODE's
	 * low 32 bits (VMEXIT_INVALID is 0xffffffff), the VMX exit reason
	 * with its flag bits (bit 31: the entry failed).
	 */
	u32 last_reason;
	struct vcpu_fail fail;
	u64 entry_tsc; /* TSC at the current entry (the core's clock read) */
	u64 exit_tsc; /* TSC right after the last exit (stats) */
	u32 vmenter_flags; /* include/vmm/vmenter.h; read by the switch */
	struct vcpu_debugregs dbg; /* reset values at vcpu_create */
	struct vcpu_exception exc; /* raised by the emulation, or 0 */
	/* what no VMCB/VMCS holds: FPU, XCR0, MSRs (vmm/vcpu_state.c) */
	struct vcpu_state state;
};

/* Neutral exit kinds, decoded by the backend, emulated by the core. */
enum vcpu_exit_kind {
	VCPU_EXIT_NONE, /* nothing for the core: re-enter (INTR, NMI) */
	VCPU_EXIT_CPUID,
	VCPU_EXIT_IO,
	VCPU_EXIT_MMIO, /* NPF/EPT violation inside the MMIO window */
	VCPU_EXIT_MSR_READ,
	VCPU_EXIT_MSR_WRITE,
	VCPU_EXIT_HLT,
	VCPU_EXIT_HYPERCALL, /* VMMCALL / VMCALL */
	VCPU_EXIT_DR_ACCESS, /* MOV to/from a debug register */
	VCPU_EXIT_MEM_VIOLATION, /* access outside the guest's memory */
	VCPU_EXIT_SHUTDOWN, /* triple fault */
	VCPU_EXIT_EXCEPTION, /* an intercepted guest exception (#DB, #AC:
			      * reflected; any other: the guest stops) */
	VCPU_EXIT_ENTRY_FAILED, /* VMRUN/VM-entry refused the guest state */
	VCPU_EXIT_UNHANDLED, /* an exit this VMM has no handler for */
	VCPU_NR_EXIT_KINDS,
};

/*
 * What touched the MMIO window, as the backend's fault information says
 * (SVM: the NPF error code and EXITINTINFO, APM 15.25.6 and 15.7.2; VMX:
 * the EPT-violation exit qualification and the IDT-vectoring information,
 * SDM 28.2.1 and 28.2.4).  Only VCPU_MMIO_DATA is the instruction's own
 * data access, which the core decodes and emulates; the others stop the
 * guest with a report that says which one it was.
 */
enum vcpu_mmio_access {
	VCPU_MMIO_DATA, /* the final translation of a data access */
	VCPU_MMIO_PAGE_WALK, /* the guest's page walk read its tables there */
	VCPU_MMIO_DELIVERY, /* delivering an event: IDT, GDT, stack, TSS */
	VCPU_MMIO_FETCH, /* an instruction fetch */
	VCPU_MMIO_NO_LINEAR, /* an access without a guest-linear address */
	VCPU_NR_MMIO_ACCESS,
};

struct vcpu_exit {
	enum vcpu_exit_kind kind;
	u32 reason; /* the vendor's raw exit code */
	u32 insn_len; /* bytes to skip once emulated; 0 = unknown */
	union {
		struct {
			u32 leaf, subleaf;
		} cpuid;
		struct {
			u16 port;
			u8 size; /* 1, 2 or 4 */
			bool in;
		} io;
		struct {
			gpa_t gpa;
			bool write; /* from the fault's error code */
			u8 access; /* enum vcpu_mmio_access */
			u16 cs_attr; /* CS: the code size (SEG_ATTR_L, _DB) */
			u64 cs_base; /* CS: where RIP is */
		} mmio; /* the core decodes the instruction */
		struct {
			u32 index;
			u64 value; /* for writes */
		} msr;
		struct {
			gpa_t gpa;
			u64 error; /* vendor qualification/error code */
		} mem;
		struct {
			u8 vector;
			u32 error_code;
			u64 dr6; /* #DB: the DR6 bits of this one (B0-3 BD BS) */
		} exception;
		struct {
			u8 dr; /* 0-7, as encoded */
			u8 gpr; /* enum vcpu_reg, or VCPU_DR_GPR_DECODE */
			bool write; /* MOV to DRn */
			u8 cpl;
			bool long64; /* 64-bit mode: 64-bit operand */
			u64 rip_linear; /* CS.base + RIP, for the decoder */
		} dr;
		struct {
			const char *why; /* the failed check, in words */
		} fail;
	};
};

/*
 * What the fastpath made of an exit: KVM's fastpath_t (arch/x86/kvm/x86.h),
 * with the same meaning.  vcpu_ops.run returns NONE or EXIT_HANDLED;
 * REENTER_GUEST stays inside its loop.
 */
typedef enum {
	EXIT_FASTPATH_NONE, /* decode_exit + the core's handler, IRQs on */
	EXIT_FASTPATH_REENTER_GUEST, /* emulated in run: enter again at once */
	EXIT_FASTPATH_EXIT_HANDLED, /* emulated, but the loop left for work */
} fastpath_t;

/*
 * Vendor operations.  Contracts (who calls, in which state, what returns):
 *
 * probe(why, len)      boot, IRQs on, before ExitBootServices or after.
 *                      Returns true if this CPU/emulator supports the
 *                      backend; otherwise false with the reason in why.
 * hardware_enable()    once per CPU at boot, IRQs on.  EFER.SVME + HSAVE,
 *                      or FEATURE_CONTROL + VMXON.  0 or -errno.
 * vcpu_create(vcpu, why, len)  IRQs on.  Allocates the VMCB/VMCS and
 *                      builds the NPT/EPT from vcpu->vm's memory map (a
 *                      guest sees only its own memory).  Loads the initial
 *                      state from vcpu->regs and vcpu->vm->boot_mode.  0,
 *                      or -errno with what failed in why ("VMCS allocation
 *                      failed") and nothing allocated; it prints nothing:
 *                      the core's vcpu_create() reports it once, with the
 *                      guest's name and the errno's words.
 * vcpu_free(vcpu)      IRQs on.  Releases everything vcpu_create allocated.
 * prepare_run(vcpu)    IRQs on, preemption off.  Writes back the register
 *                      file and injects vcpu->pending_irq if the guest can
 *                      take it (IF=1, no interrupt shadow).
 * run(vcpu)            noinstr, IRQs off.  Step 5 of vcpu_enter_guest():
 *                      the core's vcpu_pass_loop() (include/vmm/
 *                      vcpu_pass.h) instantiated with the backend's pieces
 *                      of a pass, so the order of the boundary is the
 *                      core's.  Returns EXIT_FASTPATH_NONE for an exit the
 *                      core must decode and handle, EXIT_FASTPATH_EXIT_
 *                      HANDLED for one emulated when the loop had to stop.
 * handle_exit_irqoff(vcpu)  IRQs off, after run.  VMX dispatches an
 *                      external interrupt that caused the exit through the
 *                      host IDT (synthetic IF=0 frame); SVM does nothing.
 * decode_exit(vcpu, exit)   IRQs on, for an exit run left to the core
 *                      (EXIT_FASTPATH_NONE).  Stores rip (and what struct
 *                      vcpu_regs says the exit needs) into vcpu->regs and
 *                      fills *exit with the neutral description.
 * dump(vcpu)           IRQs on.  Prints the VMCB/VMCS with field names.
 * exit_reason_name(r)  Name of a raw exit code, never NULL.
 *
 * And what the core's vcpu_load_state()/vcpu_put_state() switch for the
 * backend besides the FPU and XCR0 (include/vmm/vcpu_state.h), because its
 * VMCB/VMCS does not: state_msrs (nr_state_msrs of them, each loaded with
 * the guest's value, reset value 0; IA32_TSC_AUX only where the CPU has
 * it), and CR2 if state_cr2.
 */
/* Room for the reasons probe() and vcpu_create() give. */
#define VCPU_WHY_LEN 160

struct vcpu_ops {
	const char *name; /* "svm" or "vmx" */
	bool (*probe)(char *why, size_t len);
	int (*hardware_enable)(void);
	void (*hardware_disable)(void);
	int (*vcpu_create)(struct vcpu *vcpu, char *why, size_t len);
	void (*vcpu_free)(struct vcpu *vcpu);
	void (*prepare_run)(struct vcpu *vcpu);
	fastpath_t (*run)(struct vcpu *vcpu);
	void (*handle_exit_irqoff)(struct vcpu *vcpu);
	void (*decode_exit)(struct vcpu *vcpu, struct vcpu_exit *exit);
	void (*dump)(struct vcpu *vcpu);
	const char *(*exit_reason_name)(u32 reason);
	u32 nr_exit_reasons; /* stats table size: raw codes < this */
	/*
	 * Nonzero: while a guest runs, the core arms a host NMI every this
	 * many microseconds (the PIT routed as NMI), because the host tick
	 * may not force an exit: the backend's watchdog for a guest that
	 * never exits (SVM: vmm/svm/svm.c says why).  0: the backend has
	 * its own (VMX: the preemption timer).
	 */
	unsigned int watchdog_nmi_us;
	const u32 *state_msrs;
	u8 nr_state_msrs; /* <= VCPU_STATE_MAX_MSRS */
	bool state_cr2;
};

/* exit->dr.gpr when the backend cannot name it: the core decodes. */
#define VCPU_DR_GPR_DECODE 0xff

/* Raise @vector in the guest at the next entry (vmm/debugreg.c's users). */
static inline void vcpu_queue_exception(struct vcpu *vcpu, u8 vector,
					bool has_error, u32 error_code)
{
	vcpu->exc = (struct vcpu_exception){ .pending = true,
					     .has_error = has_error,
					     .vector = vector,
					     .error_code = error_code };
}

/*
 * Raise #GP(0) in the guest at its next entry, because of @why (static, for
 * the dumps); RIP stays on the faulting instruction, as for the CPU's own.
 */
static inline void vcpu_queue_gp(struct vcpu *vcpu, const char *why)
{
	vcpu_queue_exception(vcpu, X86_TRAP_GP, true, 0);
	vcpu->exc.why = why;
}

/* The VMM will not enter @vcpu again, because of @why (static or fail.buf). */
static inline void vcpu_refuse(struct vcpu *vcpu, const char *why)
{
	vcpu->fail.why = why;
	vcpu->fail.refused = true;
}

/*
 * A nested-paging fault (SVM NPF, VMX EPT violation) at @gpa, in neutral
 * terms: only the MMIO window and addresses outside the guest's memory are
 * unmapped, so the window is an MMIO access for the core to decode
 * (returns true: the backend then stores the registers the decoder may
 * name) and anything else an access outside the guest's memory.
 */
static inline bool vcpu_exit_gpa_fault(struct vcpu_exit *exit,
				       const struct vm *vm, gpa_t gpa,
				       bool write, u64 error)
{
	if (gpa - vm->mmio_base < vm->mmio_size) {
		exit->kind = VCPU_EXIT_MMIO;
		exit->mmio.gpa = gpa;
		exit->mmio.write = write;
		return true;
	}
	exit->kind = VCPU_EXIT_MEM_VIOLATION;
	exit->mem.gpa = gpa;
	exit->mem.error = error;
	return false;
}

extern const struct vcpu_ops svm_ops;
extern const struct vcpu_ops vmx_ops;

#endif /* VMM_VCPU_H */
