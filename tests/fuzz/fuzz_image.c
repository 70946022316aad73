// SPDX-License-Identifier: GPL-2.0
/*
 * The image loader: a config's guests and an image file's bytes placed in
 * guest RAM by vm_load_image() and vm_setup_boot_state()
 * (vmm/guest_setup.c), in vmm_guest_init()'s order (vmm/vmm_main.c).
 *
 * Input: the config text up to the first NUL byte (vmm/config.c parses it;
 * a config that does not parse ends the input, as it ends the boot), then a
 * 4-byte count of zero bytes the image file ends with (so that images as
 * large as RAM need no large inputs), then the image file's first bytes.
 * Every guest of the config gets that image.  RAM is a heap block of
 * exactly the guest's mem= bytes, so ASan sees any write outside it.
 *
 * Checked for each guest:
 *  - the image is accepted exactly when it fits above GUEST_LOAD_GPA with
 *    the stack's reserve below the end of RAM, and then lies there intact
 *    after the boot state is written; nothing else above GUEST_LOAD_GPA is
 *    written (a window past the image is checked byte for byte)
 *  - the vCPU starts at the image: RIP (CS base + IP in real mode) is
 *    GUEST_LOAD_GPA, the stack is inside RAM, and in long mode the guest's
 *    own page tables map the image and the stack to themselves
 */
#include <string.h>

#include <arch/x86.h>
#include <liminal/errno.h>
#include <vmm/config.h>
#include <vmm/guest.h>
#include <vmm/guest_abi.h>

#include "fuzz.h"

#define STACK_RESERVE 0x1000 /* vmm/guest_setup.c's */
#define FILL 0xa5
#define CHECK_PAST 0x4000 /* bytes past the image checked untouched */
#define MAX_ZEROS (65ull << 20) /* up to past the largest RAM (64M) */

static void check_identity(const struct vm *vm, const struct vcpu_regs *regs,
			   u64 gva)
{
	gpa_t gpa = ~0ull;

	FUZZ_CHECK(!vm_gva_to_gpa(vm, regs, gva, &gpa) && gpa == gva,
		   "gva 0x%llx -> gpa 0x%llx", (unsigned long long)gva,
		   (unsigned long long)gpa);
}

static void check_boot_state(const struct vm *vm,
			     const struct vcpu_boot_state *bs, u64 mem,
			     u64 size)
{
	struct vcpu_regs regs = {
		.cr0 = bs->cr0, .cr3 = bs->cr3, .cr4 = bs->cr4, .efer = bs->efer
	};

	FUZZ_CHECK(bs->cs.base + bs->rip == GUEST_LOAD_GPA, "starts at 0x%llx",
		   (unsigned long long)(bs->cs.base + bs->rip));
	FUZZ_CHECK(bs->rsp <= mem && bs->rsp >= STACK_RESERVE,
		   "rsp 0x%llx, mem 0x%llx", (unsigned long long)bs->rsp,
		   (unsigned long long)mem);
	if (vm->boot_mode != VM_BOOT_LONG64)
		return;
	FUZZ_CHECK(bs->cr0 & X86_CR0_PG, "long64 without paging");
	check_identity(vm, &regs, bs->rip);
	if (size)
		check_identity(vm, &regs, GUEST_LOAD_GPA + size - 1);
	check_identity(vm, &regs, bs->rsp - 8);
}

static void load_guest(const struct guest_config *gc, const uint8_t *image,
		       u64 size)
{
	u64 mem = gc->mem;
	u64 window = GUEST_LOAD_GPA + size + CHECK_PAST;
	bool fits = size <= mem - GUEST_LOAD_GPA - STACK_RESERVE;
	struct vcpu_boot_state bs;
	struct vm vm = { .boot_mode = gc->mode };
	u8 *ram = malloc(mem);
	int r;

	FUZZ_CHECK(ram, "out of memory for %llu bytes",
		   (unsigned long long)mem);
	if (window > mem)
		window = mem;
	memset(ram, FILL, window);
	vm_mem_init(&vm, ram, mem);
	r = vm_load_image(&vm, image, size);
	FUZZ_CHECK(r == (fits ? 0 : -ENOSPC),
		   "load returned %d for %llu "
		   "bytes in %llu",
		   r, (unsigned long long)size, (unsigned long long)mem);
	if (r) {
		for (u64 i = GUEST_LOAD_GPA; i < window; i++)
			FUZZ_CHECK(ram[i] == FILL, "refused, but wrote 0x%llx",
				   (unsigned long long)i);
		free(ram);
		return;
	}
	r = vm_setup_boot_state(&vm, &bs);
	FUZZ_CHECK(!r, "boot state: %d with %llu bytes of RAM", r,
		   (unsigned long long)mem);
	FUZZ_CHECK(!memcmp(ram + GUEST_LOAD_GPA, image, size),
		   "image not intact");
	for (u64 i = GUEST_LOAD_GPA + size; i < window; i++)
		FUZZ_CHECK(ram[i] == FILL, "wrote 0x%llx past the image",
			   (unsigned long long)i);
	check_boot_state(&vm, &bs, mem, size);
	free(ram);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vmm_config cfg;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t text = nul ? (size_t)(nul - data) : size;
	struct fuzz_input in = { data + text, size - text };
	u64 zeros, image_size;
	char err[160];
	u8 *image;

	if (vmm_config_parse((const char *)data, text, "liminal.cfg", &cfg, err,
			     sizeof(err)))
		return 0;
	fuzz_take(&in, 1); /* the NUL */
	zeros = fuzz_take(&in, 1) % 12;
	zeros = fuzz_take(&in, 2) << zeros;
	if (zeros > MAX_ZEROS)
		zeros = MAX_ZEROS;
	image_size = in.size + zeros;
	image = malloc(image_size ? image_size : 1);
	FUZZ_CHECK(image, "out of memory");
	memcpy(image, in.data, in.size);
	memset(image + in.size, 0, zeros);
	for (unsigned int i = 0; i < cfg.nr_guests; i++)
		load_guest(&cfg.guest[i], image, image_size);
	free(image);
	return 0;
}
