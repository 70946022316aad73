// SPDX-License-Identifier: GPL-2.0
/*
 * efi_main: the UEFI application's entry, and the hand-off to the host.
 *
 * In this order:
 *  1) InitializeLib, COM1, the banner (version, build, firmware, CPU)
 *  2) hardware virtualization check: without VMX or SVM, say so and fail
 *  3) allocations for the host (VMM stack, IST stacks, descriptor page) and
 *     the self-test options, as EfiLoaderData that survives step 5
 *  4) vmm_efi_prepare(): the configuration and guest images, while file I/O
 *     still works
 *  5) ExitBootServices (retrying on a stale map key), IRQs off
 *  6) switch to the VMM stack and host_main(), which never returns
 *
 * Self-test option (for tests/boot): a file \liminal-selftest.cfg on the
 * ESP holding "fault=ud", "fault=pf" or "fault=df" makes the host raise that
 * fatal exception on purpose after host init; see host_fault_test.
 */
#include <efi.h>
#include <efilib.h>
#include <efi/efi_boot.h>
#include <efi/efi_fs.h>
#include <liminal/string.h>
#include <vmm/host.h>
#include <vmm/mm.h>
#include <vmm/printk.h>
#include <vmm/vmm.h>

#define SELFTEST_CFG L"\\liminal-selftest.cfg"

void host_switch_stack(void *stack_top, void (*fn)(void *), void *arg);
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* Everything host_main() needs; in the image, so it survives EBS. */
static struct host_boot_info boot_info;

static void efi_print_banner(EFI_SYSTEM_TABLE *st)
{
	char vendor[64];
	size_t i;

	for (i = 0; i + 1 < sizeof(vendor) && st->FirmwareVendor[i]; i++)
		vendor[i] = st->FirmwareVendor[i] < 0x80 ?
				    (char)st->FirmwareVendor[i] :
				    '?';
	vendor[i] = '\0';
	pr_info("liminal %s (%s build), a minimal type-1 hypervisor\n",
		LIMINAL_VERSION, LIMINAL_BUILD);
	pr_info("firmware: %s rev 0x%x, UEFI %u.%u\n", vendor,
		st->FirmwareRevision, st->Hdr.Revision >> 16,
		(st->Hdr.Revision & 0xffff) / 10);
	cpu_print_banner();
}

static const struct {
	const char *text;
	enum host_fault_test test;
} fault_options[] = {
	{ "fault=ud", HOST_FAULT_UD },
	{ "fault=pf", HOST_FAULT_PF },
	{ "fault=df", HOST_FAULT_DF },
};

/* \liminal-selftest.cfg: absent means no deliberate fault. */
static enum host_fault_test efi_read_selftest_options(void)
{
	UINTN size, i;
	char *text;

	if (EFI_ERROR(efi_read_file(SELFTEST_CFG, (void **)&text, &size)))
		return HOST_FAULT_NONE;
	for (i = 0; i < ARRAY_SIZE(fault_options); i++) {
		if (!strncmp(text, fault_options[i].text,
			     strlen(fault_options[i].text))) {
			pr_info("selftest option: %s\n", fault_options[i].text);
			return fault_options[i].test;
		}
	}
	pr_warn("selftest option not understood: \"%s\"\n", text);
	return HOST_FAULT_NONE;
}

static void efi_enter_host(void *arg)
{
	host_main(arg);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	void *stack_top;

	InitializeLib(image, st);
	serial_init();
	efi_print_banner(st);
	if (cpu_detect_virt() == HOST_VIRT_NONE) {
		pr_err("no VMX or SVM: this CPU or emulator does not expose "
		       "hardware virtualization\n");
		platform_exit(false);
	}
	/* the boot manager's 5-minute watchdog must not reset a long run */
	BS->SetWatchdogTimer(0, 0, 0, NULL);
	if (efi_alloc_host(&boot_info))
		platform_exit(false);
	boot_info.fault_test = efi_read_selftest_options();
	if (vmm_efi_prepare()) {
		pr_err("vmm_efi_prepare failed\n");
		platform_exit(false);
	}
	if (efi_exit_boot_services(image, &boot_info.memmap))
		platform_exit(false);
	__asm__ __volatile__("cli" ::: "memory");
	stack_top = (char *)boot_info.stack + PAGE_SIZE + HOST_STACK_SIZE;
	host_switch_stack(stack_top, efi_enter_host, &boot_info);
	return EFI_LOAD_ERROR; /* not reached */
}
