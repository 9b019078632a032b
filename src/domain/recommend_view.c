/* Recommendations as the pages ask for them, with who may see what
 * (recommend.h, "What the pages ask for"). */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json_write.h"
#include "base/vec.h"
#include "match/match.h"

#include "domain/audit.h"
#include "domain/recommend.h"
#include "domain/student.h"
#include "domain/visibility.h"

#define POSITION_SUMMARY                                                                           \
	"SELECT p.id, p.title, p.kind, p.salary_min, p.salary_max, p.city_code, ci.name AS"        \
	" city_name, o.name AS enterprise_name, o.in_zone FROM positions p JOIN organizations o"   \
	" ON o.id = p.enterprise_id LEFT JOIN dict_cities ci ON ci.code = p.city_code"

/* The calling student's record and whether they want it personalised:
 * 0 with *id (0: none); -1 with e. */
static int own_student(struct store *db, const struct actor *a, int64_t *id, int *personalised,
                       struct derr *e)
{
	json_t *row = store_row(db,
	                        "SELECT id, personalised FROM students WHERE account_id = ? AND"
	                        " closed_at IS NULL",
	                        "i", a->id);
	if (!row)
		return derr_store(e, db, "own student");
	*id = json_integer_value(json_object_get(row, "id"));
	*personalised =
	    json_is_object(row) ? (int)json_integer_value(json_object_get(row, "personalised")) : 1;
	json_decref(row);
	return 0;
}

/* Sets member key of each item to the row sql reads for the item's id_key
 * (after any extra leading argument first_arg, when not 0). */
static int attach_rows(struct store *db, json_t *items, const char *key, const char *id_key,
                       const char *sql, int64_t first_arg, struct derr *e)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		int64_t id = json_integer_value(json_object_get(it, id_key));
		json_t *row = first_arg ? store_row(db, sql, "ii", first_arg, id)
		                        : store_row(db, sql, "i", id);
		if (!row)
			return derr_store(e, db, key);
		json_object_set_new(it, key, row);
	}
	return 0;
}

/* ---- 为你推荐 as JSON text ----
 *
 * The student's own list is printed straight from the engine's hits and the
 * rows, without a jansson tree (issue 9: building and printing the twenty
 * explanations' trees was two thirds of a request's CPU).  The text is byte
 * for byte what json_dumps(JSON_COMPACT) printed of the tree this code built
 * before (bench/compare.sh compares it with the peer's; tests/api/match_*
 * read it): keys in insertion order, integers in decimal, strings escaped as
 * jansson escapes them (base/json_write.h).  Texts are UTF-8 as the store and the
 * engine keep them (jansson would have refused anything else). */

/* ,"key": (key plain ASCII; first: no comma) */
static void put_key(struct buf *b, const char *key, int first)
{
	if (!first)
		buf_addch(b, ',');
	buf_addch(b, '"');
	buf_adds(b, key);
	buf_add(b, "\":", 2);
}

/* The current row of a POSITION_SUMMARY query as store_row_object() would
 * make it, printed. */
static void put_summary_row(struct buf *b, struct store_stmt *st)
{
	static const char *const names[] = {"id",         "title",           "kind",
	                                    "salary_min", "salary_max",      "city_code",
	                                    "city_name",  "enterprise_name", "in_zone"};
	buf_addch(b, '{');
	for (int i = 0; i < (int)(sizeof(names) / sizeof(*names)); i++) {
		put_key(b, names[i], i == 0);
		switch (store_column_type(st, i)) {
		case STORE_T_INT:
			json_write_int(b, store_column_int64(st, i));
			break;
		case STORE_T_TEXT:
			json_write_string(b, store_column_text(st, i));
			break;
		case STORE_T_REAL: { /* no such column: printed as jansson would */
			json_t *r = json_real(strtod(store_column_text(st, i), NULL));
			char *t =
			    json_dumps(r, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(12));
			buf_adds(b, t ? t : "null");
			free(t);
			json_decref(r);
			break;
		}
		default:
			buf_add(b, "null", 4);
		}
	}
	buf_addch(b, '}');
}

/* The explanation of a hit as the student sees it (own_view: the interest
 * component counted 0, the total lowered by what it held). */
static void put_explanation(struct buf *b, const struct match_explanation *e, int applied,
                            int32_t interest)
{
	buf_add(b, "{\"total\":", 9);
	json_write_int(b, e->total - interest);
	buf_adds(b, e->eligible ? ",\"eligible\":true,\"components\":["
	                        : ",\"eligible\":false,\"components\":[");
	for (size_t i = 0; i < e->n_components; i++) {
		const struct match_component *c = &e->components[i];
		int own = c->kind == MATCH_C_INTEREST;
		buf_adds(b, i ? ",{\"key\":" : "{\"key\":");
		json_write_string(b, c->key);
		put_key(b, "label", 0);
		json_write_string(b, c->label);
		put_key(b, "points", 0);
		json_write_int(b, own ? 0 : c->points);
		put_key(b, "max_points", 0);
		json_write_int(b, c->max_points);
		put_key(b, "reason", 0);
		json_write_string(b, !own      ? c->reason
		                     : applied ? "已投递：投递不计入你的推荐分"
		                               : "投递不计入推荐分");
		buf_addch(b, '}');
	}
	buf_add(b, "],\"vetoes\":[", 12);
	for (size_t i = 0; i < e->n_vetoes; i++) {
		const struct match_veto *v = &e->vetoes[i];
		buf_adds(b, i ? ",{\"key\":" : "{\"key\":");
		json_write_string(b, v->key);
		put_key(b, "label", 0);
		json_write_string(b, v->label);
		put_key(b, "reason", 0);
		json_write_string(b, v->reason);
		buf_addch(b, '}');
	}
	buf_add(b, "]}", 2);
}

/* One item of the list, its text (up to "position":) in text[at, at+len). */
struct own_item {
	int64_t id;
	int64_t score;
	size_t at, len;
};

struct own_list {
	const int64_t *applied; /* sorted */
	size_t n_applied;
	int show;
	struct buf text;
	VEC(struct own_item) items;
};

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int own_applied(const struct own_list *x, int64_t id)
{
	return x->n_applied && bsearch(&id, x->applied, x->n_applied, sizeof(id), cmp_int64);
}

/* recommend_student_hits()'s skip: applied to and not shown. */
static int own_skip(void *arg, const struct match_hit *h)
{
	const struct own_list *x = arg;
	return !x->show && own_applied(x, h->id);
}

/* recommend_student_hits()'s each: the hit as the student sees it. */
static int own_hit(void *arg, const struct match_hit *h, const struct match_explanation *e)
{
	struct own_list *x = arg;
	int64_t id = h->id;
	int applied = own_applied(x, id);
	int32_t interest = 0;
	for (size_t i = 0; e && i < e->n_components; i++)
		if (e->components[i].kind == MATCH_C_INTEREST)
			interest = e->components[i].points;
	struct own_item it = {.id = id, .score = (int64_t)h->score - interest, .at = x->text.len};
	struct buf *b = &x->text;
	buf_add(b, "{\"position_id\":", 15);
	json_write_int(b, id);
	put_key(b, "score", 0);
	json_write_int(b, it.score);
	put_key(b, "explanation", 0);
	if (e)
		put_explanation(b, e, applied, interest);
	else
		buf_add(b, "null", 4);
	buf_adds(b,
	         applied ? ",\"applied\":true,\"position\":" : ",\"applied\":false,\"position\":");
	it.len = x->text.len - it.at;
	return VEC_PUSH(&x->items, it) ? -1 : 0;
}

static int by_own_score(const void *a, const void *b)
{
	const struct own_item *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

/* The summaries of items[0..n) printed into rows, found[i] the offset and
 * length of item i's (len 0: gone), one query per 64 ids as
 * position_rows_by_ids() reads them.  0, or -1 when the store failed. */
static int own_positions(struct store *db, const struct own_item *items, size_t n, struct buf *rows,
                         size_t (*found)[2])
{
	struct buf sql = BUF_INIT;
	int rc = 0;
	for (size_t from = 0; !rc && from < n; from += 64) {
		size_t k = n - from < 64 ? n - from : 64, slots = 8;
		while (slots < k)
			slots *= 2;
		struct store_args args = {0};
		buf_reset(&sql);
		buf_adds(&sql, POSITION_SUMMARY " WHERE p.id IN (");
		for (size_t i = 0; i < slots; i++) {
			buf_adds(&sql, i ? ", ?" : "?");
			store_args_int(&args, items[from + (i < k ? i : k - 1)].id);
		}
		buf_addch(&sql, ')');
		struct store_stmt *st =
		    buf_failed(&sql) ? NULL : store_query_args(db, sql.data, &args);
		int step = STORE_ERROR;
		while (st && (step = store_step(st)) == STORE_ROW) {
			int64_t id = store_column_int64(st, 0);
			size_t at = rows->len;
			put_summary_row(rows, st);
			for (size_t i = from; i < from + k; i++)
				if (items[i].id == id && !found[i][1]) {
					found[i][0] = at;
					found[i][1] = rows->len - at;
				}
		}
		store_finalize(st);
		rc = step == STORE_DONE ? 0 : -1;
	}
	buf_release(&sql);
	return rc;
}

/* The engine's best k + (applications) for sid, as the student sees them,
 * applied ones left out unless show, best first, k at most, with their
 * position summaries, printed as the items array into out.  0, or -1 with e. */
static int own_list(struct store *db, int64_t sid, size_t k, int show, struct buf *out,
                    struct derr *e)
{
	struct own_list x = {.show = show, .text = BUF_INIT, .items = VEC_INIT};
	VEC(int64_t) applied = VEC_INIT;
	struct buf rows = BUF_INIT;
	size_t(*found)[2] = NULL;
	int rc = -1, step = STORE_ERROR;
	struct store_stmt *st =
	    store_query(db,
	                "SELECT position_id FROM applications WHERE student_id = ?"
	                " AND status <> 'withdrawn'",
	                "i", sid);
	while (st && (step = store_step(st)) == STORE_ROW)
		if (VEC_PUSH(&applied, store_column_int64(st, 0)))
			step = STORE_ERROR;
	store_finalize(st);
	if (step != STORE_DONE) {
		derr_store(e, db, "own applications");
		goto out;
	}
	if (applied.n)
		qsort(applied.v, applied.n, sizeof(*applied.v), cmp_int64);
	x.applied = applied.v;
	x.n_applied = applied.n;
	buf_grow(&x.text, 16384); /* ~1 KiB per item */
	if (recommend_student_hits(db, sid, k + applied.n, own_skip, own_hit, &x) ||
	    buf_failed(&x.text)) {
		derr_internal(e, "recommendations");
		goto out;
	}
	if (x.items.n)
		qsort(x.items.v, x.items.n, sizeof(*x.items.v), by_own_score);
	size_t n = x.items.n < k ? x.items.n : k;
	found = calloc(n ? n : 1, sizeof(*found));
	if (!found) {
		derr_internal(e, "recommendations: out of memory");
		goto out;
	}
	buf_grow(&rows, 512 * n);
	if (own_positions(db, x.items.v, n, &rows, found)) {
		derr_store(e, db, "position");
		goto out;
	}
	buf_addch(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(out, ',');
		buf_add(out, x.text.data + x.items.v[i].at, x.items.v[i].len);
		if (found[i][1])
			buf_add(out, rows.data + found[i][0], found[i][1]);
		else
			buf_add(out, "null", 4);
		buf_addch(out, '}');
	}
	buf_addch(out, ']');
	rc = 0;
out:
	free(found);
	buf_release(&rows);
	buf_release(&x.text);
	VEC_FREE(&x.items);
	VEC_FREE(&applied);
	return rc;
}

int recommend_mine(struct store *db, const struct actor *a, size_t k, int show_applied,
                   struct buf *out, struct derr *e)
{
	int64_t sid = 0;
	int personalised = 1;
	if (own_student(db, a, &sid, &personalised, e))
		return -1;
	if (!sid)
		return derr_set(e, DERR_NOT_FOUND, NULL, STUDENT_NO_RECORD);
	buf_grow(out, 1024 * (k + 1));
	buf_adds(out, personalised ? "{\"personalised\":true,\"scale\":"
	                           : "{\"personalised\":false,\"scale\":");
	json_write_int(out, recommend_own_scale());
	buf_adds(out, ",\"items\":");
	if (!personalised) {
		/* The plain listing: newest open positions, nothing inferred. */
		int step = STORE_ERROR, first = 1;
		struct store_stmt *st = store_query(
		    db, POSITION_SUMMARY " WHERE p.status = 'open' ORDER BY p.id DESC LIMIT ?", "i",
		    (int64_t)k);
		buf_addch(out, '[');
		while (st && (step = store_step(st)) == STORE_ROW) {
			if (!first)
				buf_addch(out, ',');
			first = 0;
			put_summary_row(out, st);
		}
		store_finalize(st);
		buf_addch(out, ']');
		if (step != STORE_DONE)
			return derr_store(e, db, "plain listing");
	} else if (own_list(db, sid, k, show_applied, out, e)) {
		return -1;
	}
	buf_addch(out, '}');
	return buf_failed(out) ? derr_internal(e, "recommendations: out of memory") : 0;
}

/* HR of the position's enterprise, or the operator; else 404. */
static int position_in_scope(struct store *db, const struct actor *a, int64_t id, struct derr *e)
{
	int64_t ent = 0;
	int rc = store_int64(db, &ent, "SELECT enterprise_id FROM positions WHERE id = ?", "i", id);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "candidates position");
	if (rc == STORE_ROW && (a->role == ROLE_OPERATOR || ent == a->org_id))
		return 0;
	return derr_set(e, DERR_NOT_FOUND, NULL, "岗位不存在");
}

int recommend_candidates(struct store *db, const struct actor *a, int64_t position_id, size_t k,
                         json_t **items, struct derr *e)
{
	*items = NULL;
	/* Not approved: the refusal says so before anything else. */
	if (visibility_talent_pool(db, a, e) || position_in_scope(db, a, position_id, e))
		return -1;
	*items = visibility_candidates(db, a, position_id, k, e);
	/* Masked personal data, as in every list. */
	if (!*items ||
	    attach_rows(db, *items, "student", "student_id",
	                "SELECT s.id, s.name, s.gender, s.college_id, o.name AS college_name,"
	                " s.major_code, m.name AS major_name, s.grad_year, s.degree,"
	                " s.phone_masked AS phone, (SELECT ap.id FROM applications ap WHERE"
	                " ap.student_id = s.id AND ap.position_id = ?) AS application_id"
	                " FROM students s JOIN organizations o ON o.id = s.college_id"
	                " LEFT JOIN dict_majors m ON m.code = s.major_code WHERE s.id = ?",
	                position_id, e) ||
	    audit_write(db, a, "position.candidates", "position", position_id, NULL, e)) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}

/* 1 when count_sql (two ids) counts a row, 0 when not; -1 with e. */
static int exists2(struct store *db, const char *count_sql, int64_t x, int64_t y, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n, count_sql, "ii", x, y) != STORE_ROW)
		return derr_store(e, db, "explain scope");
	return n > 0;
}

/* Whether a may see the pair; 1 yes, 0 no (404), -1 with e. */
static int may_explain(struct store *db, const struct actor *a, int64_t *sid, int64_t pid,
                       struct derr *e)
{
	int64_t own = 0;
	int personalised, ok = 0;
	switch (a->role) {
	case ROLE_STUDENT:
		if (own_student(db, a, &own, &personalised, e))
			return -1;
		if (!*sid)
			*sid = own;
		ok = *sid && *sid == own;
		break;
	case ROLE_ENTERPRISE:
		return visibility_explain(db, a, *sid, pid, e) ? -1 : 1;
	case ROLE_COLLEGE:
		ok = *sid ? exists2(db,
		                    "SELECT COUNT(*) FROM students WHERE id = ? AND college_id = ?",
		                    *sid, a->org_id, e)
		          : 0;
		break;
	case ROLE_OPERATOR:
		ok = *sid != 0;
		break;
	}
	/* The position must be visible to the caller too: the operator any,
	 * others only open ones or ones the student applied to, as GET
	 * /positions/{id} and the application show them. */
	if (ok > 0 && (a->role == ROLE_STUDENT || a->role == ROLE_COLLEGE))
		ok =
		    exists2(db,
		            "SELECT COUNT(*) FROM positions p WHERE p.id = ? AND (p.status = 'open'"
		            " OR EXISTS (SELECT 1 FROM applications ap WHERE ap.position_id = p.id"
		            " AND ap.student_id = ?))",
		            pid, *sid, e);
	return ok;
}

int recommend_why(struct store *db, const struct actor *a, int64_t *student_id, int64_t position_id,
                  json_t **out, struct derr *e)
{
	*out = NULL;
	int ok = may_explain(db, a, student_id, position_id, e);
	if (ok < 0)
		return -1;
	if (!ok)
		return derr_set(e, DERR_NOT_FOUND, NULL, "学生或岗位不存在");
	*out = recommend_explain(db, *student_id, position_id);
	if (!*out)
		return derr_internal(e, "explain");
	if (json_is_object(*out))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_set(e, DERR_NOT_FOUND, NULL, "学生或岗位不存在");
}
