// SPDX-License-Identifier: GPL-2.0
/*
 * printk(), vsnprintf(), snprintf(): one formatter, two sinks.
 *
 * The formatter hands each character to a sink: the registered console for
 * printk (no buffer, no lock: safe from NMI context), a bounded buffer for
 * vsnprintf.
 * Supported: %d %i %u %x %X %p %s %c %% with l, ll, z; width; '0'; '-'.
 */
#include <stdarg.h>
#include <liminal/compiler.h>
#include <lib/string.h>
#include <lib/printk.h>

struct sink {
	void (*put)(struct sink *s, char c);
	char *buf;
	size_t size;
	size_t len; /* characters produced, including any that did not fit */
};

struct spec {
	bool left; /* '-' */
	bool zero; /* '0' */
	int width;
	int size; /* sizeof the argument: int, long, long long, size_t */
};

static void emit(struct sink *s, char c)
{
	s->put(s, c);
	s->len++;
}

static void emit_padded(struct sink *s, const struct spec *sp, const char *str,
			size_t n)
{
	int pad = sp->width > (int)n ? sp->width - (int)n : 0;
	char fill = sp->zero && !sp->left ? '0' : ' ';

	/* zero padding goes after a sign */
	if (fill == '0' && n && str[0] == '-') {
		emit(s, '-');
		str++;
		n--;
	}
	if (!sp->left)
		for (; pad > 0; pad--)
			emit(s, fill);
	while (n--)
		emit(s, *str++);
	for (; pad > 0; pad--)
		emit(s, ' ');
}

static void emit_number(struct sink *s, const struct spec *sp, u64 v,
			unsigned int base, bool negative, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		tmp[--i] = '-';
	emit_padded(s, sp, tmp + i, sizeof(tmp) - i);
}

/* Parses flags, width and length; returns the conversion character. */
static const char *parse_spec(const char *fmt, struct spec *sp)
{
	*sp = (struct spec){ .size = sizeof(int) };
	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else if (*fmt == '0')
			sp->zero = true;
		else
			break;
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		sp->width = sp->width * 10 + (*fmt - '0');
	if (*fmt == 'z') {
		sp->size = sizeof(size_t);
		fmt++;
	}
	for (; *fmt == 'l'; fmt++)
		sp->size = sizeof(long);
	return fmt;
}

static u64 arg_unsigned(const struct spec *sp, va_list *ap)
{
	return sp->size == sizeof(int) ? va_arg(*ap, unsigned int) :
					 va_arg(*ap, u64);
}

static s64 arg_signed(const struct spec *sp, va_list *ap)
{
	return sp->size == sizeof(int) ? va_arg(*ap, int) : va_arg(*ap, s64);
}

static void format_one(struct sink *s, char conv, struct spec *sp, va_list *ap)
{
	const char *str;
	s64 sv;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		sv = arg_signed(sp, ap);
		emit_number(s, sp, sv < 0 ? -(u64)sv : (u64)sv, 10, sv < 0,
			    false);
		break;
	case 'u':
		emit_number(s, sp, arg_unsigned(sp, ap), 10, false, false);
		break;
	case 'x':
	case 'X':
		emit_number(s, sp, arg_unsigned(sp, ap), 16, false,
			    conv == 'X');
		break;
	case 'p':
		emit(s, '0');
		emit(s, 'x');
		sp->zero = true;
		sp->width = 16;
		emit_number(s, sp, (u64)(uintptr_t)va_arg(*ap, void *), 16,
			    false, false);
		break;
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		emit_padded(s, sp, str, strlen(str));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_padded(s, sp, &c, 1);
		break;
	default:
		/* %% and unknown conversions print themselves */
		emit(s, '%');
		if (conv != '%')
			emit(s, conv);
		break;
	}
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			emit(s, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (!*fmt)
			break;
		format_one(s, *fmt++, &sp, &aq);
	}
	va_end(aq);
}

static void (*console_putc)(char c);

void printk_set_console(void (*putc)(char c))
{
	WRITE_ONCE(console_putc, putc);
}

static void put_console(struct sink *s, char c)
{
	void (*putc)(char c) = READ_ONCE(console_putc);

	(void)s;
	if (putc)
		putc(c);
}

static void put_buf(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
}

int vprintk(const char *fmt, va_list ap)
{
	struct sink s = { .put = put_console };

	format(&s, fmt, ap);
	return (int)s.len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .put = put_buf, .buf = buf, .size = size };

	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
