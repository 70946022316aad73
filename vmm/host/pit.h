/* SPDX-License-Identifier: GPL-2.0 */
/* The 8254 PIT (pit.c). */
#ifndef VMM_HOST_PIT_H
#define VMM_HOST_PIT_H

#include <liminal/types.h>

/* Channel 2: start a @ms one-shot; wait for it (false if it never ends). */
void pit_oneshot_start(unsigned int ms);
bool pit_oneshot_wait(void);
/* Channel 0: one IRQ 0 edge after @us microseconds. */
void pit_ch0_oneshot(unsigned int us);
/* Channel 0: an IRQ 0 edge every @us microseconds (at most ~54 ms). */
void pit_ch0_periodic(unsigned int us);
/* Channel 0: one last edge at once, then none (call with IRQ 0 masked). */
void pit_ch0_quiesce(void);

#endif /* VMM_HOST_PIT_H */
