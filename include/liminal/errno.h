/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error numbers: functions return 0 or one of these negated, as in Linux.
 * Values are Linux's (include/uapi/asm-generic/errno-base.h, errno.h) so a
 * number printed in a log reads the same as it would there.  Add lines as
 * you need them, with their words in errno_str(); keep the values.
 */
#ifndef LIMINAL_ERRNO_H
#define LIMINAL_ERRNO_H

#define EPERM 1 /* operation not permitted */
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

/*
 * What an error number means, in the words the VMM prints after a colon
 * ("vcpu_create: VMCS allocation failed: out of memory").  Either sign.
 * A constant string, never NULL.
 */
static inline const char *errno_str(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "no error";
	case ENOENT:
		return "no such file or directory";
	case EINTR:
		return "interrupted";
	case EIO:
		return "I/O error";
	case ENOMEM:
		return "out of memory";
	case EFAULT:
		return "bad address";
	case EBUSY:
		return "device or resource busy";
	case ENODEV:
		return "no such device";
	case EINVAL:
		return "invalid argument";
	case ENOSPC:
		return "no space left";
	case ERANGE:
		return "result out of range";
	case ENOSYS:
		return "not implemented";
	case EOPNOTSUPP:
		return "operation not supported";
	case ETIMEDOUT:
		return "timed out";
	default:
		return "unknown error";
	}
}

#endif /* LIMINAL_ERRNO_H */
