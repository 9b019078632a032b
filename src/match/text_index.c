/*
 * The text index (text_index.h): two passes over the texts, the first
 * counting each key's documents, the second filling one array of lists
 * (CSR: key k's documents are doc[off[k] .. off[k + 1])).  Keys are code
 * points (one character) and pairs of them, in an open-addressing table.
 */
#include "text_index.h"

#include <stdlib.h>
#include <string.h>

#define PAIR_FLAG (1ull << 42)

struct text_index {
	char **text; /* lowered copies */
	size_t *len;
	size_t n;
	uint64_t *keys; /* table: key + 1, 0 empty */
	uint32_t *slot; /* table: key's number */
	size_t cap;     /* a power of two */
	size_t nkeys;
	uint32_t *off; /* nkeys + 1 */
	uint32_t *doc;
	uint32_t *odd; /* texts that are not UTF-8: always candidates */
	size_t nodd;
	size_t bytes;
};

/* The code point at s (len bytes left) and its length in *n, or -1 when
 * s does not start a valid UTF-8 sequence (overlong, surrogate, cut). */
static long cp_next(const unsigned char *s, size_t len, int *n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return *n = 1, (long)c;
	int k = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
	if (!k || (size_t)k > len)
		return -1;
	unsigned long v = c & (0x7Fu >> k);
	for (int i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if ((k == 3 && (v < 0x800 || (v >= 0xD800 && v < 0xE000))) ||
	    (k == 4 && (v < 0x10000 || v > 0x10FFFF)))
		return -1;
	return *n = k, (long)v;
}

/* src[0..len] (its NUL included) into dst with ASCII letters lowered. */
static void lower_into(char *dst, const char *src, size_t len)
{
	for (size_t i = 0; i <= len; i++)
		dst[i] = src[i] >= 'A' && src[i] <= 'Z' ? src[i] + 32 : src[i];
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

/* Key k's number; added when absent if add (-1: absent, or no memory). */
static long key_find(struct text_index *ix, uint64_t k, int add)
{
	if (add && (ix->nkeys + 1) * 2 > ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 4096;
		uint64_t *keys = calloc(cap, sizeof(*keys));
		uint32_t *slot = malloc(cap * sizeof(*slot));
		if (!keys || !slot) {
			free(keys);
			free(slot);
			return -1;
		}
		for (size_t i = 0; i < ix->cap; i++) {
			if (!ix->keys[i])
				continue;
			size_t j = mix(ix->keys[i] - 1) & (cap - 1);
			while (keys[j])
				j = (j + 1) & (cap - 1);
			keys[j] = ix->keys[i];
			slot[j] = ix->slot[i];
		}
		free(ix->keys);
		free(ix->slot);
		ix->keys = keys;
		ix->slot = slot;
		ix->cap = cap;
	}
	if (!ix->cap)
		return -1;
	size_t j = mix(k) & (ix->cap - 1);
	while (ix->keys[j]) {
		if (ix->keys[j] == k + 1)
			return ix->slot[j];
		j = (j + 1) & (ix->cap - 1);
	}
	if (!add)
		return -1;
	ix->keys[j] = k + 1;
	ix->slot[j] = (uint32_t)ix->nkeys;
	return (long)ix->nkeys++;
}

/* Calls back each key of text: its characters and adjacent pairs.  0, or
 * -1 when it is not UTF-8. */
typedef int (*key_fn)(struct text_index *ix, uint64_t key, uint32_t d, void *arg);

static int each_key(struct text_index *ix, const char *t, size_t len, uint32_t d, key_fn fn,
                    void *arg)
{
	long prev = -1;
	for (size_t i = 0; i < len;) {
		int n;
		long c = cp_next((const unsigned char *)t + i, len - i, &n);
		if (c < 0)
			return -1;
		if (fn(ix, (uint64_t)c, d, arg) ||
		    (prev >= 0 && fn(ix, PAIR_FLAG | ((uint64_t)prev << 21) | (uint64_t)c, d, arg)))
			return -2;
		prev = c;
		i += (size_t)n;
	}
	return 0;
}

struct pass {
	uint32_t *last; /* per key: the last document counted + 1 */
	size_t lastcap;
	uint32_t *count; /* pass 1: documents per key; pass 2: filled so far */
};

static int grow_pass(struct pass *p, size_t need)
{
	if (need <= p->lastcap)
		return 0;
	size_t cap = p->lastcap ? p->lastcap : 4096;
	while (cap < need)
		cap *= 2;
	uint32_t *l = realloc(p->last, cap * sizeof(*l)), *c;
	if (l)
		p->last = l;
	c = l ? realloc(p->count, cap * sizeof(*c)) : NULL;
	if (!c)
		return -1;
	p->count = c;
	memset(p->last + p->lastcap, 0, (cap - p->lastcap) * sizeof(*l));
	memset(p->count + p->lastcap, 0, (cap - p->lastcap) * sizeof(*c));
	p->lastcap = cap;
	return 0;
}

static int count_key(struct text_index *ix, uint64_t key, uint32_t d, void *arg)
{
	struct pass *p = arg;
	long k = key_find(ix, key, 1);
	if (k < 0 || grow_pass(p, (size_t)k + 1))
		return -1;
	if (p->last[k] != d + 1) {
		p->last[k] = d + 1;
		p->count[k]++;
	}
	return 0;
}

static int fill_key(struct text_index *ix, uint64_t key, uint32_t d, void *arg)
{
	struct pass *p = arg;
	long k = key_find(ix, key, 0);
	if (p->last[k] != d + 1) {
		p->last[k] = d + 1;
		ix->doc[ix->off[k] + p->count[k]++] = d;
	}
	return 0;
}

struct text_index *text_index_build(const char *const *texts, size_t n)
{
	struct text_index *ix = calloc(1, sizeof(*ix));
	struct pass p = {0};
	int ok = ix && (ix->text = calloc(n ? n : 1, sizeof(char *))) &&
	         (ix->len = calloc(n ? n : 1, sizeof(size_t))) &&
	         (ix->odd = malloc((n ? n : 1) * sizeof(uint32_t)));
	for (size_t d = 0; ok && d < n; d++, ix->n++) {
		size_t len = strlen(texts[d]);
		char *t = malloc(len + 1);
		if (!(ok = t != NULL))
			break;
		lower_into(t, texts[d], len);
		ix->text[d] = t;
		ix->len[d] = len;
		ix->bytes += len + 1;
		int rc = each_key(ix, t, len, (uint32_t)d, count_key, &p);
		if (rc == -1)
			ix->odd[ix->nodd++] = (uint32_t)d;
		ok = rc != -2;
	}
	ok = ok && !grow_pass(&p, ix->nkeys + 1) && (ix->off = malloc((ix->nkeys + 1) * 4));
	size_t total = 0;
	for (size_t k = 0; ok && k < ix->nkeys; k++) {
		ix->off[k] = (uint32_t)total;
		total += p.count[k];
	}
	if (ok) {
		ix->off[ix->nkeys] = (uint32_t)total;
		ok = (ix->doc = malloc((total ? total : 1) * sizeof(uint32_t))) != NULL;
	}
	if (ok) {
		memset(p.last, 0, p.lastcap * sizeof(*p.last));
		memset(p.count, 0, p.lastcap * sizeof(*p.count));
		/* Documents in order: every list comes out sorted. */
		for (size_t d = 0; d < ix->n; d++)
			each_key(ix, ix->text[d], ix->len[d], (uint32_t)d, fill_key, &p);
		ix->bytes += total * 4 + ix->cap * 12 + ix->nkeys * 4 + ix->n * 16;
	}
	free(p.last);
	free(p.count);
	if (!ok) {
		text_index_free(ix);
		return NULL;
	}
	return ix;
}

void text_index_free(struct text_index *ix)
{
	if (!ix)
		return;
	for (size_t d = 0; d < ix->n; d++)
		free(ix->text[d]);
	free(ix->text);
	free(ix->len);
	free(ix->keys);
	free(ix->slot);
	free(ix->off);
	free(ix->doc);
	free(ix->odd);
	free(ix);
}

size_t text_index_count(const struct text_index *ix)
{
	return ix->n;
}

size_t text_index_bytes(const struct text_index *ix)
{
	return ix->bytes;
}

static void check(const struct text_index *ix, uint32_t d, const char *needle, int verify,
                  uint64_t *out)
{
	if (!verify || strstr(ix->text[d], needle))
		out[d / 64] |= 1ull << (d % 64);
}

int text_index_find(const struct text_index *ix, const char *needle, uint64_t *out)
{
	size_t len = strlen(needle);
	char low[512];
	if (!len || len >= sizeof(low))
		return -1;
	lower_into(low, needle, len);
	/* The shortest list among the needle's keys (a single character's,
	 * or its pairs'); a key no text has: only the odd texts may hold it. */
	long best = -2, prev = -1;
	int nchars = 0;
	for (size_t i = 0; i < len;) {
		int n;
		long c = cp_next((const unsigned char *)low + i, len - i, &n);
		if (c < 0)
			return -1;
		if (prev >= 0 || len == (size_t)n) {
			uint64_t key = prev >= 0 ? PAIR_FLAG | ((uint64_t)prev << 21) | (uint64_t)c
			                         : (uint64_t)c;
			long k = key_find((struct text_index *)ix, key, 0);
			if (k < 0)
				best = -1;
			else if (best == -2 || (best >= 0 && ix->off[k + 1] - ix->off[k] <
			                                         ix->off[best + 1] - ix->off[best]))
				best = k;
		}
		nchars++;
		prev = c;
		i += (size_t)n;
	}
	if (best >= 0)
		for (uint32_t j = ix->off[best]; j < ix->off[best + 1]; j++)
			check(ix, ix->doc[j], low, nchars > 1, out);
	for (size_t j = 0; j < ix->nodd; j++)
		check(ix, ix->odd[j], low, 1, out);
	return 0;
}

/* needle lowered into low (size bytes) when it is one a search takes:
 * not empty, shorter than size, valid UTF-8.  0, or -1. */
static int needle_lower(const char *needle, char *low, size_t size)
{
	size_t len = strlen(needle);
	if (!len || len >= size)
		return -1;
	lower_into(low, needle, len);
	for (size_t i = 0; i < len;) {
		int n;
		if (cp_next((const unsigned char *)low + i, len - i, &n) < 0)
			return -1;
		i += (size_t)n;
	}
	return 0;
}

int text_index_scan(const char *const *low, size_t n, const char *needle, uint64_t *out)
{
	char lneedle[512];
	if (needle_lower(needle, lneedle, sizeof(lneedle)))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strstr(low[i], lneedle))
			out[i / 64] |= 1ull << (i % 64);
	return 0;
}

char *text_index_lower(const char *text)
{
	size_t len = strlen(text);
	char *t = malloc(len + 1);
	if (t)
		lower_into(t, text, len);
	return t;
}

int text_index_odd_case(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		int n;
		long c = cp_next((const unsigned char *)s + i, len - i, &n);
		if (c < 0)
			return 1;
		/* Latin beyond ASCII, Greek, Cyrillic, Armenian ... up to the
		 * CJK radicals; the letterlike symbols (the Kelvin sign folds to
		 * k); the other scripts with a case; full-width Latin; and
		 * everything past the BMP (Deseret and others have a case). */
		if ((c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7) ||
		    (c >= 0x2100 && c < 0x2190) || (c >= 0x24B6 && c <= 0x24E9) ||
		    (c >= 0x2C00 && c < 0x2E00) || (c >= 0xA640 && c < 0xA800) ||
		    (c >= 0xAB30 && c < 0xAC00) || (c >= 0xFF21 && c <= 0xFF5A) || c >= 0x10000)
			return 1;
		i += (size_t)n;
	}
	return 0;
}
