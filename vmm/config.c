// SPDX-License-Identifier: GPL-2.0
/*
 * The \liminal.cfg parser (format in include/vmm/config.h).
 *
 * Pure C over a byte buffer: no allocation, no I/O, so the host unit tests
 * (tests/vmm/test_config.c) run it with sanitizers.  Check first, then
 * commit: a line is parsed into a local guest_config and only copied into
 * the table once every key on it was valid.
 */
#include <liminal/errno.h>
#include <lib/string.h>
#include <vmm/config.h>
#include <vmm/guest_abi.h>
#include <lib/printk.h>

#define CFG_MAX_TOKENS 16
#define CFG_LINE_MAX 256
#define CFG_MEM_MIN (256ull << 10)
#define CFG_MEM_MAX (64ull << 20)
#define CFG_ITER_MAX 100000
#define CFG_MAX_EXITS_DEFAULT 10000000ull
#define CFG_MAX_TICKS_DEFAULT 30000ull
#define CFG_ITER_DEFAULT 1000

static const char *const verdict_names[VMM_NR_VERDICTS] = {
	[VERDICT_RUNNING] = "running",
	[VERDICT_DONE] = "done",
	[VERDICT_ASSERT] = "assert",
	[VERDICT_SHUTDOWN] = "shutdown",
	[VERDICT_UNHANDLED] = "unhandled",
	[VERDICT_MEM_VIOLATION] = "mem_violation",
	[VERDICT_EXCEPTION] = "exception",
	[VERDICT_ENTRY_FAILED] = "entry_failed",
	[VERDICT_TIMEOUT] = "timeout",
	[VERDICT_ERROR] = "error",
};

static const char *const corrupt_names[VMM_NR_CORRUPT] = {
	[CORRUPT_NONE] = "none",
	[CORRUPT_CR0_PE] = "cr0_pe",
	[CORRUPT_VMENTER_FAULT] = "vmenter_fault",
};

static const char *const mode_names[] = {
	[VM_BOOT_LONG64] = "long64",
	[VM_BOOT_PROT32] = "prot32",
	[VM_BOOT_REAL16] = "real16",
};

const char *vmm_verdict_name(enum vmm_verdict v)
{
	if ((unsigned int)v >= VMM_NR_VERDICTS)
		return "?";
	return verdict_names[v];
}

const char *vmm_boot_mode_name(enum vm_boot_mode m)
{
	if ((unsigned int)m >= ARRAY_SIZE(mode_names))
		return "?";
	return mode_names[m];
}

/* A token: a slice of the line, not NUL-terminated in the input. */
struct cfg_tok {
	const char *s;
	size_t len;
};

/* The parser's state for one line, so error() can name file and line. */
struct cfg_ctx {
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
};

__printf(2, 3) static int cfg_error(struct cfg_ctx *c, const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%u: %s", c->file, c->line, msg);
	return -EINVAL;
}

static const char *find_char(const char *s, char ch, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ch)
			return s + i;
	}
	return NULL;
}

static bool tok_eq(struct cfg_tok t, const char *s)
{
	return t.len == strlen(s) && memcmp(t.s, s, t.len) == 0;
}

/* Copy a token into a NUL-terminated buffer, truncating for messages. */
static const char *tok_str(struct cfg_tok t, char *buf, size_t size)
{
	size_t n = t.len < size - 1 ? t.len : size - 1;

	memcpy(buf, t.s, n);
	buf[n] = '\0';
	return buf;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Split a line (comment already cut) into tokens; -ENOSPC if too many. */
static int tokenize(const char *s, size_t len, struct cfg_tok *tok,
		    unsigned int *ntok)
{
	size_t i = 0;

	*ntok = 0;
	while (i < len) {
		size_t start;

		while (i < len && is_space(s[i]))
			i++;
		if (i == len)
			break;
		if (*ntok == CFG_MAX_TOKENS)
			return -ENOSPC;
		start = i;
		while (i < len && !is_space(s[i]))
			i++;
		tok[*ntok].s = s + start;
		tok[*ntok].len = i - start;
		(*ntok)++;
	}
	return 0;
}

/* Decimal or 0x-prefixed hexadecimal; the whole token must be a number. */
static int parse_u64(struct cfg_tok t, u64 *out)
{
	unsigned int base = 10;
	size_t i = 0;
	u64 v = 0;

	if (t.len > 2 && t.s[0] == '0' && (t.s[1] == 'x' || t.s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == t.len)
		return -EINVAL;
	for (; i < t.len; i++) {
		char c = t.s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		if (v > (~0ull - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* A size: a number with an optional K or M suffix. */
static int parse_size(struct cfg_tok t, u64 *out)
{
	unsigned int shift = 0;
	int r;

	if (t.len > 1 && (t.s[t.len - 1] == 'K' || t.s[t.len - 1] == 'k'))
		shift = 10;
	else if (t.len > 1 && (t.s[t.len - 1] == 'M' || t.s[t.len - 1] == 'm'))
		shift = 20;
	if (shift)
		t.len--;
	r = parse_u64(t, out);
	if (r)
		return r;
	if (*out > (~0ull >> shift))
		return -ERANGE;
	*out <<= shift;
	return 0;
}

static int parse_bool(struct cfg_tok t, bool *out)
{
	if (tok_eq(t, "0") || tok_eq(t, "no")) {
		*out = false;
		return 0;
	}
	if (tok_eq(t, "1") || tok_eq(t, "yes")) {
		*out = true;
		return 0;
	}
	return -EINVAL;
}

static bool valid_name(struct cfg_tok t, size_t max)
{
	if (t.len == 0 || t.len >= max)
		return false;
	for (size_t i = 0; i < t.len; i++) {
		char c = t.s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool valid_file(struct cfg_tok t)
{
	if (t.len == 0 || t.len >= VMM_IMAGE_LEN)
		return false;
	for (size_t i = 0; i < t.len; i++) {
		char c = t.s[i];

		if (c == '\\' || c == '/' || c == ':' || (u8)c < 0x21 ||
		    (u8)c > 0x7e)
			return false;
	}
	return true;
}

static int key_mode(struct cfg_ctx *c, struct cfg_tok v, struct guest_config *g)
{
	char buf[32];

	for (unsigned int m = 0; m < ARRAY_SIZE(mode_names); m++) {
		if (tok_eq(v, mode_names[m])) {
			g->mode = m;
			return 0;
		}
	}
	return cfg_error(c, "unknown mode '%s' (long64, prot32, real16)",
			 tok_str(v, buf, sizeof(buf)));
}

static int key_corrupt(struct cfg_ctx *c, struct cfg_tok v,
		       struct guest_config *g)
{
	char buf[32];

	for (unsigned int i = 0; i < VMM_NR_CORRUPT; i++) {
		if (tok_eq(v, corrupt_names[i])) {
			g->corrupt = i;
			return 0;
		}
	}
	return cfg_error(
		c, "unknown corruption '%s' (none, cr0_pe, vmenter_fault)",
		tok_str(v, buf, sizeof(buf)));
}

static int key_expect(struct cfg_ctx *c, struct cfg_tok v,
		      struct guest_config *g)
{
	char buf[32];

	for (unsigned int e = VERDICT_DONE; e < VERDICT_ERROR; e++) {
		if (tok_eq(v, verdict_names[e])) {
			g->expect = e;
			return 0;
		}
	}
	return cfg_error(c, "unknown verdict '%s' for expect=",
			 tok_str(v, buf, sizeof(buf)));
}

static int key_mem(struct cfg_ctx *c, struct cfg_tok v, struct guest_config *g)
{
	char buf[32];
	u64 size;

	if (parse_size(v, &size))
		return cfg_error(c, "bad size '%s' for mem=",
				 tok_str(v, buf, sizeof(buf)));
	if (size < CFG_MEM_MIN || size > CFG_MEM_MAX || size % 4096)
		return cfg_error(c,
				 "mem=%s out of range (256K..64M, 4K multiple)",
				 tok_str(v, buf, sizeof(buf)));
	g->mem = size;
	return 0;
}

/* A number in [min, max] for key @key. */
static int key_number(struct cfg_ctx *c, const char *key, struct cfg_tok v,
		      u64 min, u64 max, u64 *out)
{
	char buf[32];

	if (parse_u64(v, out) || *out < min || *out > max)
		return cfg_error(c, "bad value '%s' for %s= (%llu..%llu)",
				 tok_str(v, buf, sizeof(buf)), key,
				 (unsigned long long)min,
				 (unsigned long long)max);
	return 0;
}

static int key_flag(struct cfg_ctx *c, const char *key, struct cfg_tok v,
		    bool *out)
{
	char buf[32];

	if (parse_bool(v, out))
		return cfg_error(c, "bad value '%s' for %s= (0 or 1)",
				 tok_str(v, buf, sizeof(buf)), key);
	return 0;
}

static int key_mitigations(struct cfg_ctx *c, struct cfg_tok v,
			   struct guest_config *g)
{
	char buf[32];

	if (tok_eq(v, "on")) {
		g->mitigations = true;
		return 0;
	}
	if (tok_eq(v, "off")) {
		g->mitigations = false;
		return 0;
	}
	return cfg_error(c, "bad value '%s' for mitigations= (on or off)",
			 tok_str(v, buf, sizeof(buf)));
}

static int key_image(struct cfg_ctx *c, struct cfg_tok v,
		     struct guest_config *g)
{
	char buf[VMM_IMAGE_LEN + 8];

	if (!valid_file(v))
		return cfg_error(c, "bad image file name '%s'",
				 tok_str(v, buf, sizeof(buf)));
	tok_str(v, g->image, sizeof(g->image));
	return 0;
}

/* One key=value token of a guest line. */
static int parse_key(struct cfg_ctx *c, struct cfg_tok t,
		     struct guest_config *g)
{
	struct cfg_tok k = t, v;
	const char *eq = find_char(t.s, '=', t.len);
	char buf[40];
	u64 n;
	int r;

	if (!eq)
		return cfg_error(c, "expected key=value, got '%s'",
				 tok_str(t, buf, sizeof(buf)));
	k.len = eq - t.s;
	v.s = eq + 1;
	v.len = t.len - k.len - 1;
	if (tok_eq(k, "image"))
		return key_image(c, v, g);
	if (tok_eq(k, "mode"))
		return key_mode(c, v, g);
	if (tok_eq(k, "mem"))
		return key_mem(c, v, g);
	if (tok_eq(k, "expect"))
		return key_expect(c, v, g);
	if (tok_eq(k, "corrupt"))
		return key_corrupt(c, v, g);
	if (tok_eq(k, "bench"))
		return key_flag(c, "bench", v, &g->bench);
	if (tok_eq(k, "idle"))
		return key_flag(c, "idle", v, &g->idle);
	if (tok_eq(k, "trace"))
		return key_flag(c, "trace", v, &g->trace);
	if (tok_eq(k, "mitigations"))
		return key_mitigations(c, v, g);
	if (tok_eq(k, "iterations")) {
		r = key_number(c, "iterations", v, 1, CFG_ITER_MAX, &n);
		g->iterations = n;
		return r;
	}
	if (tok_eq(k, "stop_ticks")) {
		r = key_number(c, "stop_ticks", v, 0, 1000000, &n);
		g->stop_ticks = n;
		return r;
	}
	if (tok_eq(k, "nmi_us")) {
		if (tok_eq(v, "0")) {
			g->nmi_us = 0;
			return 0;
		}
		r = key_number(c, "nmi_us", v, 100, 50000, &n);
		g->nmi_us = n;
		return r;
	}
	if (tok_eq(k, "max_ticks"))
		return key_number(c, "max_ticks", v, 1, ~0ull >> 1,
				  &g->max_ticks);
	if (tok_eq(k, "max_exits"))
		return key_number(c, "max_exits", v, 1, ~0ull >> 1,
				  &g->max_exits);
	return cfg_error(c, "unknown key '%s'", tok_str(k, buf, sizeof(buf)));
}

static void guest_defaults(struct guest_config *g, unsigned int line)
{
	memset(g, 0, sizeof(*g));
	g->mode = VM_BOOT_LONG64;
	g->mem = GUEST_MEM_DEFAULT;
	g->expect = VERDICT_DONE;
	g->mitigations = true;
	g->iterations = CFG_ITER_DEFAULT;
	g->max_exits = CFG_MAX_EXITS_DEFAULT;
	g->max_ticks = CFG_MAX_TICKS_DEFAULT;
	g->line = line;
}

/* "guest <name> key=value...": check everything, then add the guest. */
static int parse_guest(struct cfg_ctx *c, const struct cfg_tok *tok,
		       unsigned int ntok, struct vmm_config *cfg)
{
	struct guest_config g;
	char buf[40];
	int r;

	if (ntok < 2)
		return cfg_error(c, "missing guest name");
	if (!valid_name(tok[1], VMM_NAME_LEN))
		return cfg_error(c, "bad guest name '%s'",
				 tok_str(tok[1], buf, sizeof(buf)));
	guest_defaults(&g, c->line);
	tok_str(tok[1], g.name, sizeof(g.name));
	for (unsigned int i = 0; i < cfg->nr_guests; i++) {
		if (!strcmp(cfg->guest[i].name, g.name))
			return cfg_error(c, "duplicate guest name '%s'",
					 g.name);
	}
	for (unsigned int i = 2; i < ntok; i++) {
		r = parse_key(c, tok[i], &g);
		if (r)
			return r;
	}
	if (!g.image[0])
		return cfg_error(c, "guest '%s' has no image=", g.name);
	if (cfg->nr_guests == VMM_MAX_GUESTS)
		return cfg_error(c, "too many guests (at most %d)",
				 VMM_MAX_GUESTS);
	cfg->guest[cfg->nr_guests++] = g;
	return 0;
}

static int parse_line(struct cfg_ctx *c, const char *s, size_t len,
		      struct vmm_config *cfg)
{
	struct cfg_tok tok[CFG_MAX_TOKENS];
	const char *hash = find_char(s, '#', len);
	unsigned int ntok;
	char buf[40];

	if (hash)
		len = hash - s;
	if (len > CFG_LINE_MAX)
		return cfg_error(c, "line longer than %d characters",
				 CFG_LINE_MAX);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\0')
			return cfg_error(c, "NUL byte in line");
	}
	if (tokenize(s, len, tok, &ntok))
		return cfg_error(c, "too many words (at most %d)",
				 CFG_MAX_TOKENS);
	if (ntok == 0)
		return 0;
	if (!tok_eq(tok[0], "guest"))
		return cfg_error(c, "unknown directive '%s' (expected 'guest')",
				 tok_str(tok[0], buf, sizeof(buf)));
	return parse_guest(c, tok, ntok, cfg);
}

int vmm_config_parse(const char *text, size_t len, const char *file,
		     struct vmm_config *cfg, char *err, size_t errlen)
{
	struct cfg_ctx c = {
		.file = file, .line = 0, .err = err, .errlen = errlen
	};
	size_t pos = 0;
	int r;

	if (errlen)
		err[0] = '\0';
	cfg->nr_guests = 0;
	while (pos < len) {
		const char *nl = find_char(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		c.line++;
		r = parse_line(&c, text + pos, end - pos, cfg);
		if (r)
			return r;
		pos = end + 1;
	}
	if (cfg->nr_guests == 0) {
		snprintf(err, errlen, "%s: no guest lines", file);
		return -EINVAL;
	}
	return 0;
}
