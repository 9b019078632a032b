/* 双走进 visits; see coop_visits.h. */
#include "domain/coop_visits.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/coop_files.h"

#define VISIT_SELECT                                                                               \
	"SELECT v.id, v.direction, v.enterprise_id, e.name AS enterprise, v.college_id, c.name AS" \
	" college, v.title, v.purpose, v.place, v.starts_at, v.ends_at, v.capacity, v.status,"     \
	" v.minutes, v.minutes_at, v.cancel_reason, v.created_at, v.updated_at, (SELECT COUNT(*)"  \
	" FROM coop_visit_people p WHERE p.visit_id = v.id) AS registered, (SELECT COUNT(*) FROM"  \
	" coop_visit_people p WHERE p.visit_id = v.id AND p.checked_in_at IS NOT NULL) AS"         \
	" checked_in, (SELECT COUNT(*) FROM coop_followups f WHERE f.visit_id = v.id AND f.status" \
	" = 'open') AS followups_open, (SELECT COUNT(*) FROM coop_files x WHERE x.owner_type ="    \
	" 'visit' AND x.owner_id = v.id) AS photos FROM coop_visits v JOIN organizations e ON"     \
	" e.id = v.enterprise_id JOIN organizations c ON c.id = v.college_id"

/* Before the start, check-in opens this many seconds early. */
#define CHECKIN_EARLY 7200

struct visit {
	int64_t id, enterprise, college, starts_at, ends_at, capacity;
	char status[12];
	enum coop_part part;
	int64_t student; /* the caller's student record, when of the college */
};

static const char *const parties_only = "只有合作双方或平台运营可以办理";

/* Visit id as the caller may see it: 0 and *v, or -1 (404). */
static int visit_load(struct store *db, const struct actor *a, int64_t id, struct visit *v,
                      struct derr *e)
{
	*v = (struct visit){.id = id};
	struct store_stmt *st = store_query(db,
	                                    "SELECT enterprise_id, college_id, starts_at, ends_at,"
	                                    " capacity, status FROM coop_visits WHERE id = ?",
	                                    "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		v->enterprise = store_column_int64(st, 0);
		v->college = store_column_int64(st, 1);
		v->starts_at = store_column_int64(st, 2);
		v->ends_at = store_column_int64(st, 3);
		v->capacity = store_column_int64(st, 4);
		snprintf(v->status, sizeof(v->status), "%s", store_column_text(st, 5));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "visit");
	if (rc == STORE_ROW) {
		v->part = coop_part_of(a, v->enterprise, v->college);
		if (a->role == ROLE_STUDENT &&
		    store_int64(
		        db, &v->student,
		        "SELECT id FROM students WHERE account_id = ? AND college_id = ? AND"
		        " closed_at IS NULL",
		        "ii", a->id, v->college) == STORE_ERROR)
			return derr_store(e, db, "visit student");
	}
	int seen = v->part != COOP_NONE || (v->student && strcmp(v->status, "cancelled"));
	return seen ? 0 : derr_set(e, DERR_NOT_FOUND, NULL, "走访活动不存在");
}

/* visit_load() for a party's write while the visit is in status `want`
 * (NULL: any but cancelled); `what` names the act in refusals. */
static int visit_for_party(struct store *db, const struct actor *a, int64_t id, const char *want,
                           const char *what, struct visit *v, struct derr *e)
{
	if (visit_load(db, a, id, v, e))
		return -1;
	if (v->part == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, NULL, parties_only);
	if (want ? strcmp(v->status, want) : !strcmp(v->status, "cancelled"))
		return derr_codef(e, DERR_CONFLICT, NULL, "status", "活动当前为%s，不能%s",
		                  !strcmp(v->status, "planned") ? "计划中"
		                  : !strcmp(v->status, "done")  ? "已开展"
		                                                : "已取消",
		                  what);
	return 0;
}

/* The visit as its reader may see it: a student gets the plan and their
 * own registration; parties and operators everything. */
static int visit_read(struct store *db, const struct actor *a, const struct visit *v, json_t **out,
                      struct derr *e)
{
	json_t *people = NULL, *followups = NULL, *photos = NULL;
	if (derr_found(db, store_row(db, VISIT_SELECT " WHERE v.id = ?", "i", v->id), out, "visit",
	               DERR_NOT_FOUND, NULL, "走访活动不存在", e))
		return -1;
	int party = v->part != COOP_NONE;
	const char *people_sql = "SELECT id, side, account_id, name, title, planned, registered_at,"
	                         " checked_in_at FROM coop_visit_people WHERE visit_id = ?"
	                         " AND (? = 1 OR account_id = ?) ORDER BY side DESC, id";
	int rc = coop_rows(db, store_rows(db, people_sql, "iii", v->id, (int64_t)party, a->id),
	                   &people, "visit people", e);
	if (!rc && party)
		rc = coop_rows(
		         db,
		         store_rows(db,
		                    "SELECT f.id, f.title, f.owner_org_id, o.name AS owner_org,"
		                    " f.owner_name, f.due_on, f.status, f.note, f.done_at,"
		                    " f.created_at FROM coop_followups f JOIN organizations o"
		                    " ON o.id = f.owner_org_id WHERE f.visit_id = ? ORDER BY"
		                    " f.due_on, f.id",
		                    "i", v->id),
		         &followups, "visit followups", e) ||
		     coop_file_list(db, "visit", v->id, &photos, e);
	if (rc) {
		json_decref(people);
		json_decref(followups);
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	json_object_set_new(*out, "people", people);
	if (party) {
		json_object_set_new(*out, "followups", followups);
		json_object_set_new(*out, "photos", photos);
	} else {
		json_object_del(*out, "minutes");
	}
	return 0;
}

/* The end of a write: audit row, the answer, commit. */
static int finish(struct store *db, const struct actor *a, const struct visit *v,
                  const char *action, const char *detail, json_t **out, struct derr *e)
{
	if (audit_write(db, a, action, "coop_visit", v->id, detail, e) ||
	    visit_read(db, a, v, out, e))
		return -1;
	return derr_commit(db, out, action, e);
}

/* Inserts people (the input's array) as planned participants.  Inside
 * the caller's transaction; an account named must belong to its side's
 * organisation (or be a student of the college). */
static int people_insert(struct store *db, const struct visit *v, const json_t *people,
                         struct derr *e)
{
	size_t i;
	json_t *p;
	int64_t now = now_seconds();
	json_array_foreach(people, i, p)
	{
		const char *side = coop_str(p, "side");
		int64_t acct = json_integer_value(json_object_get(p, "account_id")), n = 0;
		int64_t org = !strcmp(side, "enterprise") ? v->enterprise : v->college;
		if (acct &&
		    store_int64(db, &n,
		                "SELECT COUNT(*) FROM accounts WHERE id = ? AND org_id = ? AND"
		                " role IN ('college', 'enterprise', 'student')",
		                "ii", acct, org) != STORE_ROW)
			return derr_store(e, db, "visit person");
		if (acct && !n) {
			store_rollback(db);
			return derr_codef(e, DERR_INVALID, NULL, "people",
			                  "第 %zu 位参与人的账号不属于%s一方", i + 1,
			                  org == v->enterprise ? "企业" : "院校");
		}
		int rc = store_run(
		    db,
		    "INSERT INTO coop_visit_people (visit_id, side, account_id, name,"
		    " title, planned, registered_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
		    "itIttI", v->id, side, acct, coop_str(p, "name"), coop_str(p, "title"), now);
		if (rc == STORE_UNIQUE) {
			store_rollback(db);
			return derr_codef(e, DERR_CONFLICT, NULL, "people",
			                  "第 %zu 位参与人已在名单中", i + 1);
		}
		if (rc != STORE_OK)
			return derr_store(e, db, "visit person");
	}
	return 0;
}

/* What the api could not check: the parties, the caller's place among
 * them, the times. */
static int input_check(struct store *db, const struct actor *a, const struct coop_visit_input *in,
                       struct derr *e)
{
	if (coop_part_of(a, in->enterprise_id, in->college_id) == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只能为本单位参与的走访活动制定计划");
	if (a->role != ROLE_OPERATOR && coop_actor_org_active(db, a, e))
		return -1;
	if (coop_org_check(db, in->enterprise_id, "enterprise", "enterprise_id", e) ||
	    coop_org_check(db, in->college_id, "college", "college_id", e))
		return -1;
	if (in->ends_at <= in->starts_at)
		return derr_set(e, DERR_INVALID, "ends_at", "结束时间应晚于开始时间");
	if (in->ends_at - in->starts_at > 3 * 86400)
		return derr_set(e, DERR_INVALID, "ends_at", "一次走访最长 3 天");
	return 0;
}

int coop_visit_create(struct store *db, const struct actor *a, const struct coop_visit_input *in,
                      json_t **out, struct derr *e)
{
	struct visit v = {0};
	int64_t now = now_seconds();
	*out = NULL;
	if (input_check(db, a, in, e))
		return -1;
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &v.id,
	                "INSERT INTO coop_visits (direction, enterprise_id, college_id, title,"
	                " purpose, place, starts_at, ends_at, capacity, created_by, created_at,"
	                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                "tiitttiiiiii", in->direction, in->enterprise_id, in->college_id, in->title,
	                in->purpose ? in->purpose : "", in->place ? in->place : "", in->starts_at,
	                in->ends_at, in->capacity, a->id, now, now) != STORE_ROW)
		return derr_store(e, db, "visit create");
	v.enterprise = in->enterprise_id;
	v.college = in->college_id;
	v.part = coop_part_of(a, v.enterprise, v.college);
	if (people_insert(db, &v, in->people, e))
		return -1;
	return finish(db, a, &v, "coop.visit_create", in->direction, out, e);
}

int coop_visit_update(struct store *db, const struct actor *a, int64_t id,
                      const struct coop_visit_input *in, json_t **out, struct derr *e)
{
	struct visit v;
	*out = NULL;
	if (visit_for_party(db, a, id, "planned", "修改", &v, e))
		return -1;
	if (in->enterprise_id != v.enterprise || in->college_id != v.college)
		return derr_set(e, DERR_INVALID, "enterprise_id",
		                "不能更换走访的双方，请取消后重新制定");
	if (input_check(db, a, in, e))
		return -1;
	int64_t n = 0;
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &n, "SELECT COUNT(*) FROM coop_visit_people WHERE visit_id = ?", "i",
	                id) != STORE_ROW)
		return derr_store(e, db, "visit update");
	if (n > in->capacity) {
		store_rollback(db);
		return derr_codef(e, DERR_RULE, NULL, "capacity",
		                  "已有 %lld 人报名，人数上限不能更少", (long long)n);
	}
	if (store_run(db,
	              "UPDATE coop_visits SET direction = ?, title = ?, purpose = ?, place = ?,"
	              " starts_at = ?, ends_at = ?, capacity = ?, updated_at = ? WHERE id = ?",
	              "ttttiiiii", in->direction, in->title, in->purpose ? in->purpose : "",
	              in->place ? in->place : "", in->starts_at, in->ends_at, in->capacity,
	              now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "visit update");
	if (people_insert(db, &v, in->people, e))
		return -1;
	return finish(db, a, &v, "coop.visit_update", NULL, out, e);
}

int coop_visit_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                   struct derr *e)
{
	struct visit v;
	*out = NULL;
	return visit_load(db, a, id, &v, e) || visit_read(db, a, &v, out, e) ? -1 : 0;
}

int coop_visit_list(struct store *db, const struct actor *a, const struct coop_visit_query *q,
                    json_t **out, struct derr *e)
{
	struct buf where = BUF_INIT;
	struct store_args args = {0};
	buf_adds(&where, VISIT_SELECT " WHERE 1 = 1");
	if (a->role == ROLE_STUDENT) { /* their college's visits, without the minutes */
		buf_adds(&where,
		         " AND v.status <> 'cancelled' AND v.college_id IN (SELECT college_id"
		         " FROM students WHERE account_id = ? AND closed_at IS NULL)");
		store_args_int(&args, a->id);
	} else {
		coop_scope_sql(a, &where, &args, "v.enterprise_id", "v.college_id");
	}
	if (q->from) {
		buf_adds(&where, " AND v.starts_at >= ?");
		store_args_int(&args, q->from);
	}
	if (q->to) {
		buf_adds(&where, " AND v.starts_at < ?");
		store_args_int(&args, q->to);
	}
	if (q->org_id) {
		buf_adds(&where, " AND (v.enterprise_id = ? OR v.college_id = ?)");
		store_args_int(&args, q->org_id);
		store_args_int(&args, q->org_id);
	}
	const char *text[][2] = {{"v.status", q->status}, {"v.direction", q->direction}};
	for (size_t i = 0; i < 2; i++)
		if (text[i][1]) {
			buf_addf(&where, " AND %s = ?", text[i][0]);
			store_args_text(&args, text[i][1]);
		}
	buf_adds(&where, " ORDER BY v.starts_at, v.id LIMIT 2000");
	json_t *items = buf_failed(&where) ? NULL : store_rows_args(db, where.data, &args);
	buf_release(&where);
	if (!items)
		return derr_store(e, db, "visit list");
	if (a->role == ROLE_STUDENT) {
		size_t i;
		json_t *r;
		json_array_foreach(items, i, r) json_object_del(r, "minutes");
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int coop_visit_people_add(struct store *db, const struct actor *a, int64_t id, const json_t *people,
                          json_t **out, struct derr *e)
{
	struct visit v;
	int64_t n = 0;
	*out = NULL;
	if (visit_for_party(db, a, id, "planned", "添加参与人", &v, e))
		return -1;
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &n, "SELECT COUNT(*) FROM coop_visit_people WHERE visit_id = ?", "i",
	                id) != STORE_ROW)
		return derr_store(e, db, "visit people");
	if (n + (int64_t)json_array_size(people) > v.capacity) {
		store_rollback(db);
		return derr_codef(e, DERR_RULE, "full", "people", "人数将超过上限 %lld 人",
		                  (long long)v.capacity);
	}
	if (people_insert(db, &v, people, e))
		return -1;
	return finish(db, a, &v, "coop.visit_people", NULL, out, e);
}

int coop_visit_register(struct store *db, const struct actor *a, int64_t id, json_t **out,
                        struct derr *e)
{
	struct visit v;
	int64_t n = 0;
	*out = NULL;
	if (visit_load(db, a, id, &v, e))
		return -1;
	const char *side = v.part == COOP_ENTERPRISE             ? "enterprise"
	                   : v.part == COOP_COLLEGE || v.student ? "college"
	                                                         : NULL;
	if (!side)
		return derr_set(e, DERR_FORBIDDEN, NULL,
		                "只有双方的工作人员和该院校的学生可以报名");
	if (strcmp(v.status, "planned"))
		return derr_set(e, DERR_CONFLICT, "status", "活动已开展或已取消，不能报名");
	json_t *me = store_row(db, "SELECT display_name FROM accounts WHERE id = ?", "i", a->id);
	if (!json_is_object(me)) {
		json_decref(me);
		return derr_store(e, db, "visit register");
	}
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &n, "SELECT COUNT(*) FROM coop_visit_people WHERE visit_id = ?",
	                      "i", id);
	if (rc == STORE_ROW && n >= v.capacity) {
		json_decref(me);
		store_rollback(db);
		return derr_codef(e, DERR_RULE, "full", NULL, "报名已满（%lld 人）",
		                  (long long)v.capacity);
	}
	if (rc == STORE_ROW)
		rc = store_run(db,
		               "INSERT INTO coop_visit_people (visit_id, side, account_id, name,"
		               " registered_at) VALUES (?, ?, ?, ?, ?)",
		               "ititi", id, side, a->id, coop_str(me, "display_name"),
		               now_seconds());
	json_decref(me);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "已经报名");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "visit register");
	return finish(db, a, &v, "coop.visit_register", NULL, out, e);
}

int coop_visit_checkin(struct store *db, const struct actor *a, int64_t id, int64_t pid,
                       json_t **out, struct derr *e)
{
	struct visit v;
	int64_t done = 0, now = now_seconds();
	*out = NULL;
	if (visit_load(db, a, id, &v, e))
		return -1;
	if (pid && v.part == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, "participant_id", "只有合作双方可以为他人签到");
	if (strcmp(v.status, "planned"))
		return derr_set(e, DERR_CONFLICT, "status", "活动已结束或已取消，不能签到");
	if (now < v.starts_at - CHECKIN_EARLY || now > v.ends_at)
		return derr_set(e, DERR_RULE, "status", "签到时间为活动开始前 2 小时至活动结束");
	const char *sql = pid ? "UPDATE coop_visit_people SET checked_in_at = ?, checked_in_by = ?"
	                        " WHERE visit_id = ? AND id = ? AND checked_in_at IS NULL"
	                        " RETURNING id"
	                      : "UPDATE coop_visit_people SET checked_in_at = ?, checked_in_by = ?"
	                        " WHERE visit_id = ? AND account_id = ? AND checked_in_at IS NULL"
	                        " RETURNING id";
	int rc = store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &done, sql, "iiii", now, a->id, id, pid ? pid : a->id);
	if (rc == STORE_DONE) {
		int64_t there = 0;
		rc = store_int64(db, &there,
		                 "SELECT COUNT(*) FROM coop_visit_people WHERE visit_id = ? AND"
		                 " (id = ? OR (? = 0 AND account_id = ?))",
		                 "iiii", id, pid, pid, a->id);
		store_rollback(db);
		if (rc != STORE_ROW)
			return derr_store(e, db, "visit checkin");
		return there ? derr_set(e, DERR_CONFLICT, "participant_id", "已经签到")
		             : derr_set(e, DERR_NOT_FOUND, "participant_id",
		                        pid ? "参与人不存在" : "尚未报名本次活动");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "visit checkin");
	return finish(db, a, &v, "coop.visit_checkin", NULL, out, e);
}

int coop_visit_minutes(struct store *db, const struct actor *a, int64_t id, const char *minutes,
                       json_t **out, struct derr *e)
{
	struct visit v;
	int64_t now = now_seconds();
	*out = NULL;
	if (visit_for_party(db, a, id, NULL, "记录纪要", &v, e))
		return -1;
	if (now < v.starts_at)
		return derr_set(e, DERR_RULE, "minutes", "活动开始后才能记录纪要");
	/* From the status just read: a cancel in between wins. */
	int64_t done = 0;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE coop_visits SET status = 'done', minutes = ?, minutes_by"
	                      " = ?, minutes_at = ?, updated_at = ? WHERE id = ? AND status = ?"
	                      " RETURNING id",
	                      "tiiiit", minutes, a->id, now, now, id, v.status);
	if (coop_changed(db, rc, "status", "活动状态刚被他人修改，请刷新", "visit minutes", e))
		return -1;
	snprintf(v.status, sizeof(v.status), "done");
	return finish(db, a, &v, "coop.visit_minutes", NULL, out, e);
}

int coop_visit_cancel(struct store *db, const struct actor *a, int64_t id, const char *reason,
                      json_t **out, struct derr *e)
{
	struct visit v;
	int64_t done = 0;
	*out = NULL;
	if (visit_for_party(db, a, id, "planned", "取消", &v, e))
		return -1;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE coop_visits SET status = 'cancelled', cancel_reason = ?,"
	                      " updated_at = ? WHERE id = ? AND status = 'planned' RETURNING id",
	                      "tii", reason, now_seconds(), id);
	if (coop_changed(db, rc, "status", "活动状态刚被他人修改，请刷新", "visit cancel", e))
		return -1;
	return finish(db, a, &v, "coop.visit_cancel", reason, out, e);
}

int coop_followup_add(struct store *db, const struct actor *a, int64_t id,
                      const struct coop_followup_input *in, json_t **out, struct derr *e)
{
	struct visit v;
	int32_t due;
	*out = NULL;
	if (visit_for_party(db, a, id, "done", "添加跟进事项（须先记录纪要）", &v, e) ||
	    coop_date(in->due_on, "due_on", &due, e))
		return -1;
	if (in->owner_org_id != v.enterprise && in->owner_org_id != v.college)
		return derr_set(e, DERR_INVALID, "owner_org_id", "跟进事项须由参与走访的一方负责");
	if (store_begin(db) != STORE_OK ||
	    store_run(
	        db,
	        "INSERT INTO coop_followups (visit_id, title, owner_org_id, owner_name, due_on,"
	        " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	        "itittii", id, in->title, in->owner_org_id, in->owner_name, in->due_on, a->id,
	        now_seconds()) != STORE_OK)
		return derr_store(e, db, "followup add");
	return finish(db, a, &v, "coop.followup_add", NULL, out, e);
}

int coop_followup_done(struct store *db, const struct actor *a, int64_t id, int64_t fid,
                       const char *note, json_t **out, struct derr *e)
{
	struct visit v;
	json_t *f;
	*out = NULL;
	if (visit_for_party(db, a, id, NULL, "办理跟进事项", &v, e) ||
	    derr_found(db,
	               store_row(db,
	                         "SELECT owner_org_id, status FROM coop_followups WHERE id = ? AND"
	                         " visit_id = ?",
	                         "ii", fid, id),
	               &f, "followup", DERR_NOT_FOUND, NULL, "跟进事项不存在", e))
		return -1;
	int64_t owner = json_integer_value(json_object_get(f, "owner_org_id"));
	int open = !strcmp(coop_str(f, "status"), "open");
	json_decref(f);
	if (a->role != ROLE_OPERATOR && a->org_id != owner)
		return derr_set(e, DERR_FORBIDDEN, "followup_id", "只有负责方可以办结跟进事项");
	if (!open)
		return derr_set(e, DERR_CONFLICT, "followup_id", "跟进事项已办结");
	int64_t done = 0;
	int rc =
	    store_begin(db) != STORE_OK
	        ? STORE_ERROR
	        : store_int64(db, &done,
	                      "UPDATE coop_followups SET status = 'done', note = ?, done_at = ?,"
	                      " done_by = ? WHERE id = ? AND status = 'open' RETURNING id",
	                      "tiii", note, now_seconds(), a->id, fid);
	if (coop_changed(db, rc, "followup_id", "跟进事项已办结", "followup done", e))
		return -1;
	return finish(db, a, &v, "coop.followup_done", NULL, out, e);
}

int coop_visit_photo(struct store *db, const struct actor *a, int64_t id, const char *data,
                     size_t len, json_t **out, struct derr *e)
{
	struct visit v;
	int64_t file = 0;
	*out = NULL;
	if (visit_for_party(db, a, id, NULL, "上传照片", &v, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "visit photo");
	if (coop_file_save(db, a, COOP_FILE_PHOTO, "visit", id, data, len, &file, e))
		return -1;
	return finish(db, a, &v, "coop.visit_photo", NULL, out, e);
}
