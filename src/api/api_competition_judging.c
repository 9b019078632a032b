/* Competition API: judges, conflicts, assignment, scores, the roadshow and its live stream. */
#include <string.h>

#include "api/api_competition.h"
#include "base/util.h"

#define STREAMS_PER_ACCOUNT 4

void api_comp_judging_mine(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int rc = comp_judging_mine(c->db, &c->actor, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_judges_list(struct api_ctx *c)
{
	api_comp_on_id(c, comp_judge_list);
}

static int judge_body(struct api_ctx *c, struct comp_judge_in *in, int invite)
{
	static const char *const fields[] = {
	    "account_id", "college_id", "enterprise_id", "title", "track_ids", "status", NULL};
	api_only_fields(c, fields);
	if (invite)
		api_int(c, "account_id", API_REQUIRED, &in->account_id);
	else if (!api_failed(c) && json_object_get(c->body, "account_id"))
		api_fail(c, 400, "invalid", "account_id", "评委的账号不能修改");
	api_int_in(c, "college_id", API_OPTIONAL, 0, INT64_MAX, &in->college_id);
	api_int_in(c, "enterprise_id", API_OPTIONAL, 0, INT64_MAX, &in->enterprise_id);
	in->title = api_str(c, "title", API_OPTIONAL, 0, 60);
	in->tracks = api_comp_ids(c, "track_ids", 12, &in->n_tracks);
	in->status = invite ? NULL : api_str(c, "status", API_OPTIONAL, 1, 16);
	if (!api_failed(c) && invite && json_object_get(c->body, "status"))
		api_fail(c, 400, "invalid", "status", "邀请时不能设置状态");
	return api_failed(c) ? -1 : 0;
}

void api_comp_judges_invite(struct api_ctx *c)
{
	struct comp_judge_in in = {0};
	struct derr e = {0};
	int64_t id, judge = 0;
	if (api_path_id(c, &id) || judge_body(c, &in, 1))
		return;
	int rc = comp_judge_invite(c->db, &c->actor, id, &in, &judge, &e);
	api_comp_answer(c, rc, &e, 201, json_pack("{s:I}", "id", (json_int_t)judge));
}

void api_comp_judges_get(struct api_ctx *c)
{
	api_comp_on_id(c, comp_judge_get);
}

void api_comp_judges_update(struct api_ctx *c)
{
	struct comp_judge_in in = {0};
	struct derr e = {0};
	int64_t id;
	if (api_path_id(c, &id) || judge_body(c, &in, 0))
		return;
	api_comp_answer(c, comp_judge_update(c->db, &c->actor, id, &in, &e), &e, 200, NULL);
}

void api_comp_judges_respond(struct api_ctx *c)
{
	static const char *const fields[] = {"accept", "track_ids", NULL};
	struct derr e = {0};
	int64_t id;
	int accept = 0;
	size_t n = 0;
	api_only_fields(c, fields);
	api_bool(c, "accept", API_REQUIRED, &accept);
	const int64_t *tracks = api_comp_ids(c, "track_ids", 12, &n);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_judge_respond(c->db, &c->actor, id, accept, tracks, n, &e), &e, 200,
	                NULL);
}

void api_comp_conflicts_declare(struct api_ctx *c)
{
	static const char *const fields[] = {"team_id", "kind", "note", NULL};
	struct derr e = {0};
	int64_t id, team = 0, conflict = 0;
	api_only_fields(c, fields);
	api_int(c, "team_id", API_REQUIRED, &team);
	const char *kind = api_str(c, "kind", API_REQUIRED, 1, 20);
	const char *note = api_str(c, "note", API_OPTIONAL, 0, 200);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_conflict_declare(c->db, &c->actor, id, team, kind, note, &conflict, &e);
	api_comp_answer(c, rc, &e, 201, json_pack("{s:I}", "id", (json_int_t)conflict));
}

void api_comp_conflicts_delete(struct api_ctx *c)
{
	api_comp_act_id(c, comp_conflict_delete);
}

/* ---- assignment ---- */

void api_comp_rounds_assign(struct api_ctx *c)
{
	api_comp_on_id(c, comp_round_assign);
}

void api_comp_rounds_assignments(struct api_ctx *c)
{
	api_comp_on_id(c, comp_round_assignments);
}

void api_comp_rounds_swap(struct api_ctx *c)
{
	static const char *const fields[] = {"team_id", "from_judge_id", "to_judge_id", NULL};
	struct derr e = {0};
	int64_t id, team = 0, from = 0, to = 0;
	api_only_fields(c, fields);
	api_int(c, "team_id", API_REQUIRED, &team);
	api_int(c, "from_judge_id", API_REQUIRED, &from);
	api_int(c, "to_judge_id", API_REQUIRED, &to);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_round_swap(c->db, &c->actor, id, team, from, to, &e), &e, 200,
	                NULL);
}

void api_comp_rounds_extra(struct api_ctx *c)
{
	static const char *const fields[] = {"team_ids", NULL};
	struct derr e = {0};
	int64_t id;
	size_t n = 0;
	json_t *out = NULL;
	api_only_fields(c, fields);
	const int64_t *teams = api_comp_ids(c, "team_ids", 1000, &n);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_round_extra(c->db, &c->actor, id, teams, n, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

/* ---- scores ---- */

void api_comp_rounds_review(struct api_ctx *c)
{
	api_comp_on_id(c, comp_review_list);
}

/* marks: {"<criterion id>": 0-10 with one decimal, ...} */
static int marks_body(struct api_ctx *c, struct comp_score_in *in, int required)
{
	json_t *m = c->body ? json_object_get(c->body, "marks") : NULL;
	if (api_failed(c))
		return -1;
	if (!m || json_is_null(m)) {
		if (required)
			return api_fail(c, 400, "missing", "marks", "缺少必填字段：marks");
		return 0;
	}
	if (!json_is_object(m) || json_object_size(m) > COMP_MAX_CRITERIA)
		return api_fail(c, 400, "invalid", "marks", "marks 应为 {评分项编号: 分值} 的对象");
	size_t n = json_object_size(m), i = 0;
	int64_t *ids = arena_alloc(c->arena, (n + 1) * sizeof(int64_t));
	int *tenths = arena_alloc(c->arena, (n + 1) * sizeof(int));
	const char *k;
	json_t *v;
	json_object_foreach(m, k, v)
	{
		if (parse_int64(k, &ids[i]) || ids[i] <= 0)
			return api_fail(c, 400, "invalid", "marks", "评分项编号应为正整数");
		if (!json_is_number(v) || comp_mark_tenths(json_number_value(v), &tenths[i]))
			return api_fail(c, 400, "invalid", "marks", "分值应为 0–10，最多一位小数");
		i++;
	}
	in->criteria = ids;
	in->tenths = tenths;
	in->n = n;
	return 0;
}

void api_comp_rounds_score(struct api_ctx *c)
{
	static const char *const fields[] = {"team_id", "marks", "comment", "submit", NULL};
	struct comp_score_in in = {0};
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, fields);
	api_int(c, "team_id", API_REQUIRED, &in.team_id);
	marks_body(c, &in, 0);
	in.comment = api_text(c, "comment", API_OPTIONAL, 0, 1000);
	api_bool(c, "submit", API_OPTIONAL, &in.submit);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_score_save(c->db, &c->actor, id, &in, &out, &e);
	if (!rc && in.submit)
		api_comp_notify(id, "scores", "submitted", in.team_id);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_rounds_scores(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int64_t team = api_query_int(c, "team_id", 0, 0, INT64_MAX);
	int64_t judge = api_query_int(c, "judge_id", 0, 0, INT64_MAX);
	if (api_failed(c))
		return;
	int rc = comp_scores_list(c->db, &c->actor, id, team, judge, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_rounds_scores_export(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = comp_export_table(c->db, &c->actor, id, "scores", &out, &e);
	api_comp_send_table(c, rc, &e, out, "competition-scores.xlsx");
}

void api_comp_scores_amend(struct api_ctx *c)
{
	static const char *const fields[] = {"marks", "comment", "reason", NULL};
	struct comp_score_in in = {0};
	struct derr e = {0};
	int64_t id;
	api_only_fields(c, fields);
	marks_body(c, &in, 1);
	in.comment = api_text(c, "comment", API_OPTIONAL, 0, 1000);
	in.reason = api_text(c, "reason", API_REQUIRED, 2, 200);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_score_amend(c->db, &c->actor, id, &in, &e), &e, 200, NULL);
}

/* ---- the roadshow ---- */

void api_comp_rounds_order(struct api_ctx *c)
{
	static const char *const fields[] = {"team_ids", NULL};
	struct derr e = {0};
	int64_t id;
	size_t n = 0;
	api_only_fields(c, fields);
	const int64_t *teams = api_comp_ids(c, "team_ids", 2000, &n);
	if (!api_failed(c) && !teams)
		api_fail(c, 400, "missing", "team_ids", "缺少必填字段：team_ids");
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_stage_order(c->db, &c->actor, id, teams, n, &e);
	if (!rc)
		api_comp_notify(id, "stage", "order", 0);
	api_comp_answer(c, rc, &e, 200, NULL);
}

void api_comp_rounds_stage(struct api_ctx *c)
{
	static const char *const fields[] = {"action", "team_id", NULL};
	struct derr e = {0};
	int64_t id, team = 0;
	const char *what = NULL;
	api_only_fields(c, fields);
	const char *action = api_str(c, "action", API_REQUIRED, 1, 16);
	api_int_in(c, "team_id", API_OPTIONAL, 1, INT64_MAX, &team);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_stage_action(c->db, &c->actor, id, action, team, &what, &e);
	if (!rc)
		api_comp_notify(id, "stage", what, team);
	api_comp_answer(c, rc, &e, 200, NULL);
}

void api_comp_rounds_stage_get(struct api_ctx *c)
{
	api_comp_on_id(c, comp_stage_get);
}

/* GET /competition/rounds/{id}/live: Server-Sent Events.  Frames say what
 * changed (the team on stage, the timer, a reveal, a submitted score),
 * never who scored what; clients re-read the stage. */
void api_comp_rounds_live(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *stage = NULL;
	if (api_path_id(c, &id))
		return;
	if (comp_stage_get(c->db, &c->actor, id, &stage, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	json_decref(stage);
	/* Operators run the big screens: no limit for them. */
	api_subscribe(c, comp_live_topic(id),
	              c->actor.role == ROLE_OPERATOR ? 0 : STREAMS_PER_ACCOUNT);
}
