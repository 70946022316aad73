// SPDX-License-Identifier: GPL-2.0
/*
 * ELF side of liminal-objtool: the symbol table, the noinstr bounds, the
 * functions inside them, the marker and annotation records, and reads of
 * initialised data at link-time addresses (ImageBase is 0).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "objtool.h"

#define SEC_INSTR_BEGIN ".liminal.instr_begin"
#define SEC_INSTR_END ".liminal.instr_end"
#define SEC_ICALL ".liminal.noinstr_icall"
#define SEC_TARGET ".liminal.noinstr_target"

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fprintf(stderr, "liminal-objtool: out of memory\n");
		exit(2);
	}
	return p;
}

static Elf_Scn *section_by_name(Elf *elf, const char *name)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(elf, shstrndx, sh.sh_name);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

static bool section_is_exec(Elf *elf, size_t ndx)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elf_getscn(elf, ndx);

	return scn && gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_EXECINSTR);
}

static int sym_cmp(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* At one address, a sized FUNC names the code best. */
	if ((x->type == STT_FUNC) != (y->type == STT_FUNC))
		return x->type == STT_FUNC ? -1 : 1;
	return (x->size < y->size) - (x->size > y->size);
}

/* Symbols the linker script defines: bounds, not code. */
static bool linker_symbol(const char *name)
{
	static const char *const names[] = {
		"__noinstr_text_start",
		"__noinstr_text_end",
		"_text",
		"_etext",
		"ImageBase",
		"_data",
		"_edata",
		"_image_end",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

static int load_symbols(struct image *img)
{
	Elf_Scn *scn = section_by_name(img->elf, ".symtab");
	GElf_Shdr sh;
	Elf_Data *data;
	bool have_start = false, have_end = false;

	if (!scn || !gelf_getshdr(scn, &sh) ||
	    !(data = elf_getdata(scn, NULL))) {
		fprintf(stderr, "%s: error: no .symtab (stripped?)\n",
			img->name);
		return -1;
	}
	size_t n = sh.sh_size / sh.sh_entsize;

	img->syms = xcalloc(n, sizeof(*img->syms));
	for (size_t i = 0; i < n; i++) {
		GElf_Sym s;
		const char *name;

		if (!gelf_getsym(data, (int)i, &s))
			continue;
		name = elf_strptr(img->elf, sh.sh_link, s.st_name);
		if (!name || !*name || s.st_shndx == SHN_UNDEF)
			continue;
		if (!strcmp(name, "__noinstr_text_start")) {
			img->noinstr_start = s.st_value;
			have_start = true;
		} else if (!strcmp(name, "__noinstr_text_end")) {
			img->noinstr_end = s.st_value;
			have_end = true;
		}
		if (GELF_ST_TYPE(s.st_info) != STT_FUNC &&
		    GELF_ST_TYPE(s.st_info) != STT_NOTYPE)
			continue;
		/* "..@5.site": a NASM macro-local label, never a function. */
		if (s.st_shndx >= SHN_LORESERVE || linker_symbol(name) ||
		    !strncmp(name, "..@", 3) ||
		    !section_is_exec(img->elf, s.st_shndx))
			continue;
		img->syms[img->nr_syms++] = (struct symbol){
			.name = name,
			.addr = s.st_value,
			.size = s.st_size,
			.type = GELF_ST_TYPE(s.st_info),
		};
	}
	qsort(img->syms, img->nr_syms, sizeof(*img->syms), sym_cmp);
	if (!have_start || !have_end) {
		fprintf(stderr,
			"%s: error: __noinstr_text_start/__noinstr_text_end "
			"missing (not linked with efi/liminal.lds?)\n",
			img->name);
		return -1;
	}
	return 0;
}

const struct symbol *sym_find(const struct image *img, const char *name)
{
	for (size_t i = 0; i < img->nr_syms; i++)
		if (!strcmp(img->syms[i].name, name))
			return &img->syms[i];
	return NULL;
}

/* The symbol whose code contains @addr, else the nearest one before it. */
const struct symbol *sym_at(const struct image *img, uint64_t addr)
{
	const struct symbol *near = NULL, *in = NULL;

	for (size_t i = 0; i < img->nr_syms && img->syms[i].addr <= addr; i++) {
		const struct symbol *s = &img->syms[i];

		if (s->size && addr < s->addr + s->size)
			in = s;
		if (!s->label && (!near || near->addr != s->addr))
			near = s;
	}
	return in ? in : near;
}

bool in_noinstr(const struct image *img, uint64_t addr)
{
	return addr >= img->noinstr_start && addr < img->noinstr_end;
}

/* NASM's local label "foo.loop" belongs to foo: it starts no function. */
static bool is_local_label(const struct image *img, const struct symbol *s)
{
	const char *dot = strchr(s->name, '.');

	if (s->type == STT_FUNC || !dot || dot == s->name)
		return false;
	for (size_t i = 0; i < img->nr_syms; i++) {
		const struct symbol *p = &img->syms[i];

		if (p != s && p->addr <= s->addr &&
		    !strncmp(p->name, s->name, (size_t)(dot - s->name)) &&
		    p->name[dot - s->name] == '\0')
			return true;
	}
	return false;
}

/* foo.cold, foo.cold.3: GCC's split-off unlikely part of foo. */
static struct func *cold_parent(struct image *img, const char *name)
{
	const char *cold = strstr(name, ".cold");

	if (!cold)
		return NULL;
	for (size_t i = 0; i < img->nr_funcs; i++) {
		const char *p = img->funcs[i].sym->name;

		if (strlen(p) == (size_t)(cold - name) &&
		    !strncmp(p, name, (size_t)(cold - name)))
			return &img->funcs[i];
	}
	return NULL;
}

static void build_funcs(struct image *img)
{
	for (size_t i = 0; i < img->nr_syms; i++)
		img->syms[i].label = is_local_label(img, &img->syms[i]);
	img->funcs = xcalloc(img->nr_syms, sizeof(*img->funcs));
	for (size_t i = 0; i < img->nr_syms; i++) {
		const struct symbol *s = &img->syms[i];
		struct func *prev =
			img->nr_funcs ? &img->funcs[img->nr_funcs - 1] : NULL;

		if (!in_noinstr(img, s->addr) || s->label)
			continue;
		if (prev && prev->start == s->addr)
			continue; /* an alias: sym_cmp put the best first */
		img->funcs[img->nr_funcs++] = (struct func){
			.sym = s,
			.start = s->addr,
			.end = s->size ? s->addr + s->size : img->noinstr_end,
		};
	}
	for (size_t i = 0; i < img->nr_funcs; i++) {
		struct func *f = &img->funcs[i];

		if (!f->sym->size && i + 1 < img->nr_funcs)
			f->end = img->funcs[i + 1].start;
		f->group = f;
	}
	for (size_t i = 0; i < img->nr_funcs; i++) {
		struct func *parent = cold_parent(img, img->funcs[i].sym->name);

		if (parent)
			img->funcs[i].group = parent;
	}
}

static int load_addr_list(struct image *img, const char *sec,
			  struct addr_list *l)
{
	Elf_Scn *scn = section_by_name(img->elf, sec);
	Elf_Data *d;

	if (!scn || !(d = elf_getdata(scn, NULL)) || !d->d_size)
		return 0;
	if (d->d_size % 8) {
		fprintf(stderr,
			"%s: error: %s: size %zu is not a multiple of 8\n",
			img->name, sec, d->d_size);
		return -1;
	}
	l->n = d->d_size / 8;
	l->v = xcalloc(l->n, sizeof(*l->v));
	memcpy(l->v, d->d_buf, d->d_size);
	return 0;
}

/* Records: .quad address, .asciz slot, zero padding to 8 bytes. */
static int load_annots(struct image *img, const char *sec, struct annot_list *l)
{
	Elf_Scn *scn = section_by_name(img->elf, sec);
	Elf_Data *d;
	size_t off = 0;

	if (!scn || !(d = elf_getdata(scn, NULL)) || !d->d_size)
		return 0;
	const char *buf = d->d_buf;

	l->v = xcalloc(d->d_size / 16 + 1, sizeof(*l->v));
	while (off + 8 < d->d_size) {
		uint64_t addr;
		size_t slen;

		memcpy(&addr, buf + off, 8);
		off += 8;
		slen = strnlen(buf + off, d->d_size - off);
		if (off + slen >= d->d_size) {
			fprintf(stderr, "%s: error: %s: truncated record\n",
				img->name, sec);
			return -1;
		}
		if (addr || slen)
			l->v[l->n++] = (struct annot){ addr, buf + off, false };
		off = (off + slen + 1 + 7) & ~(size_t)7;
	}
	return 0;
}

int image_read(const struct image *img, uint64_t addr, void *buf, size_t len)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(img->elf, scn))) {
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
		    addr < sh.sh_addr || addr + len > sh.sh_addr + sh.sh_size)
			continue;
		if (sh.sh_type == SHT_NOBITS) {
			memset(buf, 0, len);
			return 0;
		}
		d = elf_getdata(scn, NULL);
		if (!d || addr - sh.sh_addr + len > d->d_size)
			return -1;
		memcpy(buf, (char *)d->d_buf + (addr - sh.sh_addr), len);
		return 0;
	}
	return -1;
}

/*
 * A pointer in initialised data: -shared -fpic leaves it to a dynamic
 * R_X86_64_RELATIVE relocation whose addend is the link-time value.
 */
int image_read_ptr(const struct image *img, uint64_t addr, uint64_t *val)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (image_read(img, addr, val, sizeof(*val)))
		return -1;
	while ((scn = elf_nextscn(img->elf, scn))) {
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA ||
		    !(d = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Rela r;

			if (gelf_getrela(d, (int)i, &r) && r.r_offset == addr &&
			    GELF_R_TYPE(r.r_info) == R_X86_64_RELATIVE) {
				*val = (uint64_t)r.r_addend;
				return 0;
			}
		}
	}
	return 0;
}

bool addr_list_has(const struct addr_list *l, uint64_t addr)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == addr)
			return true;
	return false;
}

void addr_list_add(struct addr_list *l, uint64_t addr)
{
	uint64_t *v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v) {
		fprintf(stderr, "liminal-objtool: out of memory\n");
		exit(2);
	}
	l->v = v;
	l->v[l->n++] = addr;
}

int image_open(struct image *img, const char *path)
{
	const char *slash = strrchr(path, '/');

	memset(img, 0, sizeof(*img));
	img->path = path;
	img->name = slash ? slash + 1 : path;
	elf_version(EV_CURRENT);
	img->fd = open(path, O_RDONLY);
	if (img->fd < 0) {
		fprintf(stderr, "%s: error: %s\n", path, strerror(errno));
		return -1;
	}
	img->elf = elf_begin(img->fd, ELF_C_READ, NULL);
	if (!img->elf || elf_kind(img->elf) != ELF_K_ELF) {
		fprintf(stderr, "%s: error: not an ELF file\n", path);
		return -1;
	}
	if (load_symbols(img) ||
	    load_addr_list(img, SEC_INSTR_BEGIN, &img->instr_begin) ||
	    load_addr_list(img, SEC_INSTR_END, &img->instr_end) ||
	    load_annots(img, SEC_ICALL, &img->icalls) ||
	    load_annots(img, SEC_TARGET, &img->targets))
		return -1;
	build_funcs(img);
	return 0;
}

void image_close(struct image *img)
{
	decode_close(img);
	if (img->dwarf)
		dwarf_end(img->dwarf);
	if (img->elf)
		elf_end(img->elf);
	if (img->fd > 0)
		close(img->fd);
	for (size_t i = 0; i < img->nr_insns; i++)
		free(img->insns[i].table);
	free(img->insns);
	free(img->funcs);
	free(img->syms);
	free(img->instr_begin.v);
	free(img->instr_end.v);
	free(img->icalls.v);
	free(img->targets.v);
	free(img->noreturn.v);
	free(img->returns.v);
	free(img->slots);
}
