// SPDX-License-Identifier: GPL-2.0
/*
 * The \liminal.cfg parser (vmm/config.c) on any bytes, as efi/guests.c
 * hands it the file: not NUL-terminated (libFuzzer's buffer has exactly
 * @size bytes, so ASan sees a read past the end), the error text into a
 * buffer of the caller's size.
 *
 * Each input is parsed twice: with efi/guests.c's 160-byte error buffer,
 * then with a small one of exactly its size (a size taken from the input's
 * length): both parse the same, and every error is a NUL-terminated
 * "<file>..." line within its buffer.  A config that parses is what
 * include/vmm/config.h promises: 1..VMM_MAX_GUESTS guests, each with a
 * unique valid name, an image name, and every value in its range.
 */
#include <string.h>

#include <liminal/errno.h>
#include <vmm/config.h>
#include <vmm/guest_abi.h>

#include "fuzz.h"

#define FILE_NAME "liminal.cfg"
#define ERR_LEN 160 /* efi/guests.c's */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static void check_string(const char *s, size_t max, bool (*ok)(char),
			 const char *what)
{
	size_t len = strnlen(s, max);

	FUZZ_CHECK(len > 0 && len < max, "%s of %zu characters", what, len);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK(ok(s[i]), "%s '%s': character 0x%02x", what, s,
			   (unsigned char)s[i]);
}

static bool file_char(char c)
{
	return c > 0x20 && c < 0x7f && c != '/' && c != '\\' && c != ':';
}

static void check_guest(const struct vmm_config *cfg, unsigned int i,
			unsigned int lines)
{
	const struct guest_config *g = &cfg->guest[i];

	check_string(g->name, sizeof(g->name), name_char, "name");
	check_string(g->image, sizeof(g->image), file_char, "image");
	for (unsigned int j = 0; j < i; j++)
		FUZZ_CHECK(strcmp(cfg->guest[j].name, g->name), "'%s' twice",
			   g->name);
	FUZZ_CHECK(g->line >= 1 && g->line <= lines, "line %u of %u", g->line,
		   lines);
	FUZZ_CHECK(i == 0 || g->line > cfg->guest[i - 1].line, "line order");
	FUZZ_CHECK(g->mem >= (256u << 10) && g->mem <= (64u << 20) &&
			   g->mem % 4096 == 0,
		   "mem 0x%llx", (unsigned long long)g->mem);
	FUZZ_CHECK((unsigned int)g->mode <= VM_BOOT_REAL16, "mode %d", g->mode);
	FUZZ_CHECK(g->expect >= VERDICT_DONE && g->expect < VERDICT_ERROR,
		   "expect %d", g->expect);
	FUZZ_CHECK((unsigned int)g->corrupt < VMM_NR_CORRUPT, "corrupt %d",
		   g->corrupt);
	FUZZ_CHECK(g->iterations >= 1 && g->iterations <= 100000,
		   "iterations %u", g->iterations);
	FUZZ_CHECK(g->stop_ticks <= 1000000, "stop_ticks %u", g->stop_ticks);
	FUZZ_CHECK(g->nmi_us == 0 || (g->nmi_us >= 100 && g->nmi_us <= 50000),
		   "nmi_us %u", g->nmi_us);
	FUZZ_CHECK(g->max_exits >= 1 && g->max_ticks >= 1, "limits");
	FUZZ_CHECK(!g->image_data && !g->image_size, "image data set");
}

static int parse(const uint8_t *data, size_t size, struct vmm_config *cfg,
		 char *err, size_t errlen)
{
	int r;

	memset(cfg, 0xa5, sizeof(*cfg)); /* no field left from before */
	memset(err, 0xa5, errlen);
	r = vmm_config_parse((const char *)data, size, FILE_NAME, cfg, err,
			     errlen);
	FUZZ_CHECK(r == 0 || r == -EINVAL, "returned %d", r);
	if (errlen)
		FUZZ_CHECK(memchr(err, '\0', errlen), "error not terminated");
	if (r && errlen > 1)
		FUZZ_CHECK(!strncmp(err, FILE_NAME,
				    errlen - 1 < sizeof(FILE_NAME) - 1 ?
					    errlen - 1 :
					    sizeof(FILE_NAME) - 1),
			   "error '%s' names no file", err);
	if (!r && errlen)
		FUZZ_CHECK(err[0] == '\0', "error '%s' on success", err);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vmm_config cfg, again;
	unsigned int lines = 1;
	size_t small_len = size % 24;
	char err[ERR_LEN];
	char *small;
	int r;

	r = parse(data, size, &cfg, err, sizeof(err));
	small = malloc(small_len ? small_len : 1);
	FUZZ_CHECK(small, "out of memory");
	FUZZ_CHECK(parse(data, size, &again, small, small_len) == r,
		   "the error buffer's size changed the result");
	if (small_len)
		FUZZ_CHECK(!strncmp(err, small, small_len - 1),
			   "'%s' is not a prefix of '%s'", small, err);
	free(small);
	if (r)
		return 0;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	FUZZ_CHECK(cfg.nr_guests >= 1 && cfg.nr_guests <= VMM_MAX_GUESTS,
		   "%u guests", cfg.nr_guests);
	FUZZ_CHECK(again.nr_guests == cfg.nr_guests, "guest count differs");
	for (unsigned int i = 0; i < cfg.nr_guests; i++) {
		check_guest(&cfg, i, lines);
		FUZZ_CHECK(!memcmp(&cfg.guest[i], &again.guest[i],
				   sizeof(cfg.guest[i])),
			   "guest %u parsed differently", i);
	}
	return 0;
}
