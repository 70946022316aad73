// SPDX-License-Identifier: GPL-2.0
/* The \liminal.cfg parser (vmm/config.c): good configs and exact errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <liminal/errno.h>
#include <vmm/config.h>
#include <vmm/guest_abi.h>

static struct vmm_config cfg;
static char err[160];

static int parse(const char *text)
{
	memset(&cfg, 0xa5, sizeof(cfg));
	return vmm_config_parse(text, strlen(text), "liminal.cfg", &cfg, err,
				sizeof(err));
}

static void test_defaults(void **state)
{
	const struct guest_config *g = &cfg.guest[0];

	(void)state;
	assert_int_equal(parse("guest cpuid image=cpuid.bin\n"), 0);
	assert_string_equal(err, "");
	assert_int_equal(cfg.nr_guests, 1);
	assert_string_equal(g->name, "cpuid");
	assert_string_equal(g->image, "cpuid.bin");
	assert_int_equal(g->mode, VM_BOOT_LONG64);
	assert_int_equal(g->mem, GUEST_MEM_DEFAULT);
	assert_int_equal(g->expect, VERDICT_DONE);
	assert_false(g->bench);
	assert_false(g->idle);
	assert_int_equal(g->iterations, 1000);
	assert_int_equal(g->stop_ticks, 0);
	assert_int_equal(g->nmi_us, 0);
	assert_int_equal(g->max_ticks, 30000);
	assert_int_equal(g->line, 1);
	assert_int_equal(g->corrupt, CORRUPT_NONE);
	assert_true(g->mitigations);
	assert_null(g->image_data);
}

static void test_every_key(void **state)
{
	const struct guest_config *g;

	(void)state;
	assert_int_equal(
		parse("# demo\n"
		      "\n"
		      "  guest a image=a.bin   # trailing comment\n"
		      "guest real-1 image=r.bin mode=real16 mem=512K "
		      "expect=shutdown bench=1 idle=yes iterations=0x10 "
		      "stop_ticks=5 max_exits=99 max_ticks=7 corrupt=cr0_pe trace=1 "
		      "nmi_us=250\r\n"
		      "guest p_32\timage=p.bin mode=prot32 mem=4M "
		      "expect=mem_violation bench=0 mitigations=off "
		      "corrupt=vmenter_fault"),
		0);
	assert_int_equal(cfg.nr_guests, 3);
	assert_int_equal(cfg.guest[0].line, 3);
	g = &cfg.guest[1];
	assert_string_equal(g->name, "real-1");
	assert_int_equal(g->line, 4);
	assert_int_equal(g->mode, VM_BOOT_REAL16);
	assert_int_equal(g->mem, 512 * 1024);
	assert_int_equal(g->expect, VERDICT_SHUTDOWN);
	assert_true(g->bench);
	assert_true(g->idle);
	assert_int_equal(g->iterations, 16);
	assert_int_equal(g->stop_ticks, 5);
	assert_int_equal(g->nmi_us, 250);
	assert_int_equal(g->max_exits, 99);
	assert_int_equal(g->max_ticks, 7);
	assert_int_equal(g->corrupt, CORRUPT_CR0_PE);
	assert_true(g->trace);
	assert_true(g->mitigations);
	g = &cfg.guest[2];
	assert_string_equal(g->name, "p_32");
	assert_int_equal(g->mode, VM_BOOT_PROT32);
	assert_int_equal(g->mem, 4 << 20);
	assert_int_equal(g->expect, VERDICT_MEM_VIOLATION);
	assert_false(g->bench);
	assert_false(g->mitigations);
	assert_int_equal(g->corrupt, CORRUPT_VMENTER_FAULT);
}

static void test_every_verdict_name(void **state)
{
	static const char *const names[] = {
		"done",		 "assert",    "shutdown",     "unhandled",
		"mem_violation", "exception", "entry_failed", "timeout",
	};
	char line[96];

	(void)state;
	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(line, sizeof(line), "guest g image=g.bin expect=%s",
			 names[i]);
		assert_int_equal(parse(line), 0);
		assert_string_equal(vmm_verdict_name(cfg.guest[0].expect),
				    names[i]);
	}
	assert_string_equal(vmm_verdict_name(VMM_NR_VERDICTS), "?");
	assert_string_equal(vmm_boot_mode_name(VM_BOOT_REAL16), "real16");
}

/* Each bad input and the exact message it must produce. */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ "guest a image=a.bin\nguest b image=b.bin memm=2M\n",
	  "liminal.cfg:2: unknown key 'memm'" },
	{ "vm a image=a.bin", "liminal.cfg:1: unknown directive 'vm' "
			      "(expected 'guest')" },
	{ "guest", "liminal.cfg:1: missing guest name" },
	{ "guest a", "liminal.cfg:1: guest 'a' has no image=" },
	{ "guest a/b image=a.bin", "liminal.cfg:1: bad guest name 'a/b'" },
	{ "guest a image=a.bin\n\nguest a image=b.bin",
	  "liminal.cfg:3: duplicate guest name 'a'" },
	{ "guest a image=a.bin mode", "liminal.cfg:1: expected key=value, "
				      "got 'mode'" },
	{ "guest a image=a.bin mode=long32",
	  "liminal.cfg:1: unknown mode 'long32' (long64, prot32, real16)" },
	{ "guest a image=a.bin mem=3Q",
	  "liminal.cfg:1: bad size '3Q' for mem=" },
	{ "guest a image=a.bin mem=128K",
	  "liminal.cfg:1: mem=128K out of range (256K..64M, 4K multiple)" },
	{ "guest a image=a.bin mem=1001K",
	  "liminal.cfg:1: mem=1001K out of range (256K..64M, 4K multiple)" },
	{ "guest a image=a.bin expect=fine",
	  "liminal.cfg:1: unknown verdict 'fine' for expect=" },
	{ "guest a image=a.bin expect=running",
	  "liminal.cfg:1: unknown verdict 'running' for expect=" },
	{ "guest a image=a.bin bench=2",
	  "liminal.cfg:1: bad value '2' for bench= (0 or 1)" },
	{ "guest a image=a.bin iterations=0",
	  "liminal.cfg:1: bad value '0' for iterations= (1..100000)" },
	{ "guest a image=a.bin iterations=12x",
	  "liminal.cfg:1: bad value '12x' for iterations= (1..100000)" },
	{ "guest a image=a.bin iterations=99999999999999999999999",
	  "liminal.cfg:1: bad value '99999999999999999999999' for "
	  "iterations= (1..100000)" },
	{ "guest a image=a.bin nmi_us=50",
	  "liminal.cfg:1: bad value '50' for nmi_us= (100..50000)" },
	{ "guest a image=a.bin corrupt=cr4",
	  "liminal.cfg:1: unknown corruption 'cr4' (none, cr0_pe, "
	  "vmenter_fault)" },
	{ "guest a image=a.bin mitigations=1",
	  "liminal.cfg:1: bad value '1' for mitigations= (on or off)" },
	{ "guest a image=dir/a.bin",
	  "liminal.cfg:1: bad image file name 'dir/a.bin'" },
	{ "guest a image=", "liminal.cfg:1: bad image file name ''" },
	{ "# only a comment\n\n", "liminal.cfg: no guest lines" },
	{ "", "liminal.cfg: no guest lines" },
	{ "guest a image=a.bin 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
	  "liminal.cfg:1: too many words (at most 16)" },
};

static void test_errors(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i].text) != -EINVAL)
			fail_msg("accepted: '%s'", bad[i].text);
		assert_string_equal(err, bad[i].msg);
	}
}

static void test_too_many_guests(void **state)
{
	char text[VMM_MAX_GUESTS * 32];
	size_t n = 0;

	(void)state;
	for (int i = 0; i <= VMM_MAX_GUESTS; i++)
		n += snprintf(text + n, sizeof(text) - n,
			      "guest g%d image=g.bin\n", i);
	assert_int_equal(parse(text), -EINVAL);
	assert_string_equal(err,
			    "liminal.cfg:129: too many guests (at most 128)");
}

/* The buffer is not NUL-terminated: len decides, and errors truncate. */
static void test_length_and_truncation(void **state)
{
	const char text[] = "guest a image=a.bin\nguest b image=b.bin";
	char small[12];

	(void)state;
	assert_int_equal(vmm_config_parse(text, 19, "liminal.cfg", &cfg, err,
					  sizeof(err)),
			 0);
	assert_int_equal(cfg.nr_guests, 1);
	assert_int_equal(vmm_config_parse("guest", 5, "liminal.cfg", &cfg,
					  small, sizeof(small)),
			 -EINVAL);
	assert_string_equal(small, "liminal.cfg");
	/* a NUL inside a line is an error, not the end of the file */
	assert_int_equal(vmm_config_parse("guest a\0 image=a.bin", 20,
					  "liminal.cfg", &cfg, err,
					  sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "liminal.cfg:1: NUL byte in line");
}

/* The configs shipped in guest/ parse, and each image has its source. */
static void check_shipped(const char *name, unsigned int guests)
{
	char path[512], text[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/guest/%s", LIMINAL_SOURCE_DIR, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	memset(&cfg, 0, sizeof(cfg));
	if (vmm_config_parse(text, n, name, &cfg, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(cfg.nr_guests, guests);
	for (unsigned int i = 0; i < cfg.nr_guests; i++) {
		const char *image = cfg.guest[i].image;
		size_t len = strlen(image);

		assert_true(len > 4 && !strcmp(image + len - 4, ".bin"));
		snprintf(path, sizeof(path), "%s/guest/%.*s.asm",
			 LIMINAL_SOURCE_DIR, (int)(len - 4), image);
		f = fopen(path, "r");
		if (!f)
			fail_msg("%s: no source %s", name, path);
		fclose(f);
	}
}

static void test_shipped_configs(void **state)
{
	(void)state;
	check_shipped("demo.cfg", 15);
	check_shipped("bench.cfg", 2); /* mitigations on and off */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_every_verdict_name),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_too_many_guests),
		cmocka_unit_test(test_length_and_truncation),
		cmocka_unit_test(test_shipped_configs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
