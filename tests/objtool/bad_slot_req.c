// SPDX-License-Identifier: GPL-2.0
/*
 * Rule 4 on an ops slot: no annotation anywhere, but required.txt says
 * "@test_ops.run", so every run stored in a struct test_ops must be
 * noinstr; slot_req_run is not.  "@test_ops.other" finds no function at
 * all (every table leaves it NULL), which is an error too.
 */
#include "fixture.h"

void slot_req_enter_guest(const struct test_ops *ops, int *state);

static noinline void slot_req_run(int *state)
{
	WRITE_ONCE(*state, 5);
}

const struct test_ops slot_req_ops = { .name = "r", .run = slot_req_run };

noinline void slot_req_enter_guest(const struct test_ops *ops, int *state)
{
	ops->run(state);
	test_work(state);
}
