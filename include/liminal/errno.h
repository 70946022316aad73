/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error numbers: functions return 0 or one of these negated, as in Linux.
 * Values are Linux's (include/uapi/asm-generic/errno-base.h, errno.h) so a
 * number printed in a log reads the same as it would there.  Add lines as
 * you need them; keep the values.
 */
#ifndef LIMINAL_ERRNO_H
#define LIMINAL_ERRNO_H

#define ENOENT 2 /* no such file or directory */
#define EINTR 4 /* interrupted: pending work asked to stop */
#define EIO 5 /* I/O error */
#define ENOMEM 12 /* out of memory */
#define EFAULT 14 /* bad address */
#define EBUSY 16 /* device or resource busy */
#define EEXIST 17 /* already exists (mapped) */
#define ENODEV 19 /* no such device */
#define EINVAL 22 /* invalid argument */
#define ENOSPC 28 /* no space left */
#define ERANGE 34 /* result out of range */
#define ENOSYS 38 /* not implemented */
#define EOPNOTSUPP 95 /* operation not supported */
#define ETIMEDOUT 110 /* timed out */

#endif /* LIMINAL_ERRNO_H */
