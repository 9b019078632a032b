/*
 * search_rank: what a position search query means and how well a position's
 * search text (position_text.h) answers it.  Pure: no store, no I/O; the
 * words it uses ship as data (data/search_synonyms.tsv, data/job_words.tsv)
 * and are read from the embedded files once.
 *
 * A query is up to SEARCH_MAX_TERMS blank-separated terms; a position is
 * found when its text holds every term or one of that term's synonyms
 * (ASCII case ignored).  Its score adds, for each term, the best of its
 * hits, ranked in this order (each rule outweighs all the ones after it):
 *   1. the literal term beats a synonym;
 *   2. a whole word beats a match inside a longer word;
 *   3. the field: title > enterprise > skill or major, city > description;
 *   4. among equals, the one whose words are in more fields.
 * "Whole word" in Chinese text without a dictionary: the hit starts or ends
 * a segment, where a field is cut into segments at blanks, punctuation and
 * tabs (each skill and major name is one), and a title segment is also cut
 * before a trailing job word of data/job_words.tsv (风力发电工程|操作员,
 * 飞机电子设备维修|助理).  So 电工 is a word of 维修电工 and of the skill
 * 电工 but not of 风力发电工程操作员, and 机电 is a word of 机电一体化技术员
 * but not of 飞机电子设备维修助理.
 */
#ifndef SKYWAY_DOMAIN_SEARCH_RANK_H
#define SKYWAY_DOMAIN_SEARCH_RANK_H

#include <stddef.h>

#define SEARCH_MAX_TERMS 6
#define SEARCH_MAX_ALTS  8

/* The fields of the search text, as bits of search_hit.fields. */
enum search_field {
	SEARCH_TITLE = 1,
	SEARCH_ENTERPRISE = 2,
	SEARCH_CITY = 4,
	SEARCH_NAMES = 8, /* skills and majors */
	SEARCH_DESCRIPTION = 16,
};

/* One term and its alternatives: alt[0] is the term as typed, the rest its
 * synonyms.  The strings point into search_query.buf or the word list. */
struct search_term {
	const char *alt[SEARCH_MAX_ALTS];
	int nalt;
};

struct search_query {
	struct search_term term[SEARCH_MAX_TERMS];
	int nterm;
	char buf[512]; /* the terms as typed, NUL-separated */
};

/* Splits q into terms (blanks and tabs; past SEARCH_MAX_TERMS ignored;
 * a term longer than the buffer is cut) and adds each term's synonyms
 * (a group of data/search_synonyms.tsv holding the term, ASCII case
 * ignored).  Returns the number of terms. */
int search_query_parse(const char *q, struct search_query *out);

/* Why a text matched: the score, the fields hit, and which alternatives
 * occurred (for highlighting), up to SEARCH_MAX_TERMS * 2 of them. */
struct search_hit {
	int score;
	unsigned fields;
	int synonym_only; /* 1 when some term was found only by a synonym */
	const char *words[SEARCH_MAX_TERMS * 2];
	int nwords;
};

/* Scores text (a position's search text) against q as the header says.
 * Returns 1 and fills hit when every term is found, else 0. */
int search_rank(const char *text, const struct search_query *q, struct search_hit *hit);
/* The same with the text's length known (strlen(text)): the in-memory
 * index scores thousands of texts for a broad query. */
int search_rank_n(const char *text, size_t len, const struct search_query *q,
                  struct search_hit *hit);

#endif
