/*
 * Ranking a position search (position_internal.h): under 相关度 by
 * search_rank (search_rank.h), under 匹配度 by the student's own-list score
 * (recommend.h).  Neither has a key to seek on: every position found is
 * scored (a few thousand at most) and the page is cut by offset.
 */
#include <stdlib.h>
#include <string.h>

#include "base/partial_sort.h"
#include "base/vec.h"
#include "domain/position_internal.h"
#include "domain/recommend.h"

static int by_rank(const void *a, const void *b)
{
	const struct position_ranked *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

typedef VEC(struct position_ranked) ranked_vec;

/* Sort by match: the calling student's scores as their own list counts
 * them (recommend.h; applying is no score), -1 for a position they are not
 * eligible for (last).  0, or -1 (store or snapshot). */
static int match_scores(struct store *db, const struct actor *a, ranked_vec *all)
{
	int64_t sid = 0;
	int rc = store_int64(db, &sid,
	                     "SELECT id FROM students WHERE account_id = ? AND closed_at IS NULL",
	                     "i", a->id);
	if (rc == STORE_DONE || !all->n)
		return 0; /* no student record: no scores, newest first */
	json_t *apps = rc == STORE_ROW ? store_rows(db,
	                                            "SELECT position_id FROM applications WHERE"
	                                            " student_id = ? AND status <> 'withdrawn'",
	                                            "i", sid)
	                               : NULL;
	int64_t *ids = calloc(all->n, sizeof(*ids));
	unsigned char *applied = calloc(all->n, 1);
	int32_t *scores = calloc(all->n, sizeof(*scores));
	rc = apps && ids && applied && scores ? 0 : -1;
	for (size_t i = 0; !rc && i < all->n; i++) {
		size_t k;
		json_t *ap;
		ids[i] = all->v[i].id;
		json_array_foreach(apps, k, ap)
		{
			if (json_integer_value(json_object_get(ap, "position_id")) == ids[i])
				applied[i] = 1;
		}
	}
	if (!rc && !(rc = recommend_own_scores(db, sid, ids, applied, all->n, scores)))
		for (size_t i = 0; i < all->n; i++)
			all->v[i].score = scores[i];
	json_decref(apps);
	free(ids);
	free(applied);
	free(scores);
	return rc;
}

/* Relevance with terms, or match: every position found is read (id and
 * search text, a few thousand at most; *total is their number), scored by
 * search_rank or match_scores, sorted; then the page's rows (limit + 1
 * from offset) are read by id, in rank order, with "match_score" under
 * sort=match.  NULL on error. */
json_t *position_rank_page(struct store *db, const struct actor *a, const struct position_query *q,
                           struct filter *f, int64_t offset, int64_t *total)
{
	int by_match = !strcmp(position_sort_of(q), "match");
	ranked_vec all = VEC_INIT;
	struct buf sql = BUF_INIT;
	json_t *items = NULL;
	buf_addf(&sql,
	         "SELECT p.id, p.search_text FROM positions p JOIN organizations o"
	         " ON o.id = p.enterprise_id%s",
	         f->where.data);
	struct store_stmt *st = buf_failed(&sql) ? NULL : store_query_args(db, sql.data, &f->args);
	int rc = st ? STORE_ROW : STORE_ERROR;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		struct search_hit hit;
		/* A text the database matched but search_rank does not (a
		 * non-ASCII case fold) is kept, last. */
		struct position_ranked r = {store_column_int64(st, 0), 0};
		if (!by_match && search_rank(store_column_text(st, 1), &f->sq, &hit))
			r.score = hit.score;
		if (VEC_PUSH(&all, r)) {
			rc = STORE_ERROR;
			break;
		}
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		items = position_rank_cut(db, a, q, all.v, all.n, offset, total);
	buf_release(&sql);
	VEC_FREE(&all);
	return items;
}

int position_rank_sort(struct store *db, const struct actor *a, const struct position_query *q,
                       struct position_ranked *v, size_t n, size_t first)
{
	ranked_vec all = {.v = v, .n = n, .cap = n};
	if (!strcmp(position_sort_of(q), "match") && match_scores(db, a, &all))
		return -1;
	partial_sort(v, n, sizeof(v[0]), first, by_rank);
	return 0;
}

json_t *position_rank_cut(struct store *db, const struct actor *a, const struct position_query *q,
                          struct position_ranked *v, size_t n, int64_t offset, int64_t *total)
{
	int by_match = !strcmp(position_sort_of(q), "match");
	if (position_rank_sort(db, a, q, v, n, (size_t)offset + (size_t)q->limit + 1))
		return NULL;
	*total = (int64_t)n;
	size_t from = (size_t)offset < n ? (size_t)offset : n;
	size_t to = from + (size_t)q->limit + 1 < n ? from + (size_t)q->limit + 1 : n;
	return position_rows_ordered(db, v + from, to - from, by_match);
}

json_t *position_rows_ordered(struct store *db, const struct position_ranked *v, size_t n,
                              int with_match)
{
	json_t *rows = NULL, *items = json_array();
	if (!items || !n)
		return items;
	int64_t *ids = calloc(n, sizeof(*ids));
	for (size_t i = 0; ids && i < n; i++)
		ids[i] = v[i].id;
	rows = ids ? position_rows_by_ids(
	                 db, POSITION_COLUMNS ", p.search_text" POSITION_FROM " WHERE p.id", "",
	                 ids, n)
	           : NULL;
	free(ids);
	if (!rows) {
		json_decref(items);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t k;
		json_t *row;
		json_array_foreach(rows, k, row)
		{
			if (json_integer_value(json_object_get(row, "id")) == v[i].id) {
				if (with_match) {
					json_object_set_new(row, "match_score",
					                    v[i].score < 0
					                        ? json_null()
					                        : json_integer(v[i].score));
					json_object_set_new(row, "match_scale",
					                    json_integer(recommend_own_scale()));
				}
				json_array_append(items, row);
				break;
			}
		}
	}
	json_decref(rows);
	return items;
}

/* Replaces pos's search_text by "match": {"fields": [...], "words": [...],
 * "synonym": bool}, why it was found (absent without terms). */
void position_add_match(json_t *pos, const struct search_query *sq)
{
	static const char *names[] = {"title", "enterprise", "city", "skills", "description"};
	const char *text = json_string_value(json_object_get(pos, "search_text"));
	struct search_hit hit;
	if (sq->nterm && text && search_rank(text, sq, &hit)) {
		json_t *fields = json_array(), *words = json_array();
		for (int i = 0; i < 5; i++)
			if (hit.fields & (1u << i))
				json_array_append_new(fields, json_string(names[i]));
		for (int i = 0; i < hit.nwords; i++)
			json_array_append_new(words, json_string(hit.words[i]));
		json_object_set_new(pos, "match",
		                    json_pack("{s:o, s:o, s:b}", "fields", fields, "words", words,
		                              "synonym", hit.synonym_only));
	}
	json_object_del(pos, "search_text");
}
