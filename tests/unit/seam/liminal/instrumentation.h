/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host tests' instrumentation markers: compiler barriers, as the VMM's
 * are, that also count the instrumentable sections open on this thread, so
 * a test can check where the code under test runs instrumentable code (the
 * core's pass loop: tests/vmm/test_vcpu_run.c).  Nesting is legal (an NMI
 * handler opens its own section inside an open one); a close without an
 * open is not, and leaves the count negative for the test to see.
 *
 * One weak definition per translation unit, merged by the linker: every
 * host test has the counter whether or not it links the fake arch.
 */
#ifndef LIMINAL_INSTRUMENTATION_H
#define LIMINAL_INSTRUMENTATION_H

__attribute__((__weak__)) int fake_instr_depth;

#define instrumentation_begin()                        \
	do {                                           \
		__asm__ __volatile__("" ::: "memory"); \
		fake_instr_depth++;                    \
	} while (0)
#define instrumentation_end()                          \
	do {                                           \
		fake_instr_depth--;                    \
		__asm__ __volatile__("" ::: "memory"); \
	} while (0)

#endif /* LIMINAL_INSTRUMENTATION_H */
