/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory types (SDM Vol. 3A "Memory Cache Control", APM Vol. 2 7.4) as the
 * PAT, the MTRRs, the EPT leaves and the EPT pointer encode them, and the
 * one check of an IA32_PAT value that both VM-entry rule sets need (SDM
 * 27.2.2, 27.3.1.1; APM 15.25.8 for the guest PAT under nested paging).
 */
#ifndef ARCH_MEMTYPE_H
#define ARCH_MEMTYPE_H

#include <liminal/types.h>

#define MEMTYPE_UC 0
#define MEMTYPE_WC 1
#define MEMTYPE_WT 4
#define MEMTYPE_WP 5
#define MEMTYPE_WB 6
#define MEMTYPE_UC_MINUS 7 /* PAT only */

/* IA32_PAT after reset: WB, WT, UC-, UC, twice (SDM 13.12.4, APM 7.8.2). */
#define X86_PAT_POWER_ON 0x0007040600070406ull

/* Each of the eight PAT entries a defined type: 2, 3 and 8..255 reserved. */
static inline bool x86_pat_valid(u64 pat)
{
	for (int i = 0; i < 8; i++) {
		u8 type = (u8)(pat >> (8 * i));

		if (type > MEMTYPE_UC_MINUS || type == 2 || type == 3)
			return false;
	}
	return true;
}

#endif /* ARCH_MEMTYPE_H */
