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
 * The claim in @list (ports, msrs or hypercalls; @nr its count) that holds
 * @key, or NULL: the first in board order, each device's claims in its
 * order.  A range compare in the claim's own width (a port wraps at 16
 * bits).  #pragma GCC unroll: the loops unroll whole, so that a lookup is
 * the claims' compares.
 */
#define vmm_board_claim(list, nr, key)                                         \
	({                                                                     \
		__label__ found;                                               \
		const __typeof__(vmm_board[0]->list[0]) *__c = NULL;           \
                                                                               \
		_Pragma("GCC unroll 8") for (unsigned int __d = 0;             \
					     __d < VMM_NR_DEVICES; __d++)      \
		{                                                              \
			const struct vmm_device *__dev = vmm_board[__d];       \
                                                                               \
			_Pragma("GCC unroll 16") for (unsigned int __i = 0;    \
						      __i < __dev->nr; __i++)  \
			{                                                      \
				__c = &__dev->list[__i];                       \
				if ((__typeof__(__c->base))((key)-__c->base) < \
				    __c->len)                                  \
					goto found;                            \
			}                                                      \
		}                                                              \
		__c = NULL;                                                    \
found:                                                                         \
		__c;                                                           \
	})

static __always_inline const struct vmm_dev_ports *vmm_dev_port(u16 port)
{
	return vmm_board_claim(ports, nr_ports, port);
}

static __always_inline const struct vmm_dev_msrs *vmm_dev_msr(u32 index)
{
	return vmm_board_claim(msrs, nr_msrs, index);
}

static __always_inline const struct vmm_dev_hypercalls *
vmm_dev_hypercall(u64 nr)
{
	return vmm_board_claim(hypercalls, nr_hypercalls, nr);
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
