/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMX backend's own state: capabilities (read once at probe), the
 * per-CPU VMXON state, the per-vCPU VMCS and what the exit path caches.
 * Only vmm/vmx/ includes this header; the core sees struct vcpu_ops.
 *
 *   vmx.c      probe, VMXON/VMXOFF, the VMX instructions, the ops table
 *   vcpu.c     vcpu_create/vcpu_free: VMCS controls, host and guest state
 *   run.c      prepare_run, the run path (noinstr world switch, fastpath),
 *              event injection, handle_exit_irqoff
 *   decode.h   the decoders decode_exit and the fastpath share
 *   exit.c     exit handlers (a table indexed by exit reason)
 *   checks.c   the VM-entry checks of SDM 27.2-27.3, in words
 *   dump.c     the VMCS with field names
 *   ept.c      extended page tables (include/vmm/vmx/ept.h)
 *   names.c    exit reason, VM-instruction error and VMCS field names
 *   controls.c control adjustment to the capability MSRs
 *   state.c    the guest state the VMCS does not hold: MSRs the core
 *              switches (include/vmm/vcpu_state.h), XSETBV
 *   vmenter.asm  __vmx_vcpu_run: GPRs, VMLAUNCH/VMRESUME
 *
 * vmm/svm/ has the same files for the same roles (include/vmm/svm/svm.h).
 */
#ifndef VMM_VMX_VMX_H
#define VMM_VMX_VMX_H

#include <liminal/compiler.h>
#include <liminal/types.h>
#include <vmm/vcpu.h>
#include <vmm/vmx/ept.h>
#include <vmm/vmx/names.h>
#include <vmm/vmx/vmx_arch.h>
#include <vmm/vmx/vmx_checks.h>

/* What the processor offers, and the control words this VMM runs with. */
struct vmx_caps {
	u32 revision;
	u32 vmcs_size;
	bool true_ctls;
	u32 pin, proc, proc2, exit, entry; /* adjusted, IA-32e bit clear */
	bool intr_window; /* interrupt-window exiting allowed */
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 ept_vpid_cap;
	u64 misc;
	unsigned int phys_addr_bits;
	bool ept_2mb;
};

extern struct vmx_caps vmx_caps;

/* Per CPU (liminal runs the VMM on one CPU). */
struct vmx_cpu {
	void *vmxon_region;
	struct vcpu_vmx *current; /* the vCPU whose VMCS is current */
	void *nmi_stub; /* the host IDT's NMI entry */
	bool enabled;
	unsigned long vmwrite_errors; /* failed VMWRITEs, ever */
	unsigned long vmwrite_error_field; /* the last one's field */
};

/* Hidden: one RIP-relative operand on the entry path under -fpic. */
extern struct vmx_cpu vmx_cpu0 __attribute__((__visibility__("hidden")));

struct vcpu_vmx {
	struct vcpu *vcpu;
	void *vmcs;
	void *io_bitmap_a, *io_bitmap_b, *msr_bitmap;
	struct paging ept; /* lib/paging.c tables in the EPT format */

	/* written by the assembly: the HOST_RSP value currently in the VMCS */
	u64 host_rsp;
	bool launched; /* VMCLEAR'd VMCS needs VMLAUNCH first */
	bool checked; /* our own VM-entry checks passed */
	bool fail; /* last VMLAUNCH/VMRESUME was a VM-fail */
	u32 exit_intr_info; /* for EXCEPTION_NMI / EXTERNAL_INTERRUPT */

	/* cached VMCS words, changed only by this backend */
	u32 proc_ctls, entry_ctls;
	u64 cr0, cr4; /* what the guest believes (read shadows) */
	u64 efer; /* guest EFER, LMA included */
	u64 exit_rip; /* guest RIP at the last exit */
	bool injected; /* an event went in with the last entry */
	bool rsp_loaded; /* regs RSP read at this exit: write it back */

	struct vmx_msg msg; /* scratch for the checks' and decode's messages */
};

static inline struct vcpu_vmx *to_vmx(struct vcpu *vcpu)
{
	return vcpu->vendor;
}

/* vmm/vmx/vmenter.asm */
/* Exit reason recorded after a VM-fail: there was no VM exit. */
#define VMX_NO_EXIT 0xffffffffu
/*
 * The VM_EXIT_REASON after a VM exit, VMX_NO_EXIT after a VM-fail, the
 * fault status of include/vmm/vmenter.h after a fault on VMLAUNCH or
 * VMRESUME; the exit hygiene of include/vmm/vmenter.h after an exit.  Keeps
 * only RBP, RBX, R12, R13 and RSP: called from the asm statement in run.c
 * alone.
 */
u32 __vmx_vcpu_run(struct vcpu_regs *regs, u64 *host_rsp, bool launched);
void vmx_vmexit(void);
void vmx_do_interrupt_irqoff(void *idt_stub);
void vmx_do_nmi_irqoff(void);

/* vmm/vmx/run.c */
void vmx_prepare_run(struct vcpu *vcpu);
fastpath_t vmx_vcpu_run(struct vcpu *vcpu);
void vmx_handle_exit_irqoff(struct vcpu *vcpu);

/* vmm/vmx/vmx.c: VMX instructions; 0, or the VM-instruction error number
 * (SDM 31.4), or VMX_FAIL_INVALID when there was no current VMCS. */
#define VMX_FAIL_INVALID (-1)
int vmx_vmclear(void *vmcs);
int vmx_vmptrld(void *vmcs);
int vmx_invept(unsigned long type, u64 eptp);
int vmx_invvpid(unsigned long type, u16 vpid, u64 gva);
int __vmx_make_current(struct vcpu_vmx *vmx);
int vmx_make_current(struct vcpu_vmx *vmx);
int vmx_read_insn_error(void);

/* vmm/vmx/vcpu.c */
int vmx_vcpu_create(struct vcpu *vcpu, char *why, size_t len);
void vmx_vcpu_free(struct vcpu *vcpu);
int vmx_vmcs_setup(struct vcpu_vmx *vmx, char *why, size_t len);
void vmx_read_entry_state(struct vmx_entry_state *s);
const char *vmx_check_current(struct vcpu_vmx *vmx);

/* vmm/vmx/exit.c */
void vmx_decode_exit(struct vcpu *vcpu, struct vcpu_exit *exit);
/* raw loads of the guest's CR0/CR4/EFER (read shadows, IA-32e control) */
void vmx_write_guest_cr0(struct vcpu_vmx *vmx, u64 cr0);
void vmx_write_guest_cr4(struct vcpu_vmx *vmx, u64 cr4);
void vmx_write_guest_efer(struct vcpu_vmx *vmx, u64 efer);
/* WRMSR EFER as the guest sees it: LMA follows LME and CR0.PG */
void vmx_set_guest_efer(struct vcpu_vmx *vmx, u64 efer);

/*
 * vmm/vmx/state.c: the MSRs the core switches for VMX (struct
 * vcpu_ops.state_msrs), passed through in @msr_bitmap; the XSETBV exit.
 */
#define VMX_NR_STATE_MSRS 6
extern const u32 vmx_state_msrs[VMX_NR_STATE_MSRS];
void vmx_state_pass_msrs(u8 *msr_bitmap);
void vmx_handle_xsetbv(struct vcpu *vcpu, struct vcpu_vmx *vmx,
		       struct vcpu_exit *exit);

/* vmm/vmx/dump.c */
void vmx_dump(struct vcpu *vcpu);

#endif /* VMM_VMX_VMX_H */
