// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF side of liminal-objtool (libdw): source lines for messages, the
 * functions declared __noreturn (a call to one has no fall-through), and
 * the function pointers stored in ops tables (struct vcpu_ops svm_ops ...).
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objtool.h"

#ifndef OBJTOOL_SRCDIR
#define OBJTOOL_SRCDIR ""
#endif

typedef void (*die_fn)(struct image *img, Dwarf_Die *die, void *arg);

/* Depth-first over every DIE of every CU. */
static void walk_dies(struct image *img, Dwarf_Die *die, die_fn fn, void *arg)
{
	Dwarf_Die child;

	fn(img, die, arg);
	if (dwarf_child(die, &child) != 0)
		return;
	do
		walk_dies(img, &child, fn, arg);
	while (dwarf_siblingof(&child, &child) == 0);
}

static void walk_all(struct image *img, die_fn fn, void *arg)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	while (dwarf_nextcu(img->dwarf, off, &next, &hsize, NULL, NULL, NULL) ==
	       0) {
		Dwarf_Die cu;

		if (dwarf_offdie(img->dwarf, off + hsize, &cu))
			walk_dies(img, &cu, fn, arg);
		off = next;
	}
}

static void collect_noreturn(struct image *img, Dwarf_Die *die, void *arg)
{
	Dwarf_Attribute attr;
	Dwarf_Addr pc;
	bool flag = false;

	(void)arg;
	if (dwarf_tag(die) != DW_TAG_subprogram ||
	    !dwarf_attr_integrate(die, DW_AT_noreturn, &attr) ||
	    dwarf_formflag(&attr, &flag) || !flag || dwarf_lowpc(die, &pc))
		return;
	addr_list_add(&img->noreturn, pc);
}

int dwarf_load(struct image *img)
{
	img->dwarf = dwarf_begin_elf(img->elf, DWARF_C_READ, NULL);
	if (!img->dwarf) {
		fprintf(stderr, "%s: warning: no DWARF: no source lines\n",
			img->name);
		return 0;
	}
	walk_all(img, collect_noreturn, NULL);
	return 0;
}

static bool cu_of(const struct image *img, uint64_t addr, Dwarf_Die *cu)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	if (dwarf_addrdie(img->dwarf, addr, cu))
		return true;
	/* No .debug_aranges entry (NASM): ask each CU. */
	while (dwarf_nextcu(img->dwarf, off, &next, &hsize, NULL, NULL, NULL) ==
	       0) {
		if (dwarf_offdie(img->dwarf, off + hsize, cu) &&
		    dwarf_haspc(cu, addr) == 1)
			return true;
		off = next;
	}
	return false;
}

static const char *short_path(const char *file)
{
	size_t skip = strlen(OBJTOOL_SRCDIR);

	if (skip && !strncmp(file, OBJTOOL_SRCDIR, skip))
		return file + skip;
	return file;
}

/*
 * Code inlined from a header: where the outermost inlined call sits, i.e.
 * the line in the function itself that pulled the code in.
 */
static void inlined_at(Dwarf_Die *cu, uint64_t addr, char *buf, size_t len)
{
	Dwarf_Die *scopes = NULL;
	Dwarf_Files *files;
	Dwarf_Attribute attr;
	Dwarf_Word file = 0, line = 0;
	size_t nfiles;
	const char *name;
	int n = dwarf_getscopes(cu, addr, &scopes);

	*buf = '\0';
	for (int i = n - 1; i >= 0; i--) {
		if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
			continue;
		if (dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_file,
					       &attr),
				    &file) ||
		    dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_line,
					       &attr),
				    &line) ||
		    dwarf_getsrcfiles(cu, &files, &nfiles) || file >= nfiles ||
		    !(name = dwarf_filesrc(files, file, NULL, NULL)))
			break;
		snprintf(buf, len, " (inlined at %s:%llu)", short_path(name),
			 (unsigned long long)line);
		break;
	}
	free(scopes);
}

void src_line(const struct image *img, uint64_t addr, char *buf, size_t len)
{
	Dwarf_Die cu;
	Dwarf_Line *line;
	const char *file;
	int lineno = 0;
	char inl[300];

	snprintf(buf, len, "?");
	if (!img->dwarf || !cu_of(img, addr, &cu))
		return;
	line = dwarf_getsrc_die(&cu, addr);
	if (!line || !(file = dwarf_linesrc(line, NULL, NULL)))
		return;
	dwarf_lineno(line, &lineno);
	inlined_at(&cu, addr, inl, sizeof(inl));
	snprintf(buf, len, "%s:%d%s", short_path(file), lineno, inl);
}

/* const/volatile/typedef peeled off: the struct a variable really has. */
static bool type_die(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute attr;
	Dwarf_Die *cur = die;

	for (int depth = 0; depth < 8; depth++) {
		if (!dwarf_attr_integrate(cur, DW_AT_type, &attr) ||
		    !dwarf_formref_die(&attr, type))
			return false;
		switch (dwarf_tag(type)) {
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_typedef:
			cur = type;
			continue;
		default:
			return true;
		}
	}
	return false;
}

static bool member_offset(Dwarf_Die *st, const char *member, uint64_t *off)
{
	Dwarf_Die child;
	Dwarf_Attribute attr;
	Dwarf_Word w;

	if (dwarf_child(st, &child) != 0)
		return false;
	do {
		const char *name = dwarf_diename(&child);

		if (dwarf_tag(&child) == DW_TAG_member && name &&
		    !strcmp(name, member) &&
		    dwarf_attr(&child, DW_AT_data_member_location, &attr) &&
		    !dwarf_formudata(&attr, &w)) {
			*off = w;
			return true;
		}
	} while (dwarf_siblingof(&child, &child) == 0);
	return false;
}

static bool var_addr(Dwarf_Die *die, uint64_t *addr)
{
	Dwarf_Attribute attr;
	Dwarf_Op *ops;
	size_t nops;

	if (!dwarf_attr(die, DW_AT_location, &attr) ||
	    dwarf_getlocation(&attr, &ops, &nops) || nops != 1 ||
	    ops[0].atom != DW_OP_addr)
		return false;
	*addr = ops[0].number;
	return true;
}

struct slot_query {
	const char *type, *member;
	slot_fn cb;
	void *arg;
};

static void match_slot(struct image *img, Dwarf_Die *die, void *arg)
{
	struct slot_query *q = arg;
	Dwarf_Die st;
	const char *name;
	uint64_t addr, off, fn;

	if (dwarf_tag(die) != DW_TAG_variable || !var_addr(die, &addr) ||
	    !type_die(die, &st) || dwarf_tag(&st) != DW_TAG_structure_type)
		return;
	name = dwarf_diename(&st);
	if (!name || strcmp(name, q->type) ||
	    !member_offset(&st, q->member, &off) ||
	    image_read_ptr(img, addr + off, &fn) || !fn)
		return;
	name = dwarf_diename(die);
	q->cb(img, name ? name : "?", fn, q->arg);
}

/* Call @cb for every object of type struct @type with a non-NULL @member. */
void dwarf_ops_slot(struct image *img, const char *type, const char *member,
		    slot_fn cb, void *arg)
{
	struct slot_query q = { type, member, cb, arg };

	if (img->dwarf)
		walk_all(img, match_slot, &q);
}
