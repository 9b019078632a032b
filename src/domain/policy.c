/* Policies and their rounds (政策申报); the state machines open policy.h. */
#include "domain/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/servcal.h"
#include "domain/service_clock.h"
#include "domain/service_internal.h"

static int commit_audited(struct store *db, const struct actor *a, const char *action,
                          const char *type, int64_t id, const char *detail, struct derr *e)
{
	if (audit_write(db, a, action, type, id, detail, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "policy: commit");
}

static int not_found(struct store *db, struct derr *e, const char *what)
{
	store_rollback(db);
	return derr_set(e, DERR_NOT_FOUND, NULL, what);
}

static int conflict(struct store *db, struct derr *e, const char *msg)
{
	store_rollback(db);
	return derr_code(e, DERR_CONFLICT, "wrong_state", NULL, msg);
}

/* ---- policies ---- */

static int sheet_valid(json_t *sheet, struct derr *e)
{
	size_t i;
	json_t *r;
	if (!json_is_array(sheet) || !json_array_size(sheet) || json_array_size(sheet) > 20)
		return derr_set(e, DERR_INVALID, "score_sheet", "评分表应有 1 到 20 项");
	json_array_foreach(sheet, i, r)
	{
		const char *key = json_string_value(json_object_get(r, "key"));
		const char *name = json_string_value(json_object_get(r, "name"));
		json_t *max = json_object_get(r, "max");
		if (!key || !*key || strlen(key) > 32 || !name || !*name || strlen(name) > 120 ||
		    !json_is_integer(max) || json_integer_value(max) < 1 ||
		    json_integer_value(max) > 100)
			return derr_setf(e, DERR_INVALID, "score_sheet",
			                 "评分表第 %zu 项应有编号（key）、名称和 1 到 100 的满分",
			                 i + 1);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(svc_str(json_array_get(sheet, k), "key"), key))
				return derr_setf(e, DERR_INVALID, "score_sheet", "评分项 %s 重复",
				                 key);
	}
	return 0;
}

int policy_save(struct store *db, const struct actor *a, int64_t id, const struct policy_input *in,
                int64_t *out_id, struct derr *e)
{
	int64_t now = now_seconds();
	if (svc_need_officer(a, e))
		return -1;
	if (!id && !in->title)
		return derr_set(e, DERR_INVALID, "title", "请填写政策名称");
	if (!id && !in->score_sheet)
		return derr_set(e, DERR_INVALID, "score_sheet", "请给出评分表");
	if (in->conditions && policy_conditions_valid(in->conditions, e))
		return -1;
	if (in->score_sheet && sheet_valid(in->score_sheet, e))
		return -1;
	if (in->pass_score != -1 && (in->pass_score < 0 || in->pass_score > 2000))
		return derr_set(e, DERR_INVALID, "pass_score", "通过分数应在 0 到 2000 之间");
	if (in->max_amount != -1 && (in->max_amount < 0 || in->max_amount > 1000000000))
		return derr_set(e, DERR_INVALID, "max_amount", "最高金额应在 0 到 10 亿元之间");
	char *cond = in->conditions ? json_dumps(in->conditions, JSON_COMPACT) : NULL;
	char *sheet = in->score_sheet ? json_dumps(in->score_sheet, JSON_COMPACT) : NULL;
	int rc;
	if (store_begin(db) != STORE_OK) {
		free(cond);
		free(sheet);
		return derr_store(e, db, "policy: begin");
	}
	if (id)
		rc = store_run(
		    db,
		    "UPDATE policy_policies SET title = COALESCE(?, title), summary ="
		    " COALESCE(?, summary), department_id = COALESCE(?, department_id),"
		    " conditions = COALESCE(?, conditions), score_sheet = COALESCE(?,"
		    " score_sheet), pass_score = CASE WHEN ? < 0 THEN pass_score ELSE ? END,"
		    " max_amount = CASE WHEN ? < 0 THEN max_amount ELSE ? END,"
		    " no_application = CASE WHEN ? < 0 THEN no_application ELSE ? END,"
		    " updated_at = ? WHERE id = ?",
		    "ttIt"
		    "tiiii"
		    "iiii",
		    in->title, in->summary, in->department_id, cond, sheet, in->pass_score,
		    in->pass_score, in->max_amount, in->max_amount, (int64_t)in->no_application,
		    (int64_t)in->no_application, now, id);
	else
		rc =
		    store_int64(db, &id,
		                "INSERT INTO policy_policies (title, summary, department_id,"
		                " conditions, score_sheet, pass_score, max_amount, no_application,"
		                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		                " RETURNING id",
		                "ttIt"
		                "tiii"
		                "ii",
		                in->title, in->summary ? in->summary : "", in->department_id,
		                cond ? cond : "{}", sheet, in->pass_score < 0 ? 60 : in->pass_score,
		                in->max_amount < 0 ? 0 : in->max_amount,
		                (int64_t)(in->no_application > 0), now, now) == STORE_ROW
		        ? STORE_OK
		        : STORE_ERROR;
	free(cond);
	free(sheet);
	if (rc)
		return derr_store(e, db, "policy: write");
	int64_t n = 0;
	if (store_int64(db, &n, "SELECT COUNT(*) FROM policy_policies WHERE id = ?", "i", id) !=
	    STORE_ROW)
		return derr_store(e, db, "policy: find");
	if (!n)
		return not_found(db, e, "政策不存在");
	*out_id = id;
	return commit_audited(db, a, "policy.save", "policy", id, in->title, e);
}

/* Parses the JSON text columns of a policy row. */
static void shape_policy(json_t *p)
{
	static const char *const cols[] = {"conditions", "score_sheet", NULL};
	for (int k = 0; cols[k]; k++) {
		json_t *v = json_loads(svc_str(p, cols[k]), 0, NULL);
		json_object_set_new(p, cols[k], v ? v : json_null());
	}
	static const char *const b[] = {"no_application", NULL};
	svc_booleans(p, b);
}

#define POLICY_SELECT                                                                              \
	"SELECT p.id, p.title, p.summary, p.department_id, d.name AS department_name,"             \
	" p.conditions, p.score_sheet, p.pass_score, p.max_amount, p.no_application,"              \
	" p.created_at, p.updated_at FROM policy_policies p LEFT JOIN service_departments d ON"    \
	" d.id = p.department_id"

int policy_list(struct store *db, const struct actor *a, json_t **items, struct derr *e)
{
	*items = store_rows(db, POLICY_SELECT " ORDER BY p.id DESC", "");
	if (!*items)
		return derr_store(e, db, "policies");
	size_t i;
	json_t *p;
	json_array_foreach(*items, i, p) shape_policy(p);
	return 0;
}

int policy_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	json_t *p = store_row(db, POLICY_SELECT " WHERE p.id = ?", "i", id);
	if (!p)
		return derr_store(e, db, "policy");
	if (json_is_null(p)) {
		json_decref(p);
		return derr_set(e, DERR_NOT_FOUND, NULL, "政策不存在");
	}
	shape_policy(p);
	*out = p;
	return 0;
}

/* ---- rounds ---- */

int policy_round_save(struct store *db, const struct actor *a, int64_t id,
                      const struct round_input *in, int64_t *out_id, struct derr *e)
{
	char o[11], c[11];
	int64_t now = now_seconds(), n = 0;
	if (svc_need_officer(a, e))
		return -1;
	if (!id && (!in->policy_id || !in->name || !in->opens_on || !in->closes_on))
		return derr_set(e, DERR_INVALID,
		                !in->policy_id  ? "policy_id"
		                : !in->name     ? "name"
		                : !in->opens_on ? "opens_on"
		                                : "closes_on",
		                "请填写必填项");
	if (in->publicity_days != -1 && (in->publicity_days < 1 || in->publicity_days > 30))
		return derr_set(e, DERR_INVALID, "publicity_days", "公示期应为 1 到 30 个工作日");
	if (in->budget != -1 && (in->budget < 0 || in->budget > 100000000000))
		return derr_set(e, DERR_INVALID, "budget", "预算金额不对");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "round: begin");
	if (id) {
		json_t *r = store_row(
		    db, "SELECT stage, opens_on, closes_on FROM policy_rounds WHERE id = ?", "i",
		    id);
		if (!r)
			return derr_store(e, db, "round: find");
		if (json_is_null(r)) {
			json_decref(r);
			return not_found(db, e, "申报批次不存在");
		}
		int32_t opens = in->opens_on ? in->opens_on : svc_parse_day(svc_str(r, "opens_on"));
		int32_t closes =
		    in->closes_on ? in->closes_on : svc_parse_day(svc_str(r, "closes_on"));
		int editable = !strcmp(svc_str(r, "stage"), "draft") ||
		               !strcmp(svc_str(r, "stage"), "published");
		json_decref(r);
		if (!editable)
			return conflict(db, e, "公示开始后不能再修改批次");
		if (closes < opens) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "closes_on", "截止日期不能早于开始日期");
		}
		if (store_run(
		        db,
		        "UPDATE policy_rounds SET name = COALESCE(?, name), opens_on = ?,"
		        " closes_on = ?, publicity_days = CASE WHEN ? < 0 THEN publicity_days ELSE"
		        " ? END, budget = CASE WHEN ? < 0 THEN budget ELSE ? END, updated_at = ?"
		        " WHERE id = ?",
		        "ttti"
		        "iiiii",
		        in->name, svc_day(opens, o), svc_day(closes, c), in->publicity_days,
		        in->publicity_days, in->budget, in->budget, now, id))
			return derr_store(e, db, "round: update");
	} else {
		if (in->closes_on < in->opens_on) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "closes_on", "截止日期不能早于开始日期");
		}
		if (store_int64(db, &n, "SELECT COUNT(*) FROM policy_policies WHERE id = ?", "i",
		                in->policy_id) != STORE_ROW)
			return derr_store(e, db, "round: policy");
		if (!n) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "policy_id", "政策不存在");
		}
		if (store_int64(db, &id,
		                "INSERT INTO policy_rounds (policy_id, name, opens_on, closes_on,"
		                " publicity_days, budget, created_at, updated_at)"
		                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		                "ittt"
		                "iiii",
		                in->policy_id, in->name, svc_day(in->opens_on, o),
		                svc_day(in->closes_on, c),
		                in->publicity_days < 0 ? 5 : in->publicity_days,
		                in->budget < 0 ? 0 : in->budget, now, now) != STORE_ROW)
			return derr_store(e, db, "round: insert");
	}
	*out_id = id;
	return commit_audited(db, a, "policy.round_save", "policy_round", id, in->name, e);
}

/* The phase of a round on today (policy.h). */
static const char *phase(json_t *r, const char *today)
{
	const char *stage = svc_str(r, "stage");
	if (strcmp(stage, "published"))
		return stage;
	if (strcmp(today, svc_str(r, "opens_on")) < 0)
		return "upcoming";
	return strcmp(today, svc_str(r, "closes_on")) <= 0 ? "open" : "closed";
}

#define ROUND_SELECT                                                                               \
	"SELECT r.id, r.policy_id, p.title AS policy_title, p.no_application, r.name, r.opens_on," \
	" r.closes_on, r.publicity_days, r.budget, r.stage, r.publicity_from, r.publicity_to,"     \
	" r.created_at, (SELECT COUNT(*) FROM policy_applications x WHERE x.round_id = r.id AND"   \
	" x.status <> 'withdrawn') AS applications FROM policy_rounds r JOIN policy_policies p ON" \
	" p.id = r.policy_id"

int policy_rounds(struct store *db, const struct actor *a, json_t **items, struct derr *e)
{
	char today[11];
	svc_day(servcal_today(), today);
	*items = store_rows(db,
	                    svc_staff(a) ? ROUND_SELECT " ORDER BY r.opens_on DESC, r.id DESC"
	                                 : ROUND_SELECT " WHERE r.stage <> 'draft' ORDER BY"
	                                                " r.opens_on DESC, r.id DESC",
	                    "");
	if (!*items)
		return derr_store(e, db, "rounds");
	size_t i;
	json_t *r;
	json_array_foreach(*items, i, r)
	{
		json_object_set_new(r, "phase", json_string(phase(r, today)));
		static const char *const b[] = {"no_application", NULL};
		svc_booleans(r, b);
		if (a->role == ROLE_ENTERPRISE) {
			json_t *mine = store_row(db,
			                         "SELECT id, status, score_total, amount_requested,"
			                         " amount_approved FROM policy_applications WHERE"
			                         " round_id = ? AND org_id = ?",
			                         "ii", svc_int(r, "id"), a->org_id);
			json_object_set_new(r, "mine", mine ? mine : json_null());
		}
	}
	return 0;
}

/* Counts and rates of one round (policy_round_stats' row). */
static json_t *round_figures(struct store *db, int64_t round_id)
{
	json_t *f = store_row(
	    db,
	    "SELECT COUNT(*) AS applied,"
	    " SUM(CASE WHEN precheck_ok = 1 THEN 1 ELSE 0 END) AS prechecked,"
	    " SUM(CASE WHEN score_total IS NOT NULL THEN 1 ELSE 0 END) AS reviewed,"
	    " SUM(CASE WHEN status IN ('passed', 'publicity', 'approved') THEN 1 ELSE 0 END)"
	    " AS passed,"
	    " SUM(CASE WHEN status = 'approved' THEN 1 ELSE 0 END) AS approved,"
	    " SUM(CASE WHEN status IN ('failed', 'rejected') THEN 1 ELSE 0 END) AS rejected,"
	    " SUM(CASE WHEN source = 'granted' THEN 1 ELSE 0 END) AS granted,"
	    " (SELECT COUNT(DISTINCT y.application_id) FROM policy_payments y JOIN"
	    " policy_applications z ON z.id = y.application_id WHERE z.round_id = ?) AS paid,"
	    " (SELECT COALESCE(SUM(y.amount), 0) FROM policy_payments y JOIN policy_applications z"
	    " ON z.id = y.application_id WHERE z.round_id = ?) AS paid_amount"
	    " FROM policy_applications WHERE round_id = ? AND status <> 'withdrawn'",
	    "iii", round_id, round_id, round_id);
	if (!f)
		return NULL;
	static const char *const keys[] = {"applied",  "prechecked", "reviewed", "passed",
	                                   "approved", "rejected",   "granted",  NULL};
	for (int k = 0; keys[k]; k++)
		json_object_set_new(f, keys[k], json_integer(svc_int(f, keys[k])));
	int64_t reviewed = svc_int(f, "reviewed"), applied = svc_int(f, "applied");
	json_object_set_new(
	    f, "review_pass_rate",
	    reviewed ? json_real(
	                   (double)(int64_t)((double)svc_int(f, "passed") / reviewed * 1000 + 0.5) /
	                   1000)
	             : json_null());
	json_object_set_new(
	    f, "approval_rate",
	    applied ? json_real(
	                  (double)(int64_t)((double)svc_int(f, "approved") / applied * 1000 + 0.5) /
	                  1000)
	            : json_null());
	return f;
}

int policy_round(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	char today[11];
	svc_day(servcal_today(), today);
	json_t *r = store_row(db, ROUND_SELECT " WHERE r.id = ?", "i", id);
	if (!r)
		return derr_store(e, db, "round");
	if (json_is_null(r) || (!svc_staff(a) && !strcmp(svc_str(r, "stage"), "draft"))) {
		json_decref(r);
		return derr_set(e, DERR_NOT_FOUND, NULL, "申报批次不存在");
	}
	json_object_set_new(r, "phase", json_string(phase(r, today)));
	json_t *policy = NULL;
	if (policy_get(db, a, svc_int(r, "policy_id"), &policy, e)) {
		json_decref(r);
		return -1;
	}
	json_object_set_new(r, "policy", policy);
	static const char *const b[] = {"no_application", NULL};
	svc_booleans(r, b);
	if (svc_staff(a)) {
		json_t *f = round_figures(db, id);
		if (!f) {
			json_decref(r);
			return derr_store(e, db, "round: figures");
		}
		json_object_set_new(r, "figures", f);
	}
	*out = r;
	return 0;
}

int policy_round_stats(struct store *db, const struct actor *a, json_t **items, struct derr *e)
{
	if (svc_need_staff(a, e) || policy_rounds(db, a, items, e))
		return -1;
	size_t i;
	json_t *r;
	json_array_foreach(*items, i, r)
	{
		json_t *f = round_figures(db, svc_int(r, "id"));
		if (!f) {
			json_decref(*items);
			*items = NULL;
			return derr_store(e, db, "round stats");
		}
		json_object_update(r, f);
		json_decref(f);
	}
	return 0;
}

int policy_round_step(struct store *db, const struct actor *a, int64_t id, const char *step,
                      int32_t on, struct derr *e)
{
	char today[11], to[11], from[11];
	int32_t t = servcal_today();
	svc_day(t, today);
	if (svc_need_officer(a, e))
		return -1;
	if (!step ||
	    (strcmp(step, "publish") && strcmp(step, "publicity") && strcmp(step, "finalize")))
		return derr_set(e, DERR_INVALID, "step", "操作应为 publish、publicity 或 finalize");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "round: begin");
	json_t *r = store_row(db,
	                      "SELECT stage, opens_on, closes_on, publicity_days, publicity_to FROM"
	                      " policy_rounds WHERE id = ?",
	                      "i", id);
	if (!r)
		return derr_store(e, db, "round: load");
	if (json_is_null(r)) {
		json_decref(r);
		return not_found(db, e, "申报批次不存在");
	}
	char stage[16], closes[11], pub_to[11];
	snprintf(stage, sizeof(stage), "%s", svc_str(r, "stage"));
	snprintf(closes, sizeof(closes), "%s", svc_str(r, "closes_on"));
	snprintf(pub_to, sizeof(pub_to), "%s", svc_str(r, "publicity_to"));
	int64_t days = svc_int(r, "publicity_days"), n = 0;
	json_decref(r);
	int rc;
	if (!strcmp(step, "publish")) {
		if (strcmp(stage, "draft"))
			return conflict(db, e, "批次已发布");
		rc = store_run(
		    db, "UPDATE policy_rounds SET stage = 'published', updated_at = ? WHERE id = ?",
		    "ii", now_seconds(), id);
	} else if (!strcmp(step, "publicity")) {
		if (strcmp(stage, "published"))
			return conflict(db, e, "只有已发布的批次可以公示");
		if (strcmp(today, closes) <= 0)
			return conflict(db, e, "申报截止后才能公示");
		int32_t start = svc_step_day(a, on, svc_parse_day(closes) + 1, e);
		if (!start) {
			store_rollback(db);
			return -1;
		}
		if (store_int64(db, &n,
		                "SELECT COUNT(*) FROM policy_applications WHERE round_id = ? AND"
		                " status = 'submitted'",
		                "i", id) != STORE_ROW)
			return derr_store(e, db, "round: pending");
		if (n) {
			store_rollback(db);
			return derr_setf(e, DERR_RULE, NULL, "还有 %lld 份申报未评审",
			                 (long long)n);
		}
		const struct workcal *cal = servcal_acquire(db, e);
		if (!cal) {
			store_rollback(db);
			return -1;
		}
		svc_day(service_due(cal, start, (int)days, NULL), to);
		servcal_release(cal);
		rc = store_run(db,
		               "UPDATE policy_rounds SET stage = 'publicity', publicity_from = ?,"
		               " publicity_to = ?, updated_at = ? WHERE id = ?",
		               "ttii", svc_day(start, from), to, now_seconds(), id) ||
		     store_run(db,
		               "UPDATE policy_applications SET status = 'publicity', updated_at = ?"
		               " WHERE round_id = ? AND status = 'passed'",
		               "ii", now_seconds(), id);
	} else {
		if (strcmp(stage, "publicity"))
			return conflict(db, e, "只有公示中的批次可以确认结果");
		if (strcmp(today, pub_to) <= 0) {
			store_rollback(db);
			return derr_setf(e, DERR_RULE, NULL, "公示期到 %s 结束，之后才能确认结果",
			                 pub_to);
		}
		rc = store_run(
		         db, "UPDATE policy_rounds SET stage = 'done', updated_at = ? WHERE id = ?",
		         "ii", now_seconds(), id) ||
		     store_run(db,
		               "UPDATE policy_applications SET status = 'approved', decided_on = ?,"
		               " updated_at = ? WHERE round_id = ? AND status = 'publicity'",
		               "tii", today, now_seconds(), id);
	}
	if (rc)
		return derr_store(e, db, "round: step");
	return commit_audited(db, a, "policy.round_step", "policy_round", id, step, e);
}
