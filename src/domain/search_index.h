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
 * its SQL does, and writes the page from the items the index keeps
 * rendered (struct search_item: the JSON of what every caller sees of an
 * open position, its majors and skills included), splicing in the
 * caller's fields: no row is read again and no json_t is built.
 *
 * Kept current: migration 0020 keeps a counter, search_epoch.n, that a
 * trigger raises in the transaction of every change of what the index
 * holds (a position created, edited, published, closed, deleted,
 * imported; its majors or skills; migration 0022: any column of an item,
 * a city, major or skill name; an enterprise renamed (its positions' texts are
 * rewritten), its industry or zone changed; the industry dictionary; the
 * texts rewritten after a dictionary reload), and (migration 0025) logs in
 * search_changes which positions it touched (NULL: a dictionary, all of
 * them).  Every search reads the counter (one row by key) first; when it
 * moved past the index's, the log's rows since are read (with the counter,
 * in one statement: one snapshot) and only those positions re-read: a new
 * version shares the old one's base and records, the changed positions in
 * an overlay scanned directly (text_index_scan) and masked in the base.  A
 * NULL row, or a log pruned past the index (it keeps the last 10,000
 * epochs), or most positions changed: rebuilt whole.  So a change is seen
 * by the next search after its commit (read-your-writes), whoever made it:
 * this server, another instance on the same database, or a CLI (`skyway
 * demo`, imports); an edit costs ~0.15 ms of CPU (bench/search/update.c),
 * a whole rebuild ~0.3 s.  Past 64 positions in the overlay, a thread
 * folds it into a new base (a new text index over the same records) while
 * searches go on; the version current then is moved onto it.
 *
 * A version keeps its last 32 answers of 64 positions or more (ids, salary,
 * score) by query: the next page of a broad query, or a popular one, is a
 * copy instead of the terms, filters and search_rank again.  They die with
 * the version, so they are never older than the epoch it was made at: a
 * new version starts with none, unless it holds the same positions as the
 * one it replaces (a fold's, or the epoch moved and no position changed),
 * which it then copies.
 *
 * Threads: a version is immutable once made (its answer memo has a lock).
 * Readers take a reference under a mutex held for a pointer copy and never
 * wait for each other; one update at a time (others that need it wait for
 * it: ~0.15 ms, or a whole rebuild), then the pointer is swapped and the
 * old version freed by its last reader.  SKYWAY_SEARCH_INCREMENTAL=0 (read
 * by search_index_use): every change rebuilds whole, as before migration
 * 0025 (the bench's baseline).
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

/* An index as built (opaque; immutable). */
struct sindex;

/* The open positions q selects with terms sq (parsed from q->q), in no
 * particular order, into *out (cleared first; scored by search_rank when
 * score).  Returns 1 when answered, 0 when the index cannot answer this
 * query (the header's list: ask SQL), -1 on a store error or out of
 * memory.  With held, *held is the index that answered when 1 (a
 * reference: search_index_drop() it), for search_index_item; else NULL. */
int search_index_find(struct store *db, const struct position_query *q,
                      const struct search_query *sq, int score, search_found_vec *out,
                      struct sindex **held);

/* An open position's page item as the index holds it, pre-rendered
 * (JSON text, as json_dumps(JSON_COMPACT) writes the item a page read by
 * SQL shows to anyone): head is '{' and its columns up to updated_at
 * without the closing brace; tail is "majors", "required_skills",
 * "preferred_skills" and the closing brace, without the opening one; the
 * caller's fields (match_score, match) go between head, ',' and tail.
 * text is its search text as stored (text_len bytes).  Borrowed from the
 * index. */
struct search_item {
	const char *head;
	size_t head_len;
	const char *tail;
	size_t tail_len;
	const char *text;
	size_t text_len;
};
/* 1 and *it for position id in ix, 0 when ix does not hold it. */
int search_index_item(const struct sindex *ix, int64_t id, struct search_item *it);
/* Drops a reference search_index_find held. */
void search_index_drop(struct sindex *ix);

/* Builds the index now (at start-up), so the first search does not wait.
 * 0, or -1 (the store's error). */
int search_index_warm(struct store *db);
/* Frees the index (at shutdown). */
void search_index_release(void);
/* The index's figures for the server's log: positions and bytes held,
 * and how long its last build took. */
void search_index_stats(size_t *positions, size_t *bytes, int64_t *build_us);

#endif
