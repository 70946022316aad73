// SPDX-License-Identifier: GPL-2.0
/*
 * vmm_efi_prepare(): while boot services still exist, read \liminal.cfg
 * and every guest image it names from the ESP.  efi_read_file() puts them
 * in EfiLoaderData pages, which survive ExitBootServices and which the page
 * allocator never hands out, so vmm_main() uses them in place.
 *
 * No \liminal.cfg is not an error (a host-only boot: vmm_main() says so
 * and runs nothing); a config that does not parse or names a missing image
 * is, reported as "<file>:<line>: <problem>".
 */
#include <efi.h>
#include <efi/efi_fs.h>
#include <liminal/errno.h>
#include <vmm/config.h>
#include <lib/printk.h>
#include <vmm/vmm.h>

#define CFG_FILE "liminal.cfg"
#define CFG_PATH L"\\liminal.cfg"
#define PATH_MAX_CHARS (VMM_IMAGE_LEN + 2)

/* "\\<name>" as CHAR16: names are printable ASCII (vmm/config.c checks). */
static void image_path(const char *name, CHAR16 *path)
{
	unsigned int i = 0;

	path[i++] = L'\\';
	for (; *name && i < PATH_MAX_CHARS - 1; name++)
		path[i++] = (CHAR16)*name;
	path[i] = 0;
}

static int load_image(struct guest_config *g)
{
	CHAR16 path[PATH_MAX_CHARS];
	EFI_STATUS st;
	void *buf;
	UINTN size;

	image_path(g->image, path);
	st = efi_read_file(path, &buf, &size);
	if (st == EFI_NOT_FOUND) {
		pr_err("%s:%u: image '%s': no such file on the ESP\n", CFG_FILE,
		       g->line, g->image);
		return -ENOENT;
	}
	if (EFI_ERROR(st)) {
		pr_err("%s:%u: image '%s': read failed (EFI status 0x%llx)\n",
		       CFG_FILE, g->line, g->image, (unsigned long long)st);
		return -EIO;
	}
	if (size == 0) {
		pr_err("%s:%u: image '%s': empty file\n", CFG_FILE, g->line,
		       g->image);
		return -EINVAL;
	}
	g->image_data = buf;
	g->image_size = size;
	return 0;
}

static int read_config(struct vmm_config *cfg)
{
	char err[160];
	EFI_STATUS st;
	void *buf;
	UINTN size;
	int r;

	st = efi_read_file(CFG_PATH, &buf, &size);
	if (st == EFI_NOT_FOUND)
		return 0;
	if (EFI_ERROR(st)) {
		pr_err("%s: read failed (EFI status 0x%llx)\n", CFG_FILE,
		       (unsigned long long)st);
		return -EIO;
	}
	cfg->present = true;
	r = vmm_config_parse(buf, size, CFG_FILE, cfg, err, sizeof(err));
	if (r)
		pr_err("%s\n", err);
	return r;
}

int vmm_efi_prepare(void)
{
	struct vmm_config *cfg = &vmm_boot_config;
	int r;

	r = read_config(cfg);
	for (unsigned int i = 0; !r && i < cfg->nr_guests; i++)
		r = load_image(&cfg->guest[i]);
	if (!r && cfg->present)
		pr_info("%s: %u guests\n", CFG_FILE, cfg->nr_guests);
	cfg->status = r;
	return r;
}
