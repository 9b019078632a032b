/*
 * What position.c, position_search.c and position_rank.c share: the
 * columns of a position as pages show it (without the description, which
 * only the detail page needs) and the joins they come from; a search's
 * filter.
 */
#ifndef SKYWAY_DOMAIN_POSITION_INTERNAL_H
#define SKYWAY_DOMAIN_POSITION_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "domain/position_search.h"
#include "domain/search_rank.h"

#define POSITION_COLUMNS                                                                           \
	"SELECT p.id, p.enterprise_id, o.name AS enterprise_name, o.in_zone AS in_zone,"           \
	" o.industry_code AS industry_code, p.title, p.kind, p.min_degree, p.headcount,"           \
	" p.salary_min, p.salary_max, p.city_code, c.name AS city_name, p.address,"                \
	" p.deadline, p.grad_year_min, p.grad_year_max, p.status, p.reject_reason,"                \
	" p.is_demo, p.created_at, p.updated_at"
#define POSITION_FROM                                                                              \
	" FROM positions p JOIN organizations o ON o.id = p.enterprise_id"                         \
	" LEFT JOIN dict_cities c ON c.code = p.city_code"

/* The sort a query asks for, with its default. */
static inline const char *position_sort_of(const struct position_query *q)
{
	return q->sort ? q->sort : q->q ? "relevance" : "newest";
}

/* How position_search.c and position_rank.c share a search: its WHERE
 * clause over positions p joined with their enterprise o, the arguments,
 * the texts they borrow (owned), and the query's terms with synonyms. */
struct filter {
	struct buf where;
	struct store_args args;
	char *owned[SEARCH_MAX_TERMS * SEARCH_MAX_ALTS + 2];
	int nowned;
	struct search_query sq;
};

/* A position found and its rank: search_rank's score under relevance,
 * the student's score under match (-1: not eligible). */
struct position_ranked {
	int64_t id;
	int score;
};

/* Relevance with terms, or sort=match: one page of rows (limit + 1 from
 * offset) in rank order, *total the number found; NULL on error
 * (position_rank.c). */
json_t *position_rank_page(struct store *db, const struct actor *a, const struct position_query *q,
                           struct filter *f, int64_t offset, int64_t *total);
/* Sorts the n positions found v as a ranked page shows them: by
 * search_rank's score (v's), or under match by the student's scores (set
 * into v), then newest first; only the first `first` are put in order
 * (base/partial_sort.h), the rest come after them in any order.  0, or
 * -1 (store). */
int position_rank_sort(struct store *db, const struct actor *a, const struct position_query *q,
                       struct position_ranked *v, size_t n, size_t first);
/* The same from the n positions found v (reordered; any source, e.g. the
 * in-memory index): scored by the student's list under match, sorted
 * (score, then newest), *total = n, the rows of limit + 1 from offset.
 * NULL on error. */
json_t *position_rank_cut(struct store *db, const struct actor *a, const struct position_query *q,
                          struct position_ranked *v, size_t n, int64_t offset, int64_t *total);
/* The rows of v[0..n) in that order (POSITION_COLUMNS and search_text;
 * with "match_score" and "match_scale" when with_match), a new array;
 * NULL on error. */
json_t *position_rows_ordered(struct store *db, const struct position_ranked *v, size_t n,
                              int with_match);
/* The rows of SQL head + " IN (ids)" + tail, the ids bound (any number;
 * 64 per query), in one array (new reference; NULL on error).  tail's
 * ORDER BY orders each query's rows, not the whole (position_details.c). */
json_t *position_rows_by_ids(struct store *db, const char *head, const char *tail,
                             const int64_t *ids, size_t n);
/* Replaces pos's "search_text" by "match" (why it was found, with terms). */
void position_add_match(json_t *pos, const struct search_query *sq);

#endif
