/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device models: what a device claims of a guest's I/O space, and how the
 * core's exit emulation reaches it.
 *
 * A device is a const struct vmm_device: the ports, MSRs and hypercall
 * numbers it claims, each range with its handlers, and at most one MMIO
 * window.  The core emulates the instruction (size, direction, register
 * merge, RIP), finds the claim and calls the handler with the plain
 * access: vmm/emulate.c and vmm/mmio.c on the whole way, IRQs on, for
 * every claim; include/vmm/fastpath.h inside the vendor run, IRQs off, for
 * the claims flagged VMM_DEV_FAST only.  An access nobody claims is the
 * core's: a port reads all-ones and drops writes (counted), an MSR or an
 * MMIO access stops the guest with a report, a hypercall returns
 * VMM_HYPERCALL_ENOSYS.
 *
 * VMM_DEV_FAST is KVM's fastpath rule: the handler reads and writes the
 * register file and its device's own state, nothing else -- no printing,
 * no guest memory, no interrupt injection, no stop, no call that may
 * block -- and it cannot fail half-way.  The two paths then cannot
 * disagree: the whole way calls the same handler for the same claim.
 *
 * Handlers run for the guest of @vcpu and find their device's state from
 * it (to_guest(vcpu)).  A port's OUT returns, like an exit handler, 1 to go
 * on or 0 when it stopped the guest (vcpu_stop(), include/vmm/exit.h; a
 * fast one always 1); IN returns the value, a hypercall its result.  A
 * claimed MSR exists, so it reads; a write returns 0 or -EPERM (read-only)
 * and changes nothing when it fails.
 *
 * The board: every guest has the devices of vmm_board[]
 * (include/vmm/board.h), const data the exit paths see through.
 */
#ifndef VMM_DEVICE_H
#define VMM_DEVICE_H

#include <liminal/compiler.h>
#include <liminal/types.h>

struct vcpu;
struct vm;

/* The handlers may run on the fastpath (IRQs off, register-only). */
#define VMM_DEV_FAST (1u << 0)

/* The result of a hypercall nobody claims (KVM's -KVM_ENOSYS). */
#define VMM_HYPERCALL_ENOSYS (~0ull)

/* Ports [base, base + len): OUT @value is masked to the access size. */
struct vmm_dev_ports {
	u16 base, len;
	u32 flags;
	int (*out)(struct vcpu *vcpu, u16 port, u32 value);
	u32 (*in)(struct vcpu *vcpu, u16 port);
};

/* MSRs [base, base + len). */
struct vmm_dev_msrs {
	u32 base, len;
	u32 flags;
	u64 (*read)(struct vcpu *vcpu, u32 index);
	int (*write)(struct vcpu *vcpu, u32 index, u64 value);
};

/* Hypercall numbers [base, base + len) (RAX); the result goes to RAX. */
struct vmm_dev_hypercalls {
	u64 base, len;
	u32 flags;
	u64 (*call)(struct vcpu *vcpu, u64 nr);
};

/*
 * An MMIO window [base, base + size): the guest's nested page tables leave
 * it unmapped (struct vm's mmio_base/mmio_size), every access exits and
 * vmm/mmio.c decodes it.  @offset is from @base; 1, 2, 4 or 8 bytes.
 */
struct vmm_dev_mmio {
	gpa_t base;
	u64 size;
	u64 (*read)(struct vcpu *vcpu, u64 offset, unsigned int size);
	void (*write)(struct vcpu *vcpu, u64 offset, unsigned int size,
		      u64 value);
};

struct vmm_device {
	const char *name;
	const struct vmm_dev_ports *ports;
	const struct vmm_dev_msrs *msrs;
	const struct vmm_dev_hypercalls *hypercalls;
	const struct vmm_dev_mmio *mmio; /* NULL: none */
	u8 nr_ports, nr_msrs, nr_hypercalls;
	/*
	 * IRQs on, after vcpu_run(): the guest ended; give out what it left
	 * buffered.  May be NULL.
	 */
	void (*stop)(struct vcpu *vcpu);
	/*
	 * IRQs on, with the guest's verdict line: print what the device
	 * measured or was told; false if the guest's config expected
	 * something from the device that it did not get.  May be NULL.
	 */
	bool (*report)(struct vcpu *vcpu);
};

/* A new guest: its MMIO window (struct vm's mmio_base, mmio_size). */
void vmm_devices_init_vm(struct vm *vm);
/* The guest of @vcpu ended / is reported on: every device's stop/report. */
void vmm_devices_stop(struct vcpu *vcpu);
bool vmm_devices_report(struct vcpu *vcpu);

#endif /* VMM_DEVICE_H */
