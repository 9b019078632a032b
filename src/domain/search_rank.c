/*
 * Position search queries and their ranking (search_rank.h).  The word
 * lists are parsed once from the embedded data files; everything else is
 * byte work on UTF-8 (ASCII folding leaves multi-byte characters alone).
 */
#include "domain/search_rank.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/dict.h"

#define MAX_WORDS 1024
#define MAX_JOBS  256

static struct {
	char *syn_text, *job_text;
	const char *word[MAX_WORDS];
	int group[MAX_WORDS], nword;
	const char *job[MAX_JOBS];
	int njob;
} W;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static const struct dict_file *data_file(const char *name)
{
	for (const struct dict_file *f = dict_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

/* A copy of data file name with its header line skipped (NULL: none). */
static char *data_body(const char *name, char **copy)
{
	const struct dict_file *f = data_file(name);
	*copy = f ? strndup(f->text, f->size) : NULL;
	char *nl = *copy ? strchr(*copy, '\n') : NULL;
	return nl ? nl + 1 : NULL;
}

static int longer_first(const void *a, const void *b)
{
	return (int)strlen(*(const char *const *)b) - (int)strlen(*(const char *const *)a);
}

static void load_words(void)
{
	char *save = NULL, *body = data_body("search_synonyms.tsv", &W.syn_text);
	int group = 0;
	for (char *line = body ? strtok_r(body, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save), group++) {
		line[strcspn(line, "\t")] = '\0';
		char *wsave = NULL;
		for (char *w = strtok_r(line, "|", &wsave); w && W.nword < MAX_WORDS;
		     w = strtok_r(NULL, "|", &wsave)) {
			W.word[W.nword] = w;
			W.group[W.nword++] = group;
		}
	}
	body = data_body("job_words.tsv", &W.job_text);
	for (char *line = body ? strtok_r(body, "\n", &save) : NULL; line && W.njob < MAX_JOBS;
	     line = strtok_r(NULL, "\n", &save))
		W.job[W.njob++] = line;
	qsort(W.job, (size_t)W.njob, sizeof(W.job[0]), longer_first);
}

/* Adds term t's synonyms to it. */
static void add_synonyms(struct search_term *t)
{
	for (int i = 0; i < W.nword; i++) {
		if (strcasecmp(W.word[i], t->alt[0]))
			continue;
		for (int j = 0; j < W.nword && t->nalt < SEARCH_MAX_ALTS; j++)
			if (W.group[j] == W.group[i] && j != i)
				t->alt[t->nalt++] = W.word[j];
		return;
	}
}

int search_query_parse(const char *q, struct search_query *out)
{
	pthread_once(&words_once, load_words);
	out->nterm = 0;
	size_t at = 0;
	while (*q && out->nterm < SEARCH_MAX_TERMS) {
		q += strspn(q, " \t");
		size_t n = strcspn(q, " \t");
		if (!n)
			break;
		size_t keep = n < sizeof(out->buf) - at - 1 ? n : sizeof(out->buf) - at - 1;
		if (!keep)
			break;
		memcpy(out->buf + at, q, keep);
		out->buf[at + keep] = '\0';
		struct search_term *t = &out->term[out->nterm++];
		t->alt[0] = out->buf + at;
		t->nalt = 1;
		add_synonyms(t);
		at += keep + 1;
		q += n;
	}
	return out->nterm;
}

/* ---- matching ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* 1 when s holds an ASCII letter (a byte find_ci must fold). */
static int has_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

/* The offset of needle in hay[from, len) ignoring ASCII case, or -1;
 * fold: has_letter(needle). */
static long find_ci(const char *hay, size_t len, size_t from, const char *needle, size_t nlen,
                    int fold)
{
	if (!fold && nlen && from <= len) {
		/* No letter to fold: bytes equal exactly (libc's memmem is many
		 * times faster than the loop below, and ranking a 1-character
		 * query scores thousands of texts). */
		const char *at = memmem(hay + from, len - from, needle, nlen);
		return at ? (long)(at - hay) : -1;
	}
	for (size_t i = from; nlen && i + nlen <= len; i++) {
		size_t k = 0;
		while (k < nlen &&
		       lower((unsigned char)hay[i + k]) == lower((unsigned char)needle[k]))
			k++;
		if (k == nlen)
			return (long)i;
	}
	return -1;
}

/* The code point starting at s (s < end), its length in *n. */
static unsigned cp_at(const unsigned char *s, const unsigned char *end, int *n)
{
	if (*s < 0x80 || s + 1 >= end)
		return *n = 1, *s;
	if (*s < 0xE0)
		return *n = 2, ((*s & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	if (*s < 0xF0 && s + 2 < end)
		return *n = 3, ((*s & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	return *n = 1, 0x10000;
}

/* Blanks, ASCII punctuation and CJK / full-width punctuation cut words. */
static int is_sep(unsigned c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		         (c >= 'A' && c <= 'Z'));
	return c == 0xB7 || (c >= 0x2010 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
	       (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	       (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/* A field of the text: [s, e), and whether job words cut it. */
struct field {
	const char *s, *e;
	unsigned bit;
	int weight;
};

/* 1 when a separator ends right before p (or p is the field's start). */
static int sep_before(const struct field *f, const char *p)
{
	if (p <= f->s)
		return 1;
	const char *q = p - 1;
	while (q > f->s && ((unsigned char)*q & 0xC0) == 0x80)
		q--;
	int n;
	return is_sep(cp_at((const unsigned char *)q, (const unsigned char *)f->e, &n));
}

/* 1 when a separator starts at p (or p is the field's end). */
static int sep_at(const struct field *f, const char *p)
{
	int n;
	return p >= f->e ||
	       is_sep(cp_at((const unsigned char *)p, (const unsigned char *)f->e, &n));
}

/* 1 when a title's job word starts at p and ends its segment, or is
 * followed by another that does (工程师助理 cuts before 工程师 and 助理). */
static int job_at(const struct field *f, const char *p)
{
	if (f->bit != SEARCH_TITLE)
		return 0;
	for (int i = 0; i < W.njob; i++) {
		size_t n = strlen(W.job[i]);
		if ((size_t)(f->e - p) >= n && !memcmp(p, W.job[i], n) &&
		    (sep_at(f, p + n) || job_at(f, p + n)))
			return 1;
	}
	return 0;
}

/* The best score of needle in field f (0: absent): whole word 100, plus
 * the field's weight times 10. */
static int field_score(const struct field *f, const char *needle)
{
	size_t nlen = strlen(needle), len = (size_t)(f->e - f->s);
	int best = 0, fold = has_letter(needle);
	for (long at = find_ci(f->s, len, 0, needle, nlen, fold); at >= 0;
	     at = find_ci(f->s, len, (size_t)at + 1, needle, nlen, fold)) {
		const char *b = f->s + at, *end = b + nlen;
		int whole = sep_before(f, b) || sep_at(f, end) || job_at(f, b) || job_at(f, end);
		int s = (whole ? 100 : 0) + f->weight * 10;
		if (s > best)
			best = s;
	}
	return best;
}

/* Cuts text into its five fields (position_text.h); a shorter text puts
 * what remains in the description. */
static int split_fields(const char *text, size_t len, struct field *f)
{
	static const unsigned bits[5] = {SEARCH_TITLE, SEARCH_ENTERPRISE, SEARCH_CITY, SEARCH_NAMES,
	                                 SEARCH_DESCRIPTION};
	static const int weight[5] = {4, 3, 2, 2, 1};
	const char *p = text, *end = text + len;
	for (int i = 0; i < 5; i++) {
		const char *nl = i < 4 ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		f[i] = (struct field){p, nl ? nl : end, bits[i], weight[i]};
		p = nl ? nl + 1 : end;
	}
	return 5;
}

static void add_word(struct search_hit *hit, const char *w)
{
	for (int i = 0; i < hit->nwords; i++)
		if (!strcmp(hit->words[i], w))
			return;
	if (hit->nwords < (int)(sizeof(hit->words) / sizeof(hit->words[0])))
		hit->words[hit->nwords++] = w;
}

int search_rank(const char *text, const struct search_query *q, struct search_hit *hit)
{
	return search_rank_n(text, strlen(text), q, hit);
}

int search_rank_n(const char *text, size_t len, const struct search_query *q,
                  struct search_hit *hit)
{
	struct field f[5];
	int nf = split_fields(text, len, f);
	memset(hit, 0, sizeof(*hit));
	for (int t = 0; t < q->nterm; t++) {
		const struct search_term *term = &q->term[t];
		int best = 0, literal = 0;
		for (int a = 0; a < term->nalt; a++) {
			int found = 0;
			for (int i = 0; i < nf; i++) {
				int s = field_score(&f[i], term->alt[a]);
				if (!s)
					continue;
				found = 1;
				hit->fields |= f[i].bit;
				s += a == 0 ? 1000 : 0;
				if (s > best)
					best = s;
			}
			if (found) {
				add_word(hit, term->alt[a]);
				literal |= a == 0;
			}
		}
		if (!best)
			return 0;
		hit->synonym_only |= !literal;
		hit->score += best;
	}
	/* Ties: more fields holding the words first (less than a weight step). */
	for (unsigned b = hit->fields; b; b &= b - 1)
		hit->score++;
	return 1;
}
