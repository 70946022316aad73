// SPDX-License-Identifier: GPL-2.0
/*
 * Rules 1 and 4: the entry path calls a helper whose noinstr was
 * forgotten.  Checked twice: the call (rule 1), and with a required list
 * naming the helper (rule 4).
 */
#include "fixture.h"

noinstr void bad_missing_entry(int *state);
noinline void ct_forgot_noinstr(int *state);

noinline void ct_forgot_noinstr(int *state)
{
	WRITE_ONCE(*state, READ_ONCE(*state) + 1);
}

noinstr void bad_missing_entry(int *state)
{
	ct_forgot_noinstr(state);
}
