/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM's two entry points, named by efi_main (efi/main.c): it calls the
 * first and hands the second to the host as its payload.
 *
 * vmm_efi_prepare()  before ExitBootServices, with boot services alive:
 *                    reads \liminal.cfg and every guest image it names from
 *                    the ESP (efi_read_file) into memory that survives
 *                    ExitBootServices.  0, or -errno after printing the
 *                    file, line and problem.
 * vmm_main()         run by host_main() after host init (GDT/IDT/LAPIC
 *                    tick) and the host self-test, IRQs on: picks the
 *                    backend (ops->probe), runs every configured guest,
 *                    prints one verdict line per guest and the exit
 *                    statistics.  Returns 0 only when every guest ended
 *                    the way its config line expected.
 */
#ifndef VMM_VMM_H
#define VMM_VMM_H

int vmm_efi_prepare(void);
int vmm_main(void);

#endif /* VMM_VMM_H */
