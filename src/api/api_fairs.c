/*
 * Job fairs and recruitment sessions: the events themselves, enterprise
 * sign-up and review, booth allocation.  Rules in domain/fair.h; the
 * other fair handlers are listed in api/api_fair.h.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api_fair.h"
#include "base/buf.h"
#include "api/export.h"
#include "base/hub.h"
#include "base/util.h"
#include "domain/fair.h"

/* The fair itself (what every handler checks: the gate and the queues run
 * it a thousand times a second, so no counting here) ... */
#define FAIR_COLUMNS                                                                               \
	"SELECT f.id, f.kind, f.name, f.host_college_id, h.name AS host_college, f.venue,"         \
	" f.starts_at, f.ends_at, f.booths, f.capacity, f.zones, f.elig_colleges, f.elig_majors,"  \
	" f.elig_years, f.ticket_limit, f.slot_minutes, f.gap_minutes, f.description, f.status,"   \
	" f.is_demo, f.created_at, f.updated_at"
#define FAIR_FROM " FROM fairs f JOIN organizations h ON h.id = f.host_college_id"
/* ... and with its counts, for the pages that show them. */
#define FAIR_SELECT                                                                                \
	FAIR_COLUMNS                                                                               \
	","                                                                                        \
	" (SELECT COUNT(*) FROM fair_enterprises fe WHERE fe.fair_id = f.id"                       \
	"   AND fe.status = 'approved') AS enterprises,"                                           \
	" (SELECT COUNT(*) FROM fair_enterprises fe WHERE fe.fair_id = f.id"                       \
	"   AND fe.status = 'pending') AS pending_signups,"                                        \
	" (SELECT COUNT(*) FROM fair_positions fp JOIN fair_enterprises fe ON"                     \
	"   fe.fair_id = fp.fair_id AND fe.enterprise_id = fp.enterprise_id"                       \
	"   WHERE fp.fair_id = f.id AND fe.status = 'approved') AS positions,"                     \
	" (SELECT COUNT(*) FROM fair_students fs WHERE fs.fair_id = f.id) AS registered,"          \
	" (SELECT COUNT(*) FROM fair_students fs WHERE fs.fair_id = f.id"                          \
	"   AND fs.entered_at IS NOT NULL) AS entered" FAIR_FROM

/* Replaces a JSON-text column with its parsed value under a new name. */
static void parse_list(json_t *row, const char *column, const char *name)
{
	const char *text = json_string_value(json_object_get(row, column));
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	json_object_set_new(row, name, json_is_array(v) ? v : json_array());
	if (v && !json_is_array(v))
		json_decref(v);
	if (strcmp(column, name))
		json_object_del(row, column);
}

static void shape_fair(json_t *f)
{
	parse_list(f, "zones", "zones");
	parse_list(f, "elig_colleges", "eligible_colleges");
	parse_list(f, "elig_majors", "eligible_majors");
	parse_list(f, "elig_years", "eligible_years");
	json_object_set_new(f, "status_label", json_string(fair_status_label(fair_status_of(f))));
}

const char *fair_status_of(const json_t *f)
{
	return json_string_value(json_object_get(f, "status"));
}

int fair_is_organiser(const struct api_ctx *c, const json_t *f)
{
	return c->actor.role == ROLE_OPERATOR ||
	       (c->actor.role == ROLE_COLLEGE &&
	        json_integer_value(json_object_get(f, "host_college_id")) == c->actor.org_id);
}

json_t *fair_visible(struct api_ctx *c, int64_t *id)
{
	if (api_path_id(c, id))
		return NULL;
	json_t *f = store_row(c->db, FAIR_COLUMNS FAIR_FROM " WHERE f.id = ?", "i", *id);
	if (!f) {
		api_internal(c, "fair");
		return NULL;
	}
	if (json_is_object(f) && (strcmp(fair_status_of(f), "draft") || fair_is_organiser(c, f))) {
		shape_fair(f);
		return f;
	}
	json_decref(f);
	api_fail(c, 404, "not_found", NULL, "招聘会不存在");
	return NULL;
}

int fair_require_status(struct api_ctx *c, const json_t *f, const char *const *allowed,
                        const char *action)
{
	const char *s = fair_status_of(f);
	for (; *allowed; allowed++)
		if (!strcmp(s, *allowed))
			return 0;
	return api_fail(c, 422, "rule", "status",
	                arena_printf(c->arena, "招聘会%s，不能%s", fair_status_label(s), action));
}

int fair_in_status(struct api_ctx *c, int64_t *id, const char *const *allowed, const char *action)
{
	json_t *f = api_failed(c) ? NULL : fair_visible(c, id);
	if (!f)
		return -1;
	int bad = fair_require_status(c, f, allowed, action);
	json_decref(f);
	return bad ? -1 : 0;
}

void fair_notify(int64_t fair, const char *event, int64_t enterprise)
{
	char data[64];
	snprintf(data, sizeof(data), "{\"enterprise_id\":%lld}", (long long)enterprise);
	hub_publish(fair, event, data);
}

void fair_scoped_list(struct api_ctx *c, const char *select, const char *tail, const char *refusal,
                      const char *what)
{
	int64_t id;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int organiser = fair_is_organiser(c, f);
	json_decref(f);
	struct store_args a = {0};
	struct buf sql = BUF_INIT;
	buf_adds(&sql, select);
	store_args_int(&a, id);
	if (c->actor.role == ROLE_ENTERPRISE) {
		buf_adds(&sql, " AND i.enterprise_id = ?");
		store_args_int(&a, c->actor.org_id);
	} else if (c->actor.role == ROLE_STUDENT) {
		buf_adds(&sql, " AND i.student_id = ?");
		store_args_int(&a, api_own_student(c));
	} else if (!organiser) {
		buf_release(&sql);
		api_fail(c, 403, "forbidden", NULL, refusal);
		return;
	}
	buf_adds(&sql, tail);
	json_t *items = store_rows_args(c->db, sql.data, &a);
	buf_release(&sql);
	if (!items) {
		api_internal(c, what);
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

const char *fair_signup_status(struct api_ctx *c, int64_t fair, int64_t enterprise)
{
	json_t *r = store_row(c->db,
	                      "SELECT status FROM fair_enterprises WHERE fair_id = ? AND"
	                      " enterprise_id = ?",
	                      "ii", fair, enterprise);
	const char *s =
	    json_is_object(r)
	        ? arena_strdup(c->arena, json_string_value(json_object_get(r, "status")))
	        : NULL;
	json_decref(r);
	return s;
}

/* What the caller has to do with the fair: a student's registration, an
 * enterprise's sign-up and booth. */
static void add_mine(struct api_ctx *c, json_t *f)
{
	int64_t id = json_integer_value(json_object_get(f, "id"));
	if (c->actor.role == ROLE_STUDENT) {
		json_t *reg =
		    store_row(c->db,
		              "SELECT fs.id, fs.code, fs.walk_in, fs.registered_at,"
		              " fs.entered_at FROM fair_students fs JOIN students s ON"
		              " s.id = fs.student_id WHERE fs.fair_id = ? AND s.account_id = ?",
		              "ii", id, c->actor.id);
		json_object_set_new(f, "my_registration", reg ? reg : json_null());
		json_t *s = store_row(c->db,
		                      "SELECT college_id, major_code, grad_year FROM students WHERE"
		                      " account_id = ? AND closed_at IS NULL",
		                      "i", c->actor.id);
		const char *field = NULL, *why = "请先完善学生档案";
		if (json_is_object(s))
			why = fair_ineligible(json_object_get(f, "eligible_colleges"),
			                      json_object_get(f, "eligible_majors"),
			                      json_object_get(f, "eligible_years"),
			                      json_integer_value(json_object_get(s, "college_id")),
			                      json_string_value(json_object_get(s, "major_code")),
			                      json_integer_value(json_object_get(s, "grad_year")),
			                      &field);
		json_object_set_new(f, "eligible", json_boolean(!why));
		json_object_set_new(f, "ineligible_reason", why ? json_string(why) : json_null());
		json_decref(s);
	} else if (c->actor.role == ROLE_ENTERPRISE) {
		json_t *su =
		    store_row(c->db,
		              "SELECT fe.status, fe.reason, fe.tables_needed, fe.applied_at,"
		              " b.booth_no, b.zone, (SELECT COUNT(*) FROM fair_positions fp"
		              " WHERE fp.fair_id = fe.fair_id AND fp.enterprise_id ="
		              " fe.enterprise_id) AS positions FROM fair_enterprises fe"
		              " LEFT JOIN fair_booths b ON b.fair_id = fe.fair_id AND"
		              " b.enterprise_id = fe.enterprise_id"
		              " WHERE fe.fair_id = ? AND fe.enterprise_id = ?",
		              "ii", id, c->actor.org_id);
		if (json_is_object(su)) { /* the positions brought, for editing the sign-up */
			json_t *ids =
			    store_rows(c->db,
			               "SELECT position_id FROM fair_positions WHERE fair_id = ?"
			               " AND enterprise_id = ? ORDER BY position_id",
			               "ii", id, c->actor.org_id);
			json_t *list = json_array();
			size_t i;
			json_t *r;
			json_array_foreach(ids, i, r)
			    json_array_append(list, json_object_get(r, "position_id"));
			json_decref(ids);
			json_object_set_new(su, "position_ids", list);
		}
		json_object_set_new(f, "my_signup", su ? su : json_null());
	}
}

void api_fairs_list(struct api_ctx *c)
{
	struct store_args a = {0};
	struct buf sql = BUF_INIT;
	const char *status = api_query(c, "status");
	buf_adds(&sql, FAIR_SELECT " WHERE 1 = 1");
	if (status) {
		if (!fair_status_valid(status)) {
			buf_release(&sql);
			api_fail(c, 400, "invalid", "status", "未知的招聘会状态");
			return;
		}
		buf_adds(&sql, " AND f.status = ?");
		store_args_text(&a, status);
	}
	if (c->actor.role == ROLE_COLLEGE) {
		buf_adds(&sql, " AND (f.status <> 'draft' OR f.host_college_id = ?)");
		store_args_int(&a, c->actor.org_id);
	} else if (c->actor.role != ROLE_OPERATOR) {
		buf_adds(&sql, " AND f.status <> 'draft'");
	}
	buf_adds(&sql, " ORDER BY f.starts_at DESC, f.id DESC LIMIT 200");
	json_t *items = api_failed(c) ? NULL : store_rows_args(c->db, sql.data, &a);
	buf_release(&sql);
	if (api_failed(c))
		return;
	if (!items) {
		api_internal(c, "fairs");
		return;
	}
	size_t i;
	json_t *f;
	json_array_foreach(items, i, f)
	{
		shape_fair(f);
		add_mine(c, f);
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

void api_fairs_get(struct api_ctx *c)
{
	int64_t id;
	json_t *seen = fair_visible(c, &id), *f = NULL;
	if (!seen)
		return;
	json_decref(seen);
	f = store_row(c->db, FAIR_SELECT " WHERE f.id = ?", "i", id);
	if (!json_is_object(f)) {
		json_decref(f);
		api_internal(c, "fair get");
		return;
	}
	shape_fair(f);
	add_mine(c, f);
	json_t *history = store_rows(c->db,
	                             "SELECT e.from_status, e.to_status, e.at, a.display_name AS"
	                             " actor FROM fair_events e LEFT JOIN accounts a ON a.id ="
	                             " e.actor_id WHERE e.fair_id = ? ORDER BY e.id",
	                             "i", id);
	json_object_set_new(f, "history", history ? history : json_array());
	api_reply(c, 200, json_pack("{s:o}", "fair", f));
}

static const char *const fair_fields[] = {"kind",
                                          "name",
                                          "host_college_id",
                                          "venue",
                                          "starts_at",
                                          "ends_at",
                                          "booths",
                                          "capacity",
                                          "zones",
                                          "eligible_colleges",
                                          "eligible_majors",
                                          "eligible_years",
                                          "ticket_limit",
                                          "slot_minutes",
                                          "gap_minutes",
                                          "description",
                                          NULL};

struct fair_input {
	const char *kind, *name, *venue, *description;
	int64_t host, starts, ends, booths, capacity, ticket_limit, slot, gap;
	char *zones, *colleges, *majors, *years; /* JSON text (malloc'd) */
};

static void fair_input_free(struct fair_input *in)
{
	free(in->zones);
	free(in->colleges);
	free(in->majors);
	free(in->years);
}

/* The list as JSON text; "[]" when absent (json_dumps does not take the
 * reference, so an empty array made here would leak). */
static char *dump_list(json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT) : strdup("[]");
}

/* Reads and checks a whole fair (create and edit take the same body). */
static int fair_input_read(struct api_ctx *c, struct fair_input *in)
{
	int64_t n = 0;
	*in = (struct fair_input){.ticket_limit = 3, .slot = 20, .gap = 10};
	api_only_fields(c, fair_fields);
	in->kind = api_str(c, "kind", API_REQUIRED, 1, 10);
	if (in->kind && strcmp(in->kind, "fair") && strcmp(in->kind, "session"))
		api_fail(c, 400, "invalid", "kind",
		         "类型应为 fair（招聘洽谈会）或 session（专场宣讲）");
	in->name = api_str(c, "name", API_REQUIRED, 2, 80);
	in->venue = api_str(c, "venue", API_REQUIRED, 2, 100);
	in->description = api_text(c, "description", API_OPTIONAL, 1, 4000);
	api_int(c, "host_college_id", API_REQUIRED, &in->host);
	api_int_in(c, "starts_at", API_REQUIRED, 1, INT64_C(253402300799), &in->starts);
	api_int_in(c, "ends_at", API_REQUIRED, 1, INT64_C(253402300799), &in->ends);
	api_int_in(c, "booths", API_REQUIRED, 1, 2000, &in->booths);
	api_int_in(c, "capacity", API_REQUIRED, 1, 200000, &in->capacity);
	api_int_in(c, "ticket_limit", API_OPTIONAL, 1, 20, &in->ticket_limit);
	api_int_in(c, "slot_minutes", API_OPTIONAL, 5, 120, &in->slot);
	api_int_in(c, "gap_minutes", API_OPTIONAL, 0, 120, &in->gap);
	json_t *zones = api_str_array(c, "zones", 26, 20);
	json_t *colleges = api_int_array(c, "eligible_colleges", 200, 1, INT64_MAX);
	json_t *majors = api_str_array(c, "eligible_majors", 500, 6);
	json_t *years = api_int_array(c, "eligible_years", 10, 2000, 2100);
	if (api_failed(c))
		return -1;
	if (in->ends <= in->starts)
		return api_fail(c, 400, "invalid", "ends_at", "结束时间应晚于开始时间");
	if (in->ends - in->starts > 7 * 86400)
		return api_fail(c, 400, "invalid", "ends_at", "一场招聘会最长 7 天");
	if (in->ends <= now_seconds())
		return api_fail(c, 400, "invalid", "ends_at", "结束时间已经过去");
	if (store_int64(c->db, &n,
	                "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = 'college'", "i",
	                in->host) != STORE_ROW ||
	    !n)
		return api_fail(c, 400, "invalid", "host_college_id", "承办院校不存在");
	size_t i;
	json_t *v;
	json_array_foreach(colleges, i, v)
	{
		if (store_int64(
		        c->db, &n,
		        "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = 'college'", "i",
		        (int64_t)json_integer_value(v)) != STORE_ROW ||
		    !n)
			return api_fail(c, 400, "invalid", "eligible_colleges",
			                arena_printf(c->arena, "第 %zu 个院校不存在", i + 1));
	}
	json_array_foreach(majors, i, v)
	{
		if (store_int64(c->db, &n, "SELECT COUNT(*) FROM dict_majors WHERE code = ?", "t",
		                json_string_value(v)) != STORE_ROW ||
		    !n)
			return api_fail(
			    c, 400, "invalid", "eligible_majors",
			    arena_printf(c->arena, "未知的专业代码：%s", json_string_value(v)));
	}
	in->zones = dump_list(zones);
	in->colleges = dump_list(colleges);
	in->majors = dump_list(majors);
	in->years = dump_list(years);
	return 0;
}

static int record_event(struct api_ctx *c, int64_t fair, const char *from, const char *to)
{
	return store_run(c->db,
	                 "INSERT INTO fair_events (fair_id, from_status, to_status, actor_id, at)"
	                 " VALUES (?, ?, ?, ?, ?)",
	                 "ittii", fair, from, to, c->actor.id, now_seconds());
}

static void reply_fair(struct api_ctx *c, int status, int64_t id)
{
	json_t *f = store_row(c->db, FAIR_SELECT " WHERE f.id = ?", "i", id);
	if (!f || !json_is_object(f)) {
		json_decref(f);
		api_internal(c, "fair reload");
		return;
	}
	shape_fair(f);
	api_reply(c, status, json_pack("{s:o}", "fair", f));
}

void api_fairs_create(struct api_ctx *c)
{
	struct fair_input in;
	int64_t id = 0, now = now_seconds();
	if (fair_input_read(c, &in)) {
		fair_input_free(&in);
		return;
	}
	int ok = store_begin(c->db) == STORE_OK &&
	         store_int64(c->db, &id,
	                     "INSERT INTO fairs (kind, name, host_college_id, venue, starts_at,"
	                     " ends_at, booths, capacity, zones, elig_colleges, elig_majors,"
	                     " elig_years, ticket_limit, slot_minutes, gap_minutes, description,"
	                     " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
	                     " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                     "ttitiiiittttiiitiii", in.kind, in.name, in.host, in.venue, in.starts,
	                     in.ends, in.booths, in.capacity, in.zones, in.colleges, in.majors,
	                     in.years, in.ticket_limit, in.slot, in.gap, in.description,
	                     c->actor.id, now, now) == STORE_ROW &&
	         record_event(c, id, NULL, "draft") == STORE_OK && store_commit(c->db) == STORE_OK;
	fair_input_free(&in);
	if (!ok) {
		api_internal(c, "fair create");
		return;
	}
	api_audit(c, "fair.create", "fair", id, "ok", NULL);
	reply_fair(c, 201, id);
}

void api_fairs_update(struct api_ctx *c)
{
	static const char *const editable[] = {"draft", "signup", "signup_closed", NULL};
	struct fair_input in;
	int64_t id, used = 0;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int bad = fair_require_status(c, f, editable, "修改");
	json_decref(f);
	if (bad || fair_input_read(c, &in)) {
		if (!bad)
			fair_input_free(&in);
		return;
	}
	if (store_int64(c->db, &used,
	                "SELECT COALESCE(MAX(booth_no), 0) FROM fair_booths WHERE fair_id = ? AND"
	                " enterprise_id IS NOT NULL",
	                "i", id) == STORE_ROW &&
	    used > in.booths) {
		fair_input_free(&in);
		api_fail(c, 422, "rule", "booths",
		         arena_printf(c->arena, "已分配到 %lld 号展位，展位数不能少于它",
		                      (long long)used));
		return;
	}
	int rc =
	    store_run(c->db,
	              "UPDATE fairs SET kind = ?, name = ?, host_college_id = ?, venue = ?,"
	              " starts_at = ?, ends_at = ?, booths = ?, capacity = ?, zones = ?,"
	              " elig_colleges = ?, elig_majors = ?, elig_years = ?, ticket_limit = ?,"
	              " slot_minutes = ?, gap_minutes = ?, description = ?, updated_at = ?"
	              " WHERE id = ?",
	              "ttitiiiittttiiitii", in.kind, in.name, in.host, in.venue, in.starts, in.ends,
	              in.booths, in.capacity, in.zones, in.colleges, in.majors, in.years,
	              in.ticket_limit, in.slot, in.gap, in.description, now_seconds(), id);
	fair_input_free(&in);
	if (rc) {
		api_internal(c, "fair update");
		return;
	}
	api_audit(c, "fair.update", "fair", id, "ok", NULL);
	fair_notify(id, "fair", 0);
	reply_fair(c, 200, id);
}

static const char *const status_fields[] = {"to", NULL};

void api_fairs_status(struct api_ctx *c)
{
	int64_t id, done = 0;
	api_only_fields(c, status_fields);
	const char *to = api_str(c, "to", API_REQUIRED, 1, 20);
	json_t *f = api_failed(c) ? NULL : fair_visible(c, &id);
	if (!f)
		return;
	const char *from = arena_strdup(c->arena, fair_status_of(f));
	json_decref(f);
	if (!fair_status_valid(to)) {
		api_fail(c, 400, "invalid", "to", "未知的招聘会状态");
		return;
	}
	if (!fair_transition_ok(from, to)) {
		api_fail(c, 422, "rule", "to",
		         arena_printf(c->arena, "不能从“%s”变为“%s”", fair_status_label(from),
		                      fair_status_label(to)));
		return;
	}
	if (store_begin(c->db) != STORE_OK ||
	    store_int64(c->db, &done,
	                "UPDATE fairs SET status = ?, updated_at = ? WHERE id = ? AND status = ?"
	                " RETURNING id",
	                "tiit", to, now_seconds(), id, from) != STORE_ROW ||
	    record_event(c, id, from, to) || store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_fail(c, 409, "conflict", "to", "招聘会状态刚被他人修改，请刷新");
		return;
	}
	api_audit(c, "fair.status", "fair", id, "ok", to);
	fair_notify(id, "fair", 0);
	reply_fair(c, 200, id);
}

/* ---- enterprise sign-up and review ---- */

static const char *const signup_fields[] = {"position_ids", "tables", "contact", NULL};

void api_fairs_signup(struct api_ctx *c)
{
	static const char *const open[] = {"signup", NULL};
	int64_t id, tables = 1, n = 0, now = now_seconds();
	api_only_fields(c, signup_fields);
	json_t *ids = api_int_array(c, "position_ids", 200, 1, INT64_MAX);
	api_int_in(c, "tables", API_OPTIONAL, 1, 20, &tables);
	const char *contact = api_str(c, "contact", API_OPTIONAL, 1, 100);
	if (!api_failed(c) && !json_array_size(ids))
		api_fail(c, 400, "missing", "position_ids", "请至少选择一个带到招聘会的岗位");
	if (fair_in_status(c, &id, open, "报名"))
		return;
	if (store_int64(c->db, &n,
	                "SELECT COUNT(*) FROM organizations WHERE id = ? AND status = 'active'",
	                "i", c->actor.org_id) != STORE_ROW ||
	    !n) {
		api_fail(c, 422, "rule", "enterprise", "企业通过认证后才能报名招聘会");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		if (store_int64(
		        c->db, &n,
		        "SELECT COUNT(*) FROM positions WHERE id = ? AND enterprise_id = ? AND"
		        " status = 'open'",
		        "ii", (int64_t)json_integer_value(v), c->actor.org_id) != STORE_ROW ||
		    !n) {
			api_fail(
			    c, 422, "rule", "position_ids",
			    arena_printf(c->arena, "第 %zu 个岗位不是本企业正在招聘的岗位", i + 1));
			return;
		}
	}
	const char *was = fair_signup_status(c, id, c->actor.org_id);
	/* A fresh or rejected/withdrawn sign-up goes (back) to review; an
	 * approved one may change its positions and tables and stays approved. */
	const char *status = was && !strcmp(was, "approved") ? "approved" : "pending";
	int ok =
	    store_begin(c->db) == STORE_OK &&
	    store_run(c->db, "DELETE FROM fair_enterprises WHERE fair_id = ? AND enterprise_id = ?",
	              "ii", id, c->actor.org_id) == STORE_OK &&
	    store_run(c->db,
	              "INSERT INTO fair_enterprises (fair_id, enterprise_id, status,"
	              " tables_needed, contact, applied_at) VALUES (?, ?, ?, ?, ?, ?)",
	              "iititi", id, c->actor.org_id, status, tables, contact, now) == STORE_OK &&
	    store_run(c->db, "DELETE FROM fair_positions WHERE fair_id = ? AND enterprise_id = ?",
	              "ii", id, c->actor.org_id) == STORE_OK;
	json_array_foreach(ids, i, v)
	{
		ok = ok &&
		     store_run(c->db,
		               "INSERT INTO fair_positions (fair_id, enterprise_id, position_id)"
		               " VALUES (?, ?, ?)",
		               "iii", id, c->actor.org_id,
		               (int64_t)json_integer_value(v)) == STORE_OK;
	}
	if (!ok || store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_internal(c, "fair signup");
		return;
	}
	api_audit(c, "fair.signup", "fair", id, "ok", status);
	fair_notify(id, "signup", 0); /* who signed up is not for everyone */
	api_fairs_get(c);
	c->status = was ? 200 : 201;
}

void api_fairs_signup_withdraw(struct api_ctx *c)
{
	static const char *const open[] = {"signup", "signup_closed", NULL};
	int64_t id, done = 0;
	if (api_no_fields(c) || fair_in_status(c, &id, open, "撤回报名"))
		return;
	if (store_begin(c->db) != STORE_OK ||
	    store_int64(
	        c->db, &done,
	        "UPDATE fair_enterprises SET status = 'withdrawn' WHERE fair_id = ? AND"
	        " enterprise_id = ? AND status IN ('pending', 'approved') RETURNING fair_id",
	        "ii", id, c->actor.org_id) != STORE_ROW ||
	    store_run(c->db,
	              "UPDATE fair_booths SET enterprise_id = NULL WHERE fair_id = ? AND"
	              " enterprise_id = ?",
	              "ii", id, c->actor.org_id) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		api_fail(c, 404, "not_found", NULL, "没有可撤回的报名");
		return;
	}
	api_audit(c, "fair.signup_withdraw", "fair", id, "ok", NULL);
	fair_notify(id, "signup", 0); /* who signed up is not for everyone */
	api_fairs_get(c);
}

#define SIGNUP_SELECT                                                                              \
	"SELECT fe.enterprise_id, o.name AS enterprise, o.industry_code, ind.name AS industry,"    \
	" o.in_zone, o.status AS enterprise_status, fe.status, fe.reason, fe.tables_needed,"       \
	" fe.contact, fe.applied_at, fe.reviewed_at, b.booth_no, b.zone,"                          \
	" (SELECT COUNT(*) FROM fair_positions fp WHERE fp.fair_id = fe.fair_id AND"               \
	"  fp.enterprise_id = fe.enterprise_id) AS positions"                                      \
	" FROM fair_enterprises fe JOIN organizations o ON o.id = fe.enterprise_id"                \
	" LEFT JOIN dict_industries ind ON ind.code = o.industry_code"                             \
	" LEFT JOIN fair_booths b ON b.fair_id = fe.fair_id AND b.enterprise_id = "                \
	"fe.enterprise_id"

void api_fairs_signups(struct api_ctx *c)
{
	int64_t id, page, size, total = 0;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int organiser = fair_is_organiser(c, f);
	json_decref(f);
	if (!organiser && c->actor.role != ROLE_ENTERPRISE) { /* another college's staff */
		api_fail(c, 403, "forbidden", NULL, "只有主办方可以查看全部报名");
		return;
	}
	struct store_args a = {0};
	struct buf where = BUF_INIT;
	buf_adds(&where, " WHERE fe.fair_id = ?");
	store_args_int(&a, id);
	const char *status = api_query(c, "status");
	if (status) {
		buf_adds(&where, " AND fe.status = ?");
		store_args_text(&a, status);
	}
	if (!organiser) { /* HR: their own sign-up only */
		buf_adds(&where, " AND fe.enterprise_id = ?");
		store_args_int(&a, c->actor.org_id);
	}
	api_paging(c, &page, &size);
	char *count =
	    arena_printf(c->arena, "SELECT COUNT(*) FROM fair_enterprises fe%s", where.data);
	char *list = arena_printf(c->arena,
	                          SIGNUP_SELECT "%s ORDER BY fe.status = 'pending' DESC,"
	                                        " b.booth_no, fe.applied_at, fe.enterprise_id"
	                                        " LIMIT ? OFFSET ?",
	                          where.data);
	buf_release(&where);
	json_t *items =
	    api_failed(c) ? NULL : api_page_rows(c, count, list, &a, page, size, &total);
	if (api_failed(c))
		return;
	if (!items) {
		api_internal(c, "signups");
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

static const char *const review_fields[] = {"enterprise_id", "decision", "reason", NULL};

void api_fairs_review(struct api_ctx *c)
{
	static const char *const open[] = {"signup", "signup_closed", "live", NULL};
	int64_t id, ent = 0, done = 0;
	api_only_fields(c, review_fields);
	api_int(c, "enterprise_id", API_REQUIRED, &ent);
	const char *decision = api_str(c, "decision", API_REQUIRED, 1, 10);
	const char *reason = api_str(c, "reason", API_OPTIONAL, 2, 200);
	if (decision && strcmp(decision, "approve") && strcmp(decision, "reject"))
		api_fail(c, 400, "invalid", "decision", "decision 应为 approve 或 reject");
	if (decision && !strcmp(decision, "reject") && !reason)
		api_fail(c, 400, "missing", "reason", "驳回时请填写原因");
	if (fair_in_status(c, &id, open, "审核报名"))
		return;
	const char *to = !strcmp(decision, "approve") ? "approved" : "rejected";
	if (store_int64(c->db, &done,
	                "UPDATE fair_enterprises SET status = ?, reason = ?, reviewed_at = ?,"
	                " reviewed_by = ? WHERE fair_id = ? AND enterprise_id = ? AND status ="
	                " 'pending' RETURNING enterprise_id",
	                "ttiiii", to, reason, now_seconds(), c->actor.id, id, ent) != STORE_ROW) {
		const char *now = fair_signup_status(c, id, ent);
		if (!now)
			api_fail(c, 404, "not_found", "enterprise_id", "该企业没有报名本场招聘会");
		else
			api_fail(c, 409, "conflict", "enterprise_id",
			         arena_printf(c->arena, "该报名已处理（%s）", now));
		return;
	}
	api_audit(c, "fair.review", "fair", id, "ok",
	          arena_printf(c->arena, "%lld %s", (long long)ent, to));
	fair_notify(id, "signup", 0);
	json_t *row = store_row(
	    c->db, SIGNUP_SELECT " WHERE fe.fair_id = ? AND fe.enterprise_id = ?", "ii", id, ent);
	api_reply(c, 200, json_pack("{s:o}", "signup", row ? row : json_null()));
}

/* ---- booths ---- */

void api_fairs_booths_allocate(struct api_ctx *c)
{
	static const char *const open[] = {"signup", "signup_closed", "live", NULL};
	int64_t id;
	if (api_no_fields(c))
		return;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int booths = (int)json_integer_value(json_object_get(f, "booths"));
	int bad = fair_require_status(c, f, open, "分配展位");
	json_decref(f);
	if (bad)
		return;
	json_t *ents = store_rows(c->db,
	                          "SELECT fe.enterprise_id, COALESCE(CASE WHEN ind.level ="
	                          " 'section' THEN ind.code ELSE ind.parent END, '') AS section,"
	                          " COALESCE(sec.name, '综合') AS section_name"
	                          " FROM fair_enterprises fe JOIN organizations o ON o.id ="
	                          " fe.enterprise_id LEFT JOIN dict_industries ind ON ind.code ="
	                          " o.industry_code LEFT JOIN dict_industries sec ON sec.code ="
	                          " (CASE WHEN ind.level = 'section' THEN ind.code ELSE ind.parent"
	                          " END) WHERE fe.fair_id = ? AND fe.status = 'approved'",
	                          "i", id);
	if (!ents) {
		api_internal(c, "allocate");
		return;
	}
	size_t n = json_array_size(ents);
	struct fair_alloc *in = calloc(n ? n : 1, sizeof(*in));
	int *booth = calloc(n ? n : 1, sizeof(int));
	const char **zone = calloc((size_t)booths + 1, sizeof(char *));
	if (!in || !booth || !zone)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(ents, i);
		in[i].enterprise = json_integer_value(json_object_get(e, "enterprise_id"));
		in[i].section = json_string_value(json_object_get(e, "section"));
	}
	if (fair_allocate(in, n, booths, booth)) {
		api_fail(c, 422, "rule", "booths",
		         arena_printf(c->arena, "已通过的企业有 %zu 家，多于展位数 %d", n, booths));
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		zone[booth[i]] =
		    json_string_value(json_object_get(json_array_get(ents, i), "section_name"));
	int ok = store_begin(c->db) == STORE_OK &&
	         store_run(c->db, "DELETE FROM fair_booths WHERE fair_id = ?", "i", id) == STORE_OK;
	struct store_bulk *b =
	    ok ? store_bulk_new(c->db,
	                        "INSERT INTO fair_booths (fair_id, booth_no, zone,"
	                        " enterprise_id)",
	                        4)
	       : NULL;
	char fid[24], no[24], ent[24];
	snprintf(fid, sizeof(fid), "%lld", (long long)id);
	int64_t *owner = calloc((size_t)booths + 1, sizeof(int64_t));
	for (size_t i = 0; owner && i < n; i++)
		owner[booth[i]] = in[i].enterprise;
	for (int k = 1; b && owner && k <= booths; k++) {
		snprintf(no, sizeof(no), "%d", k);
		snprintf(ent, sizeof(ent), "%lld", (long long)owner[k]);
		const char *row[4] = {fid, no, zone[k] ? zone[k] : "机动", owner[k] ? ent : NULL};
		store_bulk_add(b, row);
	}
	ok =
	    ok && b && owner && store_bulk_finish(b) == STORE_OK && store_commit(c->db) == STORE_OK;
	free(owner);
	if (!ok) {
		store_rollback(c->db);
		api_internal(c, "allocate");
		goto done;
	}
	api_audit(c, "fair.booths_allocate", "fair", id, "ok", NULL);
	fair_notify(id, "booths", 0);
	api_reply(c, 200, json_pack("{s:I, s:i}", "allocated", (json_int_t)n, "booths", booths));
	goto done;
oom:
	api_internal(c, "allocate: out of memory");
done:
	free(in);
	free(booth);
	free(zone);
	json_decref(ents);
}

static const char *const move_fields[] = {"enterprise_id", "booth_no", NULL};

void api_fairs_booths_move(struct api_ctx *c)
{
	static const char *const open[] = {"signup", "signup_closed", "live", NULL};
	int64_t id, ent = 0, to = 0, from = 0, n = 0;
	api_only_fields(c, move_fields);
	api_int(c, "enterprise_id", API_REQUIRED, &ent);
	api_int_in(c, "booth_no", API_REQUIRED, 1, 2000, &to);
	if (fair_in_status(c, &id, open, "调整展位"))
		return;
	if (store_int64(c->db, &n,
	                "SELECT COUNT(*) FROM fair_booths WHERE fair_id = ? AND"
	                " booth_no = ?",
	                "ii", id, to) != STORE_ROW ||
	    !n) {
		api_fail(c, 422, "rule", "booth_no", "展位号不存在，请先自动分配展位");
		return;
	}
	if (store_int64(c->db, &from,
	                "SELECT booth_no FROM fair_booths WHERE fair_id = ? AND"
	                " enterprise_id = ?",
	                "ii", id, ent) != STORE_ROW) {
		const char *s = fair_signup_status(c, id, ent);
		if (!s || strcmp(s, "approved")) {
			api_fail(c, 422, "rule", "enterprise_id", "该企业没有通过本场招聘会的报名");
			return;
		}
		from = 0; /* approved after allocation: takes the booth if free */
	}
	/* Swap: whoever holds `to` moves to `from` (or becomes unplaced). */
	int ok = store_begin(c->db) == STORE_OK &&
	         store_run(c->db,
	                   "UPDATE fair_booths SET enterprise_id = NULL WHERE fair_id = ? AND"
	                   " booth_no = ?",
	                   "ii", id, from) == STORE_OK;
	int64_t other = 0;
	ok = ok && store_int64(c->db, &other,
	                       "SELECT COALESCE(MAX(enterprise_id), 0) FROM fair_booths WHERE"
	                       " fair_id = ? AND booth_no = ?",
	                       "ii", id, to) == STORE_ROW;
	if (ok && other && !from) {
		store_rollback(c->db);
		api_fail(c, 409, "conflict", "booth_no", "该展位已有企业，请选择空闲展位");
		return;
	}
	ok = ok &&
	     store_run(c->db,
	               "UPDATE fair_booths SET enterprise_id = NULL WHERE fair_id = ? AND"
	               " booth_no = ?",
	               "ii", id, to) == STORE_OK &&
	     store_run(c->db,
	               "UPDATE fair_booths SET enterprise_id = ? WHERE fair_id = ? AND"
	               " booth_no = ?",
	               "iii", ent, id, to) == STORE_OK &&
	     (!other || store_run(c->db,
	                          "UPDATE fair_booths SET enterprise_id = ? WHERE fair_id = ?"
	                          " AND booth_no = ?",
	                          "iii", other, id, from) == STORE_OK) &&
	     store_commit(c->db) == STORE_OK;
	if (!ok) {
		store_rollback(c->db);
		api_internal(c, "booth move");
		return;
	}
	api_audit(c, "fair.booth_move", "fair", id, "ok",
	          arena_printf(c->arena, "%lld -> %lld", (long long)ent, (long long)to));
	fair_notify(id, "booths", 0);
	api_reply(c, 200,
	          json_pack("{s:I, s:I, s:I}", "enterprise_id", (json_int_t)ent, "booth_no",
	                    (json_int_t)to, "swapped_with", (json_int_t)other));
}

#define BOOTH_SELECT                                                                               \
	"SELECT b.booth_no, b.zone, b.enterprise_id, o.name AS enterprise, ind.name AS industry,"  \
	" o.in_zone, fe.tables_needed AS tables,"                                                  \
	" (SELECT COUNT(*) FROM fair_positions fp WHERE fp.fair_id = b.fair_id AND"                \
	"  fp.enterprise_id = b.enterprise_id) AS positions,"                                      \
	" (SELECT COUNT(*) FROM fair_tickets t WHERE t.fair_id = b.fair_id AND"                    \
	"  t.enterprise_id = b.enterprise_id AND t.status = 'waiting') AS waiting"                 \
	" FROM fair_booths b LEFT JOIN organizations o ON o.id = b.enterprise_id"                  \
	" LEFT JOIN dict_industries ind ON ind.code = o.industry_code"                             \
	" LEFT JOIN fair_enterprises fe ON fe.fair_id = b.fair_id AND"                             \
	" fe.enterprise_id = b.enterprise_id WHERE b.fair_id = ?"

void api_fairs_booths(struct api_ctx *c)
{
	int64_t id;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	json_t *zones = json_incref(json_object_get(f, "zones"));
	int booths = (int)json_integer_value(json_object_get(f, "booths"));
	json_decref(f);
	json_t *items = store_rows(c->db, BOOTH_SELECT " ORDER BY b.booth_no", "i", id);
	if (!items) {
		json_decref(zones);
		api_internal(c, "booths");
		return;
	}
	/* The venue's areas (zones, e.g. halls) split the booth numbers evenly. */
	size_t nz = json_array_size(zones), i;
	json_t *b;
	json_array_foreach(items, i, b)
	{
		int no = (int)json_integer_value(json_object_get(b, "booth_no"));
		json_object_set(b, "area",
		                nz ? json_array_get(zones, (size_t)(no - 1) * nz / (size_t)booths)
		                   : json_null());
	}
	json_decref(zones);
	api_reply(c, 200, json_pack("{s:o, s:i}", "items", items, "booths", booths));
}

void api_fairs_booths_export(struct api_ctx *c)
{
	static const struct export_column cols[] = {
	    {"展位号", EXPORT_INT, 8},   {"行业区", EXPORT_TEXT, 18},
	    {"企业", EXPORT_TEXT, 36},   {"行业", EXPORT_TEXT, 24},
	    {"园区企业", EXPORT_INT, 8}, {"面试桌", EXPORT_INT, 8},
	    {"岗位数", EXPORT_INT, 8},   {NULL, 0, 0}};
	int64_t id;
	json_t *f = fair_visible(c, &id);
	if (!f)
		return;
	int organiser = fair_is_organiser(c, f);
	json_decref(f);
	if (!organiser) {
		api_fail(c, 403, "forbidden", NULL, "只有主办方可以导出展位表");
		return;
	}
	struct store_stmt *st = store_query(
	    c->db,
	    "SELECT b.booth_no, b.zone, o.name, ind.name, o.in_zone, fe.tables_needed,"
	    " (SELECT COUNT(*) FROM fair_positions fp WHERE fp.fair_id = b.fair_id AND"
	    "  fp.enterprise_id = b.enterprise_id)"
	    " FROM fair_booths b LEFT JOIN organizations o ON o.id = b.enterprise_id"
	    " LEFT JOIN dict_industries ind ON ind.code = o.industry_code"
	    " LEFT JOIN fair_enterprises fe ON fe.fair_id = b.fair_id AND"
	    " fe.enterprise_id = b.enterprise_id WHERE b.fair_id = ? ORDER BY b.booth_no",
	    "i", id);
	if (!st || export_xlsx(c, "booths.xlsx", "展位表", cols, st))
		api_internal(c, "booth export");
	store_finalize(st);
}
