// SPDX-License-Identifier: GPL-2.0
/*
 * The empty symbol table of the first link (include/host/ksyms.h); the
 * second link overrides these with the generated table.  Kept apart from
 * ksym_lookup() so the compiler cannot fold the empty values into it.
 */
#include <host/ksyms.h>

__attribute__((weak)) const struct ksym ksym_table[1];
__attribute__((weak)) const u32 ksym_count;
__attribute__((weak)) const char ksym_names[1];
