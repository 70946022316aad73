/* SPDX-License-Identifier: GPL-2.0 */
/* Names of VMX numbers (vmm/vmx/names.c): pure, host-testable. */
#ifndef VMM_VMX_NAMES_H
#define VMM_VMX_NAMES_H

#include <liminal/types.h>

/* Basic exit reason (bits 15:0 of @reason), never NULL. */
const char *vmx_exit_reason_name(u32 reason);
/* VM-instruction error number (SDM 31.4), or VMfailInvalid when < 0. */
const char *vmx_insn_error_name(int err);
/* A VMCS field's name from its encoding, never NULL. */
const char *vmcs_field_name(unsigned long field);

#endif /* VMM_VMX_NAMES_H */
