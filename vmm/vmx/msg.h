/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny sentence builder for the pure VMX checks: no printf, so the same
 * code runs in the VMM and in the host unit tests.  Output is truncated to
 * the buffer, always NUL-terminated.
 */
#ifndef VMM_VMX_MSG_H
#define VMM_VMX_MSG_H

#include <vmm/vmx/vmx_checks.h>

static inline size_t msg_len(const struct vmx_msg *m)
{
	size_t n = 0;

	while (n < VMX_MSG_LEN - 1 && m->buf[n])
		n++;
	return n;
}

static inline void msg_reset(struct vmx_msg *m)
{
	m->buf[0] = '\0';
}

static inline void msg_str(struct vmx_msg *m, const char *s)
{
	size_t n = msg_len(m);

	while (*s && n < VMX_MSG_LEN - 1)
		m->buf[n++] = *s++;
	m->buf[n] = '\0';
}

static inline void msg_dec(struct vmx_msg *m, u64 v)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i) {
		char one[2] = { tmp[--i], '\0' };

		msg_str(m, one);
	}
}

static inline void msg_hex(struct vmx_msg *m, u64 v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[20];
	int i = 0;

	do {
		tmp[i++] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	msg_str(m, "0x");
	while (i) {
		char one[2] = { tmp[--i], '\0' };

		msg_str(m, one);
	}
}

#endif /* VMM_VMX_MSG_H */
