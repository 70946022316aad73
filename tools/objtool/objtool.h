/* SPDX-License-Identifier: GPL-2.0 */
/*
 * liminal-objtool: build-time checker of the noinstr rules on the linked
 * VMM image (liminal.so, before PE conversion).  See check.c for the rules.
 */
#ifndef OBJTOOL_H
#define OBJTOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfutils/libdw.h>
#include <gelf.h>

struct symbol {
	const char *name;
	uint64_t addr;
	uint64_t size;
	unsigned char type; /* STT_FUNC, STT_NOTYPE, ... */
	bool label; /* NASM's local label foo.loop: inside foo */
};

/* A function in the noinstr section; a .cold part belongs to its parent. */
struct func {
	const struct symbol *sym;
	uint64_t start, end;
	struct func *group; /* itself, or the parent of a foo.cold part */
};

enum insn_kind {
	INSN_OTHER,
	INSN_CALL, /* call rel32 */
	INSN_CALL_DYN, /* call *reg / call *mem */
	INSN_JUMP, /* jmp rel */
	INSN_JUMP_COND, /* jcc, jrcxz, loop */
	INSN_JUMP_DYN, /* jmp *reg / jmp *mem */
	INSN_RET, /* ret, iret, sysret: leaves the function */
	INSN_STOP, /* ud2: no successor */
};

/*
 * Control-flow state at an instruction, found by the walk in check.c: the
 * instrumentation depth, 0 outside any range (the noinstr rules apply),
 * 1 between instrumentation_begin() and _end(); more only when nesting is
 * allowed (--allow-nesting).
 */
#define STATE_UNSEEN (-1)
#define STATE_OUTSIDE 0

struct insn {
	uint64_t addr;
	uint8_t len;
	enum insn_kind kind;
	uint64_t target; /* direct branches and calls */
	struct func *func;
	int state; /* STATE_UNSEEN, or the depth */
	uint64_t open; /* the begin marker of the range in effect */
	uint64_t *table; /* resolved jump table targets */
	size_t nr_table;
	const char *slot; /* annotated indirect call: its slot */
	char text[200]; /* AT&T text for messages */
};

/* A record of .liminal.noinstr_icall or .liminal.noinstr_target. */
struct annot {
	uint64_t addr;
	const char *slot;
	bool used;
};

struct addr_list {
	uint64_t *v;
	size_t n;
};

struct annot_list {
	struct annot *v;
	size_t n;
};

/* A slot whose targets were judged, and how many it has. */
struct slot_seen {
	char name[128];
	unsigned int targets;
};

struct image {
	const char *path;
	const char *name; /* basename for messages */
	int fd;
	Elf *elf;
	Dwarf *dwarf;

	struct symbol *syms; /* sorted by address */
	size_t nr_syms;

	uint64_t noinstr_start, noinstr_end;
	struct func *funcs;
	size_t nr_funcs;
	struct insn *insns; /* every instruction of funcs, sorted */
	size_t nr_insns;

	struct addr_list instr_begin, instr_end;
	struct annot_list icalls, targets;
	struct addr_list noreturn; /* DW_AT_noreturn, or found by decoding */
	struct addr_list returns; /* functions decoded and found to return */
	size_t cs; /* capstone handle (csh) */

	struct slot_seen *slots;
	size_t nr_slots;

	bool allow_nesting; /* Linux's rule: begin +1, end -1 */
	unsigned int errors;
	unsigned int calls_checked;
	unsigned int ranges;
};

/* elf.c */
int image_open(struct image *img, const char *path);
void image_close(struct image *img);
const struct symbol *sym_find(const struct image *img, const char *name);
const struct symbol *sym_at(const struct image *img, uint64_t addr);
bool in_noinstr(const struct image *img, uint64_t addr);
int image_read(const struct image *img, uint64_t addr, void *buf, size_t len);
int image_read_ptr(const struct image *img, uint64_t addr, uint64_t *val);
bool addr_list_has(const struct addr_list *l, uint64_t addr);

/* decode.c */
int decode_noinstr(struct image *img);
struct insn *insn_at(const struct image *img, uint64_t addr);
struct func *func_at(const struct image *img, uint64_t addr);
bool func_noreturn(struct image *img, uint64_t addr);
void decode_close(struct image *img);
void addr_list_add(struct addr_list *l, uint64_t addr);

/* dwarf.c */
int dwarf_load(struct image *img);
void src_line(const struct image *img, uint64_t addr, char *buf, size_t len);
typedef void (*slot_fn)(struct image *img, const char *var, uint64_t fn,
			void *arg);
void dwarf_ops_slot(struct image *img, const char *type, const char *member,
		    slot_fn cb, void *arg);

/* check.c */
int check_image(struct image *img, const char *required);
void report(struct image *img, uint64_t addr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void describe(const struct image *img, uint64_t addr, char *buf, size_t len);

#endif /* OBJTOOL_H */
