// SPDX-License-Identifier: GPL-2.0
/*
 * Rule 2 from instrumentable code: vcpu_enter_guest() calls the noinstr
 * vcpu_ops.run through the table.  The call itself is allowed there; its
 * NOINSTR_OPS_CALL annotation makes the checker judge every run in every
 * struct test_ops, and slot_site_run is not noinstr.
 */
#include "fixture.h"

void slot_site_enter_guest(const struct test_ops *ops, int *state);

static noinline void slot_site_run(int *state)
{
	WRITE_ONCE(*state, 4);
}

const struct test_ops slot_site_ops = { .name = "s", .run = slot_site_run };

noinline void slot_site_enter_guest(const struct test_ops *ops, int *state)
{
	test_work(state);
	NOINSTR_OPS_CALL(test_ops, run);
	ops->run(state);
	test_work(state);
}
