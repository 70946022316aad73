/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few string and memory functions the VMM needs (lib/string.c).
 * GCC may emit calls to memset/memcpy/memmove/memcmp for structure copies
 * and initialisers even in freestanding code, so these exist under their
 * standard names.  memset() and memcpy() are GNU-EFI libefi's (see
 * lib/string.c).
 */
#ifndef LIMINAL_STRING_H
#define LIMINAL_STRING_H

#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

#endif /* LIMINAL_STRING_H */
