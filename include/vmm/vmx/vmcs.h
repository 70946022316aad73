/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMCS field encodings and width-checked accessors.
 *
 * Every field is a named enum constant whose value is its architectural
 * encoding (SDM Appendix B).  The encoding itself carries the width (SDM
 * 25.11.2, Table 25-21): bits 14:13 are 0 = 16-bit, 1 = 64-bit, 2 = 32-bit,
 * 3 = natural width; bit 0 is the access type (1 = the high half of a
 * 64-bit field).  vmcs_read16/32/64/nat() and vmcs_write*() assert that
 * width AT COMPILE TIME: vmcs_read32(GUEST_IA32_EFER) does not build
 * (tests/vmx/CMakeLists.txt has a negative compile test).  The dump walks
 * the table of all fields with the unchecked __vmcs_read().
 */
#ifndef VMM_VMX_VMCS_H
#define VMM_VMX_VMCS_H

#include <liminal/compiler.h>
#include <liminal/types.h>

/* X(name, encoding): one list for the enum and the dump's name table. */
#define VMCS_FIELDS_16(X)               \
	X(VIRTUAL_PROCESSOR_ID, 0x0000) \
	X(GUEST_ES_SELECTOR, 0x0800)    \
	X(GUEST_CS_SELECTOR, 0x0802)    \
	X(GUEST_SS_SELECTOR, 0x0804)    \
	X(GUEST_DS_SELECTOR, 0x0806)    \
	X(GUEST_FS_SELECTOR, 0x0808)    \
	X(GUEST_GS_SELECTOR, 0x080a)    \
	X(GUEST_LDTR_SELECTOR, 0x080c)  \
	X(GUEST_TR_SELECTOR, 0x080e)    \
	X(HOST_ES_SELECTOR, 0x0c00)     \
	X(HOST_CS_SELECTOR, 0x0c02)     \
	X(HOST_SS_SELECTOR, 0x0c04)     \
	X(HOST_DS_SELECTOR, 0x0c06)     \
	X(HOST_FS_SELECTOR, 0x0c08)     \
	X(HOST_GS_SELECTOR, 0x0c0a)     \
	X(HOST_TR_SELECTOR, 0x0c0c)

#define VMCS_FIELDS_64(X)                 \
	X(IO_BITMAP_A, 0x2000)            \
	X(IO_BITMAP_B, 0x2002)            \
	X(MSR_BITMAP, 0x2004)             \
	X(VM_EXIT_MSR_STORE_ADDR, 0x2006) \
	X(VM_EXIT_MSR_LOAD_ADDR, 0x2008)  \
	X(VM_ENTRY_MSR_LOAD_ADDR, 0x200a) \
	X(TSC_OFFSET, 0x2010)             \
	X(EPT_POINTER, 0x201a)            \
	X(GUEST_PHYSICAL_ADDRESS, 0x2400) \
	X(VMCS_LINK_POINTER, 0x2800)      \
	X(GUEST_IA32_DEBUGCTL, 0x2802)    \
	X(GUEST_IA32_PAT, 0x2804)         \
	X(GUEST_IA32_EFER, 0x2806)        \
	X(GUEST_PDPTR0, 0x280a)           \
	X(GUEST_PDPTR1, 0x280c)           \
	X(GUEST_PDPTR2, 0x280e)           \
	X(GUEST_PDPTR3, 0x2810)           \
	X(HOST_IA32_PAT, 0x2c00)          \
	X(HOST_IA32_EFER, 0x2c02)

#define VMCS_FIELDS_32(X)                        \
	X(PIN_BASED_VM_EXEC_CONTROL, 0x4000)     \
	X(CPU_BASED_VM_EXEC_CONTROL, 0x4002)     \
	X(EXCEPTION_BITMAP, 0x4004)              \
	X(PAGE_FAULT_ERROR_CODE_MASK, 0x4006)    \
	X(PAGE_FAULT_ERROR_CODE_MATCH, 0x4008)   \
	X(CR3_TARGET_COUNT, 0x400a)              \
	X(VM_EXIT_CONTROLS, 0x400c)              \
	X(VM_EXIT_MSR_STORE_COUNT, 0x400e)       \
	X(VM_EXIT_MSR_LOAD_COUNT, 0x4010)        \
	X(VM_ENTRY_CONTROLS, 0x4012)             \
	X(VM_ENTRY_MSR_LOAD_COUNT, 0x4014)       \
	X(VM_ENTRY_INTR_INFO_FIELD, 0x4016)      \
	X(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x4018) \
	X(VM_ENTRY_INSTRUCTION_LEN, 0x401a)      \
	X(TPR_THRESHOLD, 0x401c)                 \
	X(SECONDARY_VM_EXEC_CONTROL, 0x401e)     \
	X(VM_INSTRUCTION_ERROR, 0x4400)          \
	X(VM_EXIT_REASON, 0x4402)                \
	X(VM_EXIT_INTR_INFO, 0x4404)             \
	X(VM_EXIT_INTR_ERROR_CODE, 0x4406)       \
	X(IDT_VECTORING_INFO_FIELD, 0x4408)      \
	X(IDT_VECTORING_ERROR_CODE, 0x440a)      \
	X(VM_EXIT_INSTRUCTION_LEN, 0x440c)       \
	X(VMX_INSTRUCTION_INFO, 0x440e)          \
	X(GUEST_ES_LIMIT, 0x4800)                \
	X(GUEST_CS_LIMIT, 0x4802)                \
	X(GUEST_SS_LIMIT, 0x4804)                \
	X(GUEST_DS_LIMIT, 0x4806)                \
	X(GUEST_FS_LIMIT, 0x4808)                \
	X(GUEST_GS_LIMIT, 0x480a)                \
	X(GUEST_LDTR_LIMIT, 0x480c)              \
	X(GUEST_TR_LIMIT, 0x480e)                \
	X(GUEST_GDTR_LIMIT, 0x4810)              \
	X(GUEST_IDTR_LIMIT, 0x4812)              \
	X(GUEST_ES_AR_BYTES, 0x4814)             \
	X(GUEST_CS_AR_BYTES, 0x4816)             \
	X(GUEST_SS_AR_BYTES, 0x4818)             \
	X(GUEST_DS_AR_BYTES, 0x481a)             \
	X(GUEST_FS_AR_BYTES, 0x481c)             \
	X(GUEST_GS_AR_BYTES, 0x481e)             \
	X(GUEST_LDTR_AR_BYTES, 0x4820)           \
	X(GUEST_TR_AR_BYTES, 0x4822)             \
	X(GUEST_INTERRUPTIBILITY_INFO, 0x4824)   \
	X(GUEST_ACTIVITY_STATE, 0x4826)          \
	X(GUEST_SYSENTER_CS, 0x482a)             \
	X(GUEST_PREEMPTION_TIMER_VALUE, 0x482e)  \
	X(HOST_IA32_SYSENTER_CS, 0x4c00)

#define VMCS_FIELDS_NAT(X)                      \
	X(CR0_GUEST_HOST_MASK, 0x6000)          \
	X(CR4_GUEST_HOST_MASK, 0x6002)          \
	X(CR0_READ_SHADOW, 0x6004)              \
	X(CR4_READ_SHADOW, 0x6006)              \
	X(EXIT_QUALIFICATION, 0x6400)           \
	X(GUEST_LINEAR_ADDRESS, 0x640a)         \
	X(GUEST_CR0, 0x6800)                    \
	X(GUEST_CR3, 0x6802)                    \
	X(GUEST_CR4, 0x6804)                    \
	X(GUEST_ES_BASE, 0x6806)                \
	X(GUEST_CS_BASE, 0x6808)                \
	X(GUEST_SS_BASE, 0x680a)                \
	X(GUEST_DS_BASE, 0x680c)                \
	X(GUEST_FS_BASE, 0x680e)                \
	X(GUEST_GS_BASE, 0x6810)                \
	X(GUEST_LDTR_BASE, 0x6812)              \
	X(GUEST_TR_BASE, 0x6814)                \
	X(GUEST_GDTR_BASE, 0x6816)              \
	X(GUEST_IDTR_BASE, 0x6818)              \
	X(GUEST_DR7, 0x681a)                    \
	X(GUEST_RSP, 0x681c)                    \
	X(GUEST_RIP, 0x681e)                    \
	X(GUEST_RFLAGS, 0x6820)                 \
	X(GUEST_PENDING_DBG_EXCEPTIONS, 0x6822) \
	X(GUEST_SYSENTER_ESP, 0x6824)           \
	X(GUEST_SYSENTER_EIP, 0x6826)           \
	X(HOST_CR0, 0x6c00)                     \
	X(HOST_CR3, 0x6c02)                     \
	X(HOST_CR4, 0x6c04)                     \
	X(HOST_FS_BASE, 0x6c06)                 \
	X(HOST_GS_BASE, 0x6c08)                 \
	X(HOST_TR_BASE, 0x6c0a)                 \
	X(HOST_GDTR_BASE, 0x6c0c)               \
	X(HOST_IDTR_BASE, 0x6c0e)               \
	X(HOST_IA32_SYSENTER_ESP, 0x6c10)       \
	X(HOST_IA32_SYSENTER_EIP, 0x6c12)       \
	X(HOST_RSP, 0x6c14)                     \
	X(HOST_RIP, 0x6c16)

#define VMCS_FIELDS(X)    \
	VMCS_FIELDS_16(X) \
	VMCS_FIELDS_64(X) \
	VMCS_FIELDS_32(X) \
	VMCS_FIELDS_NAT(X)

#define VMCS_ENUM(name, enc) name = (enc),
enum vmcs_field { VMCS_FIELDS(VMCS_ENUM) };
#undef VMCS_ENUM

enum vmcs_width {
	VMCS_WIDTH_16 = 0,
	VMCS_WIDTH_64 = 1,
	VMCS_WIDTH_32 = 2,
	VMCS_WIDTH_NAT = 3,
};

#define VMCS_FIELD_WIDTH(f) (((unsigned int)(f) >> 13) & 3)
#define VMCS_FIELD_HIGH(f) ((unsigned int)(f)&1)

/* Every listed field has the width of the list it is in. */
#define VMCS_CHECK_LIST(name, enc) \
	_Static_assert(VMCS_FIELD_WIDTH(enc) == VMCS_LIST_WIDTH, #name);
#define VMCS_LIST_WIDTH VMCS_WIDTH_16
VMCS_FIELDS_16(VMCS_CHECK_LIST)
#undef VMCS_LIST_WIDTH
#define VMCS_LIST_WIDTH VMCS_WIDTH_64
VMCS_FIELDS_64(VMCS_CHECK_LIST)
#undef VMCS_LIST_WIDTH
#define VMCS_LIST_WIDTH VMCS_WIDTH_32
VMCS_FIELDS_32(VMCS_CHECK_LIST)
#undef VMCS_LIST_WIDTH
#define VMCS_LIST_WIDTH VMCS_WIDTH_NAT
VMCS_FIELDS_NAT(VMCS_CHECK_LIST)
#undef VMCS_LIST_WIDTH
#undef VMCS_CHECK_LIST

/*
 * The compile-time width check: the field must be a constant of the
 * accessor's width (and, for 64-bit fields, the full-access encoding).
 */
#define VMCS_ASSERT_WIDTH(f, w)                                           \
	_Static_assert(VMCS_FIELD_WIDTH(f) == (w) && !VMCS_FIELD_HIGH(f), \
		       "VMCS field " #f " accessed with the wrong width")

/* Bare VMREAD: no error check; usable in noinstr code. */
static __always_inline u64 __vmcs_read(unsigned long field)
{
	u64 value;

	__asm__ __volatile__("vmread %1, %0" : "=r"(value) : "r"(field) : "cc");
	return value;
}

/* VMREAD that reports failure (CF or ZF set): for the dump. */
static __always_inline bool __vmcs_read_checked(unsigned long field, u64 *value)
{
	bool fail;

	__asm__ __volatile__("vmread %2, %0\n\tsetna %1"
			     : "=r"(*value), "=qm"(fail)
			     : "r"(field)
			     : "cc");
	return !fail;
}

/* Cold path: prints the field's name and the VM-instruction error. */
void vmx_vmwrite_error(unsigned long field, u64 value);

static __always_inline void __vmcs_write(unsigned long field, u64 value)
{
	__asm__ goto("vmwrite %0, %1\n\tjna %l[fail]" ::"rm"(value), "r"(field)
		     : "cc"
		     : fail);
	return;
fail:
	vmx_vmwrite_error(field, value);
}

/*
 * VMWRITE that only says whether it worked: for hot paths whose failure
 * branch redoes the writes with vmcs_write*() (which report), so that the
 * fast path makes no call.
 */
static __always_inline bool __vmcs_try_write(unsigned long field, u64 value)
{
	__asm__ goto("vmwrite %0, %1\n\tjna %l[fail]" ::"rm"(value), "r"(field)
		     : "cc"
		     : fail);
	return true;
fail:
	return false;
}

#define vmcs_try_writel(f, v)                         \
	({                                            \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_NAT); \
		__vmcs_try_write(f, (u64)(v));        \
	})

#define vmcs_read16(f)                               \
	({                                           \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_16); \
		(u16) __vmcs_read(f);                \
	})
#define vmcs_read32(f)                               \
	({                                           \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_32); \
		(u32) __vmcs_read(f);                \
	})
#define vmcs_read64(f)                               \
	({                                           \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_64); \
		(u64) __vmcs_read(f);                \
	})
#define vmcs_readl(f)                                 \
	({                                            \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_NAT); \
		(u64) __vmcs_read(f);                 \
	})
#define vmcs_write16(f, v)                           \
	({                                           \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_16); \
		__vmcs_write(f, (u16)(v));           \
	})
#define vmcs_write32(f, v)                           \
	({                                           \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_32); \
		__vmcs_write(f, (u32)(v));           \
	})
#define vmcs_write64(f, v)                           \
	({                                           \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_64); \
		__vmcs_write(f, (u64)(v));           \
	})
#define vmcs_writel(f, v)                             \
	({                                            \
		VMCS_ASSERT_WIDTH(f, VMCS_WIDTH_NAT); \
		__vmcs_write(f, (u64)(v));            \
	})

/* Field names for the dump (vmm/vmx/names.c). */
struct vmcs_field_name {
	u16 field;
	const char *name;
};
extern const struct vmcs_field_name vmcs_field_names[];
extern const unsigned int vmcs_nr_field_names;

#endif /* VMM_VMX_VMCS_H */
