// SPDX-License-Identifier: GPL-2.0
/* Address to symbol for backtraces (include/host/ksyms.h). */
#include <host/host.h>
#include <host/ksyms.h>

const char *ksym_lookup(u64 addr, u64 *offset)
{
	u32 lo = 0, hi = READ_ONCE(ksym_count);
	u64 off = addr - (u64)ImageBase;

	if (addr < (u64)_text || addr >= (u64)_etext || !hi)
		return NULL;
	/* the last symbol that starts at or below off */
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (ksym_table[mid].offset <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (ksym_table[lo].offset > off)
		return NULL;
	*offset = off - ksym_table[lo].offset;
	return &ksym_names[ksym_table[lo].name];
}
