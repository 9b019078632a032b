/* Investment projects; the pipeline and its rules open invest.h. */
#include "domain/invest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/vec.h"
#include "domain/audit.h"
#include "domain/dict.h"
#include "domain/servcal.h"
#include "domain/service.h"
#include "domain/service_clock.h"
#include "domain/service_internal.h"

const char *const invest_stage_names[INVEST_STAGES + 1] = {
    "", "项目研判", "尽职调查", "政策洽谈", "客商回访", "法务审核", "合同会签", "签约"};

int64_t invest_percentile(const int64_t *sorted, size_t n, int percent)
{
	if (!n)
		return 0;
	size_t rank = (size_t)((percent * n + 99) / 100); /* nearest rank, 1-based */
	return sorted[(rank ? rank : 1) - 1];
}

static int check_input(struct store *db, const struct invest_input *in, int create, struct derr *e)
{
	if (create && (!in->name || !in->investor))
		return derr_set(e, DERR_INVALID, !in->name ? "name" : "investor", "请填写必填项");
	if (in->amount_wan < -1 || in->amount_wan > 100000000)
		return derr_set(e, DERR_INVALID, "amount_wan", "投资额（万元）应在 0 到 1 亿之间");
	if (in->industry_code && *in->industry_code &&
	    dict_has(db, "industries", in->industry_code) != 1)
		return derr_set(e, DERR_INVALID, "industry_code", "行业代码不在 GB/T 4754 目录中");
	return 0;
}

int invest_create(struct store *db, const struct actor *a, const struct invest_input *in,
                  int64_t *id, struct derr *e)
{
	char d[11];
	int64_t now = now_seconds();
	if (svc_need_officer(a, e) || check_input(db, in, 1, e))
		return -1;
	int32_t day = svc_step_day(a, in->on, 0, e);
	if (!day)
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "invest: begin");
	if (store_int64(db, id,
	                "INSERT INTO invest_projects (name, investor, amount_wan, industry_code,"
	                " summary, stage_on, created_by, created_at, updated_at)"
	                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                "ttit"
	                "ttii"
	                "i",
	                in->name, in->investor, in->amount_wan > 0 ? in->amount_wan : (int64_t)0,
	                in->industry_code && *in->industry_code ? in->industry_code : NULL,
	                in->summary ? in->summary : "", svc_day(day, d), a->id, now,
	                now) != STORE_ROW ||
	    store_run(db,
	              "INSERT INTO invest_stage_officers (project_id, stage, account_id)"
	              " VALUES (?, 1, ?)",
	              "ii", *id, a->id))
		return derr_store(e, db, "invest: insert");
	if (audit_write(db, a, "invest.create", "invest_project", *id, in->name, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "invest: commit");
}

/* Begins a transaction on an existing project; DERR_NOT_FOUND otherwise. */
static int begin_on_project(struct store *db, int64_t id, struct derr *e)
{
	int64_t n = 0;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "invest: begin");
	if (store_int64(db, &n, "SELECT COUNT(*) FROM invest_projects WHERE id = ?", "i", id) !=
	    STORE_ROW)
		return derr_store(e, db, "invest: find");
	if (!n) {
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "项目不存在");
	}
	return 0;
}

int invest_update(struct store *db, const struct actor *a, int64_t id,
                  const struct invest_input *in, struct derr *e)
{
	if (svc_need_officer(a, e) || check_input(db, in, 0, e))
		return -1;
	if (begin_on_project(db, id, e))
		return -1;
	if (store_run(db,
	              "UPDATE invest_projects SET name = COALESCE(?, name), investor = COALESCE(?,"
	              " investor), industry_code = COALESCE(?, industry_code), summary ="
	              " COALESCE(?, summary), amount_wan = CASE WHEN ? < 0 THEN amount_wan ELSE ?"
	              " END, updated_at = ? WHERE id = ?",
	              "tttt"
	              "iiii",
	              in->name, in->investor, in->industry_code, in->summary, in->amount_wan,
	              in->amount_wan, now_seconds(), id))
		return derr_store(e, db, "invest: update");
	if (audit_write(db, a, "invest.update", "invest_project", id, in->name, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "invest: commit");
}

/* Days used in the current stage, its limit and whether it is stalled. */
static void stage_clock(json_t *p, const struct workcal *cal, int32_t today, json_t *limits)
{
	int64_t stage = svc_int(p, "stage");
	int64_t limit = svc_int(json_array_get(limits, (size_t)(stage - 1)), "limit_days");
	int32_t on = svc_parse_day(svc_str(p, "stage_on"));
	int active = !strcmp(svc_str(p, "status"), "active");
	int gap = 0;
	int64_t used = active ? workcal_count(cal, on, today - 1, &gap) : 0;
	int32_t due = workcal_add(cal, on, limit, NULL);
	json_object_set_new(p, "stage_name", json_string(invest_stage_names[stage]));
	json_object_set_new(p, "stage_days", json_integer(used));
	json_object_set_new(p, "stage_limit", json_integer(limit));
	json_object_set_new(p, "stage_due", svc_day_json(due));
	json_object_set_new(p, "stalled", json_boolean(active && used > limit));
	json_object_set_new(
	    p, "colour",
	    json_string(active ? service_colour_name(service_colour((int)used, (int)limit))
	                       : "none"));
	json_object_set_new(p, "calendar_missing_year", gap ? json_integer(gap) : json_null());
}

#define PROJECT_SELECT                                                                             \
	"SELECT p.id, p.name, p.investor, p.amount_wan, p.industry_code, n.name AS industry_name," \
	" p.summary, p.stage, p.stage_on, p.status, p.closed_on, p.drop_reason, p.created_at,"     \
	" p.updated_at, o.account_id AS officer_id, a.display_name AS officer_name"                \
	" FROM invest_projects p LEFT JOIN dict_industries n ON n.code = p.industry_code"          \
	" LEFT JOIN invest_stage_officers o ON o.project_id = p.id AND o.stage = p.stage"          \
	" LEFT JOIN accounts a ON a.id = o.account_id"

static json_t *limits_rows(struct store *db)
{
	return store_rows(db, "SELECT stage, limit_days FROM invest_stage_limits ORDER BY stage",
	                  "");
}

int invest_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	if (svc_need_staff(a, e))
		return -1;
	json_t *p = store_row(db, PROJECT_SELECT " WHERE p.id = ?", "i", id);
	if (!p)
		return derr_store(e, db, "invest: get");
	if (json_is_null(p)) {
		json_decref(p);
		return derr_set(e, DERR_NOT_FOUND, NULL, "项目不存在");
	}
	json_t *limits = limits_rows(db);
	json_t *history = store_rows(db,
	                             "SELECT h.stage, h.entered_on, h.left_on, h.days, h.outcome,"
	                             " h.note, h.officer_id, a.display_name AS officer_name"
	                             " FROM invest_stage_history h LEFT JOIN accounts a ON"
	                             " a.id = h.officer_id WHERE h.project_id = ? ORDER BY h.id",
	                             "i", id);
	json_t *officers = store_rows(db,
	                              "SELECT o.stage, o.account_id, a.display_name AS name FROM"
	                              " invest_stage_officers o JOIN accounts a ON a.id ="
	                              " o.account_id WHERE o.project_id = ? ORDER BY o.stage",
	                              "i", id);
	json_t *docs = store_rows(db,
	                          "SELECT id, stage, filename, mime, size, sha256, uploaded_at FROM"
	                          " service_files WHERE owner_kind = 'project' AND owner_id = ?"
	                          " ORDER BY stage, id",
	                          "i", id);
	const struct workcal *cal =
	    limits && history && officers && docs ? servcal_acquire(db, e) : NULL;
	if (!cal) {
		json_decref(p);
		json_decref(limits);
		json_decref(history);
		json_decref(officers);
		json_decref(docs);
		return e->kind ? -1 : derr_store(e, db, "invest: details");
	}
	stage_clock(p, cal, servcal_today(), limits);
	servcal_release(cal);
	json_t *stages = json_array();
	for (int s = 1; s <= INVEST_STAGES; s++) {
		json_t *st = json_pack("{s:i, s:s, s:I, s:n, s:[]}", "stage", s, "name",
		                       invest_stage_names[s], "limit_days",
		                       svc_int(json_array_get(limits, (size_t)s - 1), "limit_days"),
		                       "officer", "documents");
		size_t i;
		json_t *x;
		json_array_foreach(officers, i, x) if (svc_int(x, "stage") == s)
		    json_object_set_new(st, "officer",
		                        json_pack("{s:I, s:s}", "id", svc_int(x, "account_id"),
		                                  "name", svc_str(x, "name")));
		json_array_foreach(docs, i, x) if (svc_int(x, "stage") == s)
		    json_array_append(json_object_get(st, "documents"), x);
		json_array_append_new(stages, st);
	}
	json_t *acts = json_array();
	if (svc_officer(a) && !strcmp(svc_str(p, "status"), "active")) {
		json_array_append_new(acts, json_string("advance"));
		if (svc_int(p, "stage") > 1)
			json_array_append_new(acts, json_string("return"));
		json_array_append_new(acts, json_string("drop"));
		json_array_append_new(acts, json_string("officer"));
		json_array_append_new(acts, json_string("upload"));
	}
	json_object_set_new(p, "stages", stages);
	json_object_set_new(p, "history", history);
	json_object_set_new(p, "actions", acts);
	json_decref(limits);
	json_decref(officers);
	json_decref(docs);
	*out = p;
	return 0;
}

int invest_board(struct store *db, const struct actor *a, const char *q, json_t **out,
                 struct derr *e)
{
	struct store_args args = {0};
	struct buf sql = BUF_INIT;
	char *like = q ? store_like_contains(q) : NULL;
	if (svc_need_staff(a, e)) {
		free(like);
		return -1;
	}
	buf_adds(&sql, PROJECT_SELECT " WHERE p.status = 'active'");
	if (like) {
		buf_adds(&sql, " AND (p.name LIKE ? ESCAPE '\\' OR p.investor LIKE ? ESCAPE '\\')");
		store_args_text(&args, like);
		store_args_text(&args, like);
	}
	buf_adds(&sql, " ORDER BY p.stage, p.stage_on, p.id");
	json_t *rows = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&sql);
	free(like);
	json_t *limits = limits_rows(db);
	int64_t signed_n = 0, dropped = 0;
	if (!rows || !limits ||
	    store_int64(db, &signed_n,
	                "SELECT COUNT(*) FROM invest_projects WHERE status = 'signed'",
	                "") != STORE_ROW ||
	    store_int64(db, &dropped,
	                "SELECT COUNT(*) FROM invest_projects WHERE status = 'dropped'",
	                "") != STORE_ROW) {
		json_decref(rows);
		json_decref(limits);
		return derr_store(e, db, "invest: board");
	}
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal) {
		json_decref(rows);
		json_decref(limits);
		return -1;
	}
	int32_t today = servcal_today();
	json_t *stages = json_array();
	int64_t stalled = 0;
	for (int s = 1; s <= INVEST_STAGES; s++)
		json_array_append_new(
		    stages, json_pack("{s:i, s:s, s:I, s:[]}", "stage", s, "name",
		                      invest_stage_names[s], "limit_days",
		                      svc_int(json_array_get(limits, (size_t)s - 1), "limit_days"),
		                      "projects"));
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p)
	{
		stage_clock(p, cal, today, limits);
		stalled += json_is_true(json_object_get(p, "stalled"));
		json_array_append(
		    json_object_get(json_array_get(stages, (size_t)svc_int(p, "stage") - 1),
		                    "projects"),
		    p);
	}
	servcal_release(cal);
	json_decref(rows);
	json_decref(limits);
	*out = json_pack("{s:o, s:I, s:I, s:I}", "stages", stages, "signed", (json_int_t)signed_n,
	                 "dropped", (json_int_t)dropped, "stalled", (json_int_t)stalled);
	return 0;
}

int invest_move(struct store *db, const struct actor *a, int64_t id, const char *move, int32_t on,
                const char *note, struct derr *e)
{
	int advance = move && !strcmp(move, "advance"), back = move && !strcmp(move, "return");
	int drop = move && !strcmp(move, "drop");
	char d[11];
	if (svc_need_officer(a, e))
		return -1;
	if (!advance && !back && !drop)
		return derr_set(e, DERR_INVALID, "move", "操作应为 advance、return 或 drop");
	if ((back || drop) && (!note || !*note))
		return derr_set(e, DERR_INVALID, "note", "请写明原因");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "invest: begin");
	json_t *p =
	    store_row(db,
	              "SELECT p.stage, p.stage_on, p.status, o.account_id FROM invest_projects"
	              " p LEFT JOIN invest_stage_officers o ON o.project_id = p.id AND"
	              " o.stage = p.stage WHERE p.id = ?",
	              "i", id);
	if (!p)
		return derr_store(e, db, "invest: load");
	if (json_is_null(p)) {
		json_decref(p);
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "项目不存在");
	}
	int64_t stage = svc_int(p, "stage"), officer = svc_int(p, "account_id");
	int32_t entered = svc_parse_day(svc_str(p, "stage_on"));
	int active = !strcmp(svc_str(p, "status"), "active");
	json_decref(p);
	if (!active || (back && stage == 1)) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "wrong_state", NULL,
		                 !active ? "项目已签约或终止" : "第一阶段不能再退回");
	}
	int32_t day = svc_step_day(a, on, entered, e);
	if (!day) {
		store_rollback(db);
		return -1;
	}
	const struct workcal *cal = servcal_acquire(db, e);
	if (!cal) {
		store_rollback(db);
		return -1;
	}
	int64_t days = workcal_count(cal, entered, day, NULL);
	servcal_release(cal);
	const char *outcome = drop                     ? "dropped"
	                      : back                   ? "returned"
	                      : stage == INVEST_STAGES ? "signed"
	                                               : "advanced";
	char entered_s[11];
	int64_t next = advance ? stage + 1 : back ? stage - 1 : stage;
	int rc =
	    store_run(db,
	              "INSERT INTO invest_stage_history (project_id, stage, entered_on, left_on,"
	              " days, outcome, officer_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	              "iitt"
	              "itIt",
	              id, stage, svc_day(entered, entered_s), svc_day(day, d), days, outcome,
	              officer, note ? note : "");
	if (!rc && (drop || !strcmp(outcome, "signed")))
		rc = store_run(
		    db,
		    "UPDATE invest_projects SET status = ?, closed_on = ?, drop_reason = ?,"
		    " updated_at = ? WHERE id = ?",
		    "ttti"
		    "i",
		    drop ? "dropped" : "signed", d, drop ? note : NULL, now_seconds(), id);
	else if (!rc)
		rc = store_run(db,
		               "UPDATE invest_projects SET stage = ?, stage_on = ?, updated_at = ?"
		               " WHERE id = ?",
		               "itii", next, d, now_seconds(), id);
	if (rc)
		return derr_store(e, db, "invest: move");
	char detail[120];
	snprintf(detail, sizeof(detail), "%s: %s → %s", outcome, invest_stage_names[stage],
	         drop || !strcmp(outcome, "signed") ? outcome : invest_stage_names[next]);
	if (audit_write(db, a, "invest.move", "invest_project", id, detail, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "invest: commit");
}

int invest_officer(struct store *db, const struct actor *a, int64_t id, int64_t stage,
                   int64_t account_id, struct derr *e)
{
	char detail[64];
	if (svc_need_officer(a, e))
		return -1;
	if (stage < 1 || stage > INVEST_STAGES)
		return derr_set(e, DERR_INVALID, "stage", "阶段应为 1 到 7");
	if (!svc_is_officer_account(db, account_id))
		return derr_set(e, DERR_INVALID, "account_id", "负责人应为在用的政务人员账号");
	if (begin_on_project(db, id, e))
		return -1;
	if (store_run(db,
	              "INSERT INTO invest_stage_officers (project_id, stage, account_id)"
	              " VALUES (?, ?, ?) ON CONFLICT (project_id, stage) DO UPDATE SET"
	              " account_id = excluded.account_id",
	              "iii", id, stage, account_id))
		return derr_store(e, db, "invest: officer");
	snprintf(detail, sizeof(detail), "stage %lld → account %lld", (long long)stage,
	         (long long)account_id);
	if (audit_write(db, a, "invest.officer", "invest_project", id, detail, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "invest: commit");
}

int invest_upload(struct store *db, const struct actor *a, int64_t id, int64_t stage,
                  const char *filename, const void *data, size_t len, json_t **out, struct derr *e)
{
	if (svc_need_officer(a, e))
		return -1;
	if (stage < 0 || stage > INVEST_STAGES)
		return derr_set(e, DERR_INVALID, "stage", "阶段应为 1 到 7");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "invest: begin");
	json_t *p = store_row(db, "SELECT stage FROM invest_projects WHERE id = ?", "i", id);
	if (!p)
		return derr_store(e, db, "invest: find");
	if (json_is_null(p)) {
		json_decref(p);
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "项目不存在");
	}
	if (!stage)
		stage = svc_int(p, "stage");
	json_decref(p);
	if (service_file_record(db, a, "project", id, 0, (int)stage, filename, data, len, out, e)) {
		store_rollback(db);
		return -1;
	}
	if (audit_write(db, a, "invest.upload", "invest_project", id, filename, e) ||
	    store_commit(db) != STORE_OK) {
		json_decref(*out);
		*out = NULL;
		return e->kind ? -1 : derr_store(e, db, "invest: commit");
	}
	return 0;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

int invest_stats(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	json_t *board = NULL;
	if (invest_board(db, a, NULL, &board, e))
		return -1;
	json_t *rows = json_array();
	for (int s = 1; s <= INVEST_STAGES; s++) {
		VEC(int64_t) days = VEC_INIT;
		struct store_stmt *st =
		    store_query(db,
		                "SELECT days FROM invest_stage_history WHERE"
		                " stage = ? AND outcome IN ('advanced', 'signed')",
		                "i", (int64_t)s);
		int rc = st ? store_step(st) : STORE_ERROR;
		for (; rc == STORE_ROW; rc = store_step(st))
			if (VEC_PUSH(&days, store_column_int64(st, 0)))
				rc = STORE_ERROR;
		store_finalize(st);
		if (rc != STORE_DONE) {
			VEC_FREE(&days);
			json_decref(rows);
			json_decref(board);
			return derr_store(e, db, "invest: stats");
		}
		if (days.n)
			qsort(days.v, days.n, sizeof(int64_t), cmp_i64);
		json_t *col = json_array_get(json_object_get(board, "stages"), (size_t)s - 1);
		int64_t limit = svc_int(col, "limit_days"), over = 0, stalled = 0;
		for (size_t i = 0; i < days.n; i++)
			over += days.v[i] > limit;
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(col, "projects"), i, p) stalled +=
		    json_is_true(json_object_get(p, "stalled"));
		json_array_append_new(
		    rows,
		    json_pack(
		        "{s:i, s:s, s:I, s:I, s:o, s:o, s:I, s:I, s:I}", "stage", s, "name",
		        invest_stage_names[s], "limit_days", (json_int_t)limit, "done",
		        (json_int_t)days.n, "median_days",
		        days.n ? json_integer(invest_percentile(days.v, days.n, 50)) : json_null(),
		        "p90_days",
		        days.n ? json_integer(invest_percentile(days.v, days.n, 90)) : json_null(),
		        "over_limit", (json_int_t)over, "current",
		        (json_int_t)json_array_size(json_object_get(col, "projects")), "stalled",
		        (json_int_t)stalled));
		VEC_FREE(&days);
	}
	*out = json_pack("{s:o, s:O, s:O, s:O}", "stages", rows, "signed",
	                 json_object_get(board, "signed"), "dropped",
	                 json_object_get(board, "dropped"), "stalled",
	                 json_object_get(board, "stalled"));
	json_decref(board);
	return 0;
}

int invest_limits_set(struct store *db, const struct actor *a, json_t *limits, struct derr *e)
{
	size_t i;
	json_t *l;
	if (svc_need_officer(a, e))
		return -1;
	if (!json_array_size(limits))
		return derr_set(e, DERR_INVALID, "limits", "请给出各阶段的时限");
	json_array_foreach(limits, i, l)
	{
		int64_t s = svc_int(l, "stage"), d = svc_int(l, "limit_days");
		if (!json_is_integer(json_object_get(l, "stage")) || s < 1 || s > INVEST_STAGES ||
		    !json_is_integer(json_object_get(l, "limit_days")) || d < 1 || d > 365)
			return derr_setf(e, DERR_INVALID, "limits",
			                 "第 %zu 项应为 {stage: 1-7, limit_days: 1-365}", i + 1);
	}
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "invest: begin");
	json_array_foreach(
	    limits, i,
	    l) if (store_run(db, "UPDATE invest_stage_limits SET limit_days = ? WHERE stage = ?",
	                     "ii", svc_int(l, "limit_days"),
	                     svc_int(l, "stage"))) return derr_store(e, db, "invest: limit");
	char *detail = json_dumps(limits, JSON_COMPACT);
	int rc = audit_write(db, a, "invest.limits", "invest_stage_limits", 0, detail, e);
	free(detail);
	if (rc)
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "invest: commit");
}
