// SPDX-License-Identifier: GPL-2.0
/*
 * Host services of the VMM, replaced for the host tests: printk into a
 * buffer the tests read, and the fake platform's CPUID.  vsnprintf/snprintf are the C
 * library's.  The run-loop hooks are in run_hooks_stub.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "host_stubs.h"

char stub_log[8192];
unsigned int stub_stop_requests;
unsigned int stub_idle_calls;
struct vcpu_cpuid stub_cpuid;
u32 stub_leaf1_ecx;

void stub_reset(void)
{
	stub_log[0] = '\0';
	stub_stop_requests = 0;
	stub_idle_calls = 0;
	memset(&stub_cpuid, 0, sizeof(stub_cpuid));
	stub_leaf1_ecx = 0;
}

int printk(const char *fmt, ...);
int printk(const char *fmt, ...)
{
	size_t len = strlen(stub_log);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(stub_log + len, sizeof(stub_log) - len, fmt, ap);
	va_end(ap);
	return n;
}

/* The fake platform's CPUID (tests/unit/seam/arch/platform.h). */
void fake_arch_cpuid(u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
	(void)subleaf;
	*r = (struct cpuid_regs){ stub_cpuid.eax, stub_cpuid.ebx,
				  stub_cpuid.ecx, stub_cpuid.edx };
	if (leaf == 1)
		r->ecx = stub_leaf1_ecx;
}
