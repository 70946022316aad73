// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled, never run, by check_vmcs_width.sh: the accessors of
 * include/vmm/vmx/vmcs.h with fields of their own width build; each
 * WRONG_* case must be refused at compile time.
 */
#include <vmm/vmx/vmcs.h>

void vmx_vmwrite_error(unsigned long field, u64 value)
{
	(void)field;
	(void)value;
}

u64 vmcs_width_uses(void);
u64 vmcs_width_uses(void)
{
	u64 sum = 0;

	sum += vmcs_read16(GUEST_CS_SELECTOR);
	sum += vmcs_read32(VM_EXIT_REASON);
	sum += vmcs_read64(GUEST_IA32_EFER);
	sum += vmcs_readl(GUEST_RIP);
	vmcs_write16(VIRTUAL_PROCESSOR_ID, 1);
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, 0);
	vmcs_write64(EPT_POINTER, 0);
	vmcs_writel(GUEST_RSP, 0);
#ifdef WRONG_READ32_ON_64
	sum += vmcs_read32(GUEST_IA32_EFER);
#endif
#ifdef WRONG_WRITE64_ON_NAT
	vmcs_write64(GUEST_CR0, 0);
#endif
#ifdef WRONG_READ16_ON_32
	sum += vmcs_read16(GUEST_CS_LIMIT);
#endif
#ifdef WRONG_WRITEL_ON_16
	vmcs_writel(GUEST_TR_SELECTOR, 0);
#endif
#ifdef WRONG_HIGH_HALF
	sum += vmcs_read64(GUEST_IA32_EFER + 1);
#endif
	return sum;
}
