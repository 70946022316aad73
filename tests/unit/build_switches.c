// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled (never run) by check_build_switches.sh with the VMM's platform:
 * the debug-only switch of the guest's EQS exists in debug builds only,
 * and the VMM cannot be built for several CPUs before it has a per-CPU
 * base to say which one it runs on.
 */
#include <entry/context_tracking.h>

void build_switches(void);
void build_switches(void)
{
#ifdef USE_GUEST_EQS_SWITCH
	ct_debug_guest_eqs(false);
#endif
	(void)this_cpu();
}
