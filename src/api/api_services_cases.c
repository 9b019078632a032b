/*
 * Service cases (办件): create, the steps of the state machine (service.h),
 * materials, files, the queue, escalations and the badge.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api_services.h"
#include "api/export.h"
#include "domain/service.h"

/* Answers {"case": ...} as the caller now sees it. */
static void reply_case(struct api_ctx *c, int64_t id, int status)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = service_case_get(c->db, &c->actor, id, &out, &e);
	api_reply_result(c, rc, status, rc ? NULL : json_pack("{s:o}", "case", out), &e);
}

static void read_filter(struct api_ctx *c, struct service_case_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->status = api_query(c, "status");
	f->colour = api_query(c, "colour");
	f->q = api_query(c, "q");
	f->item_id = api_query_int(c, "item_id", 0, 1, INT64_MAX);
	f->department_id = api_query_int(c, "department_id", 0, 1, INT64_MAX);
	f->org_id = api_query_int(c, "org_id", 0, 1, INT64_MAX);
	f->mine = (int)api_query_int(c, "mine", 0, 0, 1);
	f->tolerant = (int)api_query_int(c, "tolerant", 0, 0, 1);
}

void api_svc_cases(struct api_ctx *c)
{
	struct service_case_filter f;
	int64_t page, size, total = 0;
	json_t *items = NULL;
	struct derr e = {0};
	read_filter(c, &f);
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	int rc = service_case_list(c->db, &c->actor, &f, page, size, &items, &total, &e);
	api_reply_result(c, rc, 200, rc ? NULL : api_page(items, total, page, size), &e);
}

void api_svc_cases_export(struct api_ctx *c)
{
	static const struct export_column cols[] = {{"办件编号", EXPORT_INT, 10},
	                                            {"事项", EXPORT_TEXT, 24},
	                                            {"申请企业", EXPORT_TEXT, 28},
	                                            {"状态", EXPORT_TEXT, 10},
	                                            {"计时", EXPORT_TEXT, 10},
	                                            {"颜色", EXPORT_TEXT, 8},
	                                            {"收件日", EXPORT_TEXT, 12},
	                                            {"承诺办结日", EXPORT_TEXT, 12},
	                                            {"剩余工作日", EXPORT_INT, 10},
	                                            {"已用工作日", EXPORT_INT, 10},
	                                            {"承诺时限", EXPORT_INT, 8},
	                                            {"容缺", EXPORT_INT, 6},
	                                            {"办结日", EXPORT_TEXT, 12},
	                                            {"超期", EXPORT_INT, 6},
	                                            {NULL, 0, 0}};
	static const char *const keys[] = {
	    "id",          "item_name", "org_name",  "status",    "clock_state",    "colour",
	    "received_on", "deadline",  "remaining", "used_days", "committed_days", "tolerant_flag",
	    "finished_on", "late_flag"};
	struct service_case_filter f;
	json_t *rows = NULL;
	struct derr e = {0};
	read_filter(c, &f);
	if (api_failed(c))
		return;
	if (service_case_rows(c->db, &c->actor, &f, &rows, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_keep(c, rows);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		/* flatten what the sheet shows as plain cells */
		json_object_set(r, "item_name",
		                json_object_get(json_object_get(r, "item"), "name"));
		json_object_set(r, "org_name", json_object_get(json_object_get(r, "org"), "name"));
		json_object_set_new(r, "tolerant_flag",
		                    json_integer(json_is_true(json_object_get(r, "tolerant"))));
		json_object_set_new(r, "late_flag",
		                    json_integer(json_is_true(json_object_get(r, "late"))));
	}
	if (export_xlsx_json(c, "service-cases.xlsx", "办件", cols, keys, rows))
		api_internal(c, "cases export");
}

void api_svc_case(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		reply_case(c, id, 200);
}

static const char *const create_fields[] = {"item_id", "org_id", "title", "note", "submit", NULL};

void api_svc_case_create(struct api_ctx *c)
{
	struct service_case_input in = {0};
	int64_t id = 0;
	struct derr e = {0};
	api_only_fields(c, create_fields);
	api_int_in(c, "item_id", API_REQUIRED, 1, INT64_MAX, &in.item_id);
	api_int_in(c, "org_id", API_OPTIONAL, 1, INT64_MAX, &in.org_id);
	in.title = api_str(c, "title", API_OPTIONAL, 1, 100);
	in.note = api_text(c, "note", API_OPTIONAL, 0, 2000);
	json_t *submit = json_object_get(c->body, "submit");
	if (!api_failed(c) && submit && !json_is_boolean(submit))
		api_fail(c, 400, "invalid", "submit", "submit 应为 true 或 false");
	in.submit = json_is_true(submit);
	if (api_failed(c))
		return;
	if (service_case_create(c->db, &c->actor, &in, &id, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_case(c, id, 201);
}

/* ---- the steps ---- */

static const char *const step_fields[] = {
    "on", "reason", "reasons", "points", "missing", "tolerant_due", "pause_kind", "outcome", NULL};

/* Reads the fields of a step (each step uses some of them) and runs it. */
static void step(struct api_ctx *c, enum service_step which)
{
	struct service_step_input in = {.step = which};
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, step_fields))
		return;
	in.on = api_day(c, "on", API_OPTIONAL);
	in.reason = api_text(c, "reason", API_OPTIONAL, 1, 1000);
	in.reasons = api_str_array(c, "reasons", 20, 300);
	in.missing = api_int_array(c, "missing", 40, 1, INT64_MAX);
	in.tolerant_due = api_day(c, "tolerant_due", API_OPTIONAL);
	in.pause_kind = api_str(c, "pause_kind", API_OPTIONAL, 1, 16);
	in.outcome = api_str(c, "outcome", API_OPTIONAL, 1, 16);
	in.points = json_object_get(c->body, "points");
	if (!api_failed(c) && in.points) {
		size_t i;
		json_t *p;
		int ok = json_is_array(in.points) && json_array_size(in.points) <= 40;
		json_array_foreach(in.points, i, p)
		{
			const char *text = json_string_value(json_object_get(p, "text"));
			json_t *mid = json_object_get(p, "material_id");
			ok &= json_is_object(p) && text && *text && strlen(text) <= 1500 &&
			      (!mid || json_is_null(mid) || json_is_integer(mid));
		}
		if (!ok)
			api_fail(c, 400, "invalid", "points",
			         "补正内容应为 [{material_id, text}]，每条写明要补正什么");
	}
	if (api_failed(c))
		return;
	if (service_case_step(c->db, &c->actor, id, &in, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_case(c, id, 200);
}

void api_svc_case_submit(struct api_ctx *c)
{
	step(c, STEP_SUBMIT);
}
void api_svc_case_accept(struct api_ctx *c)
{
	step(c, STEP_ACCEPT);
}
void api_svc_case_refuse(struct api_ctx *c)
{
	step(c, STEP_REFUSE);
}
void api_svc_case_correction(struct api_ctx *c)
{
	step(c, STEP_CORRECTION);
}
void api_svc_case_resubmit(struct api_ctx *c)
{
	step(c, STEP_RESUBMIT);
}
void api_svc_case_pause(struct api_ctx *c)
{
	step(c, STEP_PAUSE);
}
void api_svc_case_resume(struct api_ctx *c)
{
	step(c, STEP_RESUME);
}
void api_svc_case_finish(struct api_ctx *c)
{
	step(c, STEP_FINISH);
}
void api_svc_case_withdraw(struct api_ctx *c)
{
	step(c, STEP_WITHDRAW);
}

static const char *const agent_fields[] = {"agent_id", NULL};

void api_svc_case_agent(struct api_ctx *c)
{
	int64_t id, agent = 0;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, agent_fields))
		return;
	if (!json_object_get(c->body, "agent_id"))
		api_fail(c, 400, "missing", "agent_id", "请给出 agent_id（null 为取消帮办）");
	api_int_in(c, "agent_id", API_OPTIONAL, 1, INT64_MAX, &agent);
	if (api_failed(c))
		return;
	if (service_case_agent(c->db, &c->actor, id, agent, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_case(c, id, 200);
}

static const char *const paper_fields[] = {"material_id", NULL};

void api_svc_case_paper(struct api_ctx *c)
{
	int64_t id, material = 0;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, paper_fields))
		return;
	api_int_in(c, "material_id", API_REQUIRED, 1, INT64_MAX, &material);
	if (api_failed(c))
		return;
	if (service_case_paper(c->db, &c->actor, id, material, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_case(c, id, 200);
}

void api_svc_case_upload(struct api_ctx *c)
{
	int64_t id;
	json_t *out = NULL;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	int64_t material = api_query_int(c, "material_id", 0, 1, INT64_MAX);
	const char *name = api_upload_name(c);
	if (!name)
		return;
	int rc = service_case_upload(c->db, &c->actor, id, material, name, c->upload, c->upload_len,
	                             &out, &e);
	api_reply_result(c, rc, 201, rc ? NULL : json_pack("{s:o}", "file", out), &e);
}

void api_svc_file(struct api_ctx *c)
{
	int64_t id;
	int fd = -1;
	size_t len = 0;
	char *mime = NULL, *name = NULL;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	if (service_file_open(c->db, &c->actor, id, &fd, &len, &mime, &name, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	/* The download's name is ASCII (the page shows the real one). */
	const char *ext = !strcmp(mime, "application/pdf") ? "pdf"
	                  : !strcmp(mime, "image/png")     ? "png"
	                                                   : "jpg";
	c->raw_fd = fd;
	c->raw_len = len;
	c->raw_type = arena_strdup(c->arena, mime);
	c->raw_filename = arena_printf(c->arena, "file-%lld.%s", (long long)id, ext);
	c->status = 200;
	free(mime);
	free(name);
}

void api_svc_escalations(struct api_ctx *c)
{
	json_t *items = NULL;
	int64_t unread = 0;
	struct derr e = {0};
	int64_t only = api_query_int(c, "unread", 0, 0, 1);
	if (api_failed(c))
		return;
	int rc = service_escalations(c->db, &c->actor, (int)only, &items, &unread, &e);
	api_reply_result(
	    c, rc, 200,
	    rc ? NULL : json_pack("{s:o, s:I}", "items", items, "unread", (json_int_t)unread), &e);
}

static const char *const ack_fields[] = {"note", NULL};

void api_svc_escalation_ack(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, ack_fields))
		return;
	const char *note = api_text(c, "note", API_REQUIRED, 1, 1000);
	if (api_failed(c))
		return;
	if (service_escalation_ack(c->db, &c->actor, id, note, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}

void api_svc_badge(struct api_ctx *c)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = service_badge(c->db, &c->actor, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}
