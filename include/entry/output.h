/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Line output of entry/ (stats, trace, violation reports), through the
 * platform's entry_output_line() (include/arch/platform.h): printk in the
 * VMM, a sink the host unit tests install.
 */
#ifndef ENTRY_OUTPUT_H
#define ENTRY_OUTPUT_H

#include <liminal/compiler.h>

/* Print one line (a newline is added). */
__printf(1, 2) void entry_printf(const char *fmt, ...);

#endif /* ENTRY_OUTPUT_H */
