// SPDX-License-Identifier: GPL-2.0
/*
 * The guest ABI exists twice: include/vmm/guest_abi.h for C and
 * guest/guest_abi.inc for NASM.  Parse both and require the same names with
 * the same values, and check a few against the C compiler's own view.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vmm/guest_abi.h>

#define MAX_DEFS 256

struct def {
	char name[64];
	long long value;
};

/* "<keyword> NAME VALUE" lines; lines with no value (guards) are skipped. */
static int parse(const char *path, const char *keyword, struct def *defs)
{
	FILE *f = fopen(path, "r");
	char line[256];
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char name[64], value[64], *end;

		if (strncmp(line, keyword, strlen(keyword)))
			continue;
		if (sscanf(line + strlen(keyword), " %63s %63s", name, value) !=
		    2)
			continue;
		assert_true(n < MAX_DEFS);
		snprintf(defs[n].name, sizeof(defs[n].name), "%s", name);
		defs[n].value = strtoll(value, &end, 0);
		if (*end) {
			fail_msg("%s: %s = '%s' is not a plain number", path,
				 name, value);
		}
		n++;
	}
	fclose(f);
	return n;
}

static const struct def *find(const struct def *defs, int n, const char *name)
{
	for (int i = 0; i < n; i++) {
		if (!strcmp(defs[i].name, name))
			return &defs[i];
	}
	return NULL;
}

static void test_same_definitions(void **state)
{
	static struct def c[MAX_DEFS], nasm[MAX_DEFS];
	int nc, nn;

	(void)state;
	nc = parse(LIMINAL_SOURCE_DIR "/include/vmm/guest_abi.h", "#define", c);
	nn = parse(LIMINAL_SOURCE_DIR "/guest/guest_abi.inc", "%define", nasm);
	assert_true(nc > 40);
	for (int i = 0; i < nc; i++) {
		const struct def *d = find(nasm, nn, c[i].name);

		if (!d)
			fail_msg("%s missing from guest_abi.inc", c[i].name);
		if (d->value != c[i].value)
			fail_msg("%s: %lld in C, %lld in NASM", c[i].name,
				 c[i].value, d->value);
	}
	for (int i = 0; i < nn; i++) {
		if (!find(c, nc, nasm[i].name))
			fail_msg("%s missing from guest_abi.h", nasm[i].name);
	}
}

/* The parser read what the compiler reads. */
static void test_parser_agrees_with_compiler(void **state)
{
	static struct def c[MAX_DEFS];
	int nc;

	(void)state;
	nc = parse(LIMINAL_SOURCE_DIR "/include/vmm/guest_abi.h", "#define", c);
	assert_int_equal(find(c, nc, "GUEST_MMIO_GPA")->value, GUEST_MMIO_GPA);
	assert_int_equal(find(c, nc, "HC_ERROR")->value, HC_ERROR);
	assert_int_equal(find(c, nc, "BENCH_NR")->value, BENCH_NR);
	assert_int_equal(find(c, nc, "GUEST_PORT_CONSOLE")->value,
			 GUEST_PORT_CONSOLE);
}

/* Layout rules the VMM and the guests rely on. */
static void test_layout(void **state)
{
	(void)state;
	assert_true(GUEST_GDT_GPA < GUEST_TSS_GPA);
	assert_true(GUEST_TSS_GPA < GUEST_PML4_GPA);
	assert_true(GUEST_PD_GPA + GUEST_NR_PDS * 0x1000 <= 0x8000);
	assert_true(GUEST_REAL_SP < GUEST_LOAD_GPA);
	assert_int_equal((long long)GUEST_REAL_CS << 4, GUEST_LOAD_GPA);
	assert_true(GUEST_BENCH_BUF_GPA < GUEST_MEM_DEFAULT);
	assert_true(GUEST_OUTSIDE_GPA >= 64ll << 20); /* above any mem= */
	assert_true(GUEST_MMIO_GPA >= GUEST_OUTSIDE_GPA);
	assert_true(GUEST_MMIO_REG_SCRATCH + GUEST_MMIO_NR_SCRATCH * 8 <=
		    GUEST_MMIO_SIZE);
	assert_true((long long)GUEST_NR_PDS << 30 > GUEST_MMIO_GPA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_definitions),
		cmocka_unit_test(test_parser_agrees_with_compiler),
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
