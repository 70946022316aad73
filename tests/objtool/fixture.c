// SPDX-License-Identifier: GPL-2.0
/* The instrumentable side of the objtool test programs, and _start. */
#include "fixture.h"

void _start(void);

static volatile int sink;

noinline int test_printk(const char *fmt, ...)
{
	sink = fmt[0];
	return sink;
}

noinline __noreturn void test_panic(const char *why)
{
	sink = why[0];
	for (;;)
		__asm__ __volatile__("hlt");
}

noinline void test_work(int *state)
{
	*state += sink;
}

void _start(void)
{
	sink = 1;
}
