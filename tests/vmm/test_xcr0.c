// SPDX-License-Identifier: GPL-2.0
/*
 * XSETBV's checks (vmm/xcr0.c), one per #GP condition of SDM Vol. 2C
 * "XSETBV" and Vol. 1 13.3, against the supported masks of the CPUs
 * liminal runs on: QEMU -cpu max (x87 SSE AVX MPX PKRU), Bochs Skylake-X
 * (x87 SSE AVX AVX-512) and one with AMX.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <vmm/vcpu_state.h>

#define QEMU_MAX 0x21full
#define SKYLAKE_X 0xe7ull
#define WITH_AMX (SKYLAKE_X | XFEATURE_MASK_XTILE)

static void assert_fault(u32 index, u64 value, u64 supported, unsigned int cpl,
			 const char *why)
{
	const char *got = xsetbv_fault(index, value, supported, cpl);

	assert_non_null(got);
	assert_string_equal(got, why);
}

static void legal_values_pass(void **state)
{
	(void)state;
	assert_null(xsetbv_fault(0, XCR0_RESET, QEMU_MAX, 0));
	assert_null(xsetbv_fault(0, 0x3, QEMU_MAX, 0));
	assert_null(xsetbv_fault(0, 0x7, QEMU_MAX, 0));
	assert_null(xsetbv_fault(0, 0x1f, QEMU_MAX, 0));
	assert_null(xsetbv_fault(0, QEMU_MAX, QEMU_MAX, 0));
	assert_null(xsetbv_fault(0, 0x201, QEMU_MAX, 0)); /* PKRU alone */
	assert_null(xsetbv_fault(0, SKYLAKE_X, SKYLAKE_X, 0));
	assert_null(xsetbv_fault(0, WITH_AMX, WITH_AMX, 0));
}

static void cpl_and_index(void **state)
{
	(void)state;
	assert_fault(0, 0x3, QEMU_MAX, 3, "XSETBV at CPL > 0");
	assert_fault(0, 0x3, QEMU_MAX, 1, "XSETBV at CPL > 0");
	assert_fault(1, 0x3, QEMU_MAX, 0,
		     "XSETBV of an XCR other than XCR0 (ECX != 0)");
	assert_fault(0xffffffffu, 0x1, QEMU_MAX, 0,
		     "XSETBV of an XCR other than XCR0 (ECX != 0)");
}

static void unsupported_bits(void **state)
{
	(void)state;
	assert_fault(0, 0x100 | 0x3, QEMU_MAX, 0, /* PT: XSS only */
		     "XCR0 sets a bit the CPU does not support");
	assert_fault(0, (1ull << 62) | 1, QEMU_MAX, 0,
		     "XCR0 sets a bit the CPU does not support");
	assert_fault(0, SKYLAKE_X, QEMU_MAX, 0,
		     "XCR0 sets a bit the CPU does not support");
	assert_fault(0, 0x201, SKYLAKE_X, 0,
		     "XCR0 sets a bit the CPU does not support");
}

static void dependencies(void **state)
{
	(void)state;
	assert_fault(0, 0, QEMU_MAX, 0, "XCR0 clears bit 0 (x87)");
	assert_fault(0, 0x2, QEMU_MAX, 0, "XCR0 clears bit 0 (x87)");
	assert_fault(0, 0x5, QEMU_MAX, 0, "XCR0 enables AVX without SSE");
	assert_fault(0, 0x9, QEMU_MAX, 0,
		     "XCR0 enables one of BNDREGS and BNDCSR only");
	assert_fault(0, 0x13, QEMU_MAX, 0,
		     "XCR0 enables one of BNDREGS and BNDCSR only");
	assert_fault(0, 0x27, SKYLAKE_X, 0,
		     "XCR0 enables part of the AVX-512 state (bits 7:5)");
	assert_fault(0, 0xc7, SKYLAKE_X, 0,
		     "XCR0 enables part of the AVX-512 state (bits 7:5)");
	assert_fault(0, 0xe3, SKYLAKE_X, 0, "XCR0 enables AVX-512 without AVX");
	assert_fault(0, SKYLAKE_X | XFEATURE_MASK_XTILECFG, WITH_AMX, 0,
		     "XCR0 enables one of XTILECFG and XTILEDATA only");
}

/* The guests' mask never has AMX, nor anything unnamed. */
static void guest_mask(void **state)
{
	(void)state;
	assert_int_equal(XFEATURE_MASK_GUEST & XFEATURE_MASK_XTILE, 0);
	assert_int_equal(XFEATURE_MASK_GUEST, 0x2ffull);
	assert_int_equal(QEMU_MAX & XFEATURE_MASK_GUEST, QEMU_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(legal_values_pass),
		cmocka_unit_test(cpl_and_index),
		cmocka_unit_test(unsupported_bits),
		cmocka_unit_test(dependencies),
		cmocka_unit_test(guest_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
