// SPDX-License-Identifier: GPL-2.0
/*
 * Every allowed pattern: noinstr calls noinstr, instrumentable calls
 * between the markers (on two paths, joined), __always_inline code, a
 * switch jump table, a noreturn call inside a range, an annotated call
 * through an ops slot, an indirect call inside a range.
 */
#include "fixture.h"

int ok_entry(int *state, int nr, const struct test_ops *ops);
void ok_fatal(int why);

static int counter;

static __always_inline void bump(int *state)
{
	(*state)++;
}

static noinstr void ok_run(int *state)
{
	bump(state);
}

static noinstr void ok_leaf(int *state)
{
	WRITE_ONCE(counter, READ_ONCE(counter) + *state);
}

const struct test_ops ok_ops = {
	.name = "ok",
	.run = ok_run,
	.other = test_work,
};
NOINSTR_OPS_TARGET(test_ops, run, ok_run);

static noinstr int ok_switch(int nr, int y)
{
	switch (nr) {
	case 0:
		return y + 3;
	case 1:
		return y * 7;
	case 2:
		return y - 9;
	case 3:
		return y ^ 0x55;
	case 4:
		return y << 2;
	case 5:
		return y >> 1;
	case 6:
		return 11;
	}
	return 0;
}

noinstr int ok_entry(int *state, int nr, const struct test_ops *ops)
{
	ok_leaf(state);
	if (nr > 2) {
		instrumentation_begin();
		test_printk("big %d\n", nr);
		instrumentation_end();
	} else {
		instrumentation_begin();
		test_work(state);
		ops->other(state);
		instrumentation_end();
	}
	NOINSTR_OPS_CALL(test_ops, run);
	ops->run(state);
	return ok_switch(nr, *state);
}

noinstr void ok_fatal(int why)
{
	if (why) {
		instrumentation_begin();
		test_panic("fatal");
	}
	WRITE_ONCE(counter, 0);
}

/*
 * host_die() shape: ok_die() is not declared __noreturn, GCC infers it and
 * drops instrumentation_end() and the rest after the call.
 */
void ok_die(int *state);
void ok_trap(int *state);

noinline void ok_die(int *state)
{
	if (*state > 1)
		test_panic("die");
	test_panic("die twice");
}

noinstr void ok_trap(int *state)
{
	WRITE_ONCE(*state, 3);
	if (READ_ONCE(*state) != 4) {
		instrumentation_begin();
		ok_die(state);
		instrumentation_end();
	}
	WRITE_ONCE(*state, 2);
}
