// SPDX-License-Identifier: GPL-2.0
/* Rule 3: instrumentation_begin() inside instrumentation_begin/end. */
#include "fixture.h"

noinstr void bad_nested_entry(int *state);

noinstr void bad_nested_entry(int *state)
{
	instrumentation_begin();
	test_work(state);
	instrumentation_begin();
	test_work(state);
	instrumentation_end();
	instrumentation_end();
}
