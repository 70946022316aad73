// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU creation: the VMCS (SDM 25.4-25.8: VM-execution/exit/entry
 * controls, the host-state area -- the VMM's own GDT/TSS/IDT, CRs and
 * MSRs, the exit path's RIP -- and the guest-state area from the core's
 * boot state), the I/O and MSR bitmaps and the EPT; vcpu_create and
 * vcpu_free.  Straight-line hardware setup; the checks live in checks.c.
 */
#include <arch/msr.h>
#include <arch/x86.h>
#include <liminal/errno.h>
#include <lib/string.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <host/panic.h>
#include <vmm/vmx/vmcs.h>
#include <vmm/vmx/vmx.h>
#include <vmm/vmenter.h>

/*
 * The guest's DR7 stays 0x400 (nothing armed): MOV DR exits and the core
 * keeps the guest's debug registers (include/vmm/debugreg.h); a VM exit
 * loads the host's DR7 with 400H (SDM Vol. 3C 28.5.1).
 */
#define DR7_POWER_ON 0x400ull
#define VMX_EXCEPTION_INTERCEPTS ((1u << X86_TRAP_DB) | (1u << X86_TRAP_AC))

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

static u64 host_gdt_base(void)
{
	struct desc_ptr gdt;

	__asm__ __volatile__("sgdt %0" : "=m"(gdt));
	return gdt.base;
}

static u64 host_idt_base(void)
{
	struct desc_ptr idt;

	__asm__ __volatile__("sidt %0" : "=m"(idt));
	return idt.base;
}

#define DEFINE_READ_SEG(seg)                                            \
	static u16 read_##seg(void)                                     \
	{                                                               \
		u16 sel;                                                \
		__asm__ __volatile__("mov %%" #seg ", %0" : "=r"(sel)); \
		return sel;                                             \
	}
DEFINE_READ_SEG(ds)
DEFINE_READ_SEG(es)
DEFINE_READ_SEG(ss)
DEFINE_READ_SEG(fs)
DEFINE_READ_SEG(gs)
#undef DEFINE_READ_SEG

static u16 read_tr(void)
{
	u16 sel;

	__asm__ __volatile__("str %0" : "=r"(sel));
	return sel;
}

/* Base of the 16-byte system descriptor at @sel (SDM Vol. 3A 8.2.3). */
static u64 host_tss_base(u16 sel)
{
	const u64 *gdt = (const u64 *)(uintptr_t)host_gdt_base();
	u64 lo = gdt[sel >> 3], hi = gdt[(sel >> 3) + 1];

	return ((lo >> 16) & 0xffffffull) | (((lo >> 56) & 0xffull) << 24) |
	       ((hi & 0xffffffffull) << 32);
}

/* One host tick in VMX-preemption timer units (TSC >> rate, SDM 26.5.1). */
static u32 preemption_timer_value(void)
{
	u64 tsc_per_tick = tsc_khz() * 1000 / HOST_HZ;
	u32 rate = vmx_caps.misc & VMX_MISC_PREEMPTION_RATE_MASK;
	u64 v = tsc_per_tick >> rate;

	return v ? (v > 0xffffffffu ? 0xffffffffu : (u32)v) : 1;
}

static void setup_controls(struct vcpu_vmx *vmx)
{
	struct vcpu *vcpu = vmx->vcpu;

	vmx->proc_ctls = vmx_caps.proc;
	vmx->entry_ctls = vmx_caps.entry;
	if (vcpu->boot.efer & X86_EFER_LMA)
		vmx->entry_ctls |= VM_ENTRY_IA32E_MODE;
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, vmx_caps.pin);
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, vmx->proc_ctls);
	vmcs_write32(SECONDARY_VM_EXEC_CONTROL, vmx_caps.proc2);
	vmcs_write32(VM_EXIT_CONTROLS, vmx_caps.exit);
	vmcs_write32(VM_ENTRY_CONTROLS, vmx->entry_ctls);
	/* reflected by the core, one exit each (include/vmm/debugreg.h) */
	vmcs_write32(EXCEPTION_BITMAP, VMX_EXCEPTION_INTERCEPTS);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write32(CR3_TARGET_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	if (vmx_caps.pin & PIN_BASED_PREEMPTION_TIMER)
		vmcs_write32(GUEST_PREEMPTION_TIMER_VALUE,
			     preemption_timer_value());
	vmcs_write64(IO_BITMAP_A, virt_to_phys(vmx->io_bitmap_a));
	vmcs_write64(IO_BITMAP_B, virt_to_phys(vmx->io_bitmap_b));
	vmcs_write64(MSR_BITMAP, virt_to_phys(vmx->msr_bitmap));
	vmcs_write64(TSC_OFFSET, 0);
	vmcs_write64(EPT_POINTER, ept_pointer(&vmx->ept));
	vmcs_write16(VIRTUAL_PROCESSOR_ID, vcpu->vm->asid);
	vmcs_write64(VMCS_LINK_POINTER, ~0ull);
	/* Every CR0/CR4 bit is host-owned: a guest write that changes one
	 * exits, reads see the shadow (what the guest wrote). */
	vmcs_writel(CR0_GUEST_HOST_MASK, ~0ull);
	vmcs_writel(CR4_GUEST_HOST_MASK, ~0ull);
}

/*
 * Intercept every port and every MSR; the core emulates them.  EFER reads
 * pass through (the VMCS switches EFER); EFER writes exit and are handled
 * here, to keep the IA-32e mode guest control in step.  The MSRs the core
 * switches when the vCPU starts and stops running (KERNEL_GS_BASE, the
 * syscall MSRs, TSC_AUX: state.c) pass through both ways.
 */
static void setup_bitmaps(struct vcpu_vmx *vmx)
{
	u32 efer = MSR_EFER - MSR_BITMAP_HIGH_BASE;
	u8 *msr = vmx->msr_bitmap;

	memset(vmx->io_bitmap_a, 0xff, PAGE_SIZE);
	memset(vmx->io_bitmap_b, 0xff, PAGE_SIZE);
	memset(msr, 0xff, PAGE_SIZE);
	msr[MSR_BITMAP_READ_HIGH + efer / 8] &= ~(1u << (efer % 8));
	vmx_state_pass_msrs(msr);
}

static void setup_host_state(void)
{
	u16 tr = read_tr();

	vmcs_writel(HOST_CR0, read_cr0());
	vmcs_writel(HOST_CR3, read_cr3());
	vmcs_writel(HOST_CR4, read_cr4());
	vmcs_write16(HOST_CS_SELECTOR, HOST_CS_SEL);
	vmcs_write16(HOST_SS_SELECTOR, read_ss());
	vmcs_write16(HOST_DS_SELECTOR, read_ds());
	vmcs_write16(HOST_ES_SELECTOR, read_es());
	vmcs_write16(HOST_FS_SELECTOR, read_fs());
	vmcs_write16(HOST_GS_SELECTOR, read_gs());
	vmcs_write16(HOST_TR_SELECTOR, tr);
	WARN_ON_ONCE(tr != HOST_TSS_SEL);
	vmcs_writel(HOST_FS_BASE, rdmsr(MSR_FS_BASE));
	vmcs_writel(HOST_GS_BASE, rdmsr(MSR_GS_BASE));
	vmcs_writel(HOST_TR_BASE, host_tss_base(tr));
	vmcs_writel(HOST_GDTR_BASE, host_gdt_base());
	vmcs_writel(HOST_IDTR_BASE, host_idt_base());
	vmcs_write32(HOST_IA32_SYSENTER_CS, rdmsr(MSR_IA32_SYSENTER_CS));
	vmcs_writel(HOST_IA32_SYSENTER_ESP, rdmsr(MSR_IA32_SYSENTER_ESP));
	vmcs_writel(HOST_IA32_SYSENTER_EIP, rdmsr(MSR_IA32_SYSENTER_EIP));
	vmcs_write64(HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_write64(HOST_IA32_EFER, rdmsr(MSR_EFER));
	vmcs_writel(HOST_RIP, (u64)(uintptr_t)vmx_vmexit);
	/* HOST_RSP: written by __vmx_vcpu_run when it changes. */
}

#define WRITE_GUEST_SEG(SEG, s)                                     \
	do {                                                        \
		vmcs_write16(GUEST_##SEG##_SELECTOR, (s).selector); \
		vmcs_writel(GUEST_##SEG##_BASE, (s).base);          \
		vmcs_write32(GUEST_##SEG##_LIMIT, (s).limit);       \
		vmcs_write32(GUEST_##SEG##_AR_BYTES,                \
			     vmx_attr_to_ar((s).attr));             \
	} while (0)

/*
 * VMX needs a usable TR even where the guest has none (SVM does not check
 * it): a null TR becomes a busy TSS covering nothing the guest uses.
 */
static void write_guest_tr(const struct vcpu_boot_state *b)
{
	struct vcpu_segment tr = b->tr;

	if (!tr.attr) {
		tr.attr = VMX_AR_P | VMX_AR_TYPE_BUSY_TSS64;
		tr.limit = 0xffff;
	}
	WRITE_GUEST_SEG(TR, tr);
}

static void setup_guest_state(struct vcpu_vmx *vmx)
{
	const struct vcpu_boot_state *b = &vmx->vcpu->boot;

	WRITE_GUEST_SEG(ES, b->es);
	WRITE_GUEST_SEG(CS, b->cs);
	WRITE_GUEST_SEG(SS, b->ss);
	WRITE_GUEST_SEG(DS, b->ds);
	WRITE_GUEST_SEG(FS, b->fs);
	WRITE_GUEST_SEG(GS, b->gs);
	WRITE_GUEST_SEG(LDTR, b->ldtr);
	write_guest_tr(b);
	vmcs_writel(GUEST_GDTR_BASE, b->gdtr.base);
	vmcs_write32(GUEST_GDTR_LIMIT, b->gdtr.limit);
	vmcs_writel(GUEST_IDTR_BASE, b->idtr.base);
	vmcs_write32(GUEST_IDTR_LIMIT, b->idtr.limit);
	/* as the core computed it: our checks judge it before VMLAUNCH */
	vmx_write_guest_efer(vmx, b->efer);
	vmx_write_guest_cr0(vmx, b->cr0);
	vmx_write_guest_cr4(vmx, b->cr4);
	vmcs_writel(GUEST_CR3, b->cr3);
	vmcs_writel(GUEST_DR7, DR7_POWER_ON);
	vmcs_writel(GUEST_RSP, b->rsp);
	vmcs_writel(GUEST_RIP, b->rip);
	vmcs_writel(GUEST_RFLAGS, b->rflags);
	vmcs_write64(GUEST_IA32_PAT, X86_PAT_POWER_ON);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writel(GUEST_SYSENTER_ESP, 0);
	vmcs_writel(GUEST_SYSENTER_EIP, 0);
	vmcs_write32(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS, 0);
}

/* The core's view of the register file starts as the boot state. */
static void sync_regs_from_boot(struct vcpu *vcpu)
{
	vcpu->regs.rip = vcpu->boot.rip;
	vcpu->regs.gpr[VCPU_RSP] = vcpu->boot.rsp;
	vcpu->regs.rflags = vcpu->boot.rflags;
	vcpu->regs.cr0 = vcpu->boot.cr0;
	vcpu->regs.cr3 = vcpu->boot.cr3;
	vcpu->regs.cr4 = vcpu->boot.cr4;
	vcpu->regs.efer = vcpu->boot.efer;
}

/*
 * Fill the current VMCS: 0, or -EIO with the failed VMWRITEs named in @why
 * (each VMWRITE that fails is also reported where it happens).
 */
int vmx_vmcs_setup(struct vcpu_vmx *vmx, char *why, size_t len)
{
	unsigned long errors = vmx_cpu0.vmwrite_errors;

	setup_bitmaps(vmx);
	setup_controls(vmx);
	setup_host_state();
	setup_guest_state(vmx);
	sync_regs_from_boot(vmx->vcpu);
	vmx->launched = false;
	vmx->checked = false;
	vmx->host_rsp = 0;
	if (vmx_cpu0.vmwrite_errors != errors) {
		snprintf(why, len,
			 "VMCS setup: %lu VMWRITE(s) failed, the last to %s",
			 vmx_cpu0.vmwrite_errors - errors,
			 vmcs_field_name(vmx_cpu0.vmwrite_error_field));
		return -EIO;
	}
	return 0;
}

#define READ_GUEST_SEG(SEG, i)                                            \
	do {                                                              \
		s->seg[i].selector = vmcs_read16(GUEST_##SEG##_SELECTOR); \
		s->seg[i].base = vmcs_readl(GUEST_##SEG##_BASE);          \
		s->seg[i].limit = vmcs_read32(GUEST_##SEG##_LIMIT);       \
		s->seg[i].ar = vmcs_read32(GUEST_##SEG##_AR_BYTES);       \
	} while (0)

static void read_guest_entry_state(struct vmx_entry_state *s)
{
	READ_GUEST_SEG(ES, VMX_SEG_ES);
	READ_GUEST_SEG(CS, VMX_SEG_CS);
	READ_GUEST_SEG(SS, VMX_SEG_SS);
	READ_GUEST_SEG(DS, VMX_SEG_DS);
	READ_GUEST_SEG(FS, VMX_SEG_FS);
	READ_GUEST_SEG(GS, VMX_SEG_GS);
	READ_GUEST_SEG(LDTR, VMX_SEG_LDTR);
	READ_GUEST_SEG(TR, VMX_SEG_TR);
	s->cr0 = vmcs_readl(GUEST_CR0);
	s->cr3 = vmcs_readl(GUEST_CR3);
	s->cr4 = vmcs_readl(GUEST_CR4);
	s->dr7 = vmcs_readl(GUEST_DR7);
	s->efer = vmcs_read64(GUEST_IA32_EFER);
	s->pat = vmcs_read64(GUEST_IA32_PAT);
	s->debugctl = vmcs_read64(GUEST_IA32_DEBUGCTL);
	s->sysenter_esp = vmcs_readl(GUEST_SYSENTER_ESP);
	s->sysenter_eip = vmcs_readl(GUEST_SYSENTER_EIP);
	s->gdtr_base = vmcs_readl(GUEST_GDTR_BASE);
	s->gdtr_limit = vmcs_read32(GUEST_GDTR_LIMIT);
	s->idtr_base = vmcs_readl(GUEST_IDTR_BASE);
	s->idtr_limit = vmcs_read32(GUEST_IDTR_LIMIT);
	s->rip = vmcs_readl(GUEST_RIP);
	s->rflags = vmcs_readl(GUEST_RFLAGS);
	s->activity = vmcs_read32(GUEST_ACTIVITY_STATE);
	s->interruptibility = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	s->pending_dbg = vmcs_readl(GUEST_PENDING_DBG_EXCEPTIONS);
	s->vmcs_link = vmcs_read64(VMCS_LINK_POINTER);
}

static void read_host_entry_state(struct vmx_entry_state *s)
{
	s->host_cr0 = vmcs_readl(HOST_CR0);
	s->host_cr3 = vmcs_readl(HOST_CR3);
	s->host_cr4 = vmcs_readl(HOST_CR4);
	s->host_efer = vmcs_read64(HOST_IA32_EFER);
	s->host_pat = vmcs_read64(HOST_IA32_PAT);
	s->host_sel[VMX_SEG_ES] = vmcs_read16(HOST_ES_SELECTOR);
	s->host_sel[VMX_SEG_CS] = vmcs_read16(HOST_CS_SELECTOR);
	s->host_sel[VMX_SEG_SS] = vmcs_read16(HOST_SS_SELECTOR);
	s->host_sel[VMX_SEG_DS] = vmcs_read16(HOST_DS_SELECTOR);
	s->host_sel[VMX_SEG_FS] = vmcs_read16(HOST_FS_SELECTOR);
	s->host_sel[VMX_SEG_GS] = vmcs_read16(HOST_GS_SELECTOR);
	s->host_sel[VMX_SEG_TR] = vmcs_read16(HOST_TR_SELECTOR);
	s->host_fs_base = vmcs_readl(HOST_FS_BASE);
	s->host_gs_base = vmcs_readl(HOST_GS_BASE);
	s->host_tr_base = vmcs_readl(HOST_TR_BASE);
	s->host_gdtr_base = vmcs_readl(HOST_GDTR_BASE);
	s->host_idtr_base = vmcs_readl(HOST_IDTR_BASE);
	s->host_sysenter_esp = vmcs_readl(HOST_IA32_SYSENTER_ESP);
	s->host_sysenter_eip = vmcs_readl(HOST_IA32_SYSENTER_EIP);
	s->host_rip = vmcs_readl(HOST_RIP);
}

/* Everything the SDM 27.2/27.3.1 checks need, from the current VMCS. */
void vmx_read_entry_state(struct vmx_entry_state *s)
{
	memset(s, 0, sizeof(*s));
	s->cr0_fixed0 = vmx_caps.cr0_fixed0;
	s->cr0_fixed1 = vmx_caps.cr0_fixed1;
	s->cr4_fixed0 = vmx_caps.cr4_fixed0;
	s->cr4_fixed1 = vmx_caps.cr4_fixed1;
	s->phys_addr_bits = vmx_caps.phys_addr_bits;
	s->ept_vpid_cap = vmx_caps.ept_vpid_cap;
	s->pin = vmcs_read32(PIN_BASED_VM_EXEC_CONTROL);
	s->proc = vmcs_read32(CPU_BASED_VM_EXEC_CONTROL);
	s->proc2 = vmcs_read32(SECONDARY_VM_EXEC_CONTROL);
	s->exit = vmcs_read32(VM_EXIT_CONTROLS);
	s->entry = vmcs_read32(VM_ENTRY_CONTROLS);
	s->entry_intr_info = vmcs_read32(VM_ENTRY_INTR_INFO_FIELD);
	s->entry_exception_error_code =
		vmcs_read32(VM_ENTRY_EXCEPTION_ERROR_CODE);
	s->cr3_target_count = vmcs_read32(CR3_TARGET_COUNT);
	s->io_bitmap_a = vmcs_read64(IO_BITMAP_A);
	s->io_bitmap_b = vmcs_read64(IO_BITMAP_B);
	s->msr_bitmap = vmcs_read64(MSR_BITMAP);
	s->eptp = vmcs_read64(EPT_POINTER);
	s->vpid = vmcs_read16(VIRTUAL_PROCESSOR_ID);
	read_guest_entry_state(s);
	read_host_entry_state(s);
}

/* Our own VM-entry checks on the current VMCS: NULL, or the rule. */
const char *vmx_check_current(struct vcpu_vmx *vmx)
{
	struct vmx_entry_state s;

	vmx_read_entry_state(&s);
	return vmx_check_entry(&s, &vmx->msg);
}

/* ---- vCPU create / free ---- */

/* Map exactly the guest's RAM; the MMIO window and the rest stay absent. */
static int vmx_build_ept(struct vcpu_vmx *vmx, struct vm *vm, char *why,
			 size_t len)
{
	unsigned int i;
	int err;

	err = ept_init(&vmx->ept, &host_pgtable_alloc, vmx_caps.ept_2mb);
	if (err) {
		snprintf(why, len, "EPT root allocation failed");
		return err;
	}
	for (i = 0; i < vm->nr_mem; i++) {
		const struct vm_mem_region *m = &vm->mem[i];

		err = ept_map(&vmx->ept, m->gpa, virt_to_phys(m->hva), m->size);
		if (err) {
			snprintf(
				why, len,
				"EPT mapping of memory region %u (gpa 0x%llx, %llu KiB) failed",
				i, (unsigned long long)m->gpa,
				(unsigned long long)m->size >> 10);
			return err;
		}
	}
	return 0;
}

/* Drop stale translations tagged with this EPTP or VPID (reused values). */
static void vmx_flush_tlb(struct vcpu_vmx *vmx, u16 vpid)
{
	u64 cap = vmx_caps.ept_vpid_cap;
	int err;

	if (cap & VMX_EPT_INVEPT_SINGLE_CONTEXT)
		err = vmx_invept(VMX_INVEPT_SINGLE_CONTEXT,
				 ept_pointer(&vmx->ept));
	else
		err = vmx_invept(VMX_INVEPT_ALL_CONTEXT, 0);
	if (err)
		pr_err("vmx: INVEPT failed: %s\n", vmx_insn_error_name(err));
	if (cap & VMX_VPID_INVVPID_SINGLE_CONTEXT)
		err = vmx_invvpid(VMX_INVVPID_SINGLE_CONTEXT, vpid, 0);
	else
		err = vmx_invvpid(VMX_INVVPID_ALL_CONTEXT, 0, 0);
	if (err)
		pr_err("vmx: INVVPID failed: %s\n", vmx_insn_error_name(err));
}

static void vmx_free_pages(struct vcpu_vmx *vmx)
{
	paging_free(&vmx->ept);
	if (vmx->vmcs)
		page_free(vmx->vmcs, 1);
	if (vmx->io_bitmap_a)
		page_free(vmx->io_bitmap_a, 1);
	if (vmx->io_bitmap_b)
		page_free(vmx->io_bitmap_b, 1);
	if (vmx->msr_bitmap)
		page_free(vmx->msr_bitmap, 1);
	page_free(vmx, PAGES(sizeof(*vmx)));
}

/* The VMCS and the bitmaps; on failure @why names the first one missing. */
static int vmx_alloc_pages(struct vcpu_vmx *vmx, char *why, size_t len)
{
	vmx->vmcs = page_alloc(1);
	vmx->io_bitmap_a = page_alloc(1);
	vmx->io_bitmap_b = page_alloc(1);
	vmx->msr_bitmap = page_alloc(1);
	if (!vmx->vmcs || !vmx->io_bitmap_a || !vmx->io_bitmap_b ||
	    !vmx->msr_bitmap) {
		snprintf(why, len, "%s allocation failed",
			 !vmx->vmcs	   ? "VMCS" :
			 !vmx->io_bitmap_a ? "I/O bitmap A" :
			 !vmx->io_bitmap_b ? "I/O bitmap B" :
					     "MSR bitmap");
		return -ENOMEM;
	}
	return 0;
}

/* The VMCS is no CPU's any more: VMCLEAR, and not current here either. */
static void vmx_vcpu_clear(struct vcpu_vmx *vmx)
{
	vmx_vmclear(vmx->vmcs);
	if (vmx_cpu0.current == vmx)
		vmx_cpu0.current = NULL;
}

/*
 * struct vcpu_ops.vcpu_create: 0, or -errno with what failed in @why
 * (printed by the core, with the guest's name).
 */
int vmx_vcpu_create(struct vcpu *vcpu, char *why, size_t len)
{
	struct vcpu_vmx *vmx;
	int err;

	if (!vcpu->vm->asid) {
		snprintf(why, len, "VPID 0 is the host's");
		return -EINVAL;
	}
	if (vcpu->vmenter_flags & VMENTER_TEST_FAULT) {
		/* VMLAUNCH faults only outside VMX operation or above CPL 0 */
		pr_err("vmx: %s: corrupt=vmenter_fault: VMLAUNCH cannot fault in VMX root operation at CPL 0\n",
		       vcpu->vm->name);
		return -EINVAL;
	}
	vmx = page_alloc(PAGES(sizeof(*vmx)));
	if (!vmx) {
		snprintf(why, len, "vCPU state allocation failed");
		return -ENOMEM;
	}
	vmx->vcpu = vcpu;
	err = vmx_alloc_pages(vmx, why, len);
	if (err)
		goto err_free;
	err = vmx_build_ept(vmx, vcpu->vm, why, len);
	if (err)
		goto err_free;
	*(u32 *)vmx->vmcs = vmx_caps.revision;
	err = vmx_vmclear(vmx->vmcs);
	if (err) {
		snprintf(why, len, "VMCLEAR of the new VMCS failed: %s",
			 vmx_insn_error_name(err));
		err = -EIO;
		goto err_free;
	}
	vcpu->vendor = vmx;
	err = __vmx_make_current(vmx);
	if (err) {
		snprintf(why, len, "VMPTRLD of the new VMCS failed: %s",
			 vmx_insn_error_name(err));
		err = -EIO;
		goto err_clear;
	}
	err = vmx_vmcs_setup(vmx, why, len);
	if (err)
		goto err_clear;
	vmx_flush_tlb(vmx, vcpu->vm->asid);
	return 0;

err_clear:
	vmx_vcpu_clear(vmx);
	vcpu->vendor = NULL;
err_free:
	vmx_free_pages(vmx);
	return err;
}

void vmx_vcpu_free(struct vcpu *vcpu)
{
	struct vcpu_vmx *vmx = to_vmx(vcpu);

	if (!vmx)
		return;
	vmx_vcpu_clear(vmx);
	/* the EPT pages go back to the allocator: flush what they cached */
	vmx_flush_tlb(vmx, vcpu->vm->asid);
	vmx_free_pages(vmx);
	vcpu->vendor = NULL;
}
