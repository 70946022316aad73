/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Annotations for the build-time noinstr checker (tools/objtool).
 *
 * The checker refuses every indirect call or jump in noinstr code outside
 * instrumentation_begin()/instrumentation_end(): it cannot know where the
 * pointer leads.  An indirect call that must stay in the noinstr region (the
 * vendor run operation, called with RCU not watching) is made checkable by
 * naming a "slot", the set of functions the pointer may hold:
 *
 *   call site (noinstr code), as the statement right before the call:
 *	NOINSTR_OPS_CALL(vcpu_ops, run);
 *	vcpu->ops->run(vcpu);
 *
 *   every function that may sit in the slot, at file scope:
 *	NOINSTR_OPS_TARGET(vcpu_ops, run, svm_vcpu_run);
 *
 * For a slot named "<struct>.<member>" the checker also reads DWARF, finds
 * every object of type struct <struct> in the image (svm_ops, vmx_ops) and
 * verifies the function stored in <member> is noinstr, so an ops table that
 * forgets the registration is still caught.  Other slots ("idt.handlers")
 * use NOINSTR_INDIRECT_CALL("slot") and NOINSTR_INDIRECT_TARGET("slot", fn).
 *
 * In instrumentable code (vcpu_enter_guest() calling ops->run) the call is
 * allowed as it is; NOINSTR_OPS_CALL there documents that the callee is
 * noinstr and makes the checker judge the slot all the same.  A slot can
 * also be required without any call site: "@vcpu_ops.run" in
 * tools/objtool/required.txt.
 *
 * Records (non-allocated sections, absent from the PE image), each
 * 8-aligned: .quad address, .asciz slot name, zero padding to 8 bytes.
 *   .liminal.noinstr_icall   address of the call site annotation
 *   .liminal.noinstr_target  address of a registered target
 * The checker binds a call site record to the first indirect call or jump
 * on the straight-line path that follows it, in the same function.
 * Assembly: include/liminal/objtool.inc has the same macros for NASM.
 */
#ifndef LIMINAL_OBJTOOL_H
#define LIMINAL_OBJTOOL_H

#define __NOINSTR_RECORD(section, addr, slot)           \
	".pushsection " section ", \"\", @progbits\n\t" \
	".balign 8\n\t"                                 \
	".quad " addr "\n\t"                            \
	".asciz \"" slot "\"\n\t"                       \
	".balign 8\n\t"                                 \
	".popsection\n\t"

/* Statement before an indirect call in noinstr code: it goes to @slot. */
#define NOINSTR_INDIRECT_CALL(slot) \
	__asm__ __volatile__(__NOINSTR_ICALL(slot)::: "memory")
#define __NOINSTR_ICALL(slot) \
	"1:\n\t" __NOINSTR_RECORD(".liminal.noinstr_icall", "1b", slot)

/*
 * File scope: @fn (a function the image keeps under its own name, e.g. one
 * named in an ops table) is a legal target of @slot and must be noinstr.
 */
#define NOINSTR_INDIRECT_TARGET(slot, fn) \
	extern __typeof__(fn) fn;         \
	__asm__(__NOINSTR_RECORD(".liminal.noinstr_target", #fn, slot))

/* The slot "type.member": a function pointer member of struct @type. */
#define NOINSTR_OPS_CALL(type, member)                    \
	do {                                              \
		(void)sizeof(((struct type *)0)->member); \
		NOINSTR_INDIRECT_CALL(#type "." #member); \
	} while (0)

#define NOINSTR_OPS_TARGET(type, member, fn)                            \
	_Static_assert(__builtin_types_compatible_p(                    \
			       __typeof__(&(fn)),                       \
			       __typeof__(((struct type *)0)->member)), \
		       #fn " does not fit struct " #type "." #member);  \
	NOINSTR_INDIRECT_TARGET(#type "." #member, fn)

#endif /* LIMINAL_OBJTOOL_H */
