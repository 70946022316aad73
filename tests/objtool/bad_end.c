// SPDX-License-Identifier: GPL-2.0
/* Rule 3: instrumentation_end() with no range open. */
#include "fixture.h"

noinstr void bad_end_entry(int *state);

noinstr void bad_end_entry(int *state)
{
	WRITE_ONCE(*state, 1);
	instrumentation_end();
}
