/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The instrumentation markers of noinstr code (include/liminal/compiler.h):
 * inside .noinstr.text, instrumentable code may run only between
 * instrumentation_begin() and instrumentation_end().  Each marker records
 * its address in a non-allocated section that tools/objtool reads from the
 * linked image.
 */
#ifndef LIMINAL_INSTRUMENTATION_H
#define LIMINAL_INSTRUMENTATION_H

/*
 * The nop gives each marker an address of its own, so that two adjacent
 * markers cannot be confused by the checker.
 */
#define instrumentation_begin()                                          \
	__asm__ __volatile__(                                            \
		"1: nop\n\t"                                             \
		".pushsection .liminal.instr_begin, \"\", @progbits\n\t" \
		".quad 1b\n\t"                                           \
		".popsection\n\t" ::                                     \
			: "memory")
#define instrumentation_end()                                          \
	__asm__ __volatile__(                                          \
		"1: nop\n\t"                                           \
		".pushsection .liminal.instr_end, \"\", @progbits\n\t" \
		".quad 1b\n\t"                                         \
		".popsection\n\t" ::                                   \
			: "memory")

#endif /* LIMINAL_INSTRUMENTATION_H */
