/* SPDX-License-Identifier: GPL-2.0 */
/* What the exit-handling tests put where the VMM's host services are. */
#ifndef TESTS_VMM_HOST_STUBS_H
#define TESTS_VMM_HOST_STUBS_H

#include <vmm/exit.h>

/* printk output, appended (reset with stub_reset()). */
extern char stub_log[8192];
extern unsigned int stub_stop_requests;
extern unsigned int stub_idle_calls;
/* the platform's CPUID returns this for every leaf; ecx of leaf 1 = leaf1_ecx */
extern struct vcpu_cpuid stub_cpuid;
extern u32 stub_leaf1_ecx;

void stub_reset(void);

#endif
