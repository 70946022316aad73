/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syscall-like transitions of the unit tests' user mode
 * (tests/unit/user_mode.c); irqentry_enter_from_user_mode() and
 * irqentry_exit_to_user_mode() are declared with their callers in
 * include/entry/common.h.
 */
#ifndef TESTS_UNIT_USER_MODE_H
#define TESTS_UNIT_USER_MODE_H

#include <entry/common.h>

void enter_from_user_mode(struct pt_regs *regs);
void exit_to_user_mode(void);
long syscall_enter_from_user_mode(struct pt_regs *regs, long syscall);
void syscall_exit_to_user_mode(struct pt_regs *regs);

#endif /* TESTS_UNIT_USER_MODE_H */
