/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types shared by the VMM image and the host-built unit tests.
 * The VMM is freestanding: only the compiler's own headers are used.
 */
#ifndef LIMINAL_TYPES_H
#define LIMINAL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;
typedef u64 gpa_t;
typedef u64 hpa_t;

#endif /* LIMINAL_TYPES_H */
