// SPDX-License-Identifier: GPL-2.0
/* Rule 3: instrumentation_begin() without _end() on one path. */
#include "fixture.h"

noinstr void bad_unbalanced_entry(int *state);

noinstr void bad_unbalanced_entry(int *state)
{
	instrumentation_begin();
	if (*state) {
		test_work(state);
		instrumentation_end();
	}
}
