// SPDX-License-Identifier: GPL-2.0
/*
 * XSETBV as the hardware checks it (SDM Vol. 2C "XSETBV": Protected Mode
 * Exceptions; Vol. 1 13.3 "Enabling the XSAVE Feature Set"), for the
 * intercepted XSETBV of a guest (vmm/vcpu_state.c) and the XCR0 read back
 * after a run where the intercept was not honoured.  Pure: the unit tests
 * (tests/vmm/test_xcr0.c) call it with any supported mask.
 */
#include <vmm/vcpu_state.h>

/* A group of components that must be enabled together, or not at all. */
static bool xcr0_split(u64 value, u64 group)
{
	u64 set = value & group;

	return set && set != group;
}

const char *xsetbv_fault(u32 index, u64 value, u64 supported, unsigned int cpl)
{
	if (cpl)
		return "XSETBV at CPL > 0";
	if (index != XCR_XFEATURE_ENABLED_MASK)
		return "XSETBV of an XCR other than XCR0 (ECX != 0)";
	if (value & ~supported)
		return "XCR0 sets a bit the CPU does not support";
	if (!(value & XFEATURE_MASK_FP))
		return "XCR0 clears bit 0 (x87)";
	if ((value & XFEATURE_MASK_YMM) && !(value & XFEATURE_MASK_SSE))
		return "XCR0 enables AVX without SSE";
	if (xcr0_split(value, XFEATURE_MASK_MPX))
		return "XCR0 enables one of BNDREGS and BNDCSR only";
	if (xcr0_split(value, XFEATURE_MASK_AVX512))
		return "XCR0 enables part of the AVX-512 state (bits 7:5)";
	if ((value & XFEATURE_MASK_AVX512) && !(value & XFEATURE_MASK_YMM))
		return "XCR0 enables AVX-512 without AVX";
	if (xcr0_split(value, XFEATURE_MASK_XTILE))
		return "XCR0 enables one of XTILECFG and XTILEDATA only";
	return NULL;
}
