/* The text index (src/match/text_index.h): on texts mixing Chinese, ASCII
 * in both cases, punctuation and a text that is not UTF-8, every needle
 * (1-4 characters cut from the texts, in both cases, and absent ones)
 * finds exactly the texts a plain ASCII-folding scan finds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "text_index.h"

static const char *const pieces[] = {"焊工",      "电工", "PLC",    "plc编程",    "数控车床",
                                     "Photoshop", "广州", "清远",   "机电一体化", "护士",
                                     "C++",       "会计", "\n",     "\t",         "，",
                                     "·",         "Java", "操作员", "维修",       "（实习）"};
#define NP (sizeof(pieces) / sizeof(pieces[0]))

static unsigned seed = 12345;
static unsigned next(void)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) & 0x7fff;
}

static int folded_has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++) {
		size_t k = 0;
		while (k < n && p[k]) {
			int a = (unsigned char)p[k], b = (unsigned char)needle[k];
			a = a >= 'A' && a <= 'Z' ? a + 32 : a;
			b = b >= 'A' && b <= 'Z' ? b + 32 : b;
			if (a != b)
				break;
			k++;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

/* n characters of s from character at (UTF-8), into out. */
static void cut(const char *s, int at, int n, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p && at; at--)
		for (p++; (*p & 0xC0) == 0x80; p++)
			;
	const unsigned char *e = p;
	for (; *e && n; n--)
		for (e++; (*e & 0xC0) == 0x80; e++)
			;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
}

static void test_same_as_scan(void **state)
{
	(void)state;
	enum { N = 300 };
	static char texts[N][256];
	const char *t[N];
	for (int i = 0; i < N; i++) {
		texts[i][0] = '\0';
		int k = 1 + (int)(next() % 8);
		while (k--) {
			const char *p = pieces[next() % NP];
			char buf[64];
			strcpy(buf, p);
			if (next() % 2)
				for (char *c = buf; *c; c++)
					*c = *c >= 'a' && *c <= 'z' ? *c - 32 : *c;
			strcat(texts[i], buf);
		}
		t[i] = texts[i];
	}
	strcpy(texts[7], "bad \xff\xfe utf-8 PLC焊工"); /* not UTF-8: always checked */
	struct text_index *ix = text_index_build(t, N);
	assert_non_null(ix);
	assert_int_equal(text_index_count(ix), N);
	uint64_t bits[(N + 63) / 64], scanned[(N + 63) / 64];
	/* text_index_scan (no index: the lowered texts scanned) answers the
	 * same, refusals included. */
	char *low[N];
	for (int i = 0; i < N; i++)
		assert_non_null(low[i] = text_index_lower(t[i]));
	for (int q = 0; q < 3000; q++) {
		char needle[64];
		if (q % 50 == 0)
			strcpy(needle, "鲸鱼");
		else
			cut(t[next() % N], (int)(next() % 6), 1 + (int)(next() % 4), needle);
		if (q % 3 == 0)
			for (char *c = needle; *c; c++)
				*c = *c >= 'a' && *c <= 'z' ? *c - 32 : *c;
		memset(bits, 0, sizeof(bits));
		memset(scanned, 0, sizeof(scanned));
		int rc = text_index_find(ix, needle, bits);
		assert_int_equal(text_index_scan((const char *const *)low, N, needle, scanned), rc);
		assert_memory_equal(bits, scanned, sizeof(bits));
		if (rc) {
			/* empty, or cut inside the bad text: refused */
			assert_true(!needle[0] || text_index_odd_case(needle));
			continue;
		}
		for (int d = 0; d < N; d++)
			assert_int_equal(!!(bits[d / 64] & (1ull << (d % 64))),
			                 folded_has(t[d], needle));
	}
	memset(bits, 0, sizeof(bits));
	assert_int_equal(text_index_find(ix, "\xff", bits), -1);
	assert_int_equal(text_index_find(ix, "", bits), -1);
	assert_int_equal(text_index_scan((const char *const *)low, N, "\xff", bits), -1);
	assert_int_equal(text_index_scan((const char *const *)low, N, "", bits), -1);
	for (int i = 0; i < N; i++)
		free(low[i]);
	text_index_free(ix);
}

static void test_odd_case(void **state)
{
	(void)state;
	assert_false(text_index_odd_case("焊工PLC，·（实习）"));
	assert_true(text_index_odd_case("É"));
	assert_true(text_index_odd_case("Ｐ"));           /* full-width Latin */
	assert_true(text_index_odd_case("\xE2\x84\xAA")); /* the Kelvin sign */
	assert_true(text_index_odd_case("\xff"));
}

static void test_empty(void **state)
{
	(void)state;
	struct text_index *ix = text_index_build(NULL, 0);
	assert_non_null(ix);
	uint64_t bits[1] = {0};
	assert_int_equal(text_index_find(ix, "工", bits), 0);
	assert_int_equal(bits[0], 0);
	text_index_free(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_as_scan),
	    cmocka_unit_test(test_odd_case),
	    cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
