// SPDX-License-Identifier: GPL-2.0
/*
 * entry_printf(): one formatted line to the platform's output (printk in
 * the VMM, the unit tests' sink on the host).
 */
#include <stdarg.h>
#include <arch/platform.h>
#include <entry/output.h>
#include <lib/printk.h>

#define ENTRY_LINE_MAX 192

void entry_printf(const char *fmt, ...)
{
	char line[ENTRY_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	entry_output_line(line);
}
