/* Agreements, milestones, scans and renewals; see coop_agreements.h. */
#include "domain/coop_agreements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/coop_files.h"

static const char *const kinds[][2] = {
    {"base", "校企合作基地"},
    {"research", "产学研合作"},
    {"order_class", "订单班"},
    {"internship_base", "实习基地"},
};
static const char *const states[][2] = {
    {"draft", "草稿"},     {"signed", "已签署（未生效）"}, {"active", "生效中"},
    {"expired", "已到期"}, {"terminated", "已终止"},
};

int coop_agreement_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < 4; i++)
		if (!strcmp(kinds[i][0], kind))
			return 1;
	return 0;
}

const char *coop_agreement_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < 4; i++)
		if (!strcmp(kinds[i][0], kind))
			return kinds[i][1];
	return kind ? kind : "";
}

static const char *state_label(const char *state)
{
	for (size_t i = 0; state && i < 5; i++)
		if (!strcmp(states[i][0], state))
			return states[i][1];
	return state ? state : "";
}

#define AGREEMENT_SELECT                                                                           \
	"SELECT a.id, a.kind, a.title, a.enterprise_id, e.name AS enterprise, a.college_id, "      \
	"c.name"                                                                                   \
	" AS college, a.starts_on, a.ends_on, a.summary, a.obligations, " COOP_AGREEMENT_STATE     \
	" AS state, a.signed_on, a.scan_file_id, a.terminated_on, a.terminate_reason,"             \
	" a.renewal_of, a.created_at, a.updated_at, (SELECT COUNT(*) FROM coop_milestones ms "     \
	"WHERE"                                                                                    \
	" ms.agreement_id = a.id AND ms.status = 'open') AS milestones_open FROM coop_agreements " \
	"a"                                                                                        \
	" JOIN organizations e ON e.id = a.enterprise_id JOIN organizations c ON c.id ="           \
	" a.college_id"

static const char *const list_keys[] = {"obligations", NULL};

/* Labels, days left and the obligations as a list. */
static void shape_one(json_t *row, int32_t today)
{
	int32_t ends;
	const char *state = coop_str(row, "state");
	coop_decode(row, list_keys);
	json_object_set_new(row, "kind_label",
	                    json_string(coop_agreement_kind_label(coop_str(row, "kind"))));
	json_object_set_new(row, "state_label", json_string(state_label(state)));
	json_object_set_new(row, "days_left",
	                    (!strcmp(state, "active") || !strcmp(state, "signed")) &&
	                            !date_parse(coop_str(row, "ends_on"), &ends)
	                        ? json_integer(ends - today)
	                        : json_null());
}

static void shape_all(json_t *rows, int32_t today)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) shape_one(r, today);
}

/* An agreement as the services check it. */
struct agr {
	int64_t id, enterprise, college, scan;
	char state[12], starts_on[DATE_TEXT], ends_on[DATE_TEXT];
	enum coop_part part;
};

/* Agreement id if the caller is a party (404 otherwise). */
static int agr_load(struct store *db, const struct actor *a, int64_t id, struct agr *g,
                    struct derr *e)
{
	char today[DATE_TEXT];
	coop_today_text(today);
	*g = (struct agr){.id = id};
	struct store_stmt *st = store_query(db,
	                                    "SELECT a.enterprise_id, a.college_id,"
	                                    " COALESCE(a.scan_file_id, 0), " COOP_AGREEMENT_STATE
	                                    ", a.starts_on, a.ends_on FROM coop_agreements a"
	                                    " WHERE a.id = ?",
	                                    "tti", today, today, id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		g->enterprise = store_column_int64(st, 0);
		g->college = store_column_int64(st, 1);
		g->scan = store_column_int64(st, 2);
		snprintf(g->state, sizeof(g->state), "%s", store_column_text(st, 3));
		snprintf(g->starts_on, sizeof(g->starts_on), "%s", store_column_text(st, 4));
		snprintf(g->ends_on, sizeof(g->ends_on), "%s", store_column_text(st, 5));
		g->part = coop_part_of(a, g->enterprise, g->college);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "agreement");
	return rc == STORE_ROW && g->part != COOP_NONE
	           ? 0
	           : derr_set(e, DERR_NOT_FOUND, NULL, "协议不存在");
}

/* agr_load() for an act allowed in the states listed. */
static int agr_for(struct store *db, const struct actor *a, int64_t id, const char *const *allowed,
                   const char *what, struct agr *g, struct derr *e)
{
	if (agr_load(db, a, id, g, e))
		return -1;
	for (; *allowed; allowed++)
		if (!strcmp(g->state, *allowed))
			return 0;
	return derr_codef(e, DERR_CONFLICT, NULL, "state", "协议%s，不能%s", state_label(g->state),
	                  what);
}

static int agr_read(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	char today[DATE_TEXT];
	json_t *milestones = NULL, *events = NULL, *scan = NULL;
	coop_today_text(today);
	if (derr_found(db,
	               store_row(db, AGREEMENT_SELECT " WHERE a.id = ?", "tti", today, today, id),
	               out, "agreement", DERR_NOT_FOUND, NULL, "协议不存在", e))
		return -1;
	shape_one(*out, coop_today());
	if (coop_rows(db,
	              store_rows(db,
	                         "SELECT m.id, m.title, m.due_on, m.owner_org_id, o.name AS"
	                         " owner_org, m.status, m.note, m.done_at, CASE WHEN m.status ="
	                         " 'open' AND m.due_on < ? THEN 1 ELSE 0 END AS overdue FROM"
	                         " coop_milestones m JOIN organizations o ON o.id = m.owner_org_id"
	                         " WHERE m.agreement_id = ? ORDER BY m.due_on, m.id",
	                         "ti", today, id),
	              &milestones, "milestones", e) ||
	    coop_rows(db,
	              store_rows(db,
	                         "SELECT ev.action, ev.at, ev.note, ac.display_name AS actor FROM"
	                         " coop_agreement_events ev LEFT JOIN accounts ac ON ac.id ="
	                         " ev.actor_id WHERE ev.agreement_id = ? ORDER BY ev.id",
	                         "i", id),
	              &events, "agreement events", e) ||
	    !(scan = store_row(db,
	                       "SELECT f.id, f.mime, f.bytes, f.created_at FROM coop_agreements a"
	                       " JOIN coop_files f ON f.id = a.scan_file_id WHERE a.id = ?",
	                       "i", id))) {
		json_decref(milestones);
		json_decref(events);
		json_decref(*out);
		*out = NULL;
		return e->kind ? -1 : derr_store(e, db, "agreement scan");
	}
	json_object_set_new(*out, "milestones", milestones);
	json_object_set_new(*out, "events", events);
	json_object_set_new(*out, "scan", scan);
	return 0;
}

/* The end of a write: its event row (the action less its "coop.agreement_"
 * prefix, which every action here has), audit row, the answer, commit. */
static int finish(struct store *db, const struct actor *a, int64_t id, const char *action,
                  const char *note, json_t **out, struct derr *e)
{
	if (store_run(db,
	              "INSERT INTO coop_agreement_events (agreement_id, action, actor_id, at, note)"
	              " VALUES (?, ?, ?, ?, ?)",
	              "itiit", id, action + strlen("coop.agreement_"), a->id, now_seconds(),
	              note) != STORE_OK)
		return derr_store(e, db, "agreement event");
	if (audit_write(db, a, action, "coop_agreement", id, note, e) || agr_read(db, id, out, e))
		return -1;
	return derr_commit(db, out, action, e);
}

static int obligations_check(const json_t *list, struct derr *e)
{
	size_t i;
	json_t *o;
	if (json_array_size(list) > 30)
		return derr_set(e, DERR_INVALID, "obligations", "义务条款最多 30 条");
	json_array_foreach(list, i, o)
	{
		const char *party = coop_str(o, "party"), *text = coop_str(o, "text");
		size_t n = strlen(text);
		if (!json_is_object(o) || json_object_size(o) != 2 ||
		    (strcmp(party, "enterprise") && strcmp(party, "college") &&
		     strcmp(party, "both")) ||
		    n == 0 || n > 1500)
			return derr_codef(e, DERR_INVALID, NULL, "obligations",
			                  "第 %zu 条应为 {party: enterprise|college|both, text}",
			                  i + 1);
	}
	return 0;
}

/* What the api could not check: kind, parties, term, obligations. */
static int input_check(struct store *db, const struct actor *a,
                       const struct coop_agreement_input *in, struct derr *e)
{
	int32_t s, t;
	if (!coop_agreement_kind_valid(in->kind))
		return derr_set(e, DERR_INVALID, "kind",
		                "协议类型应为 base、research、order_class 或 internship_base");
	if (coop_part_of(a, in->enterprise_id, in->college_id) == COOP_NONE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只能起草本单位作为一方的协议");
	if ((a->role != ROLE_OPERATOR && coop_actor_org_active(db, a, e)) ||
	    coop_org_check(db, in->enterprise_id, "enterprise", "enterprise_id", e) ||
	    coop_org_check(db, in->college_id, "college", "college_id", e) ||
	    coop_date(in->starts_on, "starts_on", &s, e) ||
	    coop_date(in->ends_on, "ends_on", &t, e))
		return -1;
	if (t <= s)
		return derr_set(e, DERR_INVALID, "ends_on", "协议到期日应晚于生效日");
	if (t > date_add_months(s, 12 * 20))
		return derr_set(e, DERR_INVALID, "ends_on", "协议期限最长 20 年");
	return obligations_check(in->obligations, e);
}

int coop_agreement_create(struct store *db, const struct actor *a,
                          const struct coop_agreement_input *in, json_t **out, struct derr *e)
{
	int64_t id = 0, now = now_seconds();
	*out = NULL;
	if (input_check(db, a, in, e))
		return -1;
	char *obligations = coop_encode(in->obligations);
	int rc = !obligations ? STORE_ERROR
	         : store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &id,
	                           "INSERT INTO coop_agreements (kind, title, enterprise_id,"
	                           " college_id, starts_on, ends_on, summary, obligations,"
	                           " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
	                           " ?, ?, ?, ?, ?) RETURNING id",
	                           "ttiitttt"
	                           "iii",
	                           in->kind, in->title, in->enterprise_id, in->college_id,
	                           in->starts_on, in->ends_on, in->summary ? in->summary : "",
	                           obligations, a->id, now, now);
	free(obligations);
	if (rc != STORE_ROW)
		return derr_store(e, db, "agreement create");
	return finish(db, a, id, "coop.agreement_create", NULL, out, e);
}

static const char *const drafts[] = {"draft", NULL};

int coop_agreement_update(struct store *db, const struct actor *a, int64_t id,
                          const struct coop_agreement_input *in, json_t **out, struct derr *e)
{
	struct agr g;
	*out = NULL;
	if (agr_for(db, a, id, drafts, "修改（已签署的协议请走续签或终止）", &g, e))
		return -1;
	if (in->enterprise_id != g.enterprise || in->college_id != g.college)
		return derr_set(e, DERR_INVALID, "enterprise_id", "不能更换协议双方");
	if (input_check(db, a, in, e))
		return -1;
	char *obligations = coop_encode(in->obligations);
	int rc = !obligations ? STORE_ERROR
	         : store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_run(db,
	                         "UPDATE coop_agreements SET kind = ?, title = ?, starts_on = ?,"
	                         " ends_on = ?, summary = ?, obligations = ?, updated_at = ? WHERE"
	                         " id = ? AND status = 'draft'",
	                         "ttttttii", in->kind, in->title, in->starts_on, in->ends_on,
	                         in->summary ? in->summary : "", obligations, now_seconds(), id);
	free(obligations);
	if (rc != STORE_OK)
		return derr_store(e, db, "agreement update");
	return finish(db, a, id, "coop.agreement_update", NULL, out, e);
}

int coop_agreement_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                       struct derr *e)
{
	struct agr g;
	*out = NULL;
	return agr_load(db, a, id, &g, e) || agr_read(db, id, out, e) ? -1 : 0;
}

/* The list's WHERE: scope and filters, binding today twice first. */
static void list_where(const struct actor *a, const struct coop_agreement_query *q,
                       const char *today, const char *horizon, const char *like, struct buf *w,
                       struct store_args *args)
{
	store_args_text(args, today);
	store_args_text(args, today);
	buf_adds(w, " WHERE 1 = 1");
	coop_scope_sql(a, w, args, "a.enterprise_id", "a.college_id");
	if (q->kind) {
		buf_adds(w, " AND a.kind = ?");
		store_args_text(args, q->kind);
	}
	if (q->state) {
		buf_adds(w, " AND " COOP_AGREEMENT_STATE " = ?");
		store_args_text(args, today);
		store_args_text(args, today);
		store_args_text(args, q->state);
	}
	if (q->org_id) {
		buf_adds(w, " AND (a.enterprise_id = ? OR a.college_id = ?)");
		store_args_int(args, q->org_id);
		store_args_int(args, q->org_id);
	}
	if (horizon) { /* active and ending by the horizon */
		buf_adds(w, " AND a.status = 'signed' AND a.starts_on <= ? AND a.ends_on >= ? AND"
		            " a.ends_on <= ?");
		store_args_text(args, today);
		store_args_text(args, today);
		store_args_text(args, horizon);
	}
	if (like) {
		buf_adds(w,
		         " AND (a.title LIKE ? ESCAPE '\\' OR e.name LIKE ? ESCAPE '\\' OR c.name"
		         " LIKE ? ESCAPE '\\')");
		for (int i = 0; i < 3; i++)
			store_args_text(args, like);
	}
}

int coop_agreement_list(struct store *db, const struct actor *a,
                        const struct coop_agreement_query *q, json_t **out, struct derr *e)
{
	char today[DATE_TEXT], horizon[DATE_TEXT];
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *like = q->q ? store_like_contains(q->q) : NULL;
	coop_today_text(today);
	date_format(coop_today() + (int32_t)q->expiring_within, horizon);
	list_where(a, q, today, q->expiring_within ? horizon : NULL, like, &w, &args);
	int rc = buf_failed(&w) || (q->q && !like)
	             ? derr_internal(e, "agreement list: out of memory")
	             : coop_page(db, AGREEMENT_SELECT, w.data, " ORDER BY a.ends_on, a.id", &args,
	                         q->page, q->page_size, out, e);
	buf_release(&w);
	free(like);
	if (!rc)
		shape_all(json_object_get(*out, "items"), coop_today());
	return rc;
}

int coop_agreement_reminders(struct store *db, const struct actor *a, int64_t days, json_t **out,
                             struct derr *e)
{
	char today[DATE_TEXT], horizon[DATE_TEXT];
	struct buf w = BUF_INIT, m = BUF_INIT;
	struct store_args args = {0}, margs = {0};
	struct coop_agreement_query q = {0};
	json_t *expiring = NULL, *milestones = NULL;
	coop_today_text(today);
	date_format(coop_today() + (int32_t)days, horizon);
	list_where(a, &q, today, horizon, NULL, &w, &args);
	buf_adds(&w, " ORDER BY a.ends_on, a.id LIMIT 500");
	buf_adds(&m, "SELECT ms.id, ms.agreement_id, a.title AS agreement, ms.title, ms.due_on,"
	             " ms.owner_org_id, o.name AS owner_org, CASE WHEN ms.due_on < ? THEN 1 ELSE 0"
	             " END AS overdue FROM coop_milestones ms JOIN coop_agreements a ON a.id ="
	             " ms.agreement_id JOIN organizations o ON o.id = ms.owner_org_id WHERE"
	             " ms.status = 'open' AND a.status <> 'terminated' AND ms.due_on <= ?");
	store_args_text(&margs, today);
	store_args_text(&margs, horizon);
	coop_scope_sql(a, &m, &margs, "a.enterprise_id", "a.college_id");
	buf_adds(&m, " ORDER BY ms.due_on, ms.id LIMIT 500");
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "%s%s", AGREEMENT_SELECT, w.data);
	if (!buf_failed(&sql) && !buf_failed(&m)) {
		expiring = store_rows_args(db, sql.data, &args);
		milestones = store_rows_args(db, m.data, &margs);
	}
	buf_release(&sql);
	buf_release(&w);
	buf_release(&m);
	if (!expiring || !milestones) {
		json_decref(expiring);
		json_decref(milestones);
		return derr_store(e, db, "agreement reminders");
	}
	shape_all(expiring, coop_today());
	*out = json_pack("{s:I, s:o, s:o}", "days", (json_int_t)days, "expiring", expiring,
	                 "milestones", milestones);
	return 0;
}

static const char *const scannable[] = {"draft", "signed", "active", NULL};

int coop_agreement_scan(struct store *db, const struct actor *a, int64_t id, const char *data,
                        size_t len, json_t **out, struct derr *e)
{
	struct agr g;
	int64_t file = 0;
	*out = NULL;
	if (agr_for(db, a, id, scannable, "上传扫描件", &g, e))
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "agreement scan");
	if (coop_file_save(db, a, COOP_FILE_SCAN, "agreement", id, data, len, &file, e))
		return -1;
	if (store_run(db,
	              "UPDATE coop_agreements SET scan_file_id = ?, updated_at = ? WHERE id = ?",
	              "iii", file, now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "agreement scan");
	return finish(db, a, id, "coop.agreement_scan", NULL, out, e);
}

int coop_agreement_sign(struct store *db, const struct actor *a, int64_t id, const char *signed_on,
                        json_t **out, struct derr *e)
{
	struct agr g;
	int32_t day;
	int64_t done = 0;
	*out = NULL;
	if (agr_for(db, a, id, drafts, "签署", &g, e) || coop_date(signed_on, "signed_on", &day, e))
		return -1;
	if (day > coop_today())
		return derr_set(e, DERR_INVALID, "signed_on", "签署日期不能晚于今天");
	if (!g.scan)
		return derr_code(e, DERR_RULE, "scan_required", "scan",
		                 "请先上传双方签署的协议扫描件（PDF）");
	int rc = store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &done,
	                           "UPDATE coop_agreements SET status = 'signed', signed_on = ?,"
	                           " updated_at = ? WHERE id = ? AND status = 'draft' RETURNING id",
	                           "tii", signed_on, now_seconds(), id);
	if (coop_changed(db, rc, "state", "协议状态刚被他人修改，请刷新", "agreement sign", e))
		return -1;
	return finish(db, a, id, "coop.agreement_sign", signed_on, out, e);
}

static const char *const in_force[] = {"signed", "active", NULL};

int coop_agreement_terminate(struct store *db, const struct actor *a, int64_t id,
                             const char *reason, json_t **out, struct derr *e)
{
	struct agr g;
	char today[DATE_TEXT];
	int64_t done = 0;
	*out = NULL;
	if (agr_for(db, a, id, in_force, "终止", &g, e))
		return -1;
	coop_today_text(today);
	int rc = store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &done,
	                           "UPDATE coop_agreements SET status = 'terminated', terminated_on"
	                           " = ?, terminate_reason = ?, updated_at = ? WHERE id = ? AND"
	                           " status = 'signed' RETURNING id",
	                           "ttii", today, reason, now_seconds(), id);
	if (coop_changed(db, rc, "state", "协议状态刚被他人修改，请刷新", "agreement terminate", e))
		return -1;
	return finish(db, a, id, "coop.agreement_terminate", reason, out, e);
}

static const char *const renewable[] = {"active", "expired", NULL};

int coop_agreement_renew(struct store *db, const struct actor *a, int64_t id, const char *starts_on,
                         const char *ends_on, json_t **out, struct derr *e)
{
	struct agr g;
	int32_t old_end, s, t;
	char start[DATE_TEXT];
	int64_t nid = 0, now = now_seconds();
	*out = NULL;
	if (agr_for(db, a, id, renewable, "续签", &g, e))
		return -1;
	if (!starts_on) {
		date_parse(g.ends_on, &old_end);
		date_format(old_end + 1, start);
		starts_on = start;
	}
	if (coop_date(starts_on, "starts_on", &s, e) || coop_date(ends_on, "ends_on", &t, e))
		return -1;
	if (t <= s)
		return derr_set(e, DERR_INVALID, "ends_on", "协议到期日应晚于生效日");
	if (t > date_add_months(s, 12 * 20))
		return derr_set(e, DERR_INVALID, "ends_on", "协议期限最长 20 年");
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &nid,
	                "INSERT INTO coop_agreements (kind, title, enterprise_id, college_id,"
	                " starts_on, ends_on, summary, obligations, renewal_of, created_by,"
	                " created_at, updated_at) SELECT kind, title, enterprise_id, college_id, ?,"
	                " ?, summary, obligations, id, ?, ?, ? FROM coop_agreements WHERE id = ?"
	                " RETURNING id",
	                "ttiiii", starts_on, ends_on, a->id, now, now, id) != STORE_ROW)
		return derr_store(e, db, "agreement renew");
	char note[48], renewed[48];
	snprintf(note, sizeof(note), "renewal_of %lld", (long long)id);
	snprintf(renewed, sizeof(renewed), "renewed_by %lld", (long long)nid);
	/* The old one records the renewal too (its history says what became of it). */
	if (store_run(db,
	              "INSERT INTO coop_agreement_events (agreement_id, action, actor_id, at, note)"
	              " VALUES (?, 'renewed', ?, ?, ?)",
	              "iiit", id, a->id, now, renewed) != STORE_OK)
		return derr_store(e, db, "agreement renew");
	return finish(db, a, nid, "coop.agreement_renew", note, out, e);
}

static const char *const not_terminated[] = {"draft", "signed", "active", "expired", NULL};

int coop_milestone_add(struct store *db, const struct actor *a, int64_t id, const char *title,
                       const char *due_on, int64_t owner_org_id, json_t **out, struct derr *e)
{
	struct agr g;
	int32_t due;
	*out = NULL;
	if (agr_for(db, a, id, not_terminated, "添加里程碑", &g, e) ||
	    coop_date(due_on, "due_on", &due, e))
		return -1;
	if (owner_org_id != g.enterprise && owner_org_id != g.college)
		return derr_set(e, DERR_INVALID, "owner_org_id", "里程碑须由协议的一方负责");
	if (store_begin(db) != STORE_OK ||
	    store_run(db,
	              "INSERT INTO coop_milestones (agreement_id, title, due_on, owner_org_id,"
	              " created_at) VALUES (?, ?, ?, ?, ?)",
	              "ittii", id, title, due_on, owner_org_id, now_seconds()) != STORE_OK)
		return derr_store(e, db, "milestone add");
	return finish(db, a, id, "coop.agreement_milestone", title, out, e);
}

int coop_milestone_done(struct store *db, const struct actor *a, int64_t id, int64_t mid,
                        const char *note, json_t **out, struct derr *e)
{
	struct agr g;
	json_t *m;
	int64_t done = 0;
	*out = NULL;
	if (agr_for(db, a, id, not_terminated, "办结里程碑", &g, e) ||
	    derr_found(db,
	               store_row(db,
	                         "SELECT owner_org_id, status FROM coop_milestones WHERE id = ? AND"
	                         " agreement_id = ?",
	                         "ii", mid, id),
	               &m, "milestone", DERR_NOT_FOUND, NULL, "里程碑不存在", e))
		return -1;
	int64_t owner = json_integer_value(json_object_get(m, "owner_org_id"));
	int open = !strcmp(coop_str(m, "status"), "open");
	json_decref(m);
	if (a->role != ROLE_OPERATOR && a->org_id != owner)
		return derr_set(e, DERR_FORBIDDEN, "milestone_id", "只有负责方可以办结里程碑");
	int rc = !open ? STORE_DONE
	         : store_begin(db) != STORE_OK
	             ? STORE_ERROR
	             : store_int64(db, &done,
	                           "UPDATE coop_milestones SET status = 'done', note = ?, done_at ="
	                           " ?, done_by = ? WHERE id = ? AND status = 'open' RETURNING id",
	                           "tiii", note, now_seconds(), a->id, mid);
	if (coop_changed(db, rc, "milestone_id", "里程碑已办结", "milestone done", e))
		return -1;
	return finish(db, a, id, "coop.agreement_milestone_done", NULL, out, e);
}

int coop_agreement_export(struct store *db, const struct actor *a, coop_rows_fn write, void *arg,
                          struct derr *e)
{
	char today[DATE_TEXT];
	struct buf sql = BUF_INIT;
	struct store_args args = {0};
	coop_today_text(today);
	store_args_text(&args, today);
	store_args_text(&args, today);
	buf_adds(&sql,
	         "SELECT a.id, CASE a.kind WHEN 'base' THEN '校企合作基地' WHEN 'research'"
	         " THEN '产学研合作' WHEN 'order_class' THEN '订单班' ELSE '实习基地' END,"
	         " a.title, e.name, c.name, a.starts_on, a.ends_on, CASE " COOP_AGREEMENT_STATE
	         " WHEN 'draft' THEN '草稿' WHEN 'signed' THEN '已签署（未生效）' WHEN"
	         " 'active' THEN '生效中' WHEN 'expired' THEN '已到期' ELSE '已终止' END,"
	         " a.signed_on, (SELECT COUNT(*) FROM coop_milestones ms WHERE"
	         " ms.agreement_id = a.id AND ms.status = 'open') FROM coop_agreements a JOIN"
	         " organizations e ON e.id = a.enterprise_id JOIN organizations c ON c.id ="
	         " a.college_id WHERE 1 = 1");
	coop_scope_sql(a, &sql, &args, "a.enterprise_id", "a.college_id");
	buf_adds(&sql, " ORDER BY a.ends_on, a.id");
	return coop_export_sql(db, &sql, &args, write, arg, "agreement export", e);
}
