// SPDX-License-Identifier: GPL-2.0
/*
 * Rule 2: the annotated slot test_ops.run holds a function that is not
 * noinstr: once registered with NOINSTR_OPS_TARGET (bad_target_reg), once
 * only stored in an ops table (bad_target_table, found through DWARF).
 */
#include "fixture.h"

noinstr void bad_target_entry(const struct test_ops *ops, int *state);
void bad_target_reg(int *state);

noinline void bad_target_reg(int *state)
{
	(*state)++;
}

static noinline void bad_target_table(int *state)
{
	(*state)--;
}

/* Declared first, as a header would: DWARF splits it (DW_AT_specification). */
extern const struct test_ops table_ops;

const struct test_ops reg_ops = { .name = "reg", .run = bad_target_reg };
NOINSTR_OPS_TARGET(test_ops, run, bad_target_reg);
const struct test_ops table_ops = { .name = "t", .run = bad_target_table };

noinstr void bad_target_entry(const struct test_ops *ops, int *state)
{
	NOINSTR_OPS_CALL(test_ops, run);
	ops->run(state);
}
