// SPDX-License-Identifier: GPL-2.0
/*
 * The run-loop hooks exit handlers call (vmm/vcpu_run.c in the VMM),
 * counted for test_exit.c.
 */
#include "host_stubs.h"

void vcpu_request_stop(struct vcpu *vcpu)
{
	(void)vcpu;
	stub_stop_requests++;
}

void vcpu_idle_until_tick(struct vcpu *vcpu)
{
	(void)vcpu;
	stub_idle_calls++;
}
