/*
 * Reading cases: the case page, the queue (most urgent first, coloured for
 * today in SQL from the stored clock), the escalation list of department
 * heads and the menu badge.  Scope: service.h rule 6.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "domain/service_clock.h"
#include "domain/service_internal.h"

#define OPEN_STATUSES "('received', 'correcting', 'accepted', 'paused')"

/* ---- the case page ---- */

static json_t *events_json(struct store *db, int64_t id)
{
	json_t *rows = store_rows(db,
	                          "SELECT e.id, e.kind, e.on_day, e.at, e.detail, e.actor_id,"
	                          " a.display_name AS actor_name, a.role AS actor_role"
	                          " FROM service_case_events e LEFT JOIN accounts a ON"
	                          " a.id = e.actor_id WHERE e.case_id = ? ORDER BY e.id",
	                          "i", id);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *detail = json_loads(svc_str(row, "detail"), 0, NULL);
		json_object_set_new(row, "detail", detail ? detail : json_object());
		json_object_set(row, "on", json_object_get(row, "on_day"));
		json_object_del(row, "on_day");
	}
	return rows;
}

/* The item's materials with this case's state and files. */
static json_t *materials_json(struct store *db, int64_t id, int64_t item_id, json_t **others)
{
	json_t *mats = store_rows(
	    db,
	    "SELECT m.id, m.name, m.required, m.tolerable, COALESCE(x.state, 'missing') AS state,"
	    " COALESCE(x.tolerant, 0) AS tolerant, x.provided_on FROM service_item_materials m"
	    " LEFT JOIN service_case_materials x ON x.case_id = ? AND x.material_id = m.id"
	    " WHERE m.item_id = ? AND (m.retired = 0 OR x.state IS NOT NULL)"
	    " ORDER BY m.position, m.id",
	    "ii", id, item_id);
	json_t *files = store_rows(db,
	                           "SELECT id, material_id, filename, mime, size, sha256,"
	                           " uploaded_at FROM service_files WHERE owner_kind = 'case' AND"
	                           " owner_id = ? ORDER BY id",
	                           "i", id);
	if (!mats || !files) {
		json_decref(mats);
		json_decref(files);
		return NULL;
	}
	*others = json_array();
	size_t i, k;
	json_t *m, *f;
	static const char *const b[] = {"required", "tolerable", "tolerant", NULL};
	json_array_foreach(mats, i, m)
	{
		svc_booleans(m, b);
		json_object_set_new(m, "files", json_array());
	}
	json_array_foreach(files, k, f)
	{
		json_t *home = NULL;
		json_array_foreach(mats, i, m) if (svc_int(m, "id") == svc_int(f, "material_id"))
		    home = m;
		json_array_append(home ? json_object_get(home, "files") : *others, f);
	}
	json_decref(files);
	return mats;
}

/* The 补正 asked, if any: {requested_on, points, answered_on}. */
static json_t *correction_json(json_t *events)
{
	json_t *out = json_null();
	size_t i;
	json_t *ev;
	json_array_foreach(events, i, ev)
	{
		const char *kind = svc_str(ev, "kind");
		if (!strcmp(kind, "correction")) {
			json_decref(out);
			out = json_pack("{s:O, s:O, s:n}", "requested_on",
			                json_object_get(ev, "on"), "points",
			                json_object_get(json_object_get(ev, "detail"), "points"),
			                "answered_on");
		} else if (!strcmp(kind, "resubmitted") && json_is_object(out)) {
			json_object_set(out, "answered_on", json_object_get(ev, "on"));
		}
	}
	return out;
}

/* The steps the caller may take now (service.h). */
static json_t *actions_json(const struct actor *a, json_t *c, const struct clock_result *r,
                            int rated)
{
	json_t *out = json_array();
	const char *st = svc_str(c, "status");
	int applicant = (a->role == ROLE_ENTERPRISE && a->org_id == svc_int(c, "org_id")) ||
	                (svc_officer(a) && svc_int(c, "agent_id") == a->id);
	int open = !svc_case_closed(st);
#define ADD(name) json_array_append_new(out, json_string(name))
	if (svc_officer(a)) {
		if (!strcmp(st, "received")) {
			ADD("accept");
			if (!r->deemed) {
				ADD("refuse");
				if (!svc_int(c, "corrections"))
					ADD("correction");
			}
		}
		if (!strcmp(st, "correcting"))
			ADD("refuse");
		if (!strcmp(st, "accepted"))
			ADD("pause");
		if (!strcmp(st, "paused"))
			ADD("resume");
		if (!strcmp(st, "accepted") || !strcmp(st, "paused"))
			ADD("finish");
		if (open) {
			ADD("agent");
			ADD("paper");
		}
	}
	if (applicant) {
		if (!strcmp(st, "draft"))
			ADD("submit");
		if (!strcmp(st, "correcting"))
			ADD("resubmit");
		if (open) {
			ADD("upload");
			ADD("withdraw");
		}
	}
	if (a->role == ROLE_ENTERPRISE && applicant && !strcmp(st, "done") && !rated)
		ADD("rate");
#undef ADD
	return out;
}

#define CASE_SELECT                                                                                \
	"SELECT c.id, c.title, c.note, c.status, c.outcome, c.item_id, i.code AS item_code,"       \
	" i.name AS item_name, i.department_id, d.name AS department_name, c.applicant_kind,"      \
	" c.org_id, o.name AS org_name, c.project_ref, c.agent_id, ag.display_name AS agent_name," \
	" c.handler_id, h.display_name AS handler_name, c.statutory_days, c.committed_days,"       \
	" c.tolerant, c.tolerant_due, c.tolerant_done, c.pause_kind, c.finished_on,"               \
	" c.created_at, c.updated_at,"                                                             \
	" (SELECT COUNT(*) FROM service_case_events x WHERE x.case_id = c.id AND"                  \
	" x.kind = 'correction') AS corrections"                                                   \
	" FROM service_cases c JOIN service_items i ON i.id = c.item_id"                           \
	" JOIN service_departments d ON d.id = i.department_id"                                    \
	" JOIN organizations o ON o.id = c.org_id"                                                 \
	" LEFT JOIN accounts ag ON ag.id = c.agent_id LEFT JOIN accounts h ON h.id = c.handler_id"

int service_case_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e)
{
	json_t *c = store_row(db, CASE_SELECT " WHERE c.id = ?", "i", id);
	if (!c)
		return derr_store(e, db, "case: get");
	if (json_is_null(c) ||
	    (!svc_staff(a) && !(a->role == ROLE_ENTERPRISE && svc_int(c, "org_id") == a->org_id))) {
		json_decref(c);
		return derr_set(e, DERR_NOT_FOUND, NULL, "办件不存在");
	}
	const struct workcal *cal = servcal_acquire(db, e);
	struct clock_result r;
	int committed = 0, rc = -1;
	json_t *others = NULL, *events = NULL, *mats = NULL, *ratings = NULL;
	if (!cal || svc_case_clock(db, cal, id, servcal_today(), &r, &committed, e))
		goto out;
	events = events_json(db, id);
	mats = materials_json(db, id, svc_int(c, "item_id"), &others);
	ratings = store_rows(db,
	                     "SELECT id, round, level, comment, channel, rated_on FROM"
	                     " service_ratings WHERE subject_kind = 'case' AND subject_id = ?"
	                     " ORDER BY round",
	                     "i", id);
	if (!events || !mats || !ratings) {
		derr_store(e, db, "case: details");
		goto out;
	}
	json_object_set_new(c, "clock",
	                    svc_clock_json(&r, committed, (int)svc_int(c, "statutory_days")));
	json_object_set_new(c, "item",
	                    json_pack("{s:I, s:s, s:s}", "id", svc_int(c, "item_id"), "code",
	                              svc_str(c, "item_code"), "name", svc_str(c, "item_name")));
	json_object_set_new(c, "department",
	                    json_pack("{s:I, s:s}", "id", svc_int(c, "department_id"), "name",
	                              svc_str(c, "department_name")));
	/* The applicant: an enterprise; project_ref is the hook for resident
	 * projects (service.h). */
	json_object_set_new(c, "applicant",
	                    json_pack("{s:O, s:I, s:s, s:O}", "kind",
	                              json_object_get(c, "applicant_kind"), "org_id",
	                              svc_int(c, "org_id"), "name", svc_str(c, "org_name"),
	                              "project_ref", json_object_get(c, "project_ref")));
	json_object_set_new(c, "agent",
	                    svc_int(c, "agent_id")
	                        ? json_pack("{s:I, s:s}", "id", svc_int(c, "agent_id"), "name",
	                                    svc_str(c, "agent_name"))
	                        : json_null());
	json_object_set_new(c, "handler",
	                    svc_int(c, "handler_id")
	                        ? json_pack("{s:I, s:s}", "id", svc_int(c, "handler_id"), "name",
	                                    svc_str(c, "handler_name"))
	                        : json_null());
	json_t *pending = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(mats, i, m) if (!strcmp(svc_str(m, "state"), "pending"))
	    json_array_append_new(pending, json_pack("{s:I, s:s}", "material_id", svc_int(m, "id"),
	                                             "name", svc_str(m, "name")));
	json_object_set_new(c, "tolerant_info",
	                    svc_int(c, "tolerant")
	                        ? json_pack("{s:O, s:O, s:o}", "due",
	                                    json_object_get(c, "tolerant_due"), "done_on",
	                                    json_object_get(c, "tolerant_done"), "pending", pending)
	                        : (json_decref(pending), json_null()));
	json_object_set_new(c, "correction", correction_json(events));
	json_object_set_new(c, "actions", actions_json(a, c, &r, json_array_size(ratings) > 0));
	json_object_set_new(c, "materials", mats);
	json_object_set_new(c, "attachments", others);
	json_object_set_new(c, "events", events);
	json_object_set_new(c, "ratings", ratings);
	mats = others = events = ratings = NULL;
	static const char *const drop[] = {
	    "item_id",         "item_code",      "item_name",     "department_id",
	    "department_name", "applicant_kind", "org_name",      "project_ref",
	    "agent_id",        "agent_name",     "handler_id",    "handler_name",
	    "corrections",     "tolerant_due",   "tolerant_done", NULL};
	for (int k = 0; drop[k]; k++)
		json_object_del(c, drop[k]);
	static const char *const b[] = {"tolerant", NULL};
	svc_booleans(c, b);
	*out = c;
	c = NULL;
	rc = 0;
out:
	servcal_release(cal);
	json_decref(c);
	json_decref(events);
	json_decref(mats);
	json_decref(others);
	json_decref(ratings);
	return rc;
}

/* ---- lists ---- */

#define LIST_SELECT                                                                                \
	"SELECT c.id, c.title, c.status, c.outcome, c.item_id, i.code AS item_code,"               \
	" i.name AS item_name, d.name AS department_name, c.org_id, o.name AS org_name,"           \
	" c.clock_state, " SVC_COLOUR_SQL " AS colour, c.deadline, c.decide_by, c.used_days,"      \
	" c.committed_days, c.deemed, c.tolerant, c.tolerant_due, c.tolerant_done, c.agent_id,"    \
	" ag.display_name AS agent_name, c.received_on, c.finished_on, c.late, c.pause_kind,"      \
	" c.calendar_missing, c.overdue_from, c.updated_at"                                        \
	" FROM service_cases c JOIN service_items i ON i.id = c.item_id"                           \
	" JOIN service_departments d ON d.id = i.department_id"                                    \
	" JOIN organizations o ON o.id = c.org_id LEFT JOIN accounts ag ON ag.id = c.agent_id"

#define LIST_ORDER                                                                                 \
	" ORDER BY CASE WHEN c.status IN " OPEN_STATUSES                                           \
	" THEN COALESCE(c.deadline, '9999-12-31')"                                                 \
	" ELSE '9999-12-31' END, c.id DESC"

/* Remaining and used working days of a listed case as of today (service_clock.h note 1). */
static void shape_row(json_t *row, const struct workcal *cal, int32_t today)
{
	const char *state = svc_str(row, "clock_state");
	int32_t deadline = svc_parse_day(svc_str(row, "deadline"));
	int64_t committed = svc_int(row, "committed_days"), used = svc_int(row, "used_days");
	int deemed_now =
	    !strcmp(state, "deciding") && today > svc_parse_day(svc_str(row, "decide_by"));
	int running = !strcmp(state, "running") || deemed_now;
	json_t *remaining = json_null();
	if (running && deadline) {
		int64_t left = deadline >= today ? workcal_count(cal, today - 1, deadline, NULL)
		                                 : -workcal_count(cal, deadline, today - 1, NULL);
		remaining = json_integer(left);
		used = committed - left;
	} else if (!strcmp(state, "paused") || !strcmp(state, "stopped")) {
		remaining = json_integer(committed - used);
	} else {
		used = 0;
	}
	json_object_set_new(row, "remaining", remaining);
	json_object_set_new(row, "used_days", json_integer(used));
	json_object_set_new(row, "clock_state", json_string(deemed_now ? "running" : state));
	if (deemed_now)
		json_object_set_new(row, "deemed", json_integer(1));
	json_object_set_new(row, "item",
	                    json_pack("{s:I, s:s, s:s}", "id", svc_int(row, "item_id"), "code",
	                              svc_str(row, "item_code"), "name",
	                              svc_str(row, "item_name")));
	json_object_set_new(row, "org",
	                    json_pack("{s:I, s:s}", "id", svc_int(row, "org_id"), "name",
	                              svc_str(row, "org_name")));
	json_object_set_new(row, "agent",
	                    svc_int(row, "agent_id")
	                        ? json_pack("{s:I, s:s}", "id", svc_int(row, "agent_id"), "name",
	                                    svc_str(row, "agent_name"))
	                        : json_null());
	int64_t missing = svc_int(row, "calendar_missing");
	json_object_set_new(row, "calendar_missing_year",
	                    missing ? json_integer(missing) : json_null());
	static const char *const drop[] = {"item_id",    "item_code",        "item_name",
	                                   "org_id",     "org_name",         "agent_id",
	                                   "agent_name", "calendar_missing", NULL};
	for (int k = 0; drop[k]; k++)
		json_object_del(row, drop[k]);
	static const char *const b[] = {"deemed", "tolerant", "late", NULL};
	svc_booleans(row, b);
}

/* The WHERE clause of a filter for the caller (rule 6). */
static int filter_where(const struct actor *a, const struct service_case_filter *f,
                        const char *today, struct buf *w, struct store_args *args, char **like,
                        struct derr *e)
{
	static const char *const statuses[] = {"draft",  "received", "correcting", "accepted",
	                                       "paused", "done",     "refused",    "withdrawn",
	                                       "open",   NULL};
	static const char *const colours[] = {"green", "yellow", "red", "overdue", "none", NULL};
	int ok = !f->status, okc = !f->colour;
	for (int i = 0; statuses[i] && f->status; i++)
		ok |= !strcmp(f->status, statuses[i]);
	for (int i = 0; colours[i] && f->colour; i++)
		okc |= !strcmp(f->colour, colours[i]);
	if (!ok)
		return derr_set(e, DERR_INVALID, "status", "没有这种办件状态");
	if (!okc)
		return derr_set(e, DERR_INVALID, "colour",
		                "颜色应为 green、yellow、red、overdue 或 none");
	buf_adds(w, " WHERE 1 = 1");
	if (!svc_staff(a)) {
		buf_adds(w, " AND c.org_id = ?");
		store_args_int(args, a->role == ROLE_ENTERPRISE ? a->org_id : -1);
	} else if (f->org_id) {
		buf_adds(w, " AND c.org_id = ?");
		store_args_int(args, f->org_id);
	}
	if (f->status && !strcmp(f->status, "open")) {
		buf_adds(w, " AND c.status IN " OPEN_STATUSES);
	} else if (f->status) {
		buf_adds(w, " AND c.status = ?");
		store_args_text(args, f->status);
	}
	if (f->colour) {
		buf_adds(w, " AND " SVC_COLOUR_SQL " = ?");
		svc_colour_args(args, today);
		store_args_text(args, f->colour);
	}
	if (f->item_id) {
		buf_adds(w, " AND c.item_id = ?");
		store_args_int(args, f->item_id);
	}
	if (f->department_id) {
		buf_adds(w, " AND i.department_id = ?");
		store_args_int(args, f->department_id);
	}
	if (f->mine) {
		buf_adds(w, " AND (c.agent_id = ? OR c.handler_id = ?)");
		store_args_int(args, a->id);
		store_args_int(args, a->id);
	}
	if (f->tolerant)
		buf_adds(w, " AND c.tolerant = 1");
	*like = f->q ? store_like_contains(f->q) : NULL;
	if (*like) {
		buf_adds(w, " AND (c.title LIKE ? ESCAPE '\\' OR o.name LIKE ? ESCAPE '\\' OR"
		            " i.name LIKE ? ESCAPE '\\')");
		for (int k = 0; k < 3; k++)
			store_args_text(args, *like);
	}
	return 0;
}

/* Runs the list for a filter: one page (size > 0) or every row up to a cap. */
static int list(struct store *db, const struct actor *a, const struct service_case_filter *f,
                int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT, count_sql = BUF_INIT, list_sql = BUF_INIT;
	struct store_args args = {0}, largs = {0};
	char today[11], *like = NULL;
	int32_t t = servcal_today();
	svc_day(t, today);
	*items = NULL;
	if (filter_where(a, f, today, &w, &args, &like, e)) {
		buf_release(&w);
		return -1;
	}
	svc_colour_args(&largs, today);
	for (int k = 0; k < args.n; k++)
		largs.v[largs.n++] = args.v[k];
	store_args_int(&largs, size);
	store_args_int(&largs, (page - 1) * size);
	buf_addf(&count_sql,
	         "SELECT COUNT(*) FROM service_cases c JOIN service_items i ON i.id = c.item_id"
	         " JOIN organizations o ON o.id = c.org_id%s",
	         w.data);
	buf_addf(&list_sql, LIST_SELECT "%s" LIST_ORDER " LIMIT ? OFFSET ?", w.data);
	if (!buf_failed(&count_sql) && !buf_failed(&list_sql) &&
	    store_int64_args(db, total, count_sql.data, &args) == STORE_ROW)
		*items = store_rows_args(db, list_sql.data, &largs);
	buf_release(&w);
	buf_release(&count_sql);
	buf_release(&list_sql);
	free(like);
	if (!*items)
		return derr_store(e, db, "cases: list");
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) shape_row(row, cal, t);
	servcal_release(cal);
	return 0;
}

int service_case_list(struct store *db, const struct actor *a, const struct service_case_filter *f,
                      int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e)
{
	return list(db, a, f, page, size, items, total, e);
}

int service_case_rows(struct store *db, const struct actor *a, const struct service_case_filter *f,
                      json_t **rows, struct derr *e)
{
	int64_t total = 0;
	return list(db, a, f, 1, 50000, rows, &total, e);
}

/* ---- escalations ---- */

int service_escalations(struct store *db, const struct actor *a, int unread_only, json_t **items,
                        int64_t *unread, struct derr *e)
{
	char today[11];
	struct store_args args = {0};
	struct buf sql = BUF_INIT;
	int32_t t = servcal_today();
	if (svc_need_staff(a, e))
		return -1;
	svc_day(t, today);
	svc_colour_args(&args, today);
	buf_adds(&sql, "SELECT x.*, k.note AS ack_note, k.at AS acked_at, ka.display_name AS"
	               " acked_by_name FROM (" LIST_SELECT);
	svc_colour_args(&args, today);
	buf_adds(&sql, " WHERE c.status IN " OPEN_STATUSES " AND " SVC_COLOUR_SQL " = 'overdue'");
	/* A head sees their departments' escalations; other staff all of them. */
	buf_adds(&sql, " AND (NOT EXISTS (SELECT 1 FROM service_department_members m WHERE"
	               " m.account_id = ? AND m.is_head = 1) OR i.department_id IN (SELECT"
	               " m.department_id FROM service_department_members m WHERE m.account_id = ?"
	               " AND m.is_head = 1))) x LEFT JOIN service_escalation_acks k ON"
	               " k.case_id = x.id AND k.overdue_from = x.overdue_from LEFT JOIN accounts ka"
	               " ON ka.id = k.account_id");
	store_args_int(&args, a->id);
	store_args_int(&args, a->id);
	if (unread_only)
		buf_adds(&sql, " WHERE k.case_id IS NULL");
	buf_adds(&sql, " ORDER BY x.overdue_from, x.id");
	*items = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&sql);
	if (!*items)
		return derr_store(e, db, "escalations");
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	size_t i;
	json_t *row;
	*unread = 0;
	json_array_foreach(*items, i, row)
	{
		int acked = !json_is_null(json_object_get(row, "acked_at"));
		*unread += !acked;
		shape_row(row, cal, t);
		json_object_set_new(row, "acked", json_boolean(acked));
	}
	servcal_release(cal);
	return 0;
}

int service_escalation_ack(struct store *db, const struct actor *a, int64_t case_id,
                           const char *note, struct derr *e)
{
	char today[11];
	int64_t head = 0;
	if (svc_need_officer(a, e))
		return -1;
	svc_day(servcal_today(), today);
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "ack: begin");
	json_t *c = store_row(db,
	                      "SELECT c.overdue_from, c.status, i.department_id, " SVC_COLOUR_SQL
	                      " AS colour FROM service_cases c JOIN service_items i ON"
	                      " i.id = c.item_id WHERE c.id = ?",
	                      "tttt"
	                      "i",
	                      today, today, today, today, case_id);
	if (!c)
		return derr_store(e, db, "ack: case");
	if (json_is_null(c) || strcmp(svc_str(c, "colour"), "overdue") ||
	    svc_case_closed(svc_str(c, "status"))) {
		json_decref(c);
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "没有这个超期督办");
	}
	if (store_int64(db, &head,
	                "SELECT COUNT(*) FROM service_department_members WHERE account_id = ? AND"
	                " department_id = ? AND is_head = 1",
	                "ii", a->id, svc_int(c, "department_id")) != STORE_ROW) {
		json_decref(c);
		return derr_store(e, db, "ack: head");
	}
	if (!head) {
		json_decref(c);
		store_rollback(db);
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有该部门负责人可以签阅督办");
	}
	int rc =
	    store_run(db,
	              "INSERT INTO service_escalation_acks (case_id, overdue_from, account_id,"
	              " note, at) VALUES (?, ?, ?, ?, ?)",
	              "itit"
	              "i",
	              case_id, svc_str(c, "overdue_from"), a->id, note ? note : "", now_seconds());
	json_decref(c);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "already_acked", NULL, "已签阅");
	}
	if (rc)
		return derr_store(e, db, "ack: insert");
	if (audit_write(db, a, "service.escalation_ack", "service_case", case_id, note, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "ack: commit");
}

/* ---- the badge ---- */

static int64_t count(struct store *db, const char *sql, struct store_args *args, int *failed)
{
	int64_t n = 0;
	if (store_int64_args(db, &n, sql, args) != STORE_ROW)
		*failed = 1;
	return n;
}

int service_badge(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	char today[11];
	int failed = 0;
	struct store_args args = {0};
	svc_day(servcal_today(), today);
	if (a->role == ROLE_ENTERPRISE) {
		store_args_int(&args, a->org_id);
		int64_t open = count(db,
		                     "SELECT COUNT(*) FROM service_cases c WHERE c.org_id = ? AND"
		                     " c.status IN " OPEN_STATUSES,
		                     &args, &failed);
		int64_t correcting =
		    count(db,
		          "SELECT COUNT(*) FROM service_cases c WHERE c.org_id = ? AND"
		          " c.status = 'correcting'",
		          &args, &failed);
		int64_t to_rate =
		    count(db,
		          "SELECT COUNT(*) FROM service_cases c WHERE c.org_id = ? AND"
		          " c.status = 'done' AND NOT EXISTS (SELECT 1 FROM"
		          " service_ratings r WHERE r.subject_kind = 'case' AND"
		          " r.subject_id = c.id)",
		          &args, &failed);
		if (failed)
			return derr_store(e, db, "badge");
		*out = json_pack("{s:I, s:I, s:I}", "open", (json_int_t)open, "correcting",
		                 (json_int_t)correcting, "to_rate", (json_int_t)to_rate);
		return 0;
	}
	if (svc_need_staff(a, e))
		return -1;
	json_t *esc = NULL;
	int64_t unread = 0;
	if (service_escalations(db, a, 1, &esc, &unread, e))
		return -1;
	json_decref(esc);
	int64_t open =
	    count(db, "SELECT COUNT(*) FROM service_cases c WHERE c.status IN " OPEN_STATUSES,
	          &args, &failed);
	store_args_int(&args, a->id);
	store_args_int(&args, a->id);
	int64_t mine = count(db,
	                     "SELECT COUNT(*) FROM service_cases c WHERE c.status IN " OPEN_STATUSES
	                     " AND (c.agent_id = ? OR c.handler_id = ?)",
	                     &args, &failed);
	args.n = 0;
	store_args_text(&args, today);
	store_args_text(&args, today);
	int64_t due = count(db,
	                    "SELECT COUNT(*) FROM service_followups f WHERE f.status IN ('open',"
	                    " 'contacted') AND ((f.contacted_on IS NULL AND f.contact_due < ?) OR"
	                    " (f.rectified_on IS NULL AND f.rectify_due < ?))",
	                    &args, &failed);
	args.n = 0;
	int64_t callbacks =
	    count(db,
	          "SELECT COUNT(*) FROM service_followups f JOIN service_ratings r ON"
	          " r.id = f.rating_id WHERE r.named = 1 AND f.callback_on IS NULL"
	          " AND f.status <> 'voided'",
	          &args, &failed);
	if (failed)
		return derr_store(e, db, "badge");
	*out = json_pack("{s:I, s:I, s:I, s:I, s:I}", "open", (json_int_t)open, "mine",
	                 (json_int_t)mine, "escalations", (json_int_t)unread, "followups_due",
	                 (json_int_t)due, "callbacks", (json_int_t)callbacks);
	return 0;
}
