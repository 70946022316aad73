// SPDX-License-Identifier: GPL-2.0
/*
 * The noinstr rules, checked on the linked image:
 *
 *  1) a noinstr function calls or jumps only to noinstr code (its own code,
 *     inlined __always_inline code included), except between
 *     instrumentation_begin() and instrumentation_end();
 *  2) no indirect call or jump there either, unless annotated with a slot
 *     (include/liminal/objtool.h) whose every target is noinstr; a switch
 *     jump table must stay inside its function;
 *  3) instrumentation_begin()/_end() are balanced on every path the walk of
 *     the function's control flow sees, and never nest;
 *  4) the functions listed in required.txt are in the noinstr section.
 *
 * The walk (3) gives each instruction its state, inside or outside an
 * instrumentation range; rules 1 and 2 then judge each instruction by it,
 * so a range is a set of paths, not an address interval.  Code the walk
 * does not reach is judged as outside.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objtool.h"

#define ICALL_REACH 64 /* instructions from an annotation to its call */

void describe(const struct image *img, uint64_t addr, char *buf, size_t len)
{
	const struct symbol *s = sym_at(img, addr);
	char line[512];

	src_line(img, addr, line, sizeof(line));
	if (s)
		snprintf(buf, len, "%s+0x%llx (0x%llx) at %s", s->name,
			 (unsigned long long)(addr - s->addr),
			 (unsigned long long)addr, line);
	else
		snprintf(buf, len, "0x%llx at %s", (unsigned long long)addr,
			 line);
}

void report(struct image *img, uint64_t addr, const char *fmt, ...)
{
	char where[768];
	va_list ap;

	describe(img, addr, where, sizeof(where));
	fprintf(stderr, "%s: error: noinstr: %s: ", img->name, where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	img->errors++;
}

/* "foo()", "foo()+0x1a" or "0x1234" into @buf; returns @buf. */
static const char *name_of(const struct image *img, uint64_t addr, char *buf,
			   size_t len)
{
	const struct symbol *s = sym_at(img, addr);

	if (!s)
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
	else if (s->addr == addr)
		snprintf(buf, len, "%s()", s->name);
	else
		snprintf(buf, len, "%s()+0x%llx", s->name,
			 (unsigned long long)(addr - s->addr));
	return buf;
}

static bool same_group(const struct image *img, const struct insn *in,
		       uint64_t addr)
{
	struct func *f = func_at(img, addr);

	return f && f->group == in->func->group;
}

/* The instruction after @in, if it falls through inside its group. */
static struct insn *next_insn(const struct image *img, struct insn *in)
{
	struct insn *n = in + 1;

	if (n >= img->insns + img->nr_insns || n->addr != in->addr + in->len ||
	    n->func->group != in->func->group)
		return NULL;
	return n;
}

/* Bind each NOINSTR_INDIRECT_CALL record to the indirect call it precedes. */
static void bind_icalls(struct image *img)
{
	for (size_t i = 0; i < img->icalls.n; i++) {
		struct annot *a = &img->icalls.v[i];
		struct insn *in = insn_at(img, a->addr);

		/*
		 * In instrumentable code the call itself is fine; the
		 * annotation still makes the checker judge the slot's targets
		 * (vcpu_enter_guest() calling the noinstr vcpu_ops.run).
		 */
		if (!in_noinstr(img, a->addr)) {
			a->used = true;
			continue;
		}
		for (int n = 0; in && n < ICALL_REACH; n++) {
			if (in->kind == INSN_CALL_DYN ||
			    (in->kind == INSN_JUMP_DYN && !in->table)) {
				in->slot = a->slot;
				a->used = true;
				break;
			}
			/* Devirtualized by GCC: rule 1 judges the direct call. */
			if (in->kind == INSN_CALL ||
			    (in->kind == INSN_JUMP &&
			     !same_group(img, in, in->target))) {
				a->used = true;
				break;
			}
			if (in->kind == INSN_JUMP)
				in = insn_at(img, in->target);
			else if (in->kind == INSN_OTHER)
				in = next_insn(img, in);
			else
				break;
		}
		if (!a->used)
			report(img, a->addr,
			       "NOINSTR_INDIRECT_CALL(\"%s\") is not followed by "
			       "an indirect call on its straight-line path",
			       a->slot);
	}
}

/* Rule 3: the walk of one function group, depth first. */
struct walk {
	struct image *img;
	struct insn **stack;
	size_t sp;
};

/* Room for name_of() and opened_at(). */
#define NAME_LEN 256
#define LINE_LEN 600

/* Where the range in effect was opened, into @buf; returns @buf. */
static const char *opened_at(const struct image *img, uint64_t open, char *buf,
			     size_t len)
{
	src_line(img, open, buf, len);
	return buf;
}

/* Reach @in with depth @s, in the range opened at @open, from @from. */
static void push(struct walk *w, struct insn *in, int s, uint64_t open,
		 const struct insn *from)
{
	char line[LINE_LEN];
	uint64_t at;

	if (!in)
		return;
	at = from ? from->addr : in->addr;
	if (in->state == STATE_UNSEEN) {
		in->state = s;
		in->open = open;
		w->stack[w->sp++] = in;
	} else if (in->state != s && (s > 1 || in->state > 1)) {
		report(w->img, in->addr,
		       "unbalanced instrumentation_begin/end: reached with %d "
		       "open ranges from 0x%llx and %d on another path",
		       s, (unsigned long long)at, in->state);
	} else if (in->state != s) {
		report(w->img, in->addr,
		       "unbalanced instrumentation_begin/end: reached inside "
		       "the range opened at %s from 0x%llx and outside on "
		       "another path",
		       opened_at(w->img, s ? open : in->open, line,
				 sizeof(line)),
		       (unsigned long long)(s ? at : 0));
	}
}

static void leave(struct walk *w, struct insn *in, int s, uint64_t open,
		  const char *how)
{
	char line[LINE_LEN];

	if (s != STATE_OUTSIDE)
		report(w->img, in->addr,
		       "%s inside the instrumentation range opened at %s "
		       "(missing instrumentation_end() on this path)",
		       how, opened_at(w->img, open, line, sizeof(line)));
}

/* The markers: the depth and opening point after @in. */
static int marker(struct walk *w, struct insn *in, int s, uint64_t *open)
{
	char line[LINE_LEN];

	if (addr_list_has(&w->img->instr_begin, in->addr)) {
		/* Counted even when refused, so the pair still balances. */
		if (s != STATE_OUTSIDE && !w->img->allow_nesting)
			report(w->img, in->addr,
			       "nested instrumentation_begin() inside the "
			       "instrumentation range opened at %s",
			       opened_at(w->img, *open, line, sizeof(line)));
		if (s == STATE_OUTSIDE)
			*open = in->addr;
		return s + 1;
	}
	if (addr_list_has(&w->img->instr_end, in->addr)) {
		if (s == STATE_OUTSIDE) {
			report(w->img, in->addr,
			       "instrumentation_end() outside "
			       "instrumentation_begin/end");
			return s;
		}
		if (s == 1)
			*open = 0;
		return s - 1;
	}
	return s;
}

static void step(struct walk *w, struct insn *in)
{
	struct image *img = w->img;
	uint64_t open = in->open;
	int s = marker(w, in, in->state, &open);

	switch (in->kind) {
	case INSN_OTHER:
	case INSN_CALL_DYN:
		push(w, next_insn(img, in), s, open, in);
		break;
	case INSN_CALL:
		if (!func_noreturn(img, in->target))
			push(w, next_insn(img, in), s, open, in);
		break;
	case INSN_JUMP_COND:
		push(w, next_insn(img, in), s, open, in);
		/* fall through */
	case INSN_JUMP:
		if (same_group(img, in, in->target))
			push(w, insn_at(img, in->target), s, open, in);
		else
			leave(w, in, s, open, "tail call");
		break;
	case INSN_JUMP_DYN:
		for (size_t i = 0; i < in->nr_table; i++)
			if (same_group(img, in, in->table[i]))
				push(w, insn_at(img, in->table[i]), s, open,
				     in);
		if (!in->table)
			leave(w, in, s, open, "indirect tail call");
		break;
	case INSN_RET:
		leave(w, in, s, open, "return");
		break;
	case INSN_STOP:
		break;
	}
}

static void walk_funcs(struct image *img)
{
	struct walk w = { img, calloc(img->nr_insns + 1, sizeof(*w.stack)), 0 };

	for (size_t i = 0; w.stack && i < img->nr_funcs; i++) {
		struct func *f = &img->funcs[i];

		if (f->group != f)
			continue;
		push(&w, insn_at(img, f->start), STATE_OUTSIDE, 0, NULL);
		while (w.sp)
			step(&w, w.stack[--w.sp]);
	}
	free(w.stack);
	for (size_t i = 0; i < img->nr_insns; i++)
		if (addr_list_has(&img->instr_begin, img->insns[i].addr))
			img->ranges++;
}

/* Rules 1 and 2 on one instruction outside any instrumentation range. */
static void check_insn(struct image *img, struct insn *in)
{
	const char *what = in->kind == INSN_CALL ? "call" : "tail call";
	char name[NAME_LEN];

	switch (in->kind) {
	case INSN_CALL:
	case INSN_JUMP:
	case INSN_JUMP_COND:
		if (in->kind != INSN_CALL && same_group(img, in, in->target))
			return;
		img->calls_checked++;
		if (!in_noinstr(img, in->target))
			report(img, in->addr,
			       "%s to non-noinstr function %s outside "
			       "instrumentation_begin/end",
			       what,
			       name_of(img, in->target, name, sizeof(name)));
		return;
	case INSN_JUMP_DYN:
		for (size_t i = 0; i < in->nr_table; i++)
			if (!same_group(img, in, in->table[i]))
				report(img, in->addr,
				       "jump table entry %zu leads out of the "
				       "function, to %s",
				       i,
				       name_of(img, in->table[i], name,
					       sizeof(name)));
		if (in->table)
			return;
		/* fall through */
	case INSN_CALL_DYN:
		img->calls_checked++;
		if (!in->slot)
			report(img, in->addr,
			       "indirect %s '%s' outside instrumentation_begin/end "
			       "without a NOINSTR_INDIRECT_CALL annotation",
			       in->kind == INSN_CALL_DYN ? "call" : "jump",
			       in->text);
		return;
	default:
		return;
	}
}

/*
 * Rule 2: every possible target of a slot is noinstr.  The targets are the
 * functions registered with NOINSTR_INDIRECT_TARGET and, for a slot named
 * "type.member", the member of every struct type object in the image.
 */
struct slot_ctx {
	const char *slot;
	unsigned int targets;
};

static void ops_target(struct image *img, const char *var, uint64_t fn,
		       void *arg)
{
	struct slot_ctx *c = arg;
	const char *dot = strchr(c->slot, '.');
	char name[NAME_LEN];

	c->targets++;
	for (size_t i = 0; i < img->targets.n; i++)
		if (img->targets.v[i].addr == fn &&
		    !strcmp(img->targets.v[i].slot, c->slot))
			return; /* registered: check_targets() judged it */
	if (!in_noinstr(img, fn))
		report(img, fn,
		       "%s.%s = %s is a target of indirect call slot '%s' but "
		       "is not noinstr",
		       var, dot + 1, name_of(img, fn, name, sizeof(name)),
		       c->slot);
}

/* Judges the targets of @slot once; returns how many there are. */
static unsigned int check_slot(struct image *img, const char *slot)
{
	struct slot_ctx c = { slot, 0 };
	const char *dot = strchr(slot, '.');
	struct slot_seen *seen;

	for (size_t i = 0; i < img->nr_slots; i++)
		if (!strcmp(img->slots[i].name, slot))
			return img->slots[i].targets;
	for (size_t i = 0; i < img->targets.n; i++)
		if (!strcmp(img->targets.v[i].slot, slot))
			c.targets++;
	if (dot) {
		char type[128];

		snprintf(type, sizeof(type), "%.*s", (int)(dot - slot), slot);
		dwarf_ops_slot(img, type, dot + 1, ops_target, &c);
	}
	seen = realloc(img->slots, (img->nr_slots + 1) * sizeof(*seen));
	if (seen) {
		img->slots = seen;
		seen = &img->slots[img->nr_slots++];
		snprintf(seen->name, sizeof(seen->name), "%s", slot);
		seen->targets = c.targets;
	}
	return c.targets;
}

static void check_targets(struct image *img)
{
	char name[NAME_LEN];

	for (size_t i = 0; i < img->targets.n; i++) {
		const struct annot *t = &img->targets.v[i];

		if (!in_noinstr(img, t->addr))
			report(img, t->addr,
			       "%s is registered as a target of indirect call "
			       "slot '%s' but is not noinstr",
			       name_of(img, t->addr, name, sizeof(name)),
			       t->slot);
		check_slot(img, t->slot);
	}
	for (size_t i = 0; i < img->icalls.n; i++) {
		const struct annot *a = &img->icalls.v[i];

		if (a->used && !check_slot(img, a->slot))
			report(img, a->addr,
			       "indirect call through slot '%s' has no "
			       "registered target (NOINSTR_INDIRECT_TARGET)",
			       a->slot);
	}
}

/* Rule 4 for one function name; a GCC clone (name.isra.0) counts. */
static void required_func(struct image *img, const char *name, bool optional)
{
	size_t len = strlen(name);
	bool found = false;

	for (size_t i = 0; i < img->nr_syms; i++) {
		const struct symbol *s = &img->syms[i];

		if (strncmp(s->name, name, len) ||
		    (s->name[len] && s->name[len] != '.'))
			continue;
		found = true;
		if (!in_noinstr(img, s->addr))
			report(img, s->addr,
			       "%s is required to be noinstr "
			       "(tools/objtool/required.txt) but is not in the "
			       "noinstr section",
			       s->name);
	}
	if (!found && !optional) {
		fprintf(stderr,
			"%s: error: noinstr: required function %s() not found "
			"(tools/objtool/required.txt; prefix '?' if optional)\n",
			img->name, name);
		img->errors++;
	}
}

/* Rule 4 for "@type.member": every function stored there is noinstr. */
static void required_slot(struct image *img, const char *slot, bool optional)
{
	const char *dot = strchr(slot, '.');

	if (!dot) {
		fprintf(stderr,
			"%s: error: noinstr: required.txt: '@%s' is not "
			"@type.member\n",
			img->name, slot);
		img->errors++;
	} else if (!check_slot(img, slot) && !optional) {
		fprintf(stderr,
			"%s: error: noinstr: required slot %s: no struct %.*s "
			"object with a non-NULL %s found (DWARF)\n",
			img->name, slot, (int)(dot - slot), slot, dot + 1);
		img->errors++;
	}
}

/*
 * Rule 4: one entry a line, '#' starts a comment; "name" is a function,
 * "@type.member" an ops slot; a leading '?' makes the entry optional (only
 * checked if present).
 */
static void check_required(struct image *img, const char *list)
{
	char name[256];

	while (*list) {
		size_t n = strcspn(list, "\n");
		const char *p = list, *end = list + n;
		bool optional;

		list = *end ? end + 1 : end;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p == '#')
			continue;
		optional = *p == '?';
		p += optional;
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(p, " \t#\n"),
			 p);
		if (name[0] == '@')
			required_slot(img, name + 1, optional);
		else
			required_func(img, name, optional);
	}
}

int check_image(struct image *img, const char *required)
{
	bind_icalls(img);
	walk_funcs(img);
	for (size_t i = 0; i < img->nr_insns; i++)
		if (img->insns[i].state <= STATE_OUTSIDE)
			check_insn(img, &img->insns[i]);
	check_targets(img);
	if (required)
		check_required(img, required);
	return img->errors ? 1 : 0;
}
