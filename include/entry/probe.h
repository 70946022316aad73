/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe points at the step boundaries of every entry/exit sequence.
 *
 * entry_probe(ENTRY_PROBE_x) is the platform's (include/arch/platform.h):
 * nothing in the VMM; in the host unit tests it calls the hook a test
 * registered (to inject an NMI, an IRQ, or check state between two steps).
 */
#ifndef ENTRY_PROBE_H
#define ENTRY_PROBE_H

#include <liminal/compiler.h>

/* clang-format off */
#define ENTRY_PROBES(P) \
	P(GUEST_TIMING_ENTER_DONE) \
	P(GUEST_STATE_ENTER_TRACE) \
	P(GUEST_STATE_ENTER_LOCKDEP_PREPARE) \
	P(GUEST_STATE_ENTER_CT) \
	P(GUEST_STATE_ENTER_DONE) \
	P(GUEST_STATE_EXIT_LOCKDEP) \
	P(GUEST_STATE_EXIT_CT) \
	P(GUEST_STATE_EXIT_DONE) \
	P(GUEST_TIMING_EXIT_DONE) \
	P(USER_EXIT_LOCKDEP) \
	P(USER_EXIT_CT) \
	P(USER_EXIT_DONE) \
	P(USER_ENTER_TRACE) \
	P(USER_ENTER_LOCKDEP_PREPARE) \
	P(USER_ENTER_CT) \
	P(USER_ENTER_DONE) \
	P(IRQENTRY_ENTER_LOCKDEP) \
	P(IRQENTRY_ENTER_CT) \
	P(IRQENTRY_ENTER_DONE) \
	P(IRQENTRY_EXIT_PREPARE) \
	P(IRQENTRY_EXIT_CT) \
	P(IRQENTRY_EXIT_DONE) \
	P(IRQ_ENTER_RCU_DONE) \
	P(IRQ_EXIT_RCU_COUNT) \
	P(IRQ_EXIT_RCU_DONE) \
	P(SOFTIRQ_HANDLER) \
	P(NMI_ENTER_COUNT) \
	P(NMI_ENTER_LOCKDEP) \
	P(NMI_ENTER_CT) \
	P(NMI_ENTER_DONE) \
	P(NMI_EXIT_PREPARE) \
	P(NMI_EXIT_CT) \
	P(NMI_EXIT_LOCKDEP) \
	P(IDLE_ENTER_PREPARE) \
	P(IDLE_ENTER_CT) \
	P(IDLE_HALT_DONE) \
	P(IDLE_EXIT_LOCKDEP) \
	P(IDLE_EXIT_CT)
/* clang-format on */

#define ENTRY_PROBE_ENUM(name) ENTRY_PROBE_##name,
enum entry_probe { ENTRY_PROBES(ENTRY_PROBE_ENUM) ENTRY_NR_PROBES };
#undef ENTRY_PROBE_ENUM

#endif /* ENTRY_PROBE_H */
