/* Investment projects (招商引资): the board, a project, its stages and documents. */
#include <string.h>

#include "api/api_services.h"
#include "domain/invest.h"

static void reply_project(struct api_ctx *c, int64_t id, int status)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = invest_get(c->db, &c->actor, id, &out, &e);
	api_reply_result(c, rc, status, rc ? NULL : json_pack("{s:o}", "project", out), &e);
}

void api_svc_projects(struct api_ctx *c)
{
	json_t *out = NULL;
	struct derr e = {0};
	const char *q = api_query(c, "q");
	if (api_failed(c))
		return;
	int rc = invest_board(c->db, &c->actor, q, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}

static const char *const project_fields[] = {"name",    "investor", "amount_wan", "industry_code",
                                             "summary", "on",       NULL};

static int read_project(struct api_ctx *c, struct invest_input *in, int create)
{
	memset(in, 0, sizeof(*in));
	in->amount_wan = -1;
	api_only_fields(c, project_fields);
	in->name = api_str(c, "name", create, 1, 100);
	in->investor = api_str(c, "investor", create, 1, 100);
	in->industry_code = api_str(c, "industry_code", API_OPTIONAL, 1, 4);
	in->summary = api_text(c, "summary", API_OPTIONAL, 0, 4000);
	api_int_in(c, "amount_wan", API_OPTIONAL, 0, 100000000, &in->amount_wan);
	in->on = create ? api_day(c, "on", API_OPTIONAL) : 0;
	if (!create && json_object_get(c->body, "on"))
		api_fail(c, 400, "unknown_field", "on", "开始日期只能在登记时给出");
	return api_failed(c) ? -1 : 0;
}

void api_svc_project_create(struct api_ctx *c)
{
	struct invest_input in;
	int64_t id = 0;
	struct derr e = {0};
	if (read_project(c, &in, 1))
		return;
	if (invest_create(c->db, &c->actor, &in, &id, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_project(c, id, 201);
}

void api_svc_project_update(struct api_ctx *c)
{
	struct invest_input in;
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id) || read_project(c, &in, 0))
		return;
	if (invest_update(c->db, &c->actor, id, &in, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_project(c, id, 200);
}

void api_svc_project(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		reply_project(c, id, 200);
}

void api_svc_project_stats(struct api_ctx *c)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = invest_stats(c->db, &c->actor, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}

static const char *const limits_fields[] = {"limits", NULL};

void api_svc_project_limits(struct api_ctx *c)
{
	json_t *out = NULL;
	struct derr e = {0};
	if (api_only_fields(c, limits_fields))
		return;
	json_t *limits = json_object_get(c->body, "limits");
	if (!json_is_array(limits)) {
		api_fail(c, 400, limits ? "invalid" : "missing", "limits",
		         "请给出 limits：[{stage, limit_days}]");
		return;
	}
	int rc = invest_limits_set(c->db, &c->actor, limits, &e);
	if (!rc)
		rc = invest_stats(c->db, &c->actor, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}

static const char *const move_fields[] = {"move", "note", "on", NULL};

void api_svc_project_move(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, move_fields))
		return;
	const char *move = api_str(c, "move", API_REQUIRED, 1, 16);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 1000);
	int32_t on = api_day(c, "on", API_OPTIONAL);
	if (api_failed(c))
		return;
	if (invest_move(c->db, &c->actor, id, move, on, note, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_project(c, id, 200);
}

static const char *const officer_fields[] = {"stage", "account_id", NULL};

void api_svc_project_officer(struct api_ctx *c)
{
	int64_t id, stage = 0, account = 0;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, officer_fields))
		return;
	api_int_in(c, "stage", API_REQUIRED, 1, INVEST_STAGES, &stage);
	api_int_in(c, "account_id", API_REQUIRED, 1, INT64_MAX, &account);
	if (api_failed(c))
		return;
	if (invest_officer(c->db, &c->actor, id, stage, account, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_project(c, id, 200);
}

void api_svc_project_upload(struct api_ctx *c)
{
	int64_t id;
	json_t *out = NULL;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	int64_t stage = api_query_int(c, "stage", 0, 1, INVEST_STAGES);
	const char *name = api_upload_name(c);
	if (!name)
		return;
	int rc =
	    invest_upload(c->db, &c->actor, id, stage, name, c->upload, c->upload_len, &out, &e);
	api_reply_result(c, rc, 201, rc ? NULL : json_pack("{s:o}", "file", out), &e);
}
