/* SPDX-License-Identifier: GPL-2.0 */
/*
 * \liminal.cfg: which guests to run and what each is expected to do.
 *
 * Format (parsed by vmm_config_parse(), vmm/config.c), one guest a line:
 *
 *   # comment (from '#' to the end of the line); blank lines are ignored
 *   guest <name> image=<file> [key=value]...
 *
 * Keys:
 *   image=FILE        flat binary on the ESP root (required), loaded at
 *                     GUEST_LOAD_GPA
 *   mode=long64|prot32|real16   how the vCPU starts (default long64)
 *   mem=N[K|M]        guest RAM from GPA 0, 256K..64M in 4 KiB multiples
 *                     (default 2M)
 *   expect=done|assert|shutdown|unhandled|mem_violation|exception|
 *          entry_failed|timeout   the verdict that counts as success
 *                     (default done)
 *   bench=0|1         collect HC_BENCH_REPORT samples and print them
 *   iterations=N      PARAM_ITERATIONS for the guest (1..100000, default 1000)
 *   idle=0|1          on HLT, idle the host CPU until its next tick before
 *                     waking the guest (default 0: wake at once)
 *   stop_ticks=N      raise a stop request after every N host ticks seen by
 *                     this guest (INTR exits); 0 = never (default)
 *   max_exits=N       give up on a guest after N exits: verdict timeout
 *                     (default 10000000)
 *   max_ticks=N       give up on a guest after N host ticks (HOST_HZ per
 *                     second) of running it: verdict timeout (default
 *                     30000, 30 s: a hung guest ends before boot.py's
 *                     timeout does)
 *   nmi_us=N          while this guest runs, a host NMI every N us (PIT
 *                     routed as NMI; 100..50000, default 0 = none): NMIs
 *                     that hit the guest exit through the NMI paths
 *   trace=0|1         print the trace ring (kvm_entry, kvm_exit, IRQs...,
 *                     trace-cmd format) after the guest ran (default 0)
 *   corrupt=none|cr0_pe|vmenter_fault   start from a deliberately invalid
 *                     state, to test the VM-entry failure path: cr0_pe
 *                     clears CR0.PE with paging on (refused by VMX, SDM
 *                     27.3.1.1, and by SVM in long mode, APM 15.5.1);
 *                     vmenter_fault makes the world switch's first
 *                     instruction fault (SVM: an unaligned VMCB address,
 *                     #GP), to test its exception fixup; default none
 *   mitigations=on|off   the optional exit mitigations (include/vmm/
 *                     vmenter.h): on (default) fills the return stack
 *                     buffer after each exit where the CPU needs it
 *                     (include/host/bugs.h); off runs this guest without,
 *                     as Linux's mitigations=off.  The GPR clearing is
 *                     not optional
 *
 * Names are 1-31 characters of [A-Za-z0-9_-]; at most VMM_MAX_GUESTS
 * guests.  An error is reported as "<file>:<line>: <problem>", e.g.
 * "liminal.cfg:3: unknown key 'memm'", and fails the whole run.
 */
#ifndef VMM_CONFIG_H
#define VMM_CONFIG_H

#include <liminal/types.h>
#include <vmm/vcpu.h>

/*
 * Guests run one after the other, so they share the ASIDs/VPIDs 1..15
 * (QEMU's SVM has 16): guest i gets 1 + i % VMM_NR_ASIDS, and each backend
 * flushes its ASID's TLB entries before the guest's first entry (SVM:
 * TLB_CONTROL, VMX: INVVPID at vcpu_create).
 */
#define VMM_NR_ASIDS 15
#define VMM_MAX_GUESTS 128
#define VMM_NAME_LEN 32
#define VMM_IMAGE_LEN 64

/* How a guest ended; config lines expect one of these. */
enum vmm_verdict {
	VERDICT_RUNNING, /* not ended (yet) */
	VERDICT_DONE, /* TEST_CMD_DONE */
	VERDICT_ASSERT, /* TEST_CMD_ASSERT: a GUEST_ASSERT failed */
	VERDICT_SHUTDOWN, /* triple fault */
	VERDICT_UNHANDLED, /* an exit the VMM cannot emulate */
	VERDICT_MEM_VIOLATION, /* access outside RAM and the MMIO window */
	VERDICT_EXCEPTION, /* an intercepted guest exception */
	VERDICT_ENTRY_FAILED, /* the hardware refused the guest state */
	VERDICT_TIMEOUT, /* max_exits reached */
	VERDICT_ERROR, /* the VMM failed to set the guest up */
	VMM_NR_VERDICTS,
};

/* Deliberately invalid boot states (corrupt=). */
enum guest_corrupt {
	CORRUPT_NONE,
	CORRUPT_CR0_PE, /* CR0.PG=1 with PE=0 */
	CORRUPT_VMENTER_FAULT, /* the world switch faults: exception fixup */
	VMM_NR_CORRUPT,
};

struct guest_config {
	char name[VMM_NAME_LEN];
	char image[VMM_IMAGE_LEN];
	enum vm_boot_mode mode;
	u64 mem;
	enum vmm_verdict expect;
	bool bench;
	bool idle;
	bool trace;
	bool mitigations; /* mitigations=on (default) */
	u32 iterations;
	u32 stop_ticks;
	u32 nmi_us;
	u64 max_exits;
	u64 max_ticks;
	enum guest_corrupt corrupt;
	unsigned int line; /* in the config file, for messages */
	/* Filled by vmm_efi_prepare(): the image as read from the ESP. */
	const void *image_data;
	u64 image_size;
};

struct vmm_config {
	struct guest_config guest[VMM_MAX_GUESTS];
	unsigned int nr_guests;
	int status; /* 0, or the -errno vmm_efi_prepare() hit */
	bool present; /* \liminal.cfg was found */
};

/*
 * Parse @len bytes of @text (not NUL-terminated) into @cfg.  Returns 0, or
 * -EINVAL with "<file>:<line>: <problem>" in @err (always NUL-terminated).
 */
int vmm_config_parse(const char *text, size_t len, const char *file,
		     struct vmm_config *cfg, char *err, size_t errlen);

/* "done", "shutdown", ... (never NULL). */
const char *vmm_verdict_name(enum vmm_verdict v);
const char *vmm_boot_mode_name(enum vm_boot_mode m);

/* The configuration vmm_efi_prepare() read, used by vmm_main(). */
extern struct vmm_config vmm_boot_config;

#endif /* VMM_CONFIG_H */
