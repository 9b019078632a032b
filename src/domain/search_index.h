/*
 * search_index: the position search (GET /api/v1/positions) served from
 * memory, with the database as the source of truth (issue 9).
 *
 * What it holds: every open position's search text (position_text.h, read
 * from the database as stored) in a text index (src/match/text_index.h:
 * posting lists per character and per pair of characters, each hit checked
 * on the text), and what the filters test: kind, city, salary_max, the
 * enterprise with its industry, the industry's parent and in_zone, the
 * accepted majors.  A query's terms are ANDed, a term's synonyms ORed,
 * over bitsets; the filters are checked on what the terms left; the count
 * is the bitset's.  position_search.c sorts and pages the ids exactly as
 * its SQL does and reads the page's rows by id.
 *
 * Kept current: migration 0020 keeps a counter, search_epoch.n, that a
 * trigger raises in the transaction of every change of what the index
 * holds (a position created, edited, published, closed, deleted,
 * imported; its majors; an enterprise renamed (its positions' texts are
 * rewritten), its industry or zone changed; the industry dictionary; the
 * texts rewritten after a dictionary reload).  Every search reads the
 * counter (one row by key) first; an index built before that value is
 * replaced by one built now.  So a change is seen by the next search
 * after its commit (read-your-writes), whoever made it: this server,
 * another instance on the same database, or a CLI (`skyway demo`,
 * imports).  A change costs one rebuild, on the next search.
 *
 * An index keeps its last 32 answers of 64 positions or more (ids, salary,
 * score) by query: the next page of a broad query, or a popular one, is a
 * copy instead of the terms, filters and search_rank again.  They die with
 * the index, so they are never older than the epoch it was built at.
 *
 * Threads: an index is immutable once built (its answer memo has a lock).  Readers take a reference
 * under a mutex held for a pointer copy and never wait for each other;
 * one rebuild at a time (others that need the new one wait for it), then
 * the pointer is swapped and the old index freed by its last reader.
 *
 * What it leaves to SQL (search_index_find returns 0): the operator's
 * status filter other than open (only open positions are held); a term
 * (or synonym) with a letter whose case Unicode folds differently from
 * ASCII (SQLite's trigram search and PostgreSQL's ILIKE fold it, the
 * index does not), or any letter term while an open text holds a
 * character folding into ASCII (the Kelvin sign); a major filter that is
 * not all digits (LIKE's wildcards and case rules differ by backend), or
 * any major filter while a stored major code is not all digits; a term
 * that is not valid UTF-8 or longer than 500 bytes.
 */
#ifndef SKYWAY_DOMAIN_SEARCH_INDEX_H
#define SKYWAY_DOMAIN_SEARCH_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "base/vec.h"
#include "domain/position_search.h"
#include "domain/search_rank.h"
#include "store/store.h"

/* One position found: its id, COALESCE(salary_max, 0), and its
 * search_rank score when asked for (0 when search_rank does not find it). */
struct search_found {
	int64_t id;
	int64_t salary;
	int score;
};
typedef VEC(struct search_found) search_found_vec;

/* Serve searches from memory (1, the default) or by SQL (0): set once at
 * start-up (`skyway serve --search`), before any request. */
void search_index_use(int memory);
/* 1 when searches are served from memory. */
int search_index_used(void);

/* The open positions q selects with terms sq (parsed from q->q), in no
 * particular order, into *out (cleared first; scored by search_rank when
 * score).  Returns 1 when answered, 0 when the index cannot answer this
 * query (the header's list: ask SQL), -1 on a store error or out of
 * memory. */
int search_index_find(struct store *db, const struct position_query *q,
                      const struct search_query *sq, int score, search_found_vec *out);

/* Builds the index now (at start-up), so the first search does not wait.
 * 0, or -1 (the store's error). */
int search_index_warm(struct store *db);
/* Frees the index (at shutdown). */
void search_index_release(void);
/* The index's figures for the server's log: positions and bytes held,
 * and how long its last build took. */
void search_index_stats(size_t *positions, size_t *bytes, int64_t *build_us);

#endif
