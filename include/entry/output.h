/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Line output of entry/ (stats, trace, violation reports): printk in the
 * VMM, a sink the unit tests install under LIMINAL_HOST_TEST.
 */
#ifndef ENTRY_OUTPUT_H
#define ENTRY_OUTPUT_H

#include <liminal/compiler.h>

/* Print one line (a newline is added). */
__printf(1, 2) void entry_printf(const char *fmt, ...);

#ifdef LIMINAL_HOST_TEST
/* Receives each line without its newline; NULL: lines go to stdout. */
extern void (*entry_output_sink)(const char *line);
#endif

#endif /* ENTRY_OUTPUT_H */
