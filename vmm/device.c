// SPDX-License-Identifier: GPL-2.0
/*
 * The cold half of the device-model interface (include/vmm/device.h):
 * what runs once per guest for every device of the board
 * (include/vmm/board.h).  The claims are looked up inline on the exit
 * paths.
 */
#include <vmm/board.h>
#include <vmm/vcpu.h>

/*
 * The guest's MMIO window, which its nested page tables leave unmapped:
 * struct vm has one, so the board has at most one device with a window.
 */
void vmm_devices_init_vm(struct vm *vm)
{
	for (unsigned int d = 0; d < VMM_NR_DEVICES; d++) {
		const struct vmm_dev_mmio *m = vmm_board[d]->mmio;

		if (m) {
			vm->mmio_base = m->base;
			vm->mmio_size = m->size;
			return;
		}
	}
}

void vmm_devices_stop(struct vcpu *vcpu)
{
	for (unsigned int d = 0; d < VMM_NR_DEVICES; d++)
		if (vmm_board[d]->stop)
			vmm_board[d]->stop(vcpu);
}

bool vmm_devices_report(struct vcpu *vcpu)
{
	bool ok = true;

	for (unsigned int d = 0; d < VMM_NR_DEVICES; d++)
		if (vmm_board[d]->report && !vmm_board[d]->report(vcpu))
			ok = false;
	return ok;
}
