// SPDX-License-Identifier: GPL-2.0
/*
 * Rule 2, misuse of the annotation: a slot nobody registers, and an
 * annotation with no indirect call after it.
 */
#include "fixture.h"

noinstr void bad_annot_entry(void (*fn)(int *), int *state);
noinstr void bad_annot_dangling(int *state);

noinstr void bad_annot_entry(void (*fn)(int *), int *state)
{
	NOINSTR_INDIRECT_CALL("nobody.registers");
	fn(state);
}

noinstr void bad_annot_dangling(int *state)
{
	NOINSTR_INDIRECT_CALL("dangling.slot");
	WRITE_ONCE(*state, 0);
}
