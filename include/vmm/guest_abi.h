/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest ABI: what a liminal test guest may rely on.  guest/guest_abi.inc
 * holds the same names with the same values for NASM; the host unit test
 * tests/vmm/test_guest_abi.c parses both files and fails on any difference,
 * so keep every value here a plain literal (no expressions).
 *
 * The memory layout, CPUID and HLT are the core's (vmm/guest_setup.c,
 * vmm/emulate.c); the ports, hypercalls, MSRs and the MMIO window are the
 * test device's (vmm/testdev/, include/vmm/testdev.h), which claims them
 * through the device-model interface (include/vmm/device.h).
 *
 * Guest-physical memory layout (RAM starts at GPA 0, `mem=` bytes long):
 *   0x00000  real-mode IVT (unused in the other modes)
 *   0x01000  GDT written by the VMM, 0x1800 its (unused) TSS
 *   0x02000  PML4, 0x03000 PDPT, 0x04000-0x07fff four PDs (long64 only):
 *            2 MiB pages identity-mapping the low 4 GiB, so RAM, the MMIO
 *            window and addresses outside RAM are all reachable, and an
 *            access outside RAM reaches the VMM as a nested-paging fault
 *   0x08000-0x0ffff  real-mode stack (SS=0, SP=0xfff0)
 *   0x10000  the image, loaded from the ESP; execution starts at its first
 *            byte (long64/prot32: RIP=0x10000; real16: CS=0x1000, IP=0)
 *   top of RAM  initial RSP (long64/prot32)
 *   0x100000 the benchmark guest's sample buffer (by convention)
 *
 * Ports (IN/OUT, any size unless noted):
 *   GUEST_PORT_CONSOLE    OUT byte: console, line-buffered by the VMM and
 *                         printed as "guest NAME| line", bytes other than
 *                         printable ASCII as \xNN (vmm/testdev/testdev.c)
 *   GUEST_PORT_TEST_DATA  OUT dword: latch a value for the next command
 *   GUEST_PORT_TEST_CMD   OUT byte: TEST_CMD_DONE (verdict "done", guest
 *                         stops), TEST_CMD_ASSERT (latched value = the
 *                         address of the failed check; verdict "assert", guest stops),
 *                         TEST_CMD_REPORT (print the latched value)
 *   GUEST_PORT_SCRATCH    OUT stores the value, IN returns the last one
 *   any other port        IN returns all-ones, OUT is ignored (both counted)
 *
 * Hypercalls (VMMCALL on AMD, VMCALL on Intel): number in RAX, arguments
 * in RBX, RCX, RDX, RSI, result in RAX; an unknown number returns HC_ERROR.
 *   HC_NOP           returns 0 (the benchmark's vmmcall round trip)
 *   HC_ECHO(a)       returns a
 *   HC_ADD(a,b,c,d)  returns a + b + c + d
 *   HC_STOP          raises a stop request (SIGPENDING-like): vcpu_run()
 *                    returns -EINTR to vmm_main, which resumes the guest;
 *                    returns 0 once resumed
 *   HC_GET_PARAM(p)  returns a config value: PARAM_ITERATIONS, PARAM_INDEX
 *   HC_BENCH_REPORT(type, gpa, count)  hands the VMM `count` u64 TSC
 *                    deltas at `gpa` for BENCH_<type>; returns 0 or HC_ERROR
 *   HC_WORK_COUNT(w) returns how often this guest's vCPU has seen pending
 *                    work w: WORK_RESCHED (schedule() in the outer loop or
 *                    in preempt_enable()), WORK_NOTIFY_RESUME, WORK_STOP,
 *                    WORK_TICK (tick-queued task work items run)
 *
 * MMIO window at GUEST_MMIO_GPA (GUEST_MMIO_SIZE bytes), accessed with MOV
 * (1/2/4/8 bytes; 8 only aligned): GUEST_MMIO_REG_ID reads
 * GUEST_MMIO_ID_VALUE (writes ignored); GUEST_MMIO_NR_SCRATCH 8-byte scratch
 * registers from GUEST_MMIO_REG_SCRATCH; everything else reads 0.
 *
 * MSRs: GUEST_MSR_SCRATCH read/write, GUEST_MSR_ID read-only
 * (GUEST_MMIO_ID_VALUE).  EFER behaves as on hardware (an illegal write
 * raises #GP(0), as do illegal writes to CR0, CR3 and CR4:
 * include/vmm/cr_rules.h).  KERNEL_GS_BASE, STAR, LSTAR, CSTAR, SFMASK and
 * TSC_AUX are the guest's own, accessed natively and switched per guest
 * (include/vmm/vcpu_state.h).  Any other MSR exits and stops the guest with
 * a report (verdict "unhandled"): liminal injects no #GP for it.
 *
 * Debug registers: every MOV DR is emulated against the guest's own copy
 * (include/vmm/debugreg.h), #DB and #AC are reflected; the guest's hardware
 * breakpoints never reach the CPU, so they do not fire.  XSETBV is checked
 * as the CPU would (#UD, #GP(0)).
 *
 * MMIO is emulated only for an instruction's own data access (MOV forms,
 * decoded in the code size of CS): a page walk, an event delivery or a
 * fetch that reaches the window stops the guest (verdict "unhandled").
 *
 * CPUID: the host's, with VMX/SVM/SMX hidden and the hypervisor bit set;
 * leaf 0x40000000 returns max leaf 0x40000001 and the signature
 * "LiminalVMM\0\0" in EBX, ECX, EDX; leaf GUEST_CPUID_HV_FEATURES returns
 * in EAX: HV_FEATURE_VMCALL when hypercalls use VMCALL (else VMMCALL).
 *
 * HLT: the VMM wakes the guest by injecting GUEST_WAKE_VECTOR (the guest
 * needs IF=1 and an IDT entry for it), at once or, with the config option
 * idle=1, after idling the host CPU until its next tick.
 */
#ifndef VMM_GUEST_ABI_H
#define VMM_GUEST_ABI_H

/* memory layout */
#define GUEST_GDT_GPA 0x1000
#define GUEST_TSS_GPA 0x1800
#define GUEST_PML4_GPA 0x2000
#define GUEST_PDPT_GPA 0x3000
#define GUEST_PD_GPA 0x4000
#define GUEST_NR_PDS 4
#define GUEST_REAL_SP 0xfff0
#define GUEST_LOAD_GPA 0x10000
#define GUEST_REAL_CS 0x1000
#define GUEST_BENCH_BUF_GPA 0x100000
#define GUEST_MEM_DEFAULT 0x200000
#define GUEST_OUTSIDE_GPA 0x40000000

/* GDT selectors (long64 and prot32) */
#define GUEST_SEL_CODE64 0x08
#define GUEST_SEL_DATA 0x10
#define GUEST_SEL_CODE32 0x18
#define GUEST_SEL_TSS 0x20

/* MMIO window and its device */
#define GUEST_MMIO_GPA 0xd0000000
#define GUEST_MMIO_SIZE 0x1000
#define GUEST_MMIO_REG_ID 0x0
#define GUEST_MMIO_ID_VALUE 0x4c4d4e4c
#define GUEST_MMIO_REG_SCRATCH 0x100
#define GUEST_MMIO_NR_SCRATCH 16

/* ports */
#define GUEST_PORT_CONSOLE 0xe9
#define GUEST_PORT_TEST_DATA 0x500
#define GUEST_PORT_TEST_CMD 0x504
#define GUEST_PORT_SCRATCH 0x508
#define GUEST_PORT_UNUSED 0x50c
#define TEST_CMD_DONE 1
#define TEST_CMD_ASSERT 2
#define TEST_CMD_REPORT 3

/* MSRs (outside every MSR-bitmap range: they always exit) */
#define GUEST_MSR_SCRATCH 0x4c4d0000
#define GUEST_MSR_ID 0x4c4d0001
#define GUEST_MSR_UNKNOWN 0x4c4d00ff

/* CPUID leaves of the VMM */
#define GUEST_CPUID_HV_BASE 0x40000000
#define GUEST_CPUID_HV_FEATURES 0x40000001
#define HV_FEATURE_VMCALL 1

/* hypercalls */
#define HC_NOP 0
#define HC_ECHO 1
#define HC_ADD 2
#define HC_STOP 3
#define HC_GET_PARAM 4
#define HC_BENCH_REPORT 5
#define HC_WORK_COUNT 6
#define HC_ERROR -1

#define PARAM_ITERATIONS 0
#define PARAM_INDEX 1

#define WORK_RESCHED 0
#define WORK_NOTIFY_RESUME 1
#define WORK_STOP 2
#define WORK_TICK 3

/* interrupts */
#define GUEST_WAKE_VECTOR 0x40

/* benchmark exit types, in report order */
#define BENCH_EMPTY 0
#define BENCH_CPUID 1
#define BENCH_VMMCALL 2
#define BENCH_PORT_OUT 3
#define BENCH_PORT_IN 4
#define BENCH_MMIO_READ 5
#define BENCH_MMIO_WRITE 6
#define BENCH_MSR_READ 7
#define BENCH_HLT 8
#define BENCH_NR 9

#endif /* VMM_GUEST_ABI_H */
