/* Policy rounds (政策申报): policies, rounds, pre-checks, applications, payments. */
#include <string.h>

#include "api/api_services.h"
#include "domain/policy.h"

void api_svc_policies(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	int rc = policy_list(c->db, &c->actor, &items, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "items", items), &e);
}

static void reply_policy(struct api_ctx *c, int64_t id, int status)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = policy_get(c->db, &c->actor, id, &out, &e);
	api_reply_result(c, rc, status, rc ? NULL : json_pack("{s:o}", "policy", out), &e);
}

void api_svc_policy(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		reply_policy(c, id, 200);
}

static const char *const policy_fields[] = {"title",      "summary",        "department_id",
                                            "conditions", "score_sheet",    "pass_score",
                                            "max_amount", "no_application", NULL};

static void policy_save_handler(struct api_ctx *c, int64_t id)
{
	struct policy_input in = {.pass_score = -1, .max_amount = -1, .no_application = -1};
	int64_t out = 0;
	struct derr e = {0};
	int create = !id;
	api_only_fields(c, policy_fields);
	in.title = api_str(c, "title", create, 1, 100);
	in.summary = api_text(c, "summary", API_OPTIONAL, 0, 4000);
	api_int_in(c, "department_id", API_OPTIONAL, 1, INT64_MAX, &in.department_id);
	api_int_in(c, "pass_score", API_OPTIONAL, 0, 2000, &in.pass_score);
	api_int_in(c, "max_amount", API_OPTIONAL, 0, 1000000000, &in.max_amount);
	in.conditions = json_object_get(c->body, "conditions");
	in.score_sheet = json_object_get(c->body, "score_sheet");
	json_t *noapp = json_object_get(c->body, "no_application");
	if (!api_failed(c) && noapp && !json_is_boolean(noapp))
		api_fail(c, 400, "invalid", "no_application", "no_application 应为 true 或 false");
	in.no_application = noapp ? json_is_true(noapp) : create ? 0 : -1;
	if (api_failed(c))
		return;
	if (policy_save(c->db, &c->actor, id, &in, &out, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_policy(c, out, create ? 201 : 200);
}

void api_svc_policy_create(struct api_ctx *c)
{
	policy_save_handler(c, 0);
}

void api_svc_policy_update(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		policy_save_handler(c, id);
}

void api_svc_rounds(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	int rc = policy_rounds(c->db, &c->actor, &items, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "items", items), &e);
}

static void reply_round(struct api_ctx *c, int64_t id, int status)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = policy_round(c->db, &c->actor, id, &out, &e);
	api_reply_result(c, rc, status, rc ? NULL : json_pack("{s:o}", "round", out), &e);
}

void api_svc_round(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		reply_round(c, id, 200);
}

static const char *const round_fields[] = {"policy_id",      "name",   "opens_on", "closes_on",
                                           "publicity_days", "budget", NULL};

static void round_save(struct api_ctx *c, int64_t id)
{
	struct round_input in = {.publicity_days = -1, .budget = -1};
	int64_t out = 0;
	struct derr e = {0};
	int create = !id;
	api_only_fields(c, round_fields);
	api_int_in(c, "policy_id", create, 1, INT64_MAX, &in.policy_id);
	if (!create && json_object_get(c->body, "policy_id"))
		api_fail(c, 400, "unknown_field", "policy_id", "批次所属的政策不能修改");
	in.name = api_str(c, "name", create, 1, 100);
	in.opens_on = api_day(c, "opens_on", create);
	in.closes_on = api_day(c, "closes_on", create);
	api_int_in(c, "publicity_days", API_OPTIONAL, 1, 30, &in.publicity_days);
	api_int_in(c, "budget", API_OPTIONAL, 0, 100000000000, &in.budget);
	if (api_failed(c))
		return;
	if (policy_round_save(c->db, &c->actor, id, &in, &out, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_round(c, out, create ? 201 : 200);
}

void api_svc_round_create(struct api_ctx *c)
{
	round_save(c, 0);
}

void api_svc_round_update(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		round_save(c, id);
}

static const char *const step_fields[] = {"step", "on", NULL};

void api_svc_round_step(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, step_fields))
		return;
	const char *step = api_str(c, "step", API_REQUIRED, 1, 16);
	int32_t on = api_day(c, "on", API_OPTIONAL);
	if (api_failed(c))
		return;
	if (policy_round_step(c->db, &c->actor, id, step, on, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_round(c, id, 200);
}

void api_svc_round_stats(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	int rc = policy_round_stats(c->db, &c->actor, &items, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "items", items), &e);
}

void api_svc_round_precheck(struct api_ctx *c)
{
	int64_t id;
	json_t *out = NULL;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	int64_t org = api_query_int(c, "org_id", 0, 1, INT64_MAX);
	if (!api_failed(c) && c->actor.role != ROLE_ENTERPRISE && !org)
		api_fail(c, 400, "missing", "org_id", "请给出企业 org_id");
	if (api_failed(c))
		return;
	int rc = policy_precheck(c->db, &c->actor, id, org, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}

void api_svc_round_candidates(struct api_ctx *c)
{
	int64_t id;
	json_t *items = NULL;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	int rc = policy_candidates(c->db, &c->actor, id, &items, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "items", items), &e);
}

static const char *const grant_fields[] = {"org_ids", NULL};

void api_svc_round_grant(struct api_ctx *c)
{
	int64_t id, granted = 0;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, grant_fields))
		return;
	json_t *orgs = api_int_array(c, "org_ids", 1000, 1, INT64_MAX);
	if (!api_failed(c) && !orgs)
		api_fail(c, 400, "missing", "org_ids", "请选择企业");
	if (api_failed(c))
		return;
	int rc = policy_grant(c->db, &c->actor, id, orgs, &granted, &e);
	api_reply_result(c, rc, 201, rc ? NULL : json_pack("{s:I}", "granted", (json_int_t)granted),
	                 &e);
}

static const char *const apply_fields[] = {"amount", "note", NULL};

void api_svc_round_apply(struct api_ctx *c)
{
	int64_t id, amount = 0, app = 0;
	json_t *out = NULL;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, apply_fields))
		return;
	api_int_in(c, "amount", API_REQUIRED, 0, 1000000000, &amount);
	const char *note = api_text(c, "note", API_OPTIONAL, 0, 2000);
	if (api_failed(c))
		return;
	int rc = policy_apply(c->db, &c->actor, id, amount, note, &app, &e);
	if (!rc)
		rc = policy_application(c->db, &c->actor, app, &out, &e);
	api_reply_result(c, rc, 201, rc ? NULL : json_pack("{s:o}", "application", out), &e);
}

void api_svc_policy_apps(struct api_ctx *c)
{
	int64_t page, size, total = 0;
	json_t *items = NULL;
	struct derr e = {0};
	int64_t round = api_query_int(c, "round_id", 0, 1, INT64_MAX);
	const char *status = api_query(c, "status");
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	int rc =
	    policy_applications(c->db, &c->actor, round, status, page, size, &items, &total, &e);
	api_reply_result(c, rc, 200, rc ? NULL : api_page(items, total, page, size), &e);
}

static void reply_app(struct api_ctx *c, int64_t id, int status)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = policy_application(c->db, &c->actor, id, &out, &e);
	api_reply_result(c, rc, status, rc ? NULL : json_pack("{s:o}", "application", out), &e);
}

void api_svc_policy_app(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		reply_app(c, id, 200);
}

static const char *const review_fields[] = {"scores", "comment", "amount", NULL};

void api_svc_policy_app_review(struct api_ctx *c)
{
	int64_t id, amount = -1;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, review_fields))
		return;
	const char *comment = api_text(c, "comment", API_OPTIONAL, 0, 2000);
	api_int_in(c, "amount", API_OPTIONAL, 0, 1000000000, &amount);
	json_t *scores = json_object_get(c->body, "scores");
	if (!api_failed(c) && !json_is_object(scores))
		api_fail(c, 400, "missing", "scores", "请按评分表打分：{评分项: 分数}");
	if (api_failed(c))
		return;
	if (policy_review(c->db, &c->actor, id, scores, comment, amount, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_app(c, id, 200);
}

static const char *const note_fields[] = {"note", NULL};

void api_svc_policy_app_object(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, note_fields))
		return;
	const char *note = api_text(c, "note", API_REQUIRED, 1, 1000);
	if (api_failed(c))
		return;
	if (policy_object(c->db, &c->actor, id, note, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_app(c, id, 200);
}

void api_svc_policy_app_withdraw(struct api_ctx *c)
{
	static const char *const none[] = {NULL};
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, none))
		return;
	if (policy_withdraw(c->db, &c->actor, id, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_app(c, id, 200);
}

static const char *const pay_fields[] = {"amount", "paid_on", "voucher", NULL};

void api_svc_policy_app_pay(struct api_ctx *c)
{
	int64_t id, amount = 0;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, pay_fields))
		return;
	api_int_in(c, "amount", API_REQUIRED, 1, 1000000000, &amount);
	int32_t paid_on = api_day(c, "paid_on", API_OPTIONAL);
	const char *voucher = api_str(c, "voucher", API_REQUIRED, 1, 60);
	if (api_failed(c))
		return;
	if (policy_pay(c->db, &c->actor, id, amount, paid_on, voucher, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_app(c, id, 201);
}
