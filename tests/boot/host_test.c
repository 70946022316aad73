// SPDX-License-Identifier: GPL-2.0
/*
 * Host-built tests of the pure logic in lib/ and vmm/host/: the
 * printk/vsnprintf formatter (lib/printk.c, with a capture buffer as its
 * console) and the page allocator's free list (page_alloc.c, over a
 * neutral memory map of a malloc'ed arena, walked by memmap.c).  Built
 * with ASan/UBSan; exit status 0 when every check holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <host/host.h>
#include <host/mm.h>
#include <lib/printk.h>
#include <host/panic.h>
#include "../../vmm/host/memmap.h"

static int failures;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, \
				__LINE__, #cond);                              \
			failures++;                                            \
		}                                                              \
	} while (0)

/* ---- fakes for what the VMM's objects expect ---- */

static char uart[4096];
static size_t uart_len;
static unsigned long fake_flags = 1ul << 9;

static void capture_putc(char c)
{
	if (uart_len + 1 < sizeof(uart))
		uart[uart_len++] = c;
	uart[uart_len] = '\0';
}

unsigned long fake_arch_save_flags(void)
{
	return fake_flags;
}

void fake_arch_irq_disable(void)
{
	fake_flags &= ~(1ul << 9);
}

void fake_arch_irq_enable(void)
{
	fake_flags |= 1ul << 9;
}

void fake_arch_safe_halt(void)
{
	fake_arch_irq_enable();
}

void __warn(const char *file, int line, const char *cond)
{
	fprintf(stderr, "WARN_ON(%s) at %s:%d\n", cond, file, line);
	failures++;
}

/* ---- vsnprintf / printk ---- */

static void check_format(const char *want, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check_format(const char *want, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strcmp(buf, want) || n != (int)strlen(want)) {
		fprintf(stderr, "format \"%s\": got \"%s\" (%d), want \"%s\"\n",
			fmt, buf, n, want);
		failures++;
	}
}

static void test_format(void)
{
	const char *volatile no_string = NULL;
	char small[8];
	int n;

	check_format("42 -42 0", "%d %i %u", 42, -42, 0u);
	check_format("4294967295", "%u", 4294967295u);
	check_format("-2147483648", "%d", (int)(-2147483647 - 1));
	check_format("-9223372036854775808", "%ld",
		     (long)(-9223372036854775807l - 1));
	check_format("18446744073709551615", "%lu", 18446744073709551615ul);
	check_format("ff FF 0xdeadbeefcafe", "%x %X 0x%lx", 255u, 255u,
		     0xdeadbeefcafeul);
	check_format("123456789abc", "%llx", 0x123456789abcull);
	check_format("17", "%zu", (size_t)17);
	check_format("[   42][42   ][00042][-0042]", "[%5d][%-5d][%05d][%05d]",
		     42, 42, 42, -42);
	check_format("[  ab][ab  ]", "[%4s][%-4s]", "ab", "ab");
	check_format("0x00000000deadbeef", "%p", (void *)0xdeadbeeful);
	check_format("(null) x %", "%s %c %%", no_string, 'x');
	/* truncation: NUL-terminated, return value is the full length */
	n = snprintf(small, sizeof(small), "%s", "0123456789");
	CHECK(n == 10);
	CHECK(!strcmp(small, "0123456"));
	/* no console registered yet: printk formats and drops */
	uart_len = 0;
	n = printk("a%db\n", 7);
	CHECK(n == 4);
	CHECK(uart_len == 0);
	/* the registered console gets every character; \n is its business */
	printk_set_console(capture_putc);
	n = printk("a%db\n", 7);
	CHECK(n == 4);
	CHECK(!strcmp(uart, "a7b\n"));
	pr_info("x\n");
	CHECK(!strcmp(uart, "a7b\nliminal: x\n"));
}

/* ---- page allocator ---- */

#define ARENA_PAGES 64

static void test_page_alloc(void)
{
	struct memmap_range ranges[4];
	struct host_memmap mm = { ranges, 4 };
	u64 base, p1, p2, p3;
	char *arena;
	u8 *bytes;

	arena = aligned_alloc(PAGE_SIZE, (ARENA_PAGES + 1) * PAGE_SIZE);
	CHECK(arena);
	base = (u64)arena;
	/* two free ranges separated by one page of "loader data" */
	ranges[0] = (struct memmap_range){ base, base + 16 * PAGE_SIZE,
					   MEMMAP_FREE };
	ranges[1] = (struct memmap_range){ base + 16 * PAGE_SIZE,
					   base + 17 * PAGE_SIZE, MEMMAP_RAM };
	ranges[2] = (struct memmap_range){ base + 17 * PAGE_SIZE,
					   base + ARENA_PAGES * PAGE_SIZE,
					   MEMMAP_FREE };
	/* below 1 MiB: never handed out */
	ranges[3] = (struct memmap_range){ 0x1000, 0x9f000, MEMMAP_FREE };
	CHECK(memmap_top(&mm) == base + ARENA_PAGES * PAGE_SIZE);
	memset(arena, 0xa5, ARENA_PAGES * PAGE_SIZE);
	page_alloc_init(&mm);
	CHECK(page_alloc_total_pages() == ARENA_PAGES - 1);
	CHECK(page_alloc_free_pages() == ARENA_PAGES - 1);

	/* contiguous, aligned, zeroed, inside a free range */
	p1 = (u64)page_alloc(20);
	CHECK(p1 && IS_ALIGNED(p1, PAGE_SIZE));
	CHECK(p1 >= base + 17 * PAGE_SIZE &&
	      p1 + 20 * PAGE_SIZE <= base + ARENA_PAGES * PAGE_SIZE);
	bytes = (u8 *)p1;
	CHECK(bytes[0] == 0 && bytes[20 * PAGE_SIZE - 1] == 0);
	/* the 16-page run cannot hold 17 but the other can */
	p2 = (u64)page_alloc(17);
	CHECK(p2 >= base + 17 * PAGE_SIZE);
	CHECK(page_alloc(ARENA_PAGES) == NULL);
	p3 = (u64)page_alloc(16);
	CHECK(p3 == base);
	CHECK(page_alloc_free_pages() == ARENA_PAGES - 1 - 20 - 17 - 16);
	/* freeing everything merges back into runs that fit again */
	page_free((void *)p1, 20);
	page_free((void *)p3, 16);
	page_free((void *)p2, 17);
	CHECK(page_alloc_free_pages() == ARENA_PAGES - 1);
	p1 = (u64)page_alloc(ARENA_PAGES - 17);
	CHECK(p1 == base + 17 * PAGE_SIZE);
	/* IRQs are back on after each call */
	CHECK(fake_flags & (1ul << 9));
	free(arena);
}

int main(void)
{
	test_format();
	test_page_alloc();
	if (failures) {
		fprintf(stderr, "host_test: %d failure(s)\n", failures);
		return 1;
	}
	printf("host_test: printk formats and page allocator OK\n");
	return 0;
}
