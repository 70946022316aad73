// SPDX-License-Identifier: GPL-2.0
/*
 * vmm_main(): pick the backend, run every configured guest one after the
 * other, print one verdict line per guest and its exit statistics.
 *
 * For each guest, in order (vmm_run_guest()):
 *  1) allocate its RAM and the core's per-guest state, load the image,
 *     write GDT and page tables, compute the boot state (vmm/guest_setup.c),
 *     take the MMIO window of the board's devices (include/vmm/device.h),
 *     give the vCPU its FPU/XSAVE area in the reset state
 *     (include/vmm/vcpu_state.h)
 *  2) vcpu_create(): the backend's VMCB/VMCS and NPT/EPT from the memory
 *     map; a failure is the guest's report, with what failed and why
 *  3) run it: vcpu_run() until it stops; a stop request (-EINTR) is
 *     counted, cleared and the vCPU resumed; the devices give out what the
 *     guest left buffered (the test device's console line)
 *  4) print its report, statistics, the devices' reports (the test
 *     device's benchmark lines) and the verdict line
 *     "liminal: guest <name>: <verdict> (expected <verdict>) OK|MISMATCH"
 *  5) ops->vcpu_free() and free its memory: the next guest runs whatever
 *     this one did
 */
#include <arch/x86.h>
#include <entry/check.h>
#include <entry/percpu.h>
#include <entry/rcu.h>
#include <entry/sched.h>
#include <entry/trace.h>
#include <liminal/errno.h>
#include <lib/string.h>
#include <vmm/config.h>
#include <vmm/device.h>
#include <vmm/exit.h>
#include <vmm/guest.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <host/bugs.h>
#include <vmm/vcpu_run.h>
#include <vmm/vcpu_state.h>
#include <vmm/vmenter.h>
#include <vmm/vmm.h>

struct vmm_config vmm_boot_config;

static const struct vcpu_ops *vmm_pick_backend(void)
{
	const struct vcpu_ops *const candidates[] = { &svm_ops, &vmx_ops };
	char why[VCPU_WHY_LEN];

	for (unsigned int i = 0; i < ARRAY_SIZE(candidates); i++) {
		const struct vcpu_ops *ops = candidates[i];

		why[0] = '\0';
		if (ops->probe(why, sizeof(why))) {
			pr_info("backend %s: selected\n", ops->name);
			return ops;
		}
		pr_info("backend %s: unusable: %s\n", ops->name, why);
	}
	return NULL;
}

/* Never 0; reused round-robin (include/vmm/config.h, VMM_NR_ASIDS). */
static u16 vmm_guest_asid(unsigned int index)
{
	return 1 + index % VMM_NR_ASIDS;
}

/* Step 1: memory, image, boot state, statistics table. */
static int vmm_guest_init(struct vmm_guest *g, const struct vcpu_ops *ops,
			  const struct guest_config *gc, unsigned int index)
{
	void *ram;
	int r;

	g->cfg = gc;
	g->index = index;
	g->verdict = VERDICT_RUNNING;
	memcpy(g->vm.name, gc->name, sizeof(g->vm.name));
	g->vm.boot_mode = gc->mode;
	vmm_devices_init_vm(&g->vm);
	g->vm.asid = vmm_guest_asid(index);
	g->vcpu.vm = &g->vm;
	g->vcpu.ops = ops;
	g->vcpu.id = 0;
	g->vcpu.pending_irq = -1;

	ram = page_alloc(PAGES(gc->mem));
	if (!ram) {
		vcpu_stop(&g->vcpu, VERDICT_ERROR,
			  "no memory for %llu KiB of guest RAM",
			  (unsigned long long)gc->mem >> 10);
		return -ENOMEM;
	}
	vm_mem_init(&g->vm, ram, gc->mem);
	r = vm_load_image(&g->vm, gc->image_data, gc->image_size);
	if (!r)
		r = vm_setup_boot_state(&g->vm, &g->vcpu.boot);
	if (r) {
		vcpu_stop(&g->vcpu, VERDICT_ERROR,
			  "image %s (%llu bytes) does not fit %llu KiB of RAM",
			  gc->image, (unsigned long long)gc->image_size,
			  (unsigned long long)gc->mem >> 10);
		return r;
	}
	if (gc->corrupt == CORRUPT_CR0_PE)
		g->vcpu.boot.cr0 &= ~X86_CR0_PE; /* PG stays: invalid */
	g->vcpu.vmenter_flags = vmenter_flags(gc->mitigations);
	if (gc->corrupt == CORRUPT_VMENTER_FAULT)
		g->vcpu.vmenter_flags |= VMENTER_TEST_FAULT;
	vcpu_load_boot_regs(&g->vcpu);
	if (vcpu_state_init(&g->vcpu)) {
		vcpu_stop(&g->vcpu, VERDICT_ERROR,
			  "no memory for the vCPU's FPU/XSAVE area");
		return -ENOMEM;
	}
	g->nr_reason_stats = ops->nr_exit_reasons + 1;
	g->reason_stats = page_alloc(
		PAGES(g->nr_reason_stats * sizeof(struct vcpu_exit_stat)));
	if (!g->reason_stats) {
		vcpu_stop(&g->vcpu, VERDICT_ERROR,
			  "no memory for the exit statistics table");
		return -ENOMEM;
	}
	return 0;
}

static void vmm_guest_fini(struct vmm_guest *g)
{
	vcpu_state_fini(&g->vcpu);
	if (g->reason_stats)
		page_free(g->reason_stats,
			  PAGES(g->nr_reason_stats *
				sizeof(struct vcpu_exit_stat)));
	if (g->vm.nr_mem)
		page_free(g->vm.mem[0].hva, PAGES(g->vm.mem[0].size));
}

/* Step 3: run until stopped; stop requests are counted and resumed. */
static void vmm_guest_run(struct vmm_guest *g)
{
	struct vcpu *vcpu = &g->vcpu;
	int r;

	u64 nmis = READ_ONCE(this_host_stats()->nmis);
	bool nmi_source = false, watchdog = false;

	/* kvm_entry/kvm_exit: on for this guest's run only, as trace=1 asks */
	trace_set_enabled(TRACE_KVM_ENTRY, g->cfg->trace);
	trace_set_enabled(TRACE_KVM_EXIT, g->cfg->trace);
	if (g->cfg->trace)
		trace_reset(); /* the ring shows this guest only */
	if (g->cfg->nmi_us) {
		nmi_source = !host_nmi_source_start(g->cfg->nmi_us);
		if (!nmi_source)
			pr_warn("guest %s: nmi_us: no I/O APIC route for NMIs\n",
				g->cfg->name);
	} else if (vcpu->ops->watchdog_nmi_us) {
		/* the backend's watchdog for a guest that never exits */
		watchdog = !host_nmi_source_start(vcpu->ops->watchdog_nmi_us);
	}
	vcpu_run_begin(vcpu);
	while ((r = vcpu_run(vcpu)) == -EINTR) {
		/* KVM_RUN returned -EINTR: the caller's turn, then resume */
		clear_stop();
	}
	vcpu_run_end(vcpu);
	if (watchdog)
		host_nmi_source_stop();
	if (nmi_source) {
		host_nmi_source_stop();
		pr_info("guest %s: NMI source every %u us: %llu host NMIs\n",
			g->cfg->name, g->cfg->nmi_us,
			(unsigned long long)(READ_ONCE(this_host_stats()->nmis) -
					     nmis));
	}
	vmm_devices_stop(vcpu);
	if (r < 0)
		vcpu_stop(vcpu, VERDICT_ERROR, "vcpu_run failed: %s",
			  errno_str(r));
}

/* "12.3": a share in tenths of a percent, without floating point. */
static void share(u64 part, u64 total, unsigned int *whole, unsigned int *tenth)
{
	u64 permille = total ? part * 1000 / total : 0;

	*whole = permille / 10;
	*tenth = permille % 10;
}

/* kvm_stat-like: count and share of handling time per raw exit reason. */
static void vmm_print_exit_stats(struct vmm_guest *g)
{
	const struct vcpu_ops *ops = g->vcpu.ops;
	u64 count = 0, tsc = 0;

	if (!g->reason_stats)
		return;
	for (u32 i = 0; i < g->nr_reason_stats; i++) {
		count += g->reason_stats[i].count;
		tsc += g->reason_stats[i].tsc;
	}
	pr_info("guest %s: %llu exits (%llu on the fastpath), %llu TSC in the guest, %llu handling exits\n",
		g->vm.name, (unsigned long long)count,
		(unsigned long long)g->fastpath_exits,
		(unsigned long long)g->guest_tsc, (unsigned long long)tsc);
	for (u32 i = 0; i < g->nr_reason_stats; i++) {
		const struct vcpu_exit_stat *s = &g->reason_stats[i];
		unsigned int cw, ct, tw, tt;

		if (!s->count)
			continue;
		share(s->count, count, &cw, &ct);
		share(s->tsc, tsc, &tw, &tt);
		pr_info("guest %s: exit %-24s count=%llu (%u.%u%%) time=%llu (%u.%u%%)\n",
			g->vm.name,
			i + 1 < g->nr_reason_stats ? ops->exit_reason_name(i) :
						     "other",
			(unsigned long long)s->count, cw, ct,
			(unsigned long long)s->tsc, tw, tt);
	}
}

static void vmm_print_counters(struct vmm_guest *g)
{
	const struct vcpu_work_stats *w = &g->work;

	pr_info("guest %s: work resched=%llu resched_preempt=%llu notify_resume=%llu tick_work=%llu stop=%llu eintr=%llu bail_out=%llu\n",
		g->vm.name, (unsigned long long)w->resched,
		(unsigned long long)w->resched_preempt,
		(unsigned long long)w->notify_resume,
		(unsigned long long)w->tick_work, (unsigned long long)w->stop,
		(unsigned long long)g->eintr, (unsigned long long)w->bail_out);
	pr_info("guest %s: hypercalls=%llu injected=%llu idle_waits=%llu io_unknown=%llu\n",
		g->vm.name, (unsigned long long)g->hypercalls,
		(unsigned long long)g->injected,
		(unsigned long long)g->idle_waits,
		(unsigned long long)g->io_unknown);
}

/* Step 4: the report, the statistics and the verdict line. */
static bool vmm_guest_verdict(struct vmm_guest *g)
{
	const struct guest_config *gc = g->cfg;
	bool ok = g->verdict == gc->expect;

	if (g->report[0])
		pr_info("guest %s: %s\n", gc->name, g->report);
	if (g->vm.nr_mem) {
		vmm_print_exit_stats(g);
		vmm_print_counters(g);
	}
	if (gc->trace && g->vm.nr_mem) {
		pr_info("guest %s: trace, oldest event first:\n", gc->name);
		trace_print(0);
	}
	if (!vmm_devices_report(&g->vcpu))
		ok = false;
	pr_info("guest %s: %s (expected %s) %s\n", gc->name,
		vmm_verdict_name(g->verdict), vmm_verdict_name(gc->expect),
		ok ? "OK" : "MISMATCH");
	return ok;
}

static bool vmm_run_guest(const struct vcpu_ops *ops,
			  const struct guest_config *gc, unsigned int index)
{
	struct vmm_guest *g = page_alloc(PAGES(sizeof(*g)));
	bool ok;
	int r;

	if (!g) {
		pr_info("guest %s: error (expected %s) MISMATCH: no memory\n",
			gc->name, vmm_verdict_name(gc->expect));
		return false;
	}
	pr_info("guest %s: start: image %s (%llu bytes), mode %s, %llu KiB, asid %u\n",
		gc->name, gc->image, (unsigned long long)gc->image_size,
		vmm_boot_mode_name(gc->mode), (unsigned long long)gc->mem >> 10,
		vmm_guest_asid(index));
	r = vmm_guest_init(g, ops, gc, index);
	if (!r) {
		r = vcpu_create(&g->vcpu); /* a failure is in the report */
		if (!r)
			vmm_guest_run(g);
	}
	ok = vmm_guest_verdict(g);
	if (!r) {
		ops->vcpu_free(&g->vcpu);
		/* no host tick uses the guest any more (vcpu_run.c) */
		cond_synchronize_rcu(g->tick_gp);
	}
	vmm_guest_fini(g);
	page_free(g, PAGES(sizeof(*g)));
	return ok;
}

int vmm_main(void)
{
	const struct vmm_config *cfg = &vmm_boot_config;
	const struct vcpu_ops *ops;
	unsigned int ok = 0;
	int r;

	if (cfg->status)
		return cfg->status; /* vmm_efi_prepare() said why */
	if (!cfg->present) {
		pr_info("no \\liminal.cfg on the ESP: no guests to run\n");
		return 0;
	}
	ops = vmm_pick_backend();
	if (!ops) {
		pr_err("no usable virtualization backend\n");
		return -ENODEV;
	}
	/* before any VMCS copies the host's CR0/CR4 */
	r = vcpu_state_setup();
	if (r)
		return r;
	r = ops->hardware_enable();
	if (r) {
		pr_err("backend %s: hardware_enable failed: %s\n", ops->name,
		       errno_str(r));
		return r;
	}
	spectre_v2_select_vmexit();
	trace_set_exit_reason_namer(ops->exit_reason_name);
	host_set_tick_hook(vcpu_tick);
	for (unsigned int i = 0; i < cfg->nr_guests; i++)
		ok += vmm_run_guest(ops, &cfg->guest[i], i);
	host_set_tick_hook(NULL);
	ops->hardware_disable();
	entry_dump_cpu_stats(); /* guest/host/idle time as accounted */
	pr_info("guests: %u of %u as expected\n", ok, cfg->nr_guests);
	pr_info("entry discipline: %lu violations\n", entry_violations());
	if (LIMINAL_DEBUG)
		pr_info("world switch: %llu exits left a guest value in a host GPR\n",
			(unsigned long long)READ_ONCE(
				this_host_stats()->vmenter_dirty));
	return ok == cfg->nr_guests ? 0 : -EIO;
}
