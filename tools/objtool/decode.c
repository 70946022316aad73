// SPDX-License-Identifier: GPL-2.0
/*
 * Disassembly of the noinstr functions with capstone: each instruction is
 * classified by its control flow (call, jump, conditional jump, indirect,
 * return), and the jump tables GCC emits for switch statements are read so
 * their targets become ordinary successors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "objtool.h"

/* Per-instruction facts the jump table matcher needs. */
struct aux {
	unsigned int id; /* X86_INS_* */
	uint64_t rip_ref; /* address of a %rip-relative operand, or 0 */
	int64_t imm; /* immediate operand of cmp, or -1 */
};

#define JT_LOOKBACK 16 /* instructions searched before the indirect jmp */
#define JT_MAX 4096 /* larger bounds are not a switch */

static bool has_group(csh cs, const cs_insn *ci, uint8_t grp)
{
	return cs_insn_group(cs, ci, grp);
}

static void classify(csh cs, const cs_insn *ci, struct insn *in,
		     struct aux *aux)
{
	const cs_x86 *x;
	bool imm;

	aux->id = ci->id;
	aux->rip_ref = 0;
	aux->imm = -1;
	/* Bytes capstone skipped as data (CS_OPT_SKIPDATA): no way through. */
	if (ci->id == X86_INS_INVALID || !ci->detail) {
		in->kind = INSN_STOP;
		return;
	}
	x = &ci->detail->x86;
	imm = x->op_count && x->operands[0].type == X86_OP_IMM;
	for (int i = 0; i < x->op_count; i++) {
		const cs_x86_op *op = &x->operands[i];

		if (op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP)
			aux->rip_ref =
				ci->address + ci->size + (uint64_t)op->mem.disp;
		if (ci->id == X86_INS_CMP && op->type == X86_OP_IMM)
			aux->imm = op->imm;
	}
	in->kind = INSN_OTHER;
	if (has_group(cs, ci, CS_GRP_CALL)) {
		in->kind = imm ? INSN_CALL : INSN_CALL_DYN;
	} else if (has_group(cs, ci, CS_GRP_RET) ||
		   has_group(cs, ci, CS_GRP_IRET)) {
		in->kind = INSN_RET;
	} else if (has_group(cs, ci, CS_GRP_JUMP)) {
		if (ci->id == X86_INS_JMP)
			in->kind = imm ? INSN_JUMP : INSN_JUMP_DYN;
		else if (ci->id == X86_INS_LJMP)
			in->kind = INSN_JUMP_DYN;
		else
			in->kind = INSN_JUMP_COND;
	} else if (ci->id == X86_INS_UD2 || ci->id == X86_INS_INT3) {
		in->kind = INSN_STOP;
	}
	if (imm && in->kind != INSN_OTHER)
		in->target = (uint64_t)x->operands[0].imm;
}

/*
 * GCC's -fpic switch:   cmp $N, %eax; ja default; lea T(%rip), %rdx;
 *                       movslq (%rdx,%rax,4), %rax; add %rdx, %rax; jmp *%rax
 * Entries are 32-bit offsets from T.  The bound comes from the cmp and
 * the ja/jae that guards the table; without both the jump stays unknown.
 */
static void resolve_jump_table(struct image *img, struct insn *jmp,
			       const struct aux *aux, size_t idx)
{
	uint64_t table = 0;
	int64_t n = -1;
	size_t first = idx > JT_LOOKBACK ? idx - JT_LOOKBACK : 0;

	bool cmp_seen = false;

	for (size_t i = idx; i-- > first && (!table || !cmp_seen);) {
		if (!table && aux[i].id == X86_INS_LEA && aux[i].rip_ref)
			table = aux[i].rip_ref;
		if (cmp_seen || aux[i].id != X86_INS_CMP || aux[i].imm < 0)
			continue;
		/* The nearest cmp bounds the index, through its ja/jae. */
		cmp_seen = true;
		for (size_t j = i + 1; j < idx; j++) {
			if (aux[j].id == X86_INS_JA)
				n = aux[i].imm + 1;
			else if (aux[j].id == X86_INS_JAE)
				n = aux[i].imm;
		}
	}
	if (!table || n <= 0 || n > JT_MAX)
		return;
	jmp->table = calloc((size_t)n, sizeof(*jmp->table));
	if (!jmp->table)
		return;
	for (int64_t k = 0; k < n; k++) {
		int32_t off;

		if (image_read(img, table + 4 * (uint64_t)k, &off, 4)) {
			free(jmp->table);
			jmp->table = NULL;
			return;
		}
		jmp->table[k] = table + (uint64_t)(int64_t)off;
	}
	jmp->nr_table = (size_t)n;
}

static int decode_func(struct image *img, csh cs, struct func *f)
{
	size_t len = f->end - f->start, cap = len + 1;
	uint8_t *code = malloc(len + 1);
	struct aux *aux = calloc(cap, sizeof(*aux));
	size_t first = img->nr_insns;
	cs_insn *ci = cs_malloc(cs);
	const uint8_t *p = code;
	uint64_t addr = f->start;

	if (!code || !aux || !ci || image_read(img, f->start, code, len)) {
		fprintf(stderr, "%s: error: cannot read %s\n", img->name,
			f->sym->name);
		return -1;
	}
	while (len && cs_disasm_iter(cs, &p, &len, &addr, ci)) {
		struct insn *in = &img->insns[img->nr_insns];

		memset(in, 0, sizeof(*in));
		in->addr = ci->address;
		in->len = ci->size;
		in->func = f;
		in->state = STATE_UNSEEN;
		snprintf(in->text, sizeof(in->text), "%s%s%s", ci->mnemonic,
			 ci->op_str[0] ? " " : "", ci->op_str);
		classify(cs, ci, in, &aux[img->nr_insns - first]);
		if (in->kind == INSN_JUMP_DYN)
			resolve_jump_table(img, in, aux, img->nr_insns - first);
		img->nr_insns++;
	}
	cs_free(ci, 1);
	free(aux);
	free(code);
	return 0;
}

#define NORETURN_DEPTH 4 /* tail calls followed to prove a dead end */

/* The code of the function at @addr: up to its size, or the next symbol. */
static uint64_t func_end(const struct image *img, const struct symbol *s)
{
	if (s->size)
		return s->addr + s->size;
	for (const struct symbol *n = s + 1; n < img->syms + img->nr_syms; n++)
		if (n->addr > s->addr && !n->label)
			return n->addr;
	return s->addr;
}

static bool dead_end(struct image *img, uint64_t addr, int depth);

/* Does the code in [start, end) leave only by calls to dead ends? */
static bool scan_dead_end(struct image *img, uint64_t start, uint64_t end,
			  int depth)
{
	size_t len = end - start;
	uint8_t *code = malloc(len ? len : 1);
	cs_insn *ci = cs_malloc(img->cs);
	const uint8_t *p = code;
	uint64_t pc = start;
	bool dead = code && ci && !image_read(img, start, code, len);

	while (dead && len && cs_disasm_iter(img->cs, &p, &len, &pc, ci)) {
		struct insn in = { 0 };
		struct aux aux;

		classify(img->cs, ci, &in, &aux);
		if (in.kind == INSN_RET || in.kind == INSN_JUMP_DYN)
			dead = false;
		else if ((in.kind == INSN_JUMP || in.kind == INSN_JUMP_COND) &&
			 (in.target < start || in.target >= end))
			dead = depth < NORETURN_DEPTH &&
			       dead_end(img, in.target, depth + 1);
	}
	if (ci)
		cs_free(ci, 1);
	free(code);
	return dead;
}

static bool dead_end(struct image *img, uint64_t addr, int depth)
{
	const struct symbol *s = sym_at(img, addr);
	bool dead;

	if (addr_list_has(&img->noreturn, addr))
		return true;
	if (addr_list_has(&img->returns, addr) || !s || s->addr != addr)
		return false;
	/* Assume it returns while deciding: recursion ends pessimistic. */
	addr_list_add(&img->returns, addr);
	dead = scan_dead_end(img, addr, func_end(img, s), depth);
	if (dead) {
		for (size_t i = 0; i < img->returns.n; i++)
			if (img->returns.v[i] == addr)
				img->returns.v[i] =
					img->returns.v[--img->returns.n];
		addr_list_add(&img->noreturn, addr);
	}
	return dead;
}

/*
 * A call to @addr never returns: __noreturn (DWARF), or a function with no
 * return instruction, whose tail calls all go to such functions (GCC infers
 * noreturn that way too and then drops the code after the call).
 */
bool func_noreturn(struct image *img, uint64_t addr)
{
	return dead_end(img, addr, 0);
}

int decode_noinstr(struct image *img)
{
	csh cs;
	size_t bytes = img->noinstr_end - img->noinstr_start;
	int ret = 0;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
		fprintf(stderr,
			"liminal-objtool: capstone: cannot open x86-64\n");
		return -1;
	}
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	cs_option(cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
	cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);
	/* Every instruction is at least one byte long. */
	img->insns = calloc(bytes + 1, sizeof(*img->insns));
	if (!img->insns)
		ret = -1;
	for (size_t i = 0; !ret && i < img->nr_funcs; i++)
		ret = decode_func(img, cs, &img->funcs[i]);
	img->cs = cs; /* kept for func_noreturn(), closed by image_close() */
	return ret;
}

void decode_close(struct image *img)
{
	csh cs = img->cs;

	if (cs)
		cs_close(&cs);
	img->cs = 0;
}

struct insn *insn_at(const struct image *img, uint64_t addr)
{
	size_t lo = 0, hi = img->nr_insns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (img->insns[mid].addr == addr)
			return &img->insns[mid];
		if (img->insns[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct func *func_at(const struct image *img, uint64_t addr)
{
	for (size_t i = 0; i < img->nr_funcs; i++)
		if (addr >= img->funcs[i].start && addr < img->funcs[i].end)
			return &img->funcs[i];
	return NULL;
}
