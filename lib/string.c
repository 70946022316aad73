// SPDX-License-Identifier: GPL-2.0
/*
 * String and memory functions for the freestanding VMM.
 *
 * memset() and memcpy() themselves come from GNU-EFI's libefi (lib/init.c,
 * pulled in with InitializeLib: plain byte loops, no SSE); defining them
 * here too would be a duplicate symbol.  memmove() copies backwards with the
 * string instructions in inline assembly, so the compiler cannot turn it
 * back into a call to itself.
 */
#include <lib/string.h>
#include <liminal/types.h>

void *memmove(void *dst, const void *src, size_t n)
{
	const u8 *s = src;
	u8 *d = dst;

	if (d <= s || d >= s + n) {
		__asm__ __volatile__("rep movsb"
				     : "+D"(d), "+S"(s), "+c"(n)
				     :
				     : "memory");
		return dst;
	}
	/* Overlap with dst above src: copy backwards (DF=1), then restore. */
	s += n - 1;
	d += n - 1;
	__asm__ __volatile__("std\n\trep movsb\n\tcld"
			     : "+D"(d), "+S"(s), "+c"(n)
			     :
			     : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n && *a && *a == *b; n--, a++, b++)
		;
	return n ? (u8)*a - (u8)*b : 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}
