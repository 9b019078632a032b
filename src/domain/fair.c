/* Job fair rules, loading a fair, its lifecycle; see fair.h. */
#include "domain/fair.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hub.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/fair_internal.h"
#include "domain/pass.h"
#include "domain/recruit.h"

static const char *const statuses[][2] = {
    {"draft", "草稿"},  {"signup", "报名中"},   {"signup_closed", "报名截止"},
    {"live", "进行中"}, {"finished", "已结束"}, {"cancelled", "已取消"},
};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

static int status_index(const char *s)
{
	for (size_t i = 0; s && i < NSTATUS; i++)
		if (!strcmp(s, statuses[i][0]))
			return (int)i;
	return -1;
}

int fair_status_valid(const char *status)
{
	return status_index(status) >= 0;
}

int fair_transition_ok(const char *from, const char *to)
{
	int f = status_index(from), t = status_index(to);
	if (f < 0 || t < 0 || f >= 4) /* finished and cancelled are final */
		return 0;
	return t == f + 1 || !strcmp(to, "cancelled");
}

const char *fair_status_label(const char *status)
{
	int i = status_index(status);
	return i < 0 ? "?" : statuses[i][1];
}

static int list_has_int(const json_t *list, int64_t v)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i,
	                   x) if (json_is_integer(x) && json_integer_value(x) == v) return 1;
	return 0;
}

const char *fair_ineligible(const json_t *colleges, const json_t *majors, const json_t *years,
                            int64_t college, const char *major, int64_t grad_year,
                            const char **field)
{
	if (json_array_size(colleges) && !list_has_int(colleges, college)) {
		*field = "college";
		return "所在院校不在本场招聘会的邀请范围内";
	}
	if (json_array_size(majors)) {
		int ok = 0;
		size_t i;
		json_t *x;
		json_array_foreach(majors, i, x)
		{
			if (major && json_is_string(x) &&
			    major_accepted(major, json_string_value(x)))
				ok = 1;
		}
		if (!ok) {
			*field = "major";
			return "所学专业不在本场招聘会面向的专业范围内";
		}
	}
	if (json_array_size(years) && !list_has_int(years, grad_year)) {
		*field = "grad_year";
		return "毕业年份不在本场招聘会面向的届别内";
	}
	return NULL;
}

/* ---- entry passes (domain/pass.h) ---- */

static const struct pass_kind fair_passes = {
    "SKY1",
    "fairpass",
    "other_fair",
    {"有效", "不是本平台的入场码", "入场码校验失败（伪造或被篡改）", "这是其他招聘会的入场码",
     "入场码已过期"},
};

int fair_pass_make(int64_t fair, int64_t reg, int64_t expires, char out[FAIR_PASS_MAX])
{
	return pass_make(&fair_passes, fair, reg, expires, out);
}

enum fair_pass_result fair_pass_check(const char *pass, int64_t fair, int64_t now, int64_t *reg)
{
	return (enum fair_pass_result)pass_check(&fair_passes, pass, fair, now, reg);
}

const char *fair_pass_reason(enum fair_pass_result r)
{
	return pass_reason(&fair_passes, (enum pass_result)r);
}

const char *fair_pass_message(enum fair_pass_result r)
{
	return pass_message(&fair_passes, (enum pass_result)r);
}

void fair_short_code(char out[9])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* 32 */
	for (int i = 0; i < 8; i++)
		out[i] = alphabet[randombytes_uniform(32)];
	out[8] = '\0';
}

/* ---- booth allocation ---- */

struct order {
	const struct fair_alloc *e;
	size_t index;
};

static int by_section(const void *a, const void *b)
{
	const struct fair_alloc *x = ((const struct order *)a)->e,
	                        *y = ((const struct order *)b)->e;
	const char *sx = x->section ? x->section : "", *sy = y->section ? y->section : "";
	/* Unknown industry last. */
	if (!*sx != !*sy)
		return !*sx ? 1 : -1;
	int c = strcmp(sx, sy);
	if (c)
		return c;
	return (x->enterprise > y->enterprise) - (x->enterprise < y->enterprise);
}

int fair_allocate(const struct fair_alloc *in, size_t n, int booths, int *booth)
{
	if (booths < 0 || n > (size_t)booths)
		return -1;
	if (!n)
		return 0;
	struct order *o = malloc(n * sizeof(*o));
	if (!o)
		return -1;
	for (size_t i = 0; i < n; i++)
		o[i] = (struct order){&in[i], i};
	qsort(o, n, sizeof(*o), by_section);
	for (size_t i = 0; i < n; i++)
		booth[o[i].index] = (int)i + 1;
	free(o);
	return 0;
}

/* ---- loading a fair ---- */

const char *const fair_states_signup[] = {"signup", NULL};
const char *const fair_states_open[] = {"signup", "signup_closed", "live", NULL};
const char *const fair_states_editable[] = {"draft", "signup", "signup_closed", NULL};
const char *const fair_states_live[] = {"live", NULL};

static void copy_text(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

int fair_load_for(struct store *db, const struct actor *a, int64_t id, const char *organisers_only,
                  struct fair *f, struct derr *e)
{
	struct store_stmt *st =
	    store_query(db,
	                "SELECT id, host_college_id, starts_at, ends_at, booths, capacity,"
	                " ticket_limit, slot_minutes, gap_minutes, status, name FROM fairs"
	                " WHERE id = ?",
	                "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	*f = (struct fair){0};
	if (rc == STORE_ROW) {
		int64_t *v[] = {&f->id,           &f->host_college_id, &f->starts_at,
		                &f->ends_at,      &f->booths,          &f->capacity,
		                &f->ticket_limit, &f->slot_minutes,    &f->gap_minutes};
		for (int i = 0; i < (int)(sizeof(v) / sizeof(v[0])); i++)
			*v[i] = store_column_int64(st, i);
		copy_text(f->status, sizeof(f->status), store_column_text(st, 9));
		copy_text(f->name, sizeof(f->name), store_column_text(st, 10));
		f->organiser = a->role == ROLE_OPERATOR ||
		               (a->role == ROLE_COLLEGE && a->org_id == f->host_college_id);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "fair");
	/* A draft is the organisers' business: to anyone else it does not exist. */
	if (rc == STORE_DONE || (!strcmp(f->status, "draft") && !f->organiser))
		return derr_set(e, DERR_NOT_FOUND, NULL, "招聘会不存在");
	if (organisers_only && !f->organiser)
		return derr_set(e, DERR_FORBIDDEN, NULL, organisers_only);
	return 0;
}

int64_t fair_inside(const struct fair *f, const json_t *k)
{
	if (strcmp(f->status, "live") || now_seconds() > f->ends_at)
		return 0;
	json_int_t n = json_integer_value(json_object_get(k, "entered")) -
	               json_integer_value(json_object_get(k, "left"));
	return n > 0 ? (int64_t)n : 0;
}

int fair_require_state(const struct fair *f, const char *const *allowed, const char *action,
                       struct derr *e)
{
	for (; *allowed; allowed++)
		if (!strcmp(f->status, *allowed))
			return 0;
	return derr_codef(e, DERR_RULE, NULL, "status", "招聘会%s，不能%s",
	                  fair_status_label(f->status), action);
}

int fair_load_in(struct store *db, const struct actor *a, int64_t id, const char *const *allowed,
                 const char *action, struct fair *f, struct derr *e)
{
	if (fair_load_for(db, a, id, FAIR_ANYONE, f, e))
		return -1;
	return fair_require_state(f, allowed, action, e);
}

void fair_notify(int64_t fair, const char *event, int64_t enterprise)
{
	char data[64];
	snprintf(data, sizeof(data), "{\"enterprise_id\":%lld}", (long long)enterprise);
	hub_publish(fair, event, data);
}

int fair_own_student(struct store *db, const struct actor *a, int64_t *sid, struct derr *e)
{
	*sid = 0;
	if (a->role != ROLE_STUDENT)
		return 0;
	int rc = store_int64(db, sid,
	                     "SELECT id FROM students WHERE account_id = ? AND closed_at IS NULL",
	                     "i", a->id);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "own student"); /* not "no profile": the lookup failed */
	return 0;
}

int fair_signup_status(struct store *db, int64_t fair, int64_t ent, char status[16], struct derr *e)
{
	struct store_stmt *st = store_query(db,
	                                    "SELECT status FROM fair_enterprises WHERE fair_id = ?"
	                                    " AND enterprise_id = ?",
	                                    "ii", fair, ent);
	int rc = st ? store_step(st) : STORE_ERROR;
	copy_text(status, 16, rc == STORE_ROW ? store_column_text(st, 0) : "");
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "signup status");
	return 0;
}

int fair_finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                const char *detail, int full, const char *event, json_t **out, struct derr *e)
{
	if (audit_write(db, a, action, "fair", id, detail, e) ||
	    fair_read(db, a, id, full, out, e) || derr_commit(db, out, action, e))
		return -1;
	if (event)
		fair_notify(id, event, 0);
	return 0;
}

int fair_export_rows(struct store *db, struct store_stmt *st, fair_rows_fn write, void *arg,
                     const char *what, struct derr *e)
{
	int rc = st && !write(arg, st) ? 0 : derr_store(e, db, what);
	store_finalize(st);
	return rc;
}

/* ---- lifecycle ---- */

/* Checks what the api could not: the dates against each other and the
 * clock, and that the colleges and majors named exist. */
static int input_check(struct store *db, const struct fair_input *in, struct derr *e)
{
	int64_t n = 0;
	if (in->ends_at <= in->starts_at)
		return derr_set(e, DERR_INVALID, "ends_at", "结束时间应晚于开始时间");
	if (in->ends_at - in->starts_at > 7 * 86400)
		return derr_set(e, DERR_INVALID, "ends_at", "一场招聘会最长 7 天");
	if (in->ends_at <= now_seconds())
		return derr_set(e, DERR_INVALID, "ends_at", "结束时间已经过去");
	static const char college_sql[] =
	    "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = 'college'";
	if (store_int64(db, &n, college_sql, "i", in->host_college_id) != STORE_ROW)
		return derr_store(e, db, "fair host");
	if (!n)
		return derr_set(e, DERR_INVALID, "host_college_id", "承办院校不存在");
	size_t i;
	json_t *v;
	json_array_foreach(in->colleges, i, v)
	{
		if (store_int64(db, &n, college_sql, "i", (int64_t)json_integer_value(v)) !=
		    STORE_ROW)
			return derr_store(e, db, "fair colleges");
		if (!n)
			return derr_codef(e, DERR_INVALID, NULL, "eligible_colleges",
			                  "第 %zu 个院校不存在", i + 1);
	}
	json_array_foreach(in->majors, i, v)
	{
		if (store_int64(
		        db, &n,
		        "SELECT COUNT(*) FROM dict_majors WHERE code = ? AND origin <> 'retired'",
		        "t", json_string_value(v)) != STORE_ROW)
			return derr_store(e, db, "fair majors");
		if (!n)
			return derr_codef(e, DERR_INVALID, NULL, "eligible_majors",
			                  "未知的专业代码：%s", json_string_value(v));
	}
	return 0;
}

/* The fair's lists as the JSON text its columns keep ("[]" for none). */
struct lists {
	char *zones, *colleges, *majors, *years;
};

static char *dump_list(const json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT) : strdup("[]");
}

static void lists_release(struct lists *l)
{
	free(l->zones);
	free(l->colleges);
	free(l->majors);
	free(l->years);
}

static int lists_dump(struct lists *l, const struct fair_input *in, struct derr *e)
{
	*l = (struct lists){dump_list(in->zones), dump_list(in->colleges), dump_list(in->majors),
	                    dump_list(in->years)};
	if (l->zones && l->colleges && l->majors && l->years)
		return 0;
	lists_release(l);
	return derr_internal(e, "fair lists: out of memory");
}

static int record_event(struct store *db, const struct actor *a, int64_t fair, const char *from,
                        const char *to, struct derr *e)
{
	if (store_run(db,
	              "INSERT INTO fair_events (fair_id, from_status, to_status, actor_id, at)"
	              " VALUES (?, ?, ?, ?, ?)",
	              "ittii", fair, from, to, a->id, now_seconds()) != STORE_OK)
		return derr_store(e, db, "fair event");
	return 0;
}

int fair_create(struct store *db, const struct actor *a, const struct fair_input *in, json_t **out,
                struct derr *e)
{
	struct lists l;
	int64_t id = 0, now = now_seconds();
	*out = NULL;
	if (input_check(db, in, e) || lists_dump(&l, in, e))
		return -1;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &id,
	                      "INSERT INTO fairs (kind, name, host_college_id, venue, starts_at,"
	                      " ends_at, booths, capacity, zones, elig_colleges, elig_majors,"
	                      " elig_years, ticket_limit, slot_minutes, gap_minutes, description,"
	                      " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
	                      " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                      "ttitiiiittttiiitiii", in->kind, in->name, in->host_college_id,
	                      in->venue, in->starts_at, in->ends_at, in->booths, in->capacity,
	                      l.zones, l.colleges, l.majors, l.years, in->ticket_limit,
	                      in->slot_minutes, in->gap_minutes, in->description, a->id, now, now);
	lists_release(&l);
	if (rc != STORE_ROW)
		return derr_store(e, db, "fair create");
	if (record_event(db, a, id, NULL, "draft", e))
		return -1;
	return fair_finish(db, a, id, "fair.create", NULL, 0, NULL, out, e);
}

int fair_update(struct store *db, const struct actor *a, int64_t id, const struct fair_input *in,
                json_t **out, struct derr *e)
{
	struct fair f;
	struct lists l;
	int64_t used = 0;
	*out = NULL;
	if (fair_load_in(db, a, id, fair_states_editable, "修改", &f, e) ||
	    input_check(db, in, e) || lists_dump(&l, in, e))
		return -1;
	/* Read and written in one transaction: an allocation in between cannot
	 * leave an enterprise on a booth beyond the new count. */
	int rc = store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &used,
	                           "SELECT COALESCE(MAX(booth_no), 0) FROM fair_booths WHERE"
	                           " fair_id = ? AND enterprise_id IS NOT NULL",
	                           "i", id);
	if (rc == STORE_ROW && used > in->booths) {
		lists_release(&l);
		store_rollback(db);
		return derr_codef(e, DERR_RULE, NULL, "booths",
		                  "已分配到 %lld 号展位，展位数不能少于它", (long long)used);
	}
	if (rc == STORE_ROW)
		rc = store_run(
		    db,
		    "UPDATE fairs SET kind = ?, name = ?, host_college_id = ?, venue = ?,"
		    " starts_at = ?, ends_at = ?, booths = ?, capacity = ?, zones = ?,"
		    " elig_colleges = ?, elig_majors = ?, elig_years = ?, ticket_limit = ?,"
		    " slot_minutes = ?, gap_minutes = ?, description = ?, updated_at = ?"
		    " WHERE id = ?",
		    "ttitiiiittttiiitii", in->kind, in->name, in->host_college_id, in->venue,
		    in->starts_at, in->ends_at, in->booths, in->capacity, l.zones, l.colleges,
		    l.majors, l.years, in->ticket_limit, in->slot_minutes, in->gap_minutes,
		    in->description, now_seconds(), id);
	lists_release(&l);
	if (rc != STORE_OK)
		return derr_store(e, db, "fair update");
	return fair_finish(db, a, id, "fair.update", NULL, 0, "fair", out, e);
}

int fair_set_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                    json_t **out, struct derr *e)
{
	struct fair f;
	int64_t done = 0;
	*out = NULL;
	if (fair_load_for(db, a, id, FAIR_ANYONE, &f, e))
		return -1;
	if (!fair_status_valid(to))
		return derr_set(e, DERR_INVALID, "to", "未知的招聘会状态");
	if (!fair_transition_ok(f.status, to))
		return derr_codef(e, DERR_RULE, NULL, "to", "不能从“%s”变为“%s”",
		                  fair_status_label(f.status), fair_status_label(to));
	/* Only from the status just read: two operators cannot both move it. */
	int rc = store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &done,
	                           "UPDATE fairs SET status = ?, updated_at = ? WHERE id = ? AND"
	                           " status = ? RETURNING id",
	                           "tiit", to, now_seconds(), id, f.status);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "to", "招聘会状态刚被他人修改，请刷新");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "fair status");
	if (record_event(db, a, id, f.status, to, e))
		return -1;
	return fair_finish(db, a, id, "fair.status", to, 0, "fair", out, e);
}
