/*
 * Applications to policy rounds: the pre-check over platform data, 免申即享
 * candidates and grants, applying, review with the score sheet, objections
 * during the publicity, withdrawal and payments (state machine: policy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/policy.h"
#include "domain/servcal.h"
#include "domain/service_internal.h"

/* What the platform knows of enterprises, for the conditions; one org
 * (org_id > 0) or every active enterprise that has not applied to round. */
#define FACTS_SELECT                                                                               \
	"SELECT o.id, o.name, o.in_zone, o.industry_code, n.parent AS section, o.size,"            \
	" (SELECT COUNT(*) FROM applications x WHERE x.enterprise_id = o.id AND"                   \
	" x.status = 'accepted') AS hires FROM organizations o LEFT JOIN dict_industries n ON"     \
	" n.code = o.industry_code"

static json_t *check_row(json_t *conditions, json_t *org, int *ok)
{
	struct policy_facts f = {
	    .in_zone = (int)svc_int(org, "in_zone"),
	    .industry_code = json_string_value(json_object_get(org, "industry_code")),
	    .industry_section = json_string_value(json_object_get(org, "section")),
	    .size = json_string_value(json_object_get(org, "size")),
	    .vocational_hires = svc_int(org, "hires"),
	    .incubator = -1, /* the incubator (issue 11) plugs in here */
	};
	return policy_check(conditions, &f, ok);
}

/* The round's stage, dates and policy (conditions parsed); NULL with e. */
static json_t *round_policy(struct store *db, int64_t round_id, struct derr *e)
{
	json_t *r =
	    store_row(db,
	              "SELECT r.id, r.stage, r.opens_on, r.closes_on, p.id AS policy_id,"
	              " p.conditions, p.score_sheet, p.pass_score, p.max_amount,"
	              " p.no_application, p.title FROM policy_rounds r JOIN policy_policies p"
	              " ON p.id = r.policy_id WHERE r.id = ?",
	              "i", round_id);
	if (!r) {
		derr_store(e, db, "round: load");
		return NULL;
	}
	if (json_is_null(r)) {
		json_decref(r);
		derr_set(e, DERR_NOT_FOUND, NULL, "申报批次不存在");
		return NULL;
	}
	static const char *const cols[] = {"conditions", "score_sheet", NULL};
	for (int k = 0; cols[k]; k++) {
		json_t *v = json_loads(svc_str(r, cols[k]), 0, NULL);
		json_object_set_new(r, cols[k], v ? v : json_object());
	}
	return r;
}

int policy_precheck(struct store *db, const struct actor *a, int64_t round_id, int64_t org_id,
                    json_t **out, struct derr *e)
{
	int ok = 0;
	if (a->role == ROLE_ENTERPRISE)
		org_id = a->org_id;
	else if (svc_need_staff(a, e))
		return -1;
	json_t *r = round_policy(db, round_id, e);
	if (!r)
		return -1;
	if (!svc_staff(a) && !strcmp(svc_str(r, "stage"), "draft")) {
		json_decref(r);
		return derr_set(e, DERR_NOT_FOUND, NULL, "申报批次不存在");
	}
	json_t *org =
	    store_row(db, FACTS_SELECT " WHERE o.id = ? AND o.kind = 'enterprise'", "i", org_id);
	if (!org || json_is_null(org)) {
		json_decref(r);
		json_decref(org);
		return org ? derr_set(e, DERR_INVALID, "org_id", "企业不存在")
		           : derr_store(e, db, "precheck: org");
	}
	json_t *checks = check_row(json_object_get(r, "conditions"), org, &ok);
	*out = json_pack("{s:I, s:s, s:b, s:o}", "org_id", (json_int_t)org_id, "name",
	                 svc_str(org, "name"), "ok", ok, "checks", checks);
	json_decref(r);
	json_decref(org);
	return 0;
}

int policy_candidates(struct store *db, const struct actor *a, int64_t round_id, json_t **items,
                      struct derr *e)
{
	if (svc_need_staff(a, e))
		return -1;
	json_t *r = round_policy(db, round_id, e);
	if (!r)
		return -1;
	json_t *orgs =
	    store_rows(db,
	               FACTS_SELECT " WHERE o.kind = 'enterprise' AND o.status = 'active'"
	                            " AND NOT EXISTS (SELECT 1 FROM policy_applications p"
	                            " WHERE p.round_id = ? AND p.org_id = o.id AND"
	                            " p.status <> 'withdrawn') ORDER BY o.id",
	               "i", round_id);
	if (!orgs) {
		json_decref(r);
		return derr_store(e, db, "candidates");
	}
	*items = json_array();
	size_t i;
	json_t *org;
	json_array_foreach(orgs, i, org)
	{
		int ok = 0;
		json_t *checks = check_row(json_object_get(r, "conditions"), org, &ok);
		if (!ok) {
			json_decref(checks);
			continue;
		}
		int certain = 1;
		size_t k;
		json_t *c;
		json_array_foreach(checks, k, c) certain &= !json_is_null(json_object_get(c, "ok"));
		json_array_append_new(
		    *items, json_pack("{s:I, s:s, s:b, s:o}", "org_id", svc_int(org, "id"), "name",
		                      svc_str(org, "name"), "certain", certain, "checks", checks));
	}
	json_decref(orgs);
	json_decref(r);
	return 0;
}

/* Inserts an application after its pre-check; *id. */
static int insert_application(struct store *db, const struct actor *a, json_t *r, int64_t org_id,
                              const char *source, const char *status, int64_t amount,
                              const char *note, int64_t *id, struct derr *e)
{
	char today[11];
	int ok = 0;
	svc_day(servcal_today(), today);
	json_t *org = store_row(db,
	                        FACTS_SELECT " WHERE o.id = ? AND o.kind = 'enterprise' AND"
	                                     " o.status = 'active'",
	                        "i", org_id);
	if (!org)
		return derr_store(e, db, "apply: org");
	if (json_is_null(org)) {
		json_decref(org);
		store_rollback(db);
		return derr_setf(e, DERR_RULE, "org_id", "企业 %lld 不存在或未通过审核",
		                 (long long)org_id);
	}
	json_t *checks = check_row(json_object_get(r, "conditions"), org, &ok);
	if (!ok) {
		struct buf why = BUF_INIT;
		size_t i;
		json_t *c;
		json_array_foreach(checks, i, c) if (json_is_false(json_object_get(c, "ok")))
		    buf_addf(&why, "%s%s（要求 %s，实际 %s）", why.len ? "；" : "",
		             svc_str(c, "label"), svc_str(c, "required"), svc_str(c, "actual"));
		derr_setf(e, DERR_RULE, "precheck", "%s不符合申报条件：%s", svc_str(org, "name"),
		          why.data);
		buf_release(&why);
		json_decref(checks);
		json_decref(org);
		store_rollback(db);
		return -1;
	}
	json_decref(org);
	char *text = json_dumps(checks, JSON_COMPACT);
	json_decref(checks);
	int64_t now = now_seconds();
	int rc =
	    store_int64(db, id,
	                "INSERT INTO policy_applications (round_id, org_id, submitted_by, source,"
	                " status, amount_requested, note, precheck, precheck_ok, submitted_on,"
	                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"
	                " RETURNING id",
	                "iiIt"
	                "tittt"
	                "ii",
	                svc_int(r, "id"), org_id, a->id, source, status, amount, note ? note : "",
	                text, today, now, now);
	free(text);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "already_applied", "round_id", "本批次已申报");
	}
	return rc == STORE_ROW ? 0 : derr_store(e, db, "apply: insert");
}

int policy_apply(struct store *db, const struct actor *a, int64_t round_id, int64_t amount,
                 const char *note, int64_t *id, struct derr *e)
{
	char today[11];
	svc_day(servcal_today(), today);
	if (a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "由企业申报");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "apply: begin");
	json_t *r = round_policy(db, round_id, e);
	if (!r) {
		store_rollback(db);
		return -1;
	}
	const char *why = NULL;
	if (strcmp(svc_str(r, "stage"), "published"))
		why = strcmp(svc_str(r, "stage"), "draft") ? "本批次已截止" : NULL;
	else if (strcmp(today, svc_str(r, "opens_on")) < 0)
		why = "本批次尚未开始申报";
	else if (strcmp(today, svc_str(r, "closes_on")) > 0)
		why = "本批次已截止";
	int64_t max = svc_int(r, "max_amount");
	if (!strcmp(svc_str(r, "stage"), "draft")) {
		json_decref(r);
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "申报批次不存在");
	}
	if (why || amount < 0 || (max && amount > max)) {
		json_decref(r);
		store_rollback(db);
		return why ? derr_set(e, DERR_RULE, "round_id", why)
		           : derr_setf(e, DERR_INVALID, "amount", "申请金额应在 0 到 %lld 元之间",
		                       (long long)max);
	}
	int rc =
	    insert_application(db, a, r, a->org_id, "applied", "submitted", amount, note, id, e);
	json_decref(r);
	if (rc)
		return -1;
	if (audit_write(db, a, "policy.apply", "policy_application", *id, NULL, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "apply: commit");
}

int policy_grant(struct store *db, const struct actor *a, int64_t round_id, json_t *org_ids,
                 int64_t *granted, struct derr *e)
{
	size_t i;
	json_t *v;
	if (svc_need_officer(a, e))
		return -1;
	if (!json_array_size(org_ids))
		return derr_set(e, DERR_INVALID, "org_ids", "请选择企业");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "grant: begin");
	json_t *r = round_policy(db, round_id, e);
	if (!r) {
		store_rollback(db);
		return -1;
	}
	if (!svc_int(r, "no_application") || strcmp(svc_str(r, "stage"), "published")) {
		int free_policy = (int)svc_int(r, "no_application");
		json_decref(r);
		store_rollback(db);
		return derr_set(e, DERR_RULE, NULL,
		                free_policy ? "只有已发布、未公示的批次可以免申即享"
		                            : "该政策不是免申即享政策");
	}
	*granted = 0;
	json_array_foreach(org_ids, i, v)
	{
		int64_t id = 0;
		if (insert_application(db, a, r, json_integer_value(v), "granted", "passed",
		                       svc_int(r, "max_amount"), "免申即享", &id, e)) {
			json_decref(r);
			return -1;
		}
		(*granted)++;
	}
	json_decref(r);
	char detail[64];
	snprintf(detail, sizeof(detail), "%lld 家企业", (long long)*granted);
	if (audit_write(db, a, "policy.grant", "policy_round", round_id, detail, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "grant: commit");
}

#define APP_SELECT                                                                                 \
	"SELECT x.id, x.round_id, r.name AS round_name, p.title AS policy_title, x.org_id,"        \
	" o.name AS org_name, x.source, x.status, x.amount_requested, x.amount_approved, x.note,"  \
	" x.precheck, x.precheck_ok, x.scores, x.score_total, x.review_comment,"                   \
	" rv.display_name AS reviewed_by_name, x.reviewed_on, x.decided_on, x.decision_note,"      \
	" x.submitted_on, x.updated_at,"                                                           \
	" (SELECT COALESCE(SUM(y.amount), 0) FROM policy_payments y WHERE"                         \
	" y.application_id = x.id) AS paid_amount FROM policy_applications x"                      \
	" JOIN policy_rounds r ON r.id = x.round_id JOIN policy_policies p ON p.id = r.policy_id"  \
	" JOIN organizations o ON o.id = x.org_id LEFT JOIN accounts rv ON rv.id = x.reviewed_by"

static void shape_app(json_t *x)
{
	static const char *const cols[] = {"precheck", "scores", NULL};
	for (int k = 0; cols[k]; k++) {
		json_t *v = json_loads(svc_str(x, cols[k]), 0, NULL);
		json_object_set_new(x, cols[k], v ? v : json_null());
	}
	static const char *const b[] = {"precheck_ok", NULL};
	svc_booleans(x, b);
}

int policy_applications(struct store *db, const struct actor *a, int64_t round_id,
                        const char *status, int64_t page, int64_t size, json_t **items,
                        int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT, sql = BUF_INIT, count_sql = BUF_INIT;
	struct store_args args = {0};
	if (a->role != ROLE_ENTERPRISE && svc_need_staff(a, e))
		return -1;
	buf_adds(&w, " WHERE 1 = 1");
	if (a->role == ROLE_ENTERPRISE) {
		buf_adds(&w, " AND x.org_id = ?");
		store_args_int(&args, a->org_id);
	}
	if (round_id) {
		buf_adds(&w, " AND x.round_id = ?");
		store_args_int(&args, round_id);
	}
	if (status) {
		buf_adds(&w, " AND x.status = ?");
		store_args_text(&args, status);
	}
	buf_addf(&count_sql, "SELECT COUNT(*) FROM policy_applications x%s", w.data);
	buf_addf(&sql, APP_SELECT "%s ORDER BY x.id DESC LIMIT ? OFFSET ?", w.data);
	int rc = buf_failed(&sql) ? derr_internal(e, "applications: out of memory")
	                          : svc_page(db, count_sql.data, sql.data, &args, page, size, items,
	                                     total, "applications", e);
	buf_release(&w);
	buf_release(&sql);
	buf_release(&count_sql);
	if (rc)
		return -1;
	size_t i;
	json_t *x;
	json_array_foreach(*items, i, x) shape_app(x);
	return 0;
}

int policy_application(struct store *db, const struct actor *a, int64_t id, json_t **out,
                       struct derr *e)
{
	json_t *x = store_row(db, APP_SELECT " WHERE x.id = ?", "i", id);
	if (!x)
		return derr_store(e, db, "application");
	if (json_is_null(x) ||
	    (!svc_staff(a) && !(a->role == ROLE_ENTERPRISE && svc_int(x, "org_id") == a->org_id))) {
		json_decref(x);
		return derr_set(e, DERR_NOT_FOUND, NULL, "申报不存在");
	}
	shape_app(x);
	json_t *pays = store_rows(db,
	                          "SELECT id, amount, paid_on, voucher, at FROM policy_payments"
	                          " WHERE application_id = ? ORDER BY id",
	                          "i", id);
	if (!pays) {
		json_decref(x);
		return derr_store(e, db, "application: payments");
	}
	json_object_set_new(x, "payments", pays);
	*out = x;
	return 0;
}

/* Loads an application (with its round's stage and policy) for a step. */
static json_t *load_app(struct store *db, int64_t id, struct derr *e)
{
	json_t *x = store_row(db,
	                      "SELECT x.status, x.org_id, x.round_id, x.precheck_ok,"
	                      " x.amount_requested, x.amount_approved, r.stage, p.score_sheet,"
	                      " p.pass_score, p.max_amount FROM policy_applications x"
	                      " JOIN policy_rounds r ON r.id = x.round_id JOIN policy_policies p ON"
	                      " p.id = r.policy_id WHERE x.id = ?",
	                      "i", id);
	if (!x) {
		derr_store(e, db, "application: load");
		return NULL;
	}
	if (json_is_null(x)) {
		json_decref(x);
		store_rollback(db);
		derr_set(e, DERR_NOT_FOUND, NULL, "申报不存在");
		return NULL;
	}
	return x;
}

static int step_done(struct store *db, const struct actor *a, const char *action, int64_t id,
                     const char *detail, struct derr *e)
{
	if (audit_write(db, a, action, "policy_application", id, detail, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "application: commit");
}

int policy_review(struct store *db, const struct actor *a, int64_t id, json_t *scores,
                  const char *comment, int64_t amount, struct derr *e)
{
	char today[11], detail[64];
	svc_day(servcal_today(), today);
	if (svc_need_officer(a, e))
		return -1;
	if (!json_is_object(scores))
		return derr_set(e, DERR_INVALID, "scores", "评分应为 {评分项: 分数}");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "review: begin");
	json_t *x = load_app(db, id, e);
	if (!x)
		return -1;
	const char *st = svc_str(x, "status");
	if ((strcmp(st, "submitted") && strcmp(st, "passed") && strcmp(st, "failed")) ||
	    strcmp(svc_str(x, "stage"), "published")) {
		json_decref(x);
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "wrong_state", NULL, "公示开始后不能再评审");
	}
	json_t *sheet = json_loads(svc_str(x, "score_sheet"), 0, NULL);
	int64_t total = 0, pass = svc_int(x, "pass_score"), max = svc_int(x, "max_amount");
	size_t i;
	json_t *row;
	int rc = 0;
	json_array_foreach(sheet, i, row)
	{
		json_t *v = json_object_get(scores, svc_str(row, "key"));
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > svc_int(row, "max")) {
			rc = derr_setf(e, DERR_INVALID, "scores", "“%s”应评 0 到 %lld 分",
			               svc_str(row, "name"), (long long)svc_int(row, "max"));
			break;
		}
		total += json_integer_value(v);
	}
	if (!rc && json_object_size(scores) != json_array_size(sheet))
		rc = derr_set(e, DERR_INVALID, "scores", "评分项与评分表不一致");
	if (amount < 0)
		amount = svc_int(x, "amount_requested");
	if (!rc && max && amount > max)
		rc = derr_setf(e, DERR_INVALID, "amount", "核定金额不能超过 %lld 元",
		               (long long)max);
	int passed = total >= pass && svc_int(x, "precheck_ok");
	json_decref(sheet);
	json_decref(x);
	if (rc) {
		store_rollback(db);
		return -1;
	}
	char *text = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
	rc = store_run(db,
	               "UPDATE policy_applications SET status = ?, scores = ?, score_total = ?,"
	               " review_comment = ?, reviewed_by = ?, reviewed_on = ?, amount_approved = ?,"
	               " updated_at = ? WHERE id = ?",
	               "ttit"
	               "itiii",
	               passed ? "passed" : "failed", text, total, comment ? comment : "", a->id,
	               today, passed ? amount : (int64_t)0, now_seconds(), id);
	free(text);
	if (rc)
		return derr_store(e, db, "review: update");
	snprintf(detail, sizeof(detail), "%lld 分，%s", (long long)total,
	         passed ? "通过" : "未通过");
	return step_done(db, a, "policy.review", id, detail, e);
}

int policy_object(struct store *db, const struct actor *a, int64_t id, const char *note,
                  struct derr *e)
{
	char today[11];
	svc_day(servcal_today(), today);
	if (svc_need_officer(a, e))
		return -1;
	if (!note || !*note)
		return derr_set(e, DERR_INVALID, "note", "请写明异议核实的情况");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "object: begin");
	json_t *x = load_app(db, id, e);
	if (!x)
		return -1;
	int ok = !strcmp(svc_str(x, "status"), "publicity");
	json_decref(x);
	if (!ok) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "wrong_state", NULL,
		                 "只有公示中的申报可以因异议取消");
	}
	if (store_run(db,
	              "UPDATE policy_applications SET status = 'rejected', decided_on = ?,"
	              " decision_note = ?, amount_approved = 0, updated_at = ? WHERE id = ?",
	              "ttii", today, note, now_seconds(), id))
		return derr_store(e, db, "object: update");
	return step_done(db, a, "policy.object", id, note, e);
}

int policy_withdraw(struct store *db, const struct actor *a, int64_t id, struct derr *e)
{
	if (a->role != ROLE_ENTERPRISE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "由申报企业撤回");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "withdraw: begin");
	json_t *x = load_app(db, id, e);
	if (!x)
		return -1;
	int mine = svc_int(x, "org_id") == a->org_id;
	int ok = !strcmp(svc_str(x, "status"), "submitted");
	json_decref(x);
	if (!mine) {
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "申报不存在");
	}
	if (!ok) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "wrong_state", NULL, "已进入评审，不能撤回");
	}
	if (store_run(
	        db,
	        "UPDATE policy_applications SET status = 'withdrawn', updated_at = ? WHERE id = ?",
	        "ii", now_seconds(), id))
		return derr_store(e, db, "withdraw: update");
	return step_done(db, a, "policy.withdraw", id, NULL, e);
}

int policy_pay(struct store *db, const struct actor *a, int64_t id, int64_t amount, int32_t paid_on,
               const char *voucher, struct derr *e)
{
	char d[11], detail[80];
	int64_t paid = 0;
	if (svc_need_officer(a, e))
		return -1;
	if (amount <= 0)
		return derr_set(e, DERR_INVALID, "amount", "拨付金额应大于 0");
	if (!voucher || !*voucher)
		return derr_set(e, DERR_INVALID, "voucher", "请填写拨付凭证号");
	int32_t day = svc_step_day(a, paid_on, 0, e);
	if (!day)
		return -1;
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "pay: begin");
	json_t *x = load_app(db, id, e);
	if (!x)
		return -1;
	int approved = !strcmp(svc_str(x, "status"), "approved");
	int64_t cap = svc_int(x, "amount_approved");
	json_decref(x);
	if (!approved) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "wrong_state", NULL,
		                 "公示结束、确认通过后才能拨付");
	}
	if (store_int64(db, &paid,
	                "SELECT COALESCE(SUM(amount), 0) FROM policy_payments WHERE"
	                " application_id = ?",
	                "i", id) != STORE_ROW)
		return derr_store(e, db, "pay: sum");
	if (paid + amount > cap) {
		store_rollback(db);
		return derr_setf(e, DERR_RULE, "amount",
		                 "累计拨付不能超过核定金额 %lld 元（已拨付 %lld 元）",
		                 (long long)cap, (long long)paid);
	}
	if (store_run(db,
	              "INSERT INTO policy_payments (application_id, amount, paid_on, voucher,"
	              " recorded_by, at) VALUES (?, ?, ?, ?, ?, ?)",
	              "iitt"
	              "ii",
	              id, amount, svc_day(day, d), voucher, a->id, now_seconds()))
		return derr_store(e, db, "pay: insert");
	snprintf(detail, sizeof(detail), "%lld 元，凭证 %.40s", (long long)amount, voucher);
	return step_done(db, a, "policy.pay", id, detail, e);
}
