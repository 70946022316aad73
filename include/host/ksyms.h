/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The image's own symbol table, for symbolised backtraces.
 *
 * The build links liminal.so twice: the first link has an empty table (weak
 * definitions in vmm/host/ksyms_empty.c); scripts/gen_ksyms.py turns its
 * text symbols into a generated C file whose strong definitions the second
 * link adds.  The table lives in .data, after .text, so text addresses are
 * the same in both links (the build checks it).
 */
#ifndef HOST_KSYMS_H
#define HOST_KSYMS_H

#include <liminal/types.h>

struct ksym {
	u32 offset; /* from ImageBase */
	u32 name; /* into ksym_names */
};

extern const struct ksym ksym_table[];
extern const u32 ksym_count;
extern const char ksym_names[];

/* The function containing @addr and @addr's offset in it, or NULL. */
const char *ksym_lookup(u64 addr, u64 *offset);

#endif /* HOST_KSYMS_H */
