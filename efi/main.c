// SPDX-License-Identifier: GPL-2.0
/*
 * efi_main: the UEFI application's entry, and the hand-off to the host.
 *
 * In this order:
 *  1) InitializeLib, COM1, the banner (version, build, firmware, CPU)
 *  2) hardware virtualization check: without VMX or SVM, say so and fail
 *  3) allocations for the host (VMM stack, IST stacks, descriptor pages),
 *     the self-test options and the ACPI RSDP, all surviving step 5
 *  4) vmm_efi_prepare(): the configuration and guest images, while file I/O
 *     still works
 *  5) ExitBootServices (retrying on a stale map key), IRQs off
 *  6) switch to the VMM stack and host_main(), which never returns; it
 *     runs vmm_main() as its payload after host init
 *
 * Test options (for tests/boot): the ESP file \liminal-selftest.cfg, one
 * option a line: "fault=ud", "fault=pf" or "fault=df" makes the host raise
 * that fatal exception on purpose after host init; "ebs=stale" makes the
 * first ExitBootServices see a stale map key; "selftest=only" ends the
 * run after the host self-test.  See include/host/host.h.
 */
#include <efi.h>
#include <efilib.h>
#include <efi/efi_boot.h>
#include <efi/efi_fs.h>
#include <lib/string.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <host/panic.h>
#include <vmm/vmm.h>

#define SELFTEST_CFG L"\\liminal-selftest.cfg"

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

static void efi_warn_line(const char *line, size_t len)
{
	char buf[48];

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	pr_warn("liminal-selftest.cfg: line not understood: \"%s\"\n", buf);
}

static void efi_parse_selftest_line(const char *line)
{
	static const struct {
		const char *text;
		enum host_fault_test test;
	} faults[] = {
		{ "fault=ud", HOST_FAULT_UD },
		{ "fault=pf", HOST_FAULT_PF },
		{ "fault=df", HOST_FAULT_DF },
	};
	size_t i, len = strchr(line, '\n') ?
				(size_t)(strchr(line, '\n') - line) :
				strlen(line);

	for (i = 0; i < ARRAY_SIZE(faults); i++) {
		if (len >= strlen(faults[i].text) &&
		    !strncmp(line, faults[i].text, strlen(faults[i].text))) {
			boot_info.fault_test = faults[i].test;
			return;
		}
	}
	if (!strncmp(line, "selftest=only", strlen("selftest=only")))
		boot_info.selftest_only = true;
	else if (!strncmp(line, "ebs=stale", strlen("ebs=stale")))
		boot_info.ebs_stale_test = true;
	else if (len && line[0] != '#' && line[0] != '\r')
		efi_warn_line(line, len);
}

/* \liminal-selftest.cfg: absent means no test option (see host/host.h). */
static void efi_read_selftest_options(void)
{
	const char *line;
	UINTN size;
	char *text;

	if (EFI_ERROR(efi_read_file(SELFTEST_CFG, (void **)&text, &size)))
		return;
	for (line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		efi_parse_selftest_line(line);
	pr_info("selftest options: fault %u, selftest only %s\n",
		boot_info.fault_test, boot_info.selftest_only ? "yes" : "no");
}

/* The ACPI RSDP from the configuration table: 2.0+ preferred. */
static void *efi_find_acpi_rsdp(EFI_SYSTEM_TABLE *st)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	void *rsdp1 = NULL;
	UINTN i;

	for (i = 0; i < st->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];

		if (!CompareGuid(&t->VendorGuid, &acpi20))
			return t->VendorTable;
		if (!CompareGuid(&t->VendorGuid, &acpi10))
			rsdp1 = t->VendorTable;
	}
	return rsdp1;
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
	efi_read_selftest_options();
	boot_info.acpi_rsdp = efi_find_acpi_rsdp(st);
	boot_info.payload = vmm_main;
	if (vmm_efi_prepare()) {
		pr_err("vmm_efi_prepare failed\n");
		platform_exit(false);
	}
	if (efi_exit_boot_services(image, &boot_info.memmap,
				   boot_info.ebs_stale_test,
				   &boot_info.ebs_tries))
		platform_exit(false);
	__asm__ __volatile__("cli" ::: "memory");
	stack_top = (char *)boot_info.stack + HOST_GUARD_SIZE + HOST_STACK_SIZE;
	host_switch_stack(stack_top, efi_enter_host, &boot_info);
	return EFI_LOAD_ERROR; /* not reached */
}
