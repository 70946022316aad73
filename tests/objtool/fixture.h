/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the objtool test programs: an instrumentable (not noinstr)
 * printk stand-in, a noreturn panic stand-in, and an ops table like
 * struct vcpu_ops.  Each program is linked alone with efi/liminal.lds.
 */
#ifndef TESTS_OBJTOOL_FIXTURE_H
#define TESTS_OBJTOOL_FIXTURE_H

#include <liminal/compiler.h>
#include <liminal/objtool.h>

struct test_ops {
	const char *name;
	void (*run)(int *state);
	void (*other)(int *state);
};

/* Ordinary, instrumentable code (lives in .text). */
int test_printk(const char *fmt, ...);
__noreturn void test_panic(const char *why);
void test_work(int *state);

/* Keeps a value alive without a call. */
#define use(x) __asm__ __volatile__("" ::"r"(x) : "memory")

#endif /* TESTS_OBJTOOL_FIXTURE_H */
