/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every fuzz target shares: libFuzzer's entry point, a cursor that
 * takes fixed-size fields from the front of the input, and FUZZ_CHECK(), an
 * invariant whose failure libFuzzer reports (and saves) like a crash.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                  \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, \
				__LINE__, #cond);                              \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

/* The next @n (<= 8) bytes, little-endian; zeros once the input is used. */
static inline uint64_t fuzz_take(struct fuzz_input *in, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n && in->size; i++) {
		v |= (uint64_t)in->data[0] << (8 * i);
		in->data++;
		in->size--;
	}
	return v;
}

#endif /* TESTS_FUZZ_FUZZ_H */
