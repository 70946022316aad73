/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Segment attributes packed into 12 bits as the VMCB keeps them (APM Vol. 2
 * 15.5.1, Table B-2) and struct vcpu_segment.attr too: the descriptor's
 * bits 47:40 (type, S, DPL, P) in 7:0 and its bits 55:52 (AVL, L, D/B, G)
 * in 11:8 (SDM Vol. 3A 3.4.5).  The VMCS access-rights format differs
 * (bits 15:12, SDM 25.4.1): vmx_attr_to_ar() converts.
 */
#ifndef ARCH_SEGMENT_H
#define ARCH_SEGMENT_H

#define SEG_ATTR_TYPE_MASK 0x00fu
#define SEG_ATTR_S (1u << 4) /* code/data, not system */
#define SEG_ATTR_DPL_SHIFT 5
#define SEG_ATTR_DPL_MASK (3u << SEG_ATTR_DPL_SHIFT)
#define SEG_ATTR_P (1u << 7)
#define SEG_ATTR_AVL (1u << 8)
#define SEG_ATTR_L (1u << 9) /* 64-bit code */
#define SEG_ATTR_DB (1u << 10) /* 32-bit default size */
#define SEG_ATTR_G (1u << 11) /* limit in 4 KiB units */

/* Types (SDM Vol. 3A Tables 3-1, 3-2) */
#define SEG_TYPE_DATA_RW_A 0x3 /* read/write, accessed */
#define SEG_TYPE_CODE_XR_A 0xb /* execute/read, accessed */
#define SEG_TYPE_TSS_BUSY 0xb /* 32/64-bit busy TSS (S=0) */

#endif /* ARCH_SEGMENT_H */
