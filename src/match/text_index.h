/*
 * text_index: which of a fixed set of texts hold a string, ASCII case
 * ignored (what SQL's LIKE does, and SQLite's instr and trigram search and
 * PostgreSQL's ILIKE do on texts whose only letters with a case are ASCII:
 * the position search's contract, src/domain/search_index.h).  Pure: no
 * store, no clock, no locks; immutable once built, so any number of
 * threads may read one at the same time.
 *
 * Design: every text is kept with its ASCII letters lowered; posting lists
 * (sorted document numbers, in one array: offsets per key) per character
 * and per pair of adjacent characters (code points).  A needle of one
 * character is that character's list; a longer one takes the shortest of
 * its pairs' lists and checks each document with memmem on the lowered
 * text, so the answer is exactly "the text holds the needle" (the lists
 * only prune).  A text that is not valid UTF-8 has no lists: it is a
 * candidate of every needle and always checked.
 */
#ifndef SKYWAY_MATCH_TEXT_INDEX_H
#define SKYWAY_MATCH_TEXT_INDEX_H

#include <stddef.h>
#include <stdint.h>

struct text_index;

/* Builds the index of texts[0..n) (document i is texts[i]; copied).
 * NULL when out of memory; free with text_index_free(). */
struct text_index *text_index_build(const char *const *texts, size_t n);
/* Frees ix and its copies (NULL: nothing). */
void text_index_free(struct text_index *ix);
/* The number of documents. */
size_t text_index_count(const struct text_index *ix);
/* Bytes held (texts, lists and keys), for the server's figures. */
size_t text_index_bytes(const struct text_index *ix);
/* ORs into out (a bitset of (count + 63) / 64 words) every document whose
 * text holds needle, ASCII case ignored.  Returns 0, or -1 when needle is
 * empty or not valid UTF-8 (nothing set: the caller asks elsewhere). */
int text_index_find(const struct text_index *ix, const char *needle, uint64_t *out);
/* The same answer as text_index_find over n texts without an index: ORs
 * into out (a bitset of (n + 63) / 64 words) every i whose low[i] (a
 * text with its ASCII letters lowered: text_index_lower) holds needle,
 * ASCII case ignored, by scanning each.  For a few texts (the ones
 * changed since an index was built: src/domain/search_index.c's overlay).
 * 0, or -1 as text_index_find. */
int text_index_scan(const char *const *low, size_t n, const char *needle, uint64_t *out);
/* A copy of text with its ASCII letters lowered (NULL: no memory). */
char *text_index_lower(const char *text);
/* 1 when valid UTF-8 s holds a code point for which Unicode case folding
 * differs from ASCII folding in a way that can change what a search finds:
 * a letter with a case outside ASCII (or one folding into ASCII, like the
 * Kelvin sign).  Needles and texts with such letters are left to SQL. */
int text_index_odd_case(const char *s);

#endif
