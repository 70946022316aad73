/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The board: the devices every guest has (include/vmm/device.h), and the
 * lookups of their claims that the exit paths make.
 *
 * The board and each device's claims are const data defined in headers,
 * so that the compiler sees through them: the loops below are unrolled
 * whole, a lookup folds into the compares of the claims' ranges and the
 * handler call into a direct call, instead of walking tables in memory and
 * calling through a pointer on every exit.  A device adds its const
 * struct vmm_device here.
 */
#ifndef VMM_BOARD_H
#define VMM_BOARD_H

#include <vmm/device.h>
#include <vmm/testdev.h>

static const struct vmm_device *const vmm_board[] = {
	&testdev_device, /* the test guests' ABI (vmm/testdev/) */
};

#define VMM_NR_DEVICES ARRAY_SIZE(vmm_board)

/*
 * The claim of @port, @index, @nr, or NULL: the first in board order, each
 * device's claims in its order.  #pragma GCC unroll: the loops unroll
 * whole, so that a lookup is the claims' compares.
 */
static __always_inline const struct vmm_dev_ports *vmm_dev_port(u16 port)
{
#pragma GCC unroll 8
	for (unsigned int d = 0; d < VMM_NR_DEVICES; d++) {
		const struct vmm_device *dev = vmm_board[d];

#pragma GCC unroll 16
		for (unsigned int i = 0; i < dev->nr_ports; i++) {
			const struct vmm_dev_ports *c = &dev->ports[i];

			if ((u16)(port - c->base) < c->len)
				return c;
		}
	}
	return NULL;
}

static __always_inline const struct vmm_dev_msrs *vmm_dev_msr(u32 index)
{
#pragma GCC unroll 8
	for (unsigned int d = 0; d < VMM_NR_DEVICES; d++) {
		const struct vmm_device *dev = vmm_board[d];

#pragma GCC unroll 16
		for (unsigned int i = 0; i < dev->nr_msrs; i++) {
			const struct vmm_dev_msrs *c = &dev->msrs[i];

			if (index - c->base < c->len)
				return c;
		}
	}
	return NULL;
}

static __always_inline const struct vmm_dev_hypercalls *
vmm_dev_hypercall(u64 nr)
{
#pragma GCC unroll 8
	for (unsigned int d = 0; d < VMM_NR_DEVICES; d++) {
		const struct vmm_device *dev = vmm_board[d];

#pragma GCC unroll 16
		for (unsigned int i = 0; i < dev->nr_hypercalls; i++) {
			const struct vmm_dev_hypercalls *c =
				&dev->hypercalls[i];

			if (nr - c->base < c->len)
				return c;
		}
	}
	return NULL;
}

/* The MMIO window that holds @gpa, or NULL. */
static __always_inline const struct vmm_dev_mmio *vmm_dev_mmio(gpa_t gpa)
{
	_Pragma("GCC unroll 8") for (unsigned int d = 0; d < VMM_NR_DEVICES;
				     d++)
	{
		const struct vmm_dev_mmio *m = vmm_board[d]->mmio;

		if (m && gpa - m->base < m->size)
			return m;
	}
	return NULL;
}

#endif /* VMM_BOARD_H */
