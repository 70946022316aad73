// SPDX-License-Identifier: GPL-2.0
/*
 * liminal-objtool check [--required FILE] [--allow-nesting] ELF
 *
 * Checks the noinstr rules (check.c) on the linked VMM image and exits 1
 * with a compiler-style diagnostic per violation, so the build fails.
 * Without --required it uses tools/objtool/required.txt as built in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objtool.h"

extern const char objtool_required[];

static int usage(void)
{
	fprintf(stderr,
		"usage: liminal-objtool check [--required FILE] "
		"[--allow-nesting] ELF\n"
		"  --required FILE  noinstr functions (name) and ops slots\n"
		"                   (@type.member) the image must have, one a\n"
		"                   line, '?' = only if present (default: the\n"
		"                   built-in tools/objtool/required.txt)\n"
		"  --allow-nesting  instrumentation_begin() may nest (Linux's\n"
		"                   objtool: begin +1, end -1)\n");
	return 2;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long len;

	if (!f) {
		perror(path);
		return NULL;
	}
	if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET) && (buf = calloc(1, (size_t)len + 1)) &&
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static unsigned int nr_groups(const struct image *img)
{
	unsigned int n = 0;

	for (size_t i = 0; i < img->nr_funcs; i++)
		n += img->funcs[i].group == &img->funcs[i];
	return n;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *req_path = NULL;
	bool nesting = false;
	char *req = NULL;
	struct image img;
	int ret;

	if (argc < 3 || strcmp(argv[1], "check"))
		return usage();
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--required") && i + 1 < argc)
			req_path = argv[++i];
		else if (!strcmp(argv[i], "--allow-nesting"))
			nesting = true;
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			return usage();
	}
	if (!path)
		return usage();
	if (req_path && !(req = read_file(req_path)))
		return 2;
	if (image_open(&img, path) || dwarf_load(&img) ||
	    decode_noinstr(&img)) {
		image_close(&img);
		free(req);
		return 2;
	}
	img.allow_nesting = nesting;
	ret = check_image(&img, req ? req : objtool_required);
	if (ret)
		fprintf(stderr, "objtool: %s: %u noinstr violation%s\n",
			img.name, img.errors, img.errors == 1 ? "" : "s");
	else
		printf("objtool: %u noinstr functions, %u calls checked, "
		       "%u instrumentation ranges, OK\n",
		       nr_groups(&img), img.calls_checked, img.ranges);
	image_close(&img);
	free(req);
	return ret;
}
