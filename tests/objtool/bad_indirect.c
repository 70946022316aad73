// SPDX-License-Identifier: GPL-2.0
/* Rule 2: an indirect call from noinstr code without an annotation. */
#include "fixture.h"

noinstr void bad_indirect_entry(const struct test_ops *ops, int *state);

noinstr void bad_indirect_entry(const struct test_ops *ops, int *state)
{
	ops->run(state);
	(*state)++;
}
