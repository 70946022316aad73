// SPDX-License-Identifier: GPL-2.0
/* Rule 1: a noinstr function calls printk outside instrumentation_begin/end. */
#include "fixture.h"

noinstr void bad_call_entry(int *state);

noinstr void bad_call_entry(int *state)
{
	test_printk("entry %d\n", *state);
	WRITE_ONCE(*state, 0);
}
