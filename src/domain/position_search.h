/*
 * position_search: finding positions.  Everyone searches open positions
 * (Chinese full text over title, enterprise, description, city, skills
 * and majors; filters; keyset pages), the operator also by state and as a
 * spreadsheet; HR lists their own enterprise's positions in every state.
 */
#ifndef SKYWAY_DOMAIN_POSITION_SEARCH_H
#define SKYWAY_DOMAIN_POSITION_SEARCH_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "domain/derr.h"
#include "domain/listing.h"
#include "domain/roles.h"
#include "store/store.h"

/* A search as asked; NULL or 0 means "not given". */
struct position_query {
	const char *q;        /* blank-separated terms, each must be contained */
	const char *major;    /* a major, class or category code the position accepts */
	const char *city;     /* city code */
	const char *kind;     /* 全职 / 实习 / 见习 */
	const char *industry; /* GB/T 4754 section letter or division code */
	const char *status;   /* operator only; default open */
	const char *sort;     /* relevance (default with q), newest (default), salary,
	                       * match (students: their own list's score, best first) */
	const char *cursor;   /* the next_cursor of the previous page */
	int64_t salary_min;   /* salary_max at least this */
	int64_t enterprise_id;
	int64_t in_zone; /* 1: enterprises in the zone only */
	int64_t limit;   /* page size */
};

/* One page of a search: 0 and out (reset first) the JSON text of
 * {"items","total","next_cursor"} as json_dumps(JSON_COMPACT) prints it
 * (items with majors and skills, and with terms a "match"
 * {"fields","words","synonym"} saying why (search_rank.h); next_cursor
 * null on the last page; with nothing found, "relax": [{"filter","total"}]
 * the count without each filter given), or -1 with e (400 naming a bad sort, kind, status or
 * cursor; 403 for a status filter by anyone but the operator). */
int position_search(struct store *db, const struct actor *a, const struct position_query *q,
                    struct buf *out, struct derr *e);
/* Every row of the same search (sort and cursor ignored; newest first) to
 * write (listing.h), for the operator's export.  0, or -1 with e. */
int position_search_export(struct store *db, const struct actor *a, const struct position_query *q,
                           listing_rows_fn write, void *arg, struct derr *e);

/* Suggestions for the search box after 1+ characters typed: *out =
 * {"positions":[{"title","positions"}], "enterprises":[{"id","name",
 * "positions"}], "skills":[{"id","name"}]}, 5 of each at most (open
 * positions only).  0, or -1 with e (400 naming q when empty or longer
 * than 30 characters). */
int position_suggest(struct store *db, const char *q, json_t **out, struct derr *e);

/* HR: a page of their enterprise's positions (status: one state, or NULL
 * for all) with application counts ("applications", "unread").  0 with
 * *items (new reference) and *total, or -1 with e. */
int position_mine(struct store *db, const struct actor *a, const char *status, int64_t page,
                  int64_t size, json_t **items, int64_t *total, struct derr *e);
/* The same list, every row, to write (listing.h).  0, or -1 with e. */
int position_mine_export(struct store *db, const struct actor *a, const char *status,
                         listing_rows_fn write, void *arg, struct derr *e);

#endif
