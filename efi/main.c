#include <efi.h>
#include <efilib.h>
#include <liminal/compiler.h>

static noinstr int probe(int x)
{
	instrumentation_begin();
	x++;
	instrumentation_end();
	return x;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	InitializeLib(image, st);
	Print(L"liminal hello %d\nliminal: RESULT PASS\n", probe(1));
	__asm__ volatile("outb %b0, %w1" :: "a"(0x10), "Nd"(0xf4));
	return EFI_SUCCESS;
}
