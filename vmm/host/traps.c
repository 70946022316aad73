// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions in the VMM.  None is expected but those of the instructions
 * the exception table names (a VMRUN, VMLAUNCH... that faulted): these
 * resume at their fixup, which ends that world switch and makes the guest's
 * run fail with a report.  Every other one is fatal and prints the vector,
 * error code, registers, control registers and a backtrace, then ends the
 * run with platform_exit(false).  A #DB is survived (exc_debug()).
 *
 * Entry shapes follow Linux's Documentation/core-api/entry.rst: ordinary
 * exceptions go through irqentry_enter()/irqentry_exit() (Linux's
 * DEFINE_IDTENTRY); #DB, #DF and #MC from kernel mode are NMI-like and go
 * through irqentry_nmi_enter()/irqentry_nmi_exit().  The dump itself is
 * instrumentable code between instrumentation_begin()/_end().
 */
#include <arch/extable.h>
#include <arch/msr.h>
#include <arch/ptregs.h>
#include <arch/x86.h>
#include <entry/common.h>
#include <host/host.h>
#include <lib/printk.h>
#include <host/panic.h>
#include "idt.h"

static void dump_regs(const struct pt_regs *regs, u64 cr2)
{
	printk("RIP: 0x%016lx (liminal.so+0x%lx) CS: 0x%lx RFLAGS: 0x%lx\n",
	       regs->rip, regs->rip - (u64)ImageBase, regs->cs, regs->rflags);
	printk("RSP: 0x%016lx SS: 0x%lx\n", regs->rsp, regs->ss);
	printk("RAX: 0x%016lx RBX: 0x%016lx RCX: 0x%016lx\n", regs->rax,
	       regs->rbx, regs->rcx);
	printk("RDX: 0x%016lx RSI: 0x%016lx RDI: 0x%016lx\n", regs->rdx,
	       regs->rsi, regs->rdi);
	printk("RBP: 0x%016lx R8:  0x%016lx R9:  0x%016lx\n", regs->rbp,
	       regs->r8, regs->r9);
	printk("R10: 0x%016lx R11: 0x%016lx R12: 0x%016lx\n", regs->r10,
	       regs->r11, regs->r12);
	printk("R13: 0x%016lx R14: 0x%016lx R15: 0x%016lx\n", regs->r13,
	       regs->r14, regs->r15);
	printk("CR0: 0x%016lx CR2: 0x%016lx CR3: 0x%016lx\n", read_cr0(), cr2,
	       read_cr3());
	printk("CR4: 0x%016lx EFER: 0x%016lx\n", read_cr4(), rdmsr(MSR_EFER));
}

/*
 * Not declared __noreturn on purpose: the noinstr callers keep their
 * instrumentation_end() and irqentry exit in the binary, in the shape of
 * Documentation/core-api/entry.rst, even though this never returns.
 */
void host_die(struct pt_regs *regs, u64 cr2)
{
	static bool dying;

	__asm__ __volatile__("cli");
	if (dying) {
		printk("\nliminal: nested fatal exception %lu (%s) at RIP "
		       "0x%lx while dying\n",
		       regs->vector, x86_exception_name(regs->vector),
		       regs->rip);
		platform_exit(false);
	}
	dying = true;
	printk("\nliminal: FATAL EXCEPTION %s (vector %lu), error code 0x%lx\n",
	       x86_exception_name(regs->vector), regs->vector,
	       regs->error_code);
	dump_regs(regs, cr2);
	dump_backtrace(regs->rip, regs->rbp);
	platform_exit(false);
}

/* The image's table (efi/liminal.lds), filled by the EXTABLE macro. */
extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

noinstr bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e;

	e = search_extable(__ex_table_start, __ex_table_end, regs->rip);
	if (!e)
		return false;
	ex_handler_fault(e, regs);
	return true;
}

/*
 * Every exception vector without a handler of its own.  In this order:
 *  1) a fault at an instruction with an exception table entry resumes at
 *     its fixup, as Linux's kernel-mode #GP and #UD do (fixup_exception()).
 *     Before irqentry_enter(): the world switch faults inside
 *     guest_state_enter_irqoff()..guest_state_exit_irqoff(), in
 *     CONTEXT_GUEST with RCU not watching, where the offstack rule takes no
 *     IRQ-like entry; the fixup needs none (a const table, two fields of
 *     the frame), and the switch's C caller reports the fault after
 *     guest_state_exit_irqoff()
 *  2) any other is fatal, through irqentry_enter() as every exception
 */
noinstr void exc_unexpected(struct pt_regs *regs)
{
	irqentry_state_t state;

	if (fixup_exception(regs))
		return;
	state = irqentry_enter(regs);
	instrumentation_begin();
	host_die(regs, read_cr2());
	instrumentation_end();

	irqentry_exit(regs, state);
}

/* CR2 first, before anything else can fault and overwrite it (Linux). */
noinstr void exc_page_fault(struct pt_regs *regs)
{
	u64 address = read_cr2();
	irqentry_state_t state = irqentry_enter(regs);

	instrumentation_begin();
	host_die(regs, address);
	instrumentation_end();

	irqentry_exit(regs, state);
}

/* Host #DBs survived (exc_debug()); read by the self-test. */
unsigned long host_stray_debug_count;

/*
 * The VMM runs in kernel mode only, so #DB is always NMI-like here.  The
 * VMM arms no breakpoint and never single-steps, and a guest's debug
 * registers never reach the CPU (include/vmm/debugreg.h): a #DB here is a
 * stray one -- a breakpoint left by firmware, an emulator that kept a
 * guest's -- and it is survivable, as Linux's exc_debug_kernel() survives
 * one.  In this order, before anything that could hit the breakpoint
 * again (printk included):
 *  1) DR6 read, then DR7 = 0: nothing armed any more; DR6 back to its
 *     reset value
 *  2) RFLAGS.TF cleared in the frame: a single-step cannot come back
 *  3) counted, and one warning line with the cause
 */
noinstr void exc_debug(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_nmi_enter(regs);
	u64 dr6 = read_dr6(), dr7 = read_dr7();

	write_dr7(0);
	write_dr6(0xffff0ff0ull);
	regs->rflags &= ~X86_EFLAGS_TF;
	host_stray_debug_count++;

	instrumentation_begin();
	pr_warn("stray #DB at RIP 0x%lx (liminal.so+0x%lx): DR6 0x%llx DR7 0x%llx; DR7 cleared, going on (%lu so far)\n",
		regs->rip, regs->rip - (u64)ImageBase, (unsigned long long)dr6,
		(unsigned long long)dr7, host_stray_debug_count);
	instrumentation_end();

	irqentry_nmi_exit(regs, state);
}

/* On its own IST stack: runs even when RSP was the cause. */
noinstr void exc_double_fault(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_nmi_enter(regs);

	instrumentation_begin();
	host_die(regs, read_cr2());
	instrumentation_end();

	irqentry_nmi_exit(regs, state);
}

noinstr void exc_machine_check(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_nmi_enter(regs);

	instrumentation_begin();
	host_die(regs, read_cr2());
	instrumentation_end();

	irqentry_nmi_exit(regs, state);
}
