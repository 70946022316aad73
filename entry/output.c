// SPDX-License-Identifier: GPL-2.0
/*
 * entry_printf(): one formatted line to printk (VMM) or the test sink.
 */
#include <stdarg.h>
#include <entry/output.h>

#ifdef LIMINAL_HOST_TEST
#include <stdio.h>

void (*entry_output_sink)(const char *line);
#else
#include <lib/printk.h>
#endif

#define ENTRY_LINE_MAX 192

void entry_printf(const char *fmt, ...)
{
	char line[ENTRY_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
#ifdef LIMINAL_HOST_TEST
	if (entry_output_sink)
		entry_output_sink(line);
	else
		printf("%s\n", line);
#else
	printk("%s\n", line);
#endif
}
