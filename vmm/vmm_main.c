// SPDX-License-Identifier: GPL-2.0
/*
 * vmm_main(): pick the backend, run the configured guests, print verdicts.
 */
#include <vmm/vmm.h>

int vmm_main(void)
{
	return 0;
}
