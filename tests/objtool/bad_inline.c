// SPDX-License-Identifier: GPL-2.0
/*
 * Rule 1 through an __always_inline helper: the message points at the
 * helper's line and at the line of the noinstr function that inlined it.
 */
#include "fixture.h"

noinstr void bad_inline_entry(int *state);

static __always_inline void helper_logs(int *state)
{
	if (READ_ONCE(*state) == 7)
		test_printk("seven\n");
	WRITE_ONCE(*state, 1);
}

noinstr void bad_inline_entry(int *state)
{
	WRITE_ONCE(*state, 3);
	helper_logs(state);
	WRITE_ONCE(*state, 5);
}
