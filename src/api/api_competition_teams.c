/* Competition API: teams, members, advisors, business plans, endorsement, awards, appeals. */
#include <string.h>

#include "api/api_competition.h"
#include "api/export.h"

void api_comp_act_id(struct api_ctx *c, api_comp_act_fn fn)
{
	static const char *const none[] = {NULL};
	int64_t id;
	struct derr e = {0};
	if (api_only_fields(c, none) || api_path_id(c, &id))
		return;
	api_comp_answer(c, fn(c->db, &c->actor, id, &e), &e, 200, NULL);
}

static const char *const team_fields[] = {"track_id",  "name",       "summary",
                                          "video_url", "sponsor_id", NULL};

static int team_body(struct api_ctx *c, struct comp_team_in *in)
{
	api_only_fields(c, team_fields);
	api_int(c, "track_id", API_REQUIRED, &in->track_id);
	in->name = api_str(c, "name", API_REQUIRED, 2, 60);
	in->summary = api_text(c, "summary", API_OPTIONAL, 0, 2000);
	in->video_url = api_str(c, "video_url", API_OPTIONAL, 0, 300);
	api_int_in(c, "sponsor_id", API_OPTIONAL, 0, INT64_MAX, &in->sponsor_id);
	return api_failed(c) ? -1 : 0;
}

void api_comp_teams_list(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	struct comp_team_filter f = {0};
	if (api_path_id(c, &id))
		return;
	f.track_id = api_query_int(c, "track_id", 0, 0, INT64_MAX);
	f.college_id = api_query_int(c, "college_id", 0, 0, INT64_MAX);
	f.status = api_query(c, "status");
	f.q = api_query(c, "q");
	api_paging(c, &f.page, &f.page_size);
	if (api_failed(c))
		return;
	int rc = comp_team_list(c->db, &c->actor, id, &f, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_teams_export(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = comp_export_table(c->db, &c->actor, id, "teams", &out, &e);
	api_comp_send_table(c, rc, &e, out, "competition-teams.xlsx");
}

void api_comp_teams_create(struct api_ctx *c)
{
	struct comp_team_in in = {0};
	struct derr e = {0};
	int64_t id, team = 0;
	if (api_path_id(c, &id) || team_body(c, &in))
		return;
	int rc = comp_team_create(c->db, &c->actor, id, &in, &team, &e);
	api_comp_answer(c, rc, &e, 201, json_pack("{s:I}", "id", (json_int_t)team));
}

void api_comp_teams_mine(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int rc = comp_team_mine(c->db, &c->actor, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}

void api_comp_teams_get(struct api_ctx *c)
{
	api_comp_on_id(c, comp_team_get);
}

void api_comp_teams_update(struct api_ctx *c)
{
	struct comp_team_in in = {0};
	struct derr e = {0};
	int64_t id;
	if (api_path_id(c, &id) || team_body(c, &in))
		return;
	api_comp_answer(c, comp_team_update(c->db, &c->actor, id, &in, &e), &e, 200, NULL);
}

void api_comp_teams_invite(struct api_ctx *c)
{
	static const char *const fields[] = {"college_id", "student_no", "name", NULL};
	struct derr e = {0};
	int64_t id, college = 0;
	api_only_fields(c, fields);
	api_int(c, "college_id", API_REQUIRED, &college);
	const char *no = api_str(c, "student_no", API_REQUIRED, 1, 32);
	const char *name = api_str(c, "name", API_REQUIRED, 1, 64);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_team_invite(c->db, &c->actor, id, college, no, name, &e), &e, 200,
	                NULL);
}

void api_comp_teams_remove(struct api_ctx *c)
{
	static const char *const fields[] = {"student_id", NULL};
	struct derr e = {0};
	int64_t id, student = 0;
	api_only_fields(c, fields);
	api_int(c, "student_id", API_REQUIRED, &student);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_team_remove(c->db, &c->actor, id, student, &e), &e, 200, NULL);
}

static int accept_team(struct store *db, const struct actor *a, int64_t id, struct derr *e)
{
	return comp_team_answer(db, a, id, 1, e);
}

static int decline_team(struct store *db, const struct actor *a, int64_t id, struct derr *e)
{
	return comp_team_answer(db, a, id, 0, e);
}

void api_comp_teams_accept(struct api_ctx *c)
{
	api_comp_act_id(c, accept_team);
}

void api_comp_teams_decline(struct api_ctx *c)
{
	api_comp_act_id(c, decline_team);
}

/* advisors: [{"account_id"} | {"name","college_id"?,"title"?}], 1-2 of them */
void api_comp_teams_advisors(struct api_ctx *c)
{
	static const char *const fields[] = {"advisors", NULL};
	struct derr e = {0};
	int64_t id;
	api_only_fields(c, fields);
	json_t *list = c->body ? json_object_get(c->body, "advisors") : NULL;
	if (!api_failed(c) &&
	    (!json_is_array(list) || json_array_size(list) < 1 || json_array_size(list) > 2))
		api_fail(c, 400, list ? "invalid" : "missing", "advisors", "指导教师应为 1–2 人");
	if (api_path_id(c, &id) || api_failed(c))
		return;
	size_t n = json_array_size(list);
	struct comp_advisor_in *in = arena_alloc(c->arena, n * sizeof(*in));
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i), *acc = json_object_get(o, "account_id");
		json_t *name = json_object_get(o, "name"), *col = json_object_get(o, "college_id");
		json_t *title = json_object_get(o, "title");
		size_t nl = json_is_string(name) ? json_string_length(name) : 0;
		if (!json_is_object(o) || (acc && !json_is_integer(acc)) ||
		    (col && !json_is_null(col) && !json_is_integer(col)) ||
		    (name && !json_is_string(name)) || (title && !json_is_string(title)) ||
		    (!acc && (nl < 1 || nl > 192)) || (title && json_string_length(title) > 60))
			return (void)api_fail(
			    c, 400, "invalid", "advisors",
			    arena_printf(c->arena,
			                 "第 %zu 位指导教师应有 account_id，或姓名（及院校、职称）",
			                 i + 1));
		in[i].account_id = acc ? json_integer_value(acc) : 0;
		in[i].name = json_string_value(name);
		in[i].college_id = json_is_integer(col) ? json_integer_value(col) : 0;
		in[i].title = json_string_value(title);
	}
	api_comp_answer(c, comp_team_advisors(c->db, &c->actor, id, in, n, &e), &e, 200, NULL);
}

void api_comp_teams_mentors(struct api_ctx *c)
{
	static const char *const fields[] = {"mentor_ids", NULL};
	struct derr e = {0};
	int64_t id;
	size_t n = 0;
	api_only_fields(c, fields);
	const int64_t *ids = api_comp_ids(c, "mentor_ids", 10, &n);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_team_mentors(c->db, &c->actor, id, ids, n, &e), &e, 200, NULL);
}

/* The body is the PDF itself (Content-Type application/pdf). */
void api_comp_teams_plan_upload(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	if (api_path_id(c, &id))
		return;
	api_comp_answer(c, comp_plan_upload(c->db, &c->actor, id, c->upload, c->upload_len, &e), &e,
	                200, NULL);
}

void api_comp_teams_plan_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	int fd = -1;
	size_t len = 0;
	const char *filename = NULL;
	if (api_path_id(c, &id))
		return;
	if (comp_plan_open(c->db, &c->actor, id, &fd, &len, &filename, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	c->raw_fd = fd;
	c->raw_len = len;
	c->raw_type = "application/pdf";
	c->raw_filename = filename;
	c->status = 200;
}

void api_comp_teams_submit(struct api_ctx *c)
{
	static const char *const none[] = {NULL};
	struct derr e = {0};
	int64_t id;
	json_t *problems = NULL;
	if (api_only_fields(c, none) || api_path_id(c, &id))
		return;
	int rc = comp_team_submit(c->db, &c->actor, id, &problems, &e);
	api_comp_answer(c, rc, &e, 200, rc ? problems : NULL);
}

void api_comp_teams_recall(struct api_ctx *c)
{
	api_comp_act_id(c, comp_team_recall);
}

void api_comp_teams_withdraw(struct api_ctx *c)
{
	api_comp_act_id(c, comp_team_withdraw);
}

void api_comp_teams_endorse(struct api_ctx *c)
{
	static const char *const fields[] = {"ok", "reason", NULL};
	struct derr e = {0};
	int64_t id;
	int ok = 0;
	api_only_fields(c, fields);
	api_bool(c, "ok", API_REQUIRED, &ok);
	const char *reason = api_str(c, "reason", API_OPTIONAL, 2, 200);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_team_endorse(c->db, &c->actor, id, ok, reason, &e), &e, 200, NULL);
}

void api_comp_teams_check(struct api_ctx *c)
{
	api_comp_on_id(c, comp_team_check);
}

void api_comp_teams_appeal(struct api_ctx *c)
{
	static const char *const fields[] = {"round_id", "text", NULL};
	struct derr e = {0};
	int64_t id, round = 0, appeal = 0;
	api_only_fields(c, fields);
	api_int(c, "round_id", API_REQUIRED, &round);
	const char *text = api_text(c, "text", API_REQUIRED, 10, 1000);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_appeal_file(c->db, &c->actor, id, round, text, &appeal, &e);
	api_comp_answer(c, rc, &e, 201, json_pack("{s:I}", "id", (json_int_t)appeal));
}

void api_comp_appeals_answer(struct api_ctx *c)
{
	static const char *const fields[] = {"decision", "reply", "reinstate", NULL};
	struct derr e = {0};
	int64_t id;
	int reinstate = 0;
	api_only_fields(c, fields);
	const char *decision = api_str(c, "decision", API_REQUIRED, 1, 16);
	const char *reply = api_text(c, "reply", API_REQUIRED, 2, 1000);
	api_bool(c, "reinstate", API_OPTIONAL, &reinstate);
	if (!api_failed(c) && strcmp(decision, "upheld") && strcmp(decision, "rejected"))
		api_fail(c, 400, "invalid", "decision",
		         "decision 应为 upheld（支持）或 rejected（驳回）");
	if (api_path_id(c, &id) || api_failed(c))
		return;
	int rc = comp_appeal_answer(c->db, &c->actor, id, !strcmp(decision, "upheld"), reply,
	                            reinstate, &e);
	api_comp_answer(c, rc, &e, 200, NULL);
}

void api_comp_awards_certificate(struct api_ctx *c)
{
	api_comp_on_id(c, comp_award_certificate);
}

void api_comp_awards_seat(struct api_ctx *c)
{
	static const char *const fields[] = {"offer", NULL};
	struct derr e = {0};
	int64_t id;
	api_only_fields(c, fields);
	const char *offer = api_text(c, "offer", API_REQUIRED, 2, 200);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_award_seat_offer(c->db, &c->actor, id, offer, &e), &e, 200, NULL);
}

void api_comp_awards_seat_answer(struct api_ctx *c)
{
	static const char *const fields[] = {"accept", NULL};
	struct derr e = {0};
	int64_t id;
	int accept = 0;
	api_only_fields(c, fields);
	api_bool(c, "accept", API_REQUIRED, &accept);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_comp_answer(c, comp_award_seat_answer(c->db, &c->actor, id, accept, &e), &e, 200, NULL);
}

/* Public: the {id} is the certificate's code, not a number. */
void api_comp_certificate_verify(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int rc = comp_certificate_verify(c->db, c->path_param, &out, &e);
	api_comp_answer(c, rc, &e, 200, out);
}
