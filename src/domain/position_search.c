/*
 * Searching and listing positions (position_search.h).  The search builds
 * one WHERE clause from the filters given, counts, then reads a page by
 * keyset: the cursor is the last row's sort key (id for newest, salary and
 * id for salary), except for relevance, which has no stable key to seek on
 * and pages by offset.  By default the ids come from the in-memory index
 * (search_index.h: memory_page sorts and cuts them exactly as the SQL here
 * does, then reads the page's rows by id); what it cannot answer, and every
 * search under `--search sql`, goes through the SQL.
 */
#include "domain/position_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json_write.h"
#include "base/partial_sort.h"
#include "base/util.h"
#include "domain/position.h"
#include "domain/position_internal.h"
#include "domain/recommend.h"
#include "domain/recruit.h"
#include "domain/search_index.h"
#include "domain/search_rank.h"

static void filter_release(struct filter *f)
{
	buf_release(&f->where);
	for (int i = 0; i < f->nowned; i++)
		free(f->owned[i]);
}

/* The query's values that are wrong whatever the data: the first wins. */
static int query_check(const struct actor *a, const struct position_query *q, struct derr *e)
{
	const char *sort = position_sort_of(q);
	if (strcmp(sort, "relevance") && strcmp(sort, "newest") && strcmp(sort, "salary") &&
	    strcmp(sort, "match"))
		derr_set(e, DERR_INVALID, "sort", "排序应为 relevance、match、newest 或 salary");
	if (!strcmp(sort, "match") && a->role != ROLE_STUDENT)
		derr_set(e, DERR_INVALID, "sort", "只有学生可以按匹配度排序");
	if (q->kind && !position_kind_valid(q->kind))
		derr_set(e, DERR_INVALID, "kind", "岗位类型应为 全职、实习 或 见习");
	if (q->status && !position_status_valid(q->status))
		derr_set(e, DERR_INVALID, "status", "未知的岗位状态");
	if (q->status && a->role != ROLE_OPERATOR)
		derr_set(e, DERR_FORBIDDEN, "status", "只有平台运营可以按状态查看岗位");
	return e->kind == DERR_OK ? 0 : -1;
}

/* Splits q on blanks; every term (or one of its synonyms) must be
 * contained (AND). */
static int add_terms(struct store *db, struct filter *f, const char *q)
{
	search_query_parse(q, &f->sq);
	for (int i = 0; i < f->sq.nterm; i++) {
		const struct search_term *t = &f->sq.term[i];
		store_text_contains_any(db, &f->where, &f->args, "positions_fts", "p.id",
		                        "p.search_text", t->alt, t->nalt, &f->owned[f->nowned]);
		f->nowned += t->nalt;
	}
	return 0;
}

/* The WHERE clause of q's filters (over positions p joined with their
 * enterprise o).  0, or -1 when out of memory. */
static int filter_build(struct store *db, const struct position_query *q, struct filter *f)
{
	buf_adds(&f->where, " WHERE p.status = ?");
	store_args_text(&f->args, q->status ? q->status : "open");
	if (q->q && add_terms(db, f, q->q))
		return -1;
	if (q->major) {
		/* Positions open to this major: no restriction, or an accepted
		 * code that is the major, its class or its category (or, for a
		 * class or category filter, a major under it). */
		buf_adds(&f->where,
		         " AND (NOT EXISTS (SELECT 1 FROM position_majors pm0 WHERE"
		         " pm0.position_id = p.id) OR EXISTS (SELECT 1 FROM position_majors pm"
		         " WHERE pm.position_id = p.id AND (? LIKE pm.major_code || '%' OR"
		         " pm.major_code LIKE ? || '%')))");
		store_args_text(&f->args, q->major);
		store_args_text(&f->args, q->major);
	}
	if (q->city) {
		buf_adds(&f->where, " AND p.city_code = ?");
		store_args_text(&f->args, q->city);
	}
	if (q->kind) {
		buf_adds(&f->where, " AND p.kind = ?");
		store_args_text(&f->args, q->kind);
	}
	if (q->salary_min) {
		buf_adds(&f->where, " AND p.salary_max >= ?");
		store_args_int(&f->args, q->salary_min);
	}
	if (q->industry) {
		buf_adds(&f->where,
		         " AND (o.industry_code = ? OR o.industry_code IN (SELECT code FROM"
		         " dict_industries WHERE parent = ?))");
		store_args_text(&f->args, q->industry);
		store_args_text(&f->args, q->industry);
	}
	if (q->enterprise_id) {
		buf_adds(&f->where, " AND p.enterprise_id = ?");
		store_args_int(&f->args, q->enterprise_id);
	}
	if (q->in_zone)
		buf_adds(&f->where, " AND o.in_zone = 1");
	return buf_failed(&f->where) ? -1 : 0;
}

/* A keyset cursor read: the last row's id (0: first page) and salary. */
struct page_key {
	int64_t id, salary;
};

/* Adds the cursor's condition and the ORDER BY of the page to f, sql;
 * *offset is relevance's, *key newest's and salary's.  0, or -1 with e
 * (400 for a bad cursor). */
static int page_order(const struct position_query *q, struct filter *f, struct buf *order,
                      int64_t *offset, struct page_key *key, struct derr *e)
{
	const char *sort = position_sort_of(q), *cursor = q->cursor;
	*offset = 0;
	*key = (struct page_key){0, 0};
	if (!strcmp(sort, "newest")) {
		int64_t id = 0;
		if (cursor && (parse_int64(cursor, &id) || id <= 0))
			return derr_set(e, DERR_INVALID, "cursor", "分页游标无效");
		if (id) {
			buf_adds(&f->where, " AND p.id < ?");
			store_args_int(&f->args, id);
		}
		key->id = id;
		buf_adds(order, " ORDER BY p.id DESC");
	} else if (!strcmp(sort, "salary")) {
		long long salary = 0, id = 0;
		if (cursor && (sscanf(cursor, "%lld:%lld", &salary, &id) != 2 || id <= 0))
			return derr_set(e, DERR_INVALID, "cursor", "分页游标无效");
		if (id) {
			buf_adds(&f->where, " AND (COALESCE(p.salary_max, 0) < ? OR"
			                    " (COALESCE(p.salary_max, 0) = ? AND p.id < ?))");
			store_args_int(&f->args, salary);
			store_args_int(&f->args, salary);
			store_args_int(&f->args, id);
		}
		*key = (struct page_key){id, salary};
		buf_adds(order, " ORDER BY COALESCE(p.salary_max, 0) DESC, p.id DESC");
	} else {
		/* Relevance and match page by offset; the order is search_rank's
		 * or the student's scores (rank_page); relevance without terms
		 * is newest first. */
		if (cursor && (parse_int64(cursor, offset) || *offset < 0))
			return derr_set(e, DERR_INVALID, "cursor", "分页游标无效");
		buf_adds(order, " ORDER BY p.id DESC");
	}
	return 0;
}

/* The cursor after the last row shown (limit rows from offset). */
static json_t *next_cursor(const struct position_query *q, json_t *last, int64_t offset)
{
	const char *sort = position_sort_of(q);
	long long id = (long long)json_integer_value(json_object_get(last, "id"));
	if (!strcmp(sort, "newest"))
		return json_sprintf("%lld", id);
	if (!strcmp(sort, "salary"))
		return json_sprintf(
		    "%lld:%lld", (long long)json_integer_value(json_object_get(last, "salary_max")),
		    id);
	return json_sprintf("%lld", (long long)(offset + q->limit));
}

/* The page's rows (limit + 1 of them, to know whether another follows). */
static json_t *page_rows(struct store *db, const struct position_query *q, struct filter *f,
                         struct buf *order, int64_t offset)
{
	struct buf sql = BUF_INIT;
	store_args_int(&f->args, q->limit + 1);
	store_args_int(&f->args, offset);
	buf_addf(&sql, POSITION_COLUMNS ", p.search_text" POSITION_FROM "%s%s LIMIT ? OFFSET ?",
	         f->where.data, order->data);
	json_t *items = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &f->args);
	buf_release(&sql);
	return items;
}

/* *total = the number of positions f selects.  0, or -1 (store). */
static int count_where(struct store *db, struct filter *f, int64_t *total)
{
	struct buf sql = BUF_INIT;
	buf_addf(
	    &sql,
	    "SELECT COUNT(*) FROM positions p JOIN organizations o ON o.id = p.enterprise_id%s",
	    f->where.data);
	int rc = buf_failed(&sql) || store_int64_args(db, total, sql.data, &f->args) != STORE_ROW;
	buf_release(&sql);
	return rc ? -1 : 0;
}

/* The filters a search may drop, in the order the page offers them. */
static const char *const relax_names[] = {"major",    "city",          "kind",   "salary_min",
                                          "industry", "enterprise_id", "in_zone"};

/* *n = the number of positions r selects (terms sq parsed from r->q):
 * from memory when the index answers, else by SQL.  0, or -1. */
static int count_query(struct store *db, const struct position_query *r,
                       const struct search_query *sq, int64_t *n)
{
	search_found_vec found = VEC_INIT;
	int rc = search_index_find(db, r, sq, 0, &found, NULL);
	*n = (int64_t)found.n;
	VEC_FREE(&found);
	if (rc)
		return rc == 1 ? 0 : -1;
	struct filter f = {.where = BUF_INIT};
	rc = filter_build(db, r, &f) || count_where(db, &f, n);
	filter_release(&f);
	return rc ? -1 : 0;
}

/* With nothing found: for each filter given, how many positions the same
 * search finds without it, [{"filter","total"}]; NULL on error. */
static json_t *relax_counts(struct store *db, const struct position_query *q,
                            const struct search_query *sq)
{
	json_t *out = json_array();
	for (size_t i = 0; out && i < sizeof(relax_names) / sizeof(relax_names[0]); i++) {
		struct position_query r = *q;
		const char **text[] = {&r.major, &r.city, &r.kind, NULL, &r.industry, NULL, NULL};
		int64_t *num[] = {NULL,      NULL, NULL, &r.salary_min, NULL, &r.enterprise_id,
		                  &r.in_zone};
		if (text[i] ? !*text[i] : !*num[i])
			continue;
		if (text[i])
			*text[i] = NULL;
		else
			*num[i] = 0;
		int64_t n = 0;
		if (count_query(db, &r, sq, &n)) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(
		    out, json_pack("{s:s, s:I}", "filter", relax_names[i], "total", (json_int_t)n));
	}
	return out;
}

/* Newest first, or salary then newest (page_order's ORDER BY): < 0 when
 * x comes first. */
static int keyset_cmp(const struct search_found *x, const struct search_found *y, int by_salary)
{
	if (by_salary && x->salary != y->salary)
		return x->salary > y->salary ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id ? 1 : 0;
}

static int by_salary_cmp(const void *a, const void *b)
{
	return keyset_cmp(a, b, 1);
}

static int by_id_cmp(const void *a, const void *b)
{
	return keyset_cmp(a, b, 0);
}

/* Writes "match" as position_add_match does (hit: what search_rank found). */
static void write_match(struct buf *out, const struct search_hit *hit)
{
	static const char *names[] = {"title", "enterprise", "city", "skills", "description"};
	buf_adds(out, ",\"match\":{\"fields\":[");
	for (int i = 0, n = 0; i < 5; i++)
		if (hit->fields & (1u << i)) {
			buf_adds(out, n++ ? ",\"" : "\"");
			buf_adds(out, names[i]);
			buf_addch(out, '"');
		}
	buf_adds(out, "],\"words\":[");
	for (int i = 0; i < hit->nwords; i++) {
		if (i)
			buf_addch(out, ',');
		json_write_string(out, hit->words[i]);
	}
	buf_adds(out, hit->synonym_only ? "],\"synonym\":true}" : "],\"synonym\":false}");
}

/* Writes {"items":[...],"total":total,"next_cursor":cursor (NULL: null)
 * without the closing brace: the first limit of the n positions v, each
 * the index's rendered item (search_index_item) with the caller's fields
 * spliced in, as position_search's json_t would print.  1, or 0 when ix
 * lacks one of them (out reset: ask SQL). */
static int write_items(struct buf *out, const struct sindex *ix, const struct position_query *q,
                       const struct search_query *sq, const struct position_ranked *v, size_t n,
                       int with_match, int64_t total, const char *cursor)
{
	size_t shown = n < (size_t)q->limit ? n : (size_t)q->limit;
	buf_adds(out, "{\"items\":[");
	for (size_t i = 0; i < shown; i++) {
		struct search_item it;
		struct search_hit hit;
		if (!search_index_item(ix, v[i].id, &it)) {
			buf_reset(out);
			return 0;
		}
		if (i)
			buf_addch(out, ',');
		buf_add(out, it.head, it.head_len);
		if (with_match) {
			buf_adds(out, ",\"match_score\":");
			if (v[i].score < 0)
				buf_adds(out, "null");
			else
				json_write_int(out, v[i].score);
			buf_adds(out, ",\"match_scale\":");
			json_write_int(out, recommend_own_scale());
		}
		if (sq->nterm && search_rank_n(it.text, it.text_len, sq, &hit))
			write_match(out, &hit);
		buf_addch(out, ',');
		buf_add(out, it.tail, it.tail_len);
	}
	buf_adds(out, "],\"total\":");
	json_write_int(out, total);
	buf_adds(out, ",\"next_cursor\":");
	if (cursor)
		json_write_string(out, cursor);
	else
		buf_adds(out, "null");
	return 1;
}

/* The page of a search the in-memory index answers (search_index.h), in
 * the same order and with the same cursors as the SQL below, written to
 * out as write_items says: 1 with *total, 0 when the index leaves q to
 * SQL (out empty), -1 on error. */
static int memory_page(struct store *db, const struct actor *a, const struct position_query *q,
                       struct filter *f, int ranked, int64_t offset, const struct page_key *key,
                       struct buf *out, int64_t *total)
{
	const char *sort = position_sort_of(q);
	int by_salary = !strcmp(sort, "salary"), by_match = !strcmp(sort, "match");
	search_found_vec found = VEC_INIT;
	VEC(struct position_ranked) page = VEC_INIT;
	struct sindex *ix = NULL;
	char cursor[48];
	int has_cursor = 0;
	size_t from = 0, to = 0;
	int rc = search_index_find(db, q, &f->sq, ranked && !by_match, &found, &ix);
	if (rc == 1 && VEC_RESERVE(&page, found.n + 1))
		rc = -1;
	if (rc == 1 && ranked) {
		for (size_t i = 0; i < found.n; i++)
			page.v[page.n++] =
			    (struct position_ranked){found.v[i].id, found.v[i].score};
		if (position_rank_sort(db, a, q, page.v, page.n,
		                       (size_t)offset + (size_t)q->limit + 1))
			rc = -1;
		from = (size_t)offset < page.n ? (size_t)offset : page.n;
		to = from + (size_t)q->limit + 1 < page.n ? from + (size_t)q->limit + 1 : page.n;
		if (to - from > (size_t)q->limit) {
			snprintf(cursor, sizeof(cursor), "%lld", (long long)(offset + q->limit));
			has_cursor = 1;
		}
	} else if (rc == 1) {
		/* Past the cursor (newest, salary) or the offset (relevance
		 * and match without terms page newest first by offset). */
		struct search_found last = {key->id, key->salary, 0};
		size_t n = 0;
		for (size_t i = 0; i < found.n; i++)
			if (!key->id || keyset_cmp(&last, &found.v[i], by_salary) < 0)
				found.v[n++] = found.v[i];
		partial_sort(found.v, n, sizeof(found.v[0]), (size_t)offset + (size_t)q->limit + 1,
		             by_salary ? by_salary_cmp : by_id_cmp);
		size_t lo = (size_t)offset < n ? (size_t)offset : n;
		size_t hi = lo + (size_t)q->limit + 1 < n ? lo + (size_t)q->limit + 1 : n;
		for (size_t i = lo; i < hi; i++)
			page.v[page.n++] = (struct position_ranked){found.v[i].id, 0};
		to = page.n;
		if (hi - lo > (size_t)q->limit) {
			const struct search_found *l = &found.v[lo + (size_t)q->limit - 1];
			if (!strcmp(sort, "newest"))
				snprintf(cursor, sizeof(cursor), "%lld", (long long)l->id);
			else if (by_salary)
				snprintf(cursor, sizeof(cursor), "%lld:%lld", (long long)l->salary,
				         (long long)l->id);
			else
				snprintf(cursor, sizeof(cursor), "%lld",
				         (long long)(offset + q->limit));
			has_cursor = 1;
		}
	}
	if (rc == 1) {
		*total = (int64_t)found.n;
		rc = write_items(out, ix, q, &f->sq, page.v + from, to - from, by_match, *total,
		                 has_cursor ? cursor : NULL);
	}
	if (ix)
		search_index_drop(ix);
	VEC_FREE(&found);
	VEC_FREE(&page);
	return rc;
}

static int dump_to_buf(const char *text, size_t size, void *arg)
{
	buf_add(arg, text, size);
	return 0;
}

/* Appends j (taken) to out as the server prints a reply; -1 when j is NULL. */
static int dump(struct buf *out, json_t *j)
{
	int rc = j ? json_dump_callback(j, dump_to_buf, out, JSON_COMPACT | JSON_REAL_PRECISION(12))
	           : -1;
	json_decref(j);
	return rc;
}

/* The page by SQL (what the index leaves, and `--search sql`): *out as
 * position_search.h says.  0, or -1 with e.  f holds the filters. */
static int sql_page(struct store *db, const struct actor *a, const struct position_query *q,
                    struct filter *f, int ranked, json_t **out, int64_t *total, struct derr *e)
{
	struct buf order = BUF_INIT;
	json_t *items = NULL, *next = NULL;
	int64_t offset = 0;
	struct page_key key;
	*out = NULL;
	if (!ranked && count_where(db, f, total)) {
		derr_store(e, db, "position search: count");
		goto out;
	}
	if (page_order(q, f, &order, &offset, &key, e))
		goto out;
	items = ranked ? position_rank_page(db, a, q, f, offset, total)
	               : page_rows(db, q, f, &order, offset);
	if (!items) {
		derr_store(e, db, "position search");
		goto out;
	}
	if ((int64_t)json_array_size(items) > q->limit) {
		json_array_remove(items, (size_t)q->limit);
		next = next_cursor(q, json_array_get(items, (size_t)q->limit - 1), offset);
	}
	size_t i;
	json_t *pos;
	json_array_foreach(items, i, pos) position_add_match(pos, &f->sq);
	if (position_add_details_page(db, items, e))
		goto out;
	*out = json_pack("{s:o, s:I, s:o}", "items", items, "total", (json_int_t)*total,
	                 "next_cursor", next ? next : json_null());
	items = next = NULL;
	if (!*out)
		derr_internal(e, "position search: out of memory");
out:
	json_decref(items);
	json_decref(next);
	buf_release(&order);
	return *out ? 0 : -1;
}

int position_search(struct store *db, const struct actor *a, const struct position_query *q,
                    struct buf *out, struct derr *e)
{
	struct filter f = {.where = BUF_INIT};
	struct buf order = BUF_INIT;
	json_t *page = NULL;
	int64_t total = 0, offset = 0;
	struct page_key key;
	int rc = -1;
	buf_reset(out);
	if (query_check(a, q, e))
		return -1;
	if (filter_build(db, q, &f)) {
		derr_internal(e, "position search: out of memory");
		goto out;
	}
	int ranked = (!strcmp(position_sort_of(q), "relevance") && f.sq.nterm) ||
	             !strcmp(position_sort_of(q), "match");
	/* The cursor read (and checked) first, on a scratch filter: SQL's
	 * count must go before page_order adds the cursor's condition. */
	struct filter scratch = {.where = BUF_INIT};
	int bad = page_order(q, &scratch, &order, &offset, &key, e);
	filter_release(&scratch);
	if (bad)
		goto out;
	int mem = memory_page(db, a, q, &f, ranked, offset, &key, out, &total);
	if (mem < 0) {
		derr_store(e, db, "position search: memory");
		goto out;
	}
	if (!mem) {
		if (sql_page(db, a, q, &f, ranked, &page, &total, e))
			goto out;
		/* Printed without its closing brace, for relax. */
		if (dump(out, page) || out->len < 2 || out->data[out->len - 1] != '}') {
			derr_internal(e, "position search: out of memory");
			goto out;
		}
		out->data[--out->len] = '\0';
	}
	if (!total) {
		json_t *relax = relax_counts(db, q, &f.sq);
		if (!relax) {
			derr_store(e, db, "position search: relax");
			goto out;
		}
		buf_adds(out, ",\"relax\":");
		dump(out, relax);
	}
	buf_addch(out, '}');
	if (buf_failed(out))
		derr_internal(e, "position search: out of memory");
	else
		rc = 0;
out:
	if (rc)
		buf_reset(out);
	filter_release(&f);
	buf_release(&order);
	return rc;
}

int position_search_export(struct store *db, const struct actor *a, const struct position_query *q,
                           listing_rows_fn write, void *arg, struct derr *e)
{
	struct filter f = {.where = BUF_INIT};
	struct buf sql = BUF_INIT;
	int rc = -1;
	if (query_check(a, q, e))
		return -1;
	if (filter_build(db, q, &f) ||
	    (buf_addf(&sql,
	              "SELECT p.id, p.title, o.name, p.kind, p.status, p.headcount, p.salary_min,"
	              " p.salary_max, ci.name, o.in_zone, p.created_at FROM positions p"
	              " JOIN organizations o ON o.id = p.enterprise_id"
	              " LEFT JOIN dict_cities ci ON ci.code = p.city_code%s ORDER BY p.id DESC",
	              f.where.data),
	     buf_failed(&sql)))
		derr_internal(e, "positions export: out of memory");
	else
		rc = listing_export(db, sql.data, &f.args, write, arg, "positions export", e);
	filter_release(&f);
	buf_release(&sql);
	return rc;
}

/* ---- HR's own positions ---- */

/* The filter of HR's list: their enterprise, and one state if given. */
static int mine_filter(const struct actor *a, const char *status, struct store_args *args,
                       const char **where, struct derr *e)
{
	if (a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有企业可以查看自己的岗位");
	if (status && !position_status_valid(status))
		return derr_set(e, DERR_INVALID, "status", "未知的岗位状态");
	store_args_int(args, a->org_id);
	*where = "";
	if (status) {
		*where = " AND p.status = ?";
		store_args_text(args, status);
	}
	return 0;
}

int position_mine(struct store *db, const struct actor *a, const char *status, int64_t page,
                  int64_t size, json_t **items, int64_t *total, struct derr *e)
{
	struct store_args args = {0};
	const char *where;
	char count_sql[160], list_sql[2048];
	*items = NULL;
	*total = 0;
	if (mine_filter(a, status, &args, &where, e))
		return -1;
	snprintf(count_sql, sizeof(count_sql),
	         "SELECT COUNT(*) FROM positions p WHERE p.enterprise_id = ?%s", where);
	snprintf(list_sql, sizeof(list_sql),
	         POSITION_COLUMNS
	         ", (SELECT COUNT(*) FROM applications ap WHERE ap.position_id = p.id)"
	         " AS applications, (SELECT COUNT(*) FROM applications ap WHERE"
	         " ap.position_id = p.id AND ap.status = 'submitted') AS unread" POSITION_FROM
	         " WHERE p.enterprise_id = ?%s ORDER BY p.id DESC LIMIT ? OFFSET ?",
	         where);
	return listing_page(db, count_sql, list_sql, &args, page, size, items, total,
	                    "my positions", e);
}

int position_mine_export(struct store *db, const struct actor *a, const char *status,
                         listing_rows_fn write, void *arg, struct derr *e)
{
	struct store_args args = {0};
	const char *where;
	char sql[2048];
	if (mine_filter(a, status, &args, &where, e))
		return -1;
	snprintf(sql, sizeof(sql),
	         "SELECT p.id, p.title, p.kind, CASE p.status WHEN 'draft' THEN '草稿' WHEN"
	         " 'pending' THEN '待审核' WHEN 'open' THEN '招聘中' WHEN 'closed' THEN '已关闭'"
	         " ELSE '未通过' END, p.headcount, p.salary_min, p.salary_max, ci.name,"
	         " (SELECT COUNT(*) FROM applications ap WHERE ap.position_id = p.id), p.created_at"
	         " FROM positions p LEFT JOIN dict_cities ci ON ci.code = p.city_code"
	         " WHERE p.enterprise_id = ?%s ORDER BY p.id DESC",
	         where);
	return listing_export(db, sql, &args, write, arg, "positions export", e);
}
