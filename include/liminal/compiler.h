/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiler attributes and the noinstr annotations.
 *
 * noinstr code lives in the .noinstr.text section (bounded by
 * __noinstr_text_start/__noinstr_text_end in efi/liminal.lds).  Inside it,
 * instrumentable code may run only between instrumentation_begin() and
 * instrumentation_end().  Each marker records its address in a non-allocated
 * section (.liminal.instr_begin / .liminal.instr_end) that the build-time
 * checker (tools/objtool) reads from the linked ELF; the sections are not
 * copied into the PE image.
 */
#ifndef LIMINAL_COMPILER_H
#define LIMINAL_COMPILER_H

/* glibc's <sys/cdefs.h> has the same definition in the host unit tests. */
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define noinline __attribute__((__noinline__))
#define __noreturn __attribute__((__noreturn__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __packed __attribute__((__packed__))
#define __section(s) __attribute__((__section__(s)))
#define __used __attribute__((__used__))
#define __unused __attribute__((__unused__))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define barrier() __asm__ __volatile__("" ::: "memory")

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)

#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

#define _RET_IP_ ((unsigned long)__builtin_return_address(0))

/*
 * noinstr: not instrumentable, placed where the checker can see it.
 * noinline so a noinstr function stays in its section (Linux does the same).
 */
#define noinstr                                                             \
	noinline __attribute__((__no_instrument_function__))                \
	__attribute__((__no_sanitize_address__, __no_sanitize_undefined__)) \
	__section(".noinstr.text")

/*
 * instrumentation_begin()/instrumentation_end(): their own header, which the
 * host unit tests replace (tests/unit/seam/liminal/instrumentation.h) to
 * count the sections the code under test opens and closes.
 */
#include <liminal/instrumentation.h>

#endif /* LIMINAL_COMPILER_H */
