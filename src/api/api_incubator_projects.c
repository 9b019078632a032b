/*
 * Resident projects: application, edits, review, graduation and exit,
 * members, the business plan (a PDF upload and its download), mentors,
 * milestones.  The services are in domain/incubator_projects.h,
 * incubator_mentors.h and incubator_reports.h.
 */
#include <stdio.h>
#include <string.h>

#include "api/api_incubator.h"
#include "domain/incubator_mentors.h"
#include "domain/incubator_projects.h"
#include "domain/incubator_reports.h"

void api_incubator_projects(struct api_ctx *c)
{
	api_incubator_list(c, incubator_projects_list);
}

void api_incubator_project_get(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_project_get, 200, "project");
}

static const char *const apply_fields[] = {
    "name",        "summary", "industry",      "source",        "prize_ref", "company_name",
    "credit_code", "site_id", "mentor_wishes", "enterprise_id", NULL};

/* The application's fields (apply: the source too). */
static void application(struct api_ctx *c, struct incubator_application *in, int apply)
{
	*in = (struct incubator_application){0};
	api_only_fields(c, apply_fields);
	in->name = api_str(c, "name", API_REQUIRED, 2, 60);
	in->summary = api_text(c, "summary", API_OPTIONAL, 1, 2000);
	in->industry = api_str(c, "industry", API_OPTIONAL, 1, 40);
	in->company_name = api_str(c, "company_name", API_OPTIONAL, 2, 80);
	in->credit_code = api_str(c, "credit_code", API_OPTIONAL, 18, 18);
	api_int(c, "site_id", API_OPTIONAL, &in->site_id);
	in->mentor_wishes = api_int_array(c, "mentor_wishes", 5, 1, INT64_MAX);
	if (!apply)
		return;
	in->source = api_str(c, "source", API_REQUIRED, 4, 7);
	api_int(c, "prize_ref", API_OPTIONAL, &in->prize_ref);
	if (!api_failed(c) && strcmp(in->source, "team") && strcmp(in->source, "prize") &&
	    strcmp(in->source, "company"))
		api_fail(c, 400, "invalid", "source",
		         "source 应为 team（学生团队）、prize（大赛获奖）或 company（毕业生企业）");
	if (!api_failed(c) && json_object_get(c->body, "enterprise_id"))
		api_fail(c, 400, "unknown_field", "enterprise_id", "申请时不能关联企业");
}

void api_incubator_project_apply(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_application in;
	json_t *out;
	application(c, &in, 1);
	if (api_failed(c))
		return;
	int rc = incubator_project_apply(c->db, &c->actor, &in, &out, &e);
	api_incubator_reply(c, rc, &e, 201, "project", out);
}

void api_incubator_project_update(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_application in;
	int64_t id, enterprise = 0;
	json_t *out;
	application(c, &in, 0);
	api_int(c, "enterprise_id", API_OPTIONAL, &enterprise);
	if (!api_failed(c) && json_object_get(c->body, "source"))
		api_fail(c, 400, "unknown_field", "source", "项目来源不能修改");
	if (!api_failed(c) && json_object_get(c->body, "prize_ref"))
		api_fail(c, 400, "unknown_field", "prize_ref", "获奖记录编号随申请提交，不能修改");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_project_update(c->db, &c->actor, id, &in, enterprise, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "project", out);
}

void api_incubator_project_withdraw(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_project_withdraw, 200, "project");
}

static const char *const review_fields[] = {"decision",      "reason",  "agreement_start",
                                            "agreement_end", "site_id", NULL};

void api_incubator_project_review(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, start = 0, end = 0, site = 0;
	json_t *out;
	api_only_fields(c, review_fields);
	const char *decision = api_str(c, "decision", API_REQUIRED, 6, 7);
	const char *reason = api_text(c, "reason", API_OPTIONAL, 1, 500);
	api_incubator_time(c, "agreement_start", API_OPTIONAL, &start);
	api_incubator_time(c, "agreement_end", API_OPTIONAL, &end);
	api_int(c, "site_id", API_OPTIONAL, &site);
	if (!api_failed(c) && strcmp(decision, "approve") && strcmp(decision, "reject"))
		api_fail(c, 400, "invalid", "decision", "decision 应为 approve 或 reject");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_project_review(c->db, &c->actor, id, !strcmp(decision, "approve"),
	                                  reason, start, end, site, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "project", out);
}

static const char *const leave_fields[] = {"kind", "reason", "override", NULL};

void api_incubator_project_leave(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	api_only_fields(c, leave_fields);
	const char *kind = api_str(c, "kind", API_REQUIRED, 6, 9);
	const char *reason = api_text(c, "reason", API_OPTIONAL, 1, 500);
	int override = api_incubator_bool(c, "override", 0);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_project_leave(c->db, &c->actor, id, kind, reason, override, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "project", out);
}

void api_incubator_project_graduation(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_project_graduation, 200, "graduation");
}

static const char *const member_fields[] = {"login", "name", NULL};

void api_incubator_member_add(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	api_only_fields(c, member_fields);
	const char *login = api_str(c, "login", API_REQUIRED, 1, 64);
	const char *name = api_str(c, "name", API_REQUIRED, 1, 64);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_member_add(c->db, &c->actor, id, login, name, &out, &e);
	api_incubator_reply(c, rc, &e, 201, "project", out);
}

static const char *const remove_fields[] = {"account_id", NULL};

void api_incubator_member_remove(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, account = 0;
	json_t *out;
	api_only_fields(c, remove_fields);
	api_int(c, "account_id", API_REQUIRED, &account);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_member_remove(c->db, &c->actor, id, account, &out, &e);
	api_incubator_reply(c, rc, &e, 200, json_object_get(out, "left") ? NULL : "project", out);
}

void api_incubator_plan_upload(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	const char *name = api_query(c, "filename");
	if (!api_failed(c) && name && (strlen(name) > 200 || !strstr(name, ".")))
		api_fail(c, 400, "invalid", "filename", "文件名应不超过 200 字节并带扩展名");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc =
	    incubator_plan_upload(c->db, &c->actor, id, c->upload, c->upload_len, name, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "project", out);
}

void api_incubator_plan_download(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	int fd;
	size_t len;
	json_t *name;
	if (api_path_id(c, &id))
		return;
	if (incubator_plan_open(c->db, &c->actor, id, &fd, &len, &name, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	json_decref(name); /* the page has it; the header stays ASCII */
	c->raw_fd = fd;
	c->raw_len = len;
	c->raw_type = "application/pdf";
	c->raw_filename = arena_printf(c->arena, "business-plan-%lld.pdf", (long long)id);
	c->status = 200;
}

static const char *const mentor_fields[] = {"mentor_id", "remove", NULL};

void api_incubator_project_mentors(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, mentor = 0;
	json_t *out;
	api_only_fields(c, mentor_fields);
	api_int(c, "mentor_id", API_REQUIRED, &mentor);
	int remove = api_incubator_bool(c, "remove", 0);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_mentor_assign(c->db, &c->actor, id, mentor, remove, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "mentors", out);
}

static const char *const milestone_fields[] = {"id", "title", "due", "done", "note", NULL};

void api_incubator_milestone_save(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t project, id = 0, due = 0, done = 0;
	json_t *out;
	api_only_fields(c, milestone_fields);
	api_int(c, "id", API_OPTIONAL, &id);
	const char *title = api_str(c, "title", API_REQUIRED, 1, 80);
	api_incubator_time(c, "due", API_REQUIRED, &due);
	api_incubator_time(c, "done", API_OPTIONAL, &done);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 500);
	if (api_failed(c) || api_path_id(c, &project))
		return;
	int rc = incubator_milestone_save(c->db, &c->actor, project, id, title, due, done, note,
	                                  &out, &e);
	api_incubator_reply(c, rc, &e, id ? 200 : 201, "milestone", out);
}
