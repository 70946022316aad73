/* SPDX-License-Identifier: GPL-2.0 */
/* PIT channel 2 as a one-shot reference interval (tsc.c). */
#ifndef VMM_HOST_PIT_H
#define VMM_HOST_PIT_H

#include <liminal/types.h>

void pit_oneshot_start(unsigned int ms);
bool pit_oneshot_wait(void);

#endif /* VMM_HOST_PIT_H */
