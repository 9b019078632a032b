/* Needs and offers, their search and their counterparts; see coop_listings.h. */
#include "domain/coop_listings.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/vec.h"
#include "domain/audit.h"
#include "match/coop_score.h"

static const char *const kinds[][3] = {
    {"need", "talent", "人才需求"},         {"need", "tech", "技术难题"},
    {"need", "training", "员工培训"},       {"need", "equipment", "设备共享"},
    {"need", "order_class", "订单班"},      {"offer", "graduates", "专业与毕业生"},
    {"offer", "lab", "实训室与设备"},       {"offer", "expertise", "教师专长"},
    {"offer", "service", "培训与社会服务"},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

int coop_listing_kind_valid(const char *side, const char *kind)
{
	for (size_t i = 0; side && kind && i < NKINDS; i++)
		if (!strcmp(kinds[i][0], side) && !strcmp(kinds[i][1], kind))
			return 1;
	return 0;
}

const char *coop_listing_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < NKINDS; i++)
		if (!strcmp(kinds[i][1], kind))
			return kinds[i][2];
	return kind ? kind : "";
}

#define LISTING_SELECT                                                                             \
	"SELECT l.id, l.side, l.org_id, o.name AS org, o.kind AS org_kind, l.kind, l.title,"       \
	" l.description, l.majors, l.industries, l.city_code, c.name AS city, l.quantity,"         \
	" l.status, l.created_at, l.updated_at FROM coop_listings l JOIN organizations o ON"       \
	" o.id = l.org_id LEFT JOIN dict_cities c ON c.code = l.city_code"

static const char *const list_keys[] = {"majors", "industries", NULL};

/* A listing row as pages show it: lists decoded, the kind's label added. */
static void shape_one(json_t *row)
{
	coop_decode(row, list_keys);
	json_object_set_new(row, "kind_label",
	                    json_string(coop_listing_kind_label(coop_str(row, "kind"))));
}

/* Every row of a list. */
static void shape_all(json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) shape_one(r);
}

static int read_listing(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	if (derr_found(db, store_row(db, LISTING_SELECT " WHERE l.id = ?", "i", id), out, "listing",
	               DERR_NOT_FOUND, NULL, "供需信息不存在", e))
		return -1;
	shape_one(*out);
	return 0;
}

/* Checks what the api could not: the codes against the dictionaries. */
static int input_check(struct store *db, const char *side, const struct coop_listing_input *in,
                       struct derr *e)
{
	int64_t n = 0;
	size_t i;
	json_t *v;
	if (!coop_listing_kind_valid(side, in->kind))
		return derr_set(
		    e, DERR_INVALID, "kind",
		    !strcmp(side, "need")
		        ? "企业需求类型应为 talent、tech、training、equipment 或 order_class"
		        : "院校资源类型应为 graduates、lab、expertise 或 service");
	json_array_foreach(in->majors, i, v)
	{
		if (store_int64(
		        db, &n,
		        "SELECT COUNT(*) FROM dict_majors WHERE code = ? AND origin <> 'retired'",
		        "t", json_string_value(v)) != STORE_ROW)
			return derr_store(e, db, "listing majors");
		if (!n)
			return derr_codef(e, DERR_INVALID, NULL, "majors", "未知的专业代码：%s",
			                  json_string_value(v));
	}
	json_array_foreach(in->industries, i, v)
	{
		if (store_int64(db, &n, "SELECT COUNT(*) FROM dict_industries WHERE code = ?", "t",
		                json_string_value(v)) != STORE_ROW)
			return derr_store(e, db, "listing industries");
		if (!n)
			return derr_codef(e, DERR_INVALID, NULL, "industries", "未知的行业代码：%s",
			                  json_string_value(v));
	}
	if (in->city_code) {
		if (store_int64(db, &n, "SELECT COUNT(*) FROM dict_cities WHERE code = ?", "t",
		                in->city_code) != STORE_ROW)
			return derr_store(e, db, "listing city");
		if (!n)
			return derr_set(e, DERR_INVALID, "city_code", "未知的城市代码");
	}
	return 0;
}

int coop_listing_index(struct store *db, int64_t id, struct derr *e)
{
	struct buf t = BUF_INIT;
	json_t *row = store_row(db,
	                        "SELECT l.title, l.description, l.kind, o.name AS org, c.name AS"
	                        " city, l.majors FROM coop_listings l JOIN organizations o ON"
	                        " o.id = l.org_id LEFT JOIN dict_cities c ON c.code = l.city_code"
	                        " WHERE l.id = ?",
	                        "i", id);
	if (!json_is_object(row)) {
		json_decref(row);
		return derr_store(e, db, "listing search text");
	}
	const char *const keys[] = {"title", "description", "org", "city", NULL};
	for (const char *const *k = keys; *k; k++)
		buf_addf(&t, "%s ", coop_str(row, *k));
	buf_addf(&t, "%s ", coop_listing_kind_label(coop_str(row, "kind")));
	json_t *majors = json_loads(coop_str(row, "majors"), 0, NULL);
	size_t i;
	json_t *v;
	int rc = 0;
	json_array_foreach(majors, i, v)
	{
		json_t *m = store_row(db, "SELECT name FROM dict_majors WHERE code = ?", "t",
		                      json_string_value(v));
		if (!m)
			rc = -1;
		buf_addf(&t, "%s %s ", json_string_value(v), coop_str(m, "name"));
		json_decref(m);
	}
	json_decref(majors);
	json_decref(row);
	if (!rc && !buf_failed(&t))
		rc = store_run(db, "UPDATE coop_listings SET search_text = ? WHERE id = ?", "ti",
		               t.data, id) == STORE_OK
		         ? 0
		         : -1;
	buf_release(&t);
	return rc ? derr_store(e, db, "listing search text") : 0;
}

/* The end of every write: search text, audit row, the answer, commit. */
static int finish(struct store *db, const struct actor *a, int64_t id, const char *action, int text,
                  json_t **out, struct derr *e)
{
	if ((text && coop_listing_index(db, id, e)) ||
	    audit_write(db, a, action, "coop_listing", id, NULL, e) || read_listing(db, id, out, e))
		return -1;
	return derr_commit(db, out, action, e);
}

int coop_listing_create(struct store *db, const struct actor *a,
                        const struct coop_listing_input *in, json_t **out, struct derr *e)
{
	int64_t id = 0, now = now_seconds();
	const char *side = a->role == ROLE_ENTERPRISE ? "need" : "offer";
	*out = NULL;
	if (coop_actor_org_active(db, a, e) || input_check(db, side, in, e))
		return -1;
	char *majors = coop_encode(in->majors), *industries = coop_encode(in->industries);
	int rc =
	    !majors || !industries ? STORE_ERROR
	    : store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &id,
	                      "INSERT INTO coop_listings (side, org_id, kind, title, description,"
	                      " majors, industries, city_code, quantity, created_by, created_at,"
	                      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	                      " RETURNING id",
	                      "titttttt"
	                      "Iiii",
	                      side, a->org_id, in->kind, in->title,
	                      in->description ? in->description : "", majors, industries,
	                      in->city_code, in->quantity, a->id, now, now);
	free(majors);
	free(industries);
	if (rc != STORE_ROW)
		return derr_store(e, db, "listing create");
	return finish(db, a, id, "coop.listing_create", 1, out, e);
}

/* Listing id's owner and status, for writes: 404 when the caller cannot
 * see it, 403 when they may not change it (owner_only: even the operator). */
static int writable(struct store *db, const struct actor *a, int64_t id, int owner_only,
                    char status[8], struct derr *e)
{
	json_t *row;
	if (derr_found(
	        db, store_row(db, "SELECT org_id, status FROM coop_listings WHERE id = ?", "i", id),
	        &row, "listing", DERR_NOT_FOUND, NULL, "供需信息不存在", e))
		return -1;
	int64_t org = json_integer_value(json_object_get(row, "org_id"));
	snprintf(status, 8, "%s", json_string_value(json_object_get(row, "status")));
	json_decref(row);
	int own = a->org_id && a->org_id == org &&
	          (a->role == ROLE_COLLEGE || a->role == ROLE_ENTERPRISE);
	if (!own && (owner_only || a->role != ROLE_OPERATOR))
		return !strcmp(status, "open") || a->role == ROLE_OPERATOR
		           ? derr_set(e, DERR_FORBIDDEN, NULL, "只能修改本单位发布的供需信息")
		           : derr_set(e, DERR_NOT_FOUND, NULL, "供需信息不存在");
	return 0;
}

int coop_listing_update(struct store *db, const struct actor *a, int64_t id,
                        const struct coop_listing_input *in, json_t **out, struct derr *e)
{
	char status[8];
	*out = NULL;
	const char *side = a->role == ROLE_ENTERPRISE ? "need" : "offer";
	if (writable(db, a, id, 1, status, e) || input_check(db, side, in, e))
		return -1;
	char *majors = coop_encode(in->majors), *industries = coop_encode(in->industries);
	int rc = !majors || !industries ? STORE_ERROR
	         : store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_run(db,
	                         "UPDATE coop_listings SET kind = ?, title = ?, description = ?,"
	                         " majors = ?, industries = ?, city_code = ?, quantity = ?,"
	                         " updated_at = ? WHERE id = ?",
	                         "ttttttIii", in->kind, in->title,
	                         in->description ? in->description : "", majors, industries,
	                         in->city_code, in->quantity, now_seconds(), id);
	free(majors);
	free(industries);
	if (rc != STORE_OK)
		return derr_store(e, db, "listing update");
	return finish(db, a, id, "coop.listing_update", 1, out, e);
}

int coop_listing_set_open(struct store *db, const struct actor *a, int64_t id, int open,
                          json_t **out, struct derr *e)
{
	char status[8];
	*out = NULL;
	if (writable(db, a, id, open, status, e))
		return -1;
	if (!strcmp(status, open ? "open" : "closed"))
		return derr_set(e, DERR_CONFLICT, "status",
		                open ? "该信息已在发布中" : "该信息已关闭");
	if (store_begin(db) != STORE_OK ||
	    store_run(db, "UPDATE coop_listings SET status = ?, updated_at = ? WHERE id = ?", "tii",
	              open ? "open" : "closed", now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "listing status");
	return finish(db, a, id, open ? "coop.listing_reopen" : "coop.listing_close", 0, out, e);
}

/* May the caller read this listing row (open: any college or enterprise
 * staff; closed: owner and operator)? */
static int readable(const struct actor *a, json_t *row)
{
	if (a->role == ROLE_OPERATOR)
		return 1;
	if (a->role != ROLE_COLLEGE && a->role != ROLE_ENTERPRISE)
		return 0;
	return !strcmp(coop_str(row, "status"), "open") ||
	       json_integer_value(json_object_get(row, "org_id")) == a->org_id;
}

int coop_listing_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e)
{
	if (read_listing(db, id, out, e))
		return -1;
	if (readable(a, *out))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_set(e, DERR_NOT_FOUND, NULL, "供需信息不存在");
}

int coop_listing_search(struct store *db, const struct actor *a, const struct coop_listing_query *q,
                        json_t **out, struct derr *e)
{
	struct buf where = BUF_INIT;
	struct store_args args = {0};
	char *owned[4] = {0}, *major = NULL;
	int nowned = 0;
	buf_adds(&where, " WHERE 1 = 1");
	const char *status = q->status ? q->status : "open";
	if (strcmp(status, "all")) {
		buf_adds(&where, " AND l.status = ?");
		store_args_text(&args, status);
	}
	/* Closed listings: the owner's and the operator's only. */
	if (a->role != ROLE_OPERATOR) {
		buf_adds(&where, " AND (l.status = 'open' OR l.org_id = ?)");
		store_args_int(&args, a->org_id);
	}
	const char *text[][2] = {
	    {"l.side", q->side}, {"l.kind", q->kind}, {"l.city_code", q->city}};
	for (size_t i = 0; i < 3; i++)
		if (text[i][1]) {
			buf_addf(&where, " AND %s = ?", text[i][0]);
			store_args_text(&args, text[i][1]);
		}
	if (q->org_id) {
		buf_adds(&where, " AND l.org_id = ?");
		store_args_int(&args, q->org_id);
	}
	if (q->major) { /* a listed code under the one asked: "46" finds "460301" */
		major = malloc(strlen(q->major) + 4);
		if (major) {
			strcpy(major, "%\"");
			strcat(major, q->major);
			strcat(major, "%");
		}
		buf_adds(&where, " AND l.majors LIKE ?");
		store_args_text(&args, major);
	}
	/* Words, each a condition (a space separates them), at most 3. */
	char *words = q->q ? strdup(q->q) : NULL, *save = NULL;
	for (char *w = words ? strtok_r(words, " \t", &save) : NULL; w && nowned < 3;
	     w = strtok_r(NULL, " \t", &save))
		store_text_contains(db, &where, &args, "coop_listings_fts", "l.id", "l.search_text",
		                    w, &owned[nowned++]);
	int rc = buf_failed(&where)
	             ? derr_internal(e, "listing search: out of memory")
	             : coop_page(db, LISTING_SELECT, where.data, " ORDER BY l.id DESC", &args,
	                         q->page, q->page_size, out, e);
	if (!rc)
		shape_all(json_object_get(*out, "items"));
	free(words);
	free(major);
	for (int i = 0; i < nowned; i++)
		free(owned[i]);
	buf_release(&where);
	return rc;
}

/* ---- counterparts ---- */

/* A listing as the scorer takes it, and the memory behind it. */
struct side {
	json_t *row;
	const char **majors, **industries;
	size_t n_majors, n_industries;
	char (*codes)[8]; /* industries as "C38" */
	struct coop_side s;
	int score;
	struct coop_explanation why;
};

static void side_release(struct side *x)
{
	free(x->majors);
	free(x->industries);
	free(x->codes);
}

/* The section letter of a GB/T 4754 code: itself for a section, its
 * parent for a division (sections holds "38" -> "C" pairs). */
static const char *section_of(json_t *sections, const char *code)
{
	if (code[0] >= 'A' && code[0] <= 'Z')
		return code;
	return coop_str(sections, code);
}

/* Fills x->s from its row; industries default to the organisation's. */
static int side_build(struct side *x, json_t *sections)
{
	json_t *m = json_object_get(x->row, "majors"), *ind = json_object_get(x->row, "industries");
	json_t *own = json_object_get(x->row, "org_industry");
	size_t nm = json_array_size(m), ni = json_array_size(ind);
	int fallback = !ni && json_is_string(own);
	x->majors = calloc(nm + 1, sizeof(char *));
	x->industries = calloc(ni + 1, sizeof(char *));
	x->codes = calloc(ni + 1, sizeof(*x->codes));
	if (!x->majors || !x->industries || !x->codes)
		return -1;
	for (size_t i = 0; i < nm; i++)
		if (json_is_string(json_array_get(m, i)))
			x->majors[x->n_majors++] = json_string_value(json_array_get(m, i));
	for (size_t i = 0; i < ni + fallback; i++) {
		const char *code =
		    fallback ? json_string_value(own) : json_string_value(json_array_get(ind, i));
		if (!code || !*code)
			continue;
		const char *sec = section_of(sections, code);
		snprintf(x->codes[x->n_industries], 8, "%.1s%s", sec, sec == code ? "" : code);
		x->industries[x->n_industries] = x->codes[x->n_industries];
		x->n_industries++;
	}
	x->s = (struct coop_side){json_string_value(json_object_get(x->row, "kind")),
	                          x->majors,
	                          x->n_majors,
	                          x->industries,
	                          x->n_industries,
	                          json_string_value(json_object_get(x->row, "city_code")),
	                          json_integer_value(json_object_get(x->row, "quantity"))};
	return 0;
}

static int by_score(const void *p, const void *q)
{
	const struct side *a = p, *b = q;
	if (a->score != b->score)
		return b->score - a->score;
	int64_t x = json_integer_value(json_object_get(a->row, "id")),
	        y = json_integer_value(json_object_get(b->row, "id"));
	return (x > y) - (x < y);
}

static json_t *explained(const struct side *x)
{
	json_t *components = json_array();
	for (int i = 0; i < COOP_N_COMPONENTS; i++) {
		const struct coop_component *c = &x->why.components[i];
		json_array_append_new(components,
		                      json_pack("{s:s, s:s, s:i, s:i, s:s}", "key", c->key, "label",
		                                c->label, "points", c->points, "max_points",
		                                c->max_points, "reason", c->reason));
	}
	json_t *listing = json_deep_copy(x->row);
	json_object_del(listing, "org_industry");
	return json_pack("{s:o, s:i, s:o}", "listing", listing, "score", x->score, "components",
	                 components);
}

#define SCORED_SELECT                                                                              \
	"SELECT l.id, l.side, l.org_id, o.name AS org, l.kind, l.title, l.majors, l.industries,"   \
	" l.city_code, l.quantity, l.status, o.industry_code AS org_industry FROM coop_listings l" \
	" JOIN organizations o ON o.id = l.org_id"

int coop_listing_counterparts(struct store *db, const struct actor *a, int64_t id, int limit,
                              json_t **out, struct derr *e)
{
	json_t *me = NULL, *others = NULL, *sections = json_object(), *items = json_array();
	VEC(struct side) cand = {0};
	struct side self = {0};
	int rc = -1;
	*out = NULL;
	if (coop_listing_get(db, a, id, &me, e))
		goto out;
	json_decref(me);
	me = store_row(db, SCORED_SELECT " WHERE l.id = ?", "i", id);
	const char *side = json_string_value(json_object_get(me, "side"));
	others = side ? store_rows(db,
	                           SCORED_SELECT " WHERE l.side <> ? AND l.status = 'open'"
	                                         " ORDER BY l.id LIMIT 5000",
	                           "t", side)
	              : NULL;
	json_t *divisions = store_rows(db,
	                               "SELECT code, parent FROM dict_industries WHERE level ="
	                               " 'division'",
	                               "");
	int loaded = json_is_object(me) && others && divisions;
	size_t i;
	json_t *r;
	json_array_foreach(divisions, i, r)
	    json_object_set(sections, coop_str(r, "code"), json_object_get(r, "parent"));
	json_decref(divisions);
	if (!loaded) {
		derr_store(e, db, "counterparts");
		goto out;
	}
	coop_decode(me, list_keys);
	coop_decode(others, list_keys);
	self.row = me;
	if (side_build(&self, sections) || VEC_RESERVE(&cand, json_array_size(others))) {
		derr_internal(e, "counterparts: out of memory");
		goto out;
	}
	int need = !strcmp(side, "need");
	json_array_foreach(others, i, r)
	{
		struct side x = {.row = r};
		if (side_build(&x, sections)) {
			side_release(&x);
			derr_internal(e, "counterparts: out of memory");
			goto out;
		}
		x.score =
		    need ? coop_score(&self.s, &x.s, &x.why) : coop_score(&x.s, &self.s, &x.why);
		(void)VEC_PUSH(&cand, x);
	}
	qsort(cand.v, cand.n, sizeof(*cand.v), by_score);
	for (size_t k = 0; k < cand.n && (int)json_array_size(items) < limit; k++)
		if (cand.v[k].score > 0)
			json_array_append_new(items, explained(&cand.v[k]));
	*out = json_pack("{s:O}", "items", items);
	rc = *out ? 0 : derr_internal(e, "counterparts: out of memory");
out:
	for (size_t k = 0; k < cand.n; k++)
		side_release(&cand.v[k]);
	VEC_FREE(&cand);
	side_release(&self);
	json_decref(me);
	json_decref(others);
	json_decref(sections);
	json_decref(items);
	return rc;
}
