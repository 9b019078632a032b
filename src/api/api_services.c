/*
 * Zone services: the working-day calendar, departments, officers, settings
 * and service items; and the helpers the other api_services_*.c share.
 */
#include <string.h>

#include "api/api_services.h"
#include "base/utf8.h"
#include "base/workdays.h"
#include "domain/servcal.h"
#include "domain/service.h"

int32_t api_day(struct api_ctx *c, const char *field, int required)
{
	const char *s = api_str(c, field, required, 10, 10);
	int32_t d = 0;
	if (s && wd_parse(s, &d))
		api_fail(c, 400, "invalid", field, "日期应写成 YYYY-MM-DD，如 2026-10-09");
	return api_failed(c) ? 0 : d;
}

int32_t api_query_day(struct api_ctx *c, const char *key, int required)
{
	const char *s = api_query(c, key);
	int32_t d = 0;
	if (!s && required && !api_failed(c))
		api_fail(c, 400, "missing", key, arena_printf(c->arena, "缺少查询参数：%s", key));
	else if (s && wd_parse(s, &d))
		api_fail(c, 400, "invalid", key, "日期应写成 YYYY-MM-DD，如 2026-10-09");
	return api_failed(c) ? 0 : d;
}

const char *api_upload_name(struct api_ctx *c)
{
	const char *name = api_query(c, "name");
	if (!api_failed(c) && !name)
		api_fail(c, 400, "missing", "name", "请给出文件名（?name=）");
	if (!api_failed(c) && !c->upload_len)
		api_fail(c, 400, "missing", "file", "请上传 PDF、JPG 或 PNG 文件");
	return api_failed(c) ? NULL : name;
}

void api_reply_result(struct api_ctx *c, int rc, int status, json_t *out, const struct derr *e)
{
	if (rc) {
		json_decref(out);
		api_fail_derr(c, e);
		return;
	}
	api_reply(c, status, out);
}

/* The {id} of the calendar routes is a year. */
static int path_year(struct api_ctx *c, int *year)
{
	int64_t y;
	if (api_path_id(c, &y))
		return -1;
	if (y < SERVCAL_YEAR_MIN || y > SERVCAL_YEAR_MAX)
		return api_fail(c, 404, "not_found", NULL, "年份应在 2000 到 2100 之间");
	*year = (int)y;
	return 0;
}

void api_svc_calendar_years(struct api_ctx *c)
{
	json_t *items = NULL;
	int64_t version = 0;
	struct derr e = {0};
	int rc = servcal_years(c->db, &items, &version, &e);
	api_reply_result(
	    c, rc, 200,
	    rc ? NULL : json_pack("{s:o, s:I}", "items", items, "version", (json_int_t)version),
	    &e);
}

void api_svc_calendar_year(struct api_ctx *c)
{
	int year = 0;
	json_t *out = NULL;
	struct derr e = {0};
	if (path_year(c, &year))
		return;
	int rc = servcal_year(c->db, year, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}

static const char *const calendar_fields[] = {"notice", "days", NULL};

void api_svc_calendar_set(struct api_ctx *c)
{
	int year = 0;
	json_t *out = NULL;
	struct derr e = {0};
	if (path_year(c, &year) || api_only_fields(c, calendar_fields))
		return;
	const char *notice = api_str(c, "notice", API_OPTIONAL, 1, 200);
	json_t *days = json_object_get(c->body, "days");
	if (!api_failed(c) && !json_is_array(days))
		api_fail(c, 400, days ? "invalid" : "missing", "days",
		         "请给出 days：[{date, kind, name}]");
	if (api_failed(c))
		return;
	size_t n = json_array_size(days), i;
	struct wd_row *rows = arena_alloc(c->arena, (n ? n : 1) * sizeof(*rows));
	json_t *d;
	json_array_foreach(days, i, d)
	{
		const char *date = json_string_value(json_object_get(d, "date"));
		const char *kind = json_string_value(json_object_get(d, "kind"));
		const char *name = json_string_value(json_object_get(d, "name"));
		if (!date || wd_parse(date, &rows[i].day) || !kind ||
		    (strcmp(kind, "off") && strcmp(kind, "work")) || !name || !*name ||
		    strlen(name) >= sizeof(rows[i].name) || utf8_has_control(name)) {
			api_fail(
			    c, 400, "invalid", "days",
			    arena_printf(c->arena,
			                 "第 %zu 天应为 {date: YYYY-MM-DD, kind: off|work, name}",
			                 i + 1));
			return;
		}
		rows[i].kind = kind[0] == 'o' ? WD_OFF : WD_WORK;
		strcpy(rows[i].name, name);
	}
	int rc = servcal_set_year(c->db, &c->actor, year, notice, rows, n, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}

void api_svc_calendar_import(struct api_ctx *c)
{
	int year = 0;
	json_t *out = NULL;
	struct derr e = {0};
	if (path_year(c, &year))
		return;
	int64_t commit = api_query_int(c, "commit", 0, 0, 1);
	const char *notice = api_query(c, "notice");
	if (!api_failed(c) && !c->upload_len)
		api_fail(c, 400, "missing", "file", "请上传 .xlsx 或 .csv 文件");
	if (api_failed(c))
		return;
	int rc = servcal_import(c->db, &c->actor, year, notice, c->upload, c->upload_len,
	                        (int)commit, &out, &e);
	if (rc && out && e.kind == DERR_RULE) {
		/* A refused commit carries the same per-row report as a preview. */
		json_object_set_new(out, "error",
		                    json_pack("{s:s, s:s, s:s}", "code", "rule", "field", "file",
		                              "message", e.message));
		api_reply(c, 422, out);
		return;
	}
	api_reply_result(c, rc, 200, out, &e);
}

void api_svc_calendar_add(struct api_ctx *c)
{
	int32_t from = api_query_day(c, "from", 1), day = 0;
	int64_t n = api_query_int(c, "days", 0, -100000, 100000);
	int missing = 0;
	struct derr e = {0};
	char out[11];
	if (!api_failed(c) && !api_query(c, "days"))
		api_fail(c, 400, "missing", "days", "缺少查询参数：days");
	if (api_failed(c))
		return;
	if (servcal_add(c->db, from, n, &day, &missing, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	wd_format(day, out);
	api_reply(c, 200,
	          json_pack("{s:s, s:I, s:s, s:o}", "from", api_query(c, "from"), "days",
	                    (json_int_t)n, "date", out, "calendar_missing_year",
	                    missing ? json_integer(missing) : json_null()));
}

void api_svc_calendar_count(struct api_ctx *c)
{
	int32_t from = api_query_day(c, "from", 1), to = api_query_day(c, "to", 1);
	int64_t n = 0;
	int missing = 0;
	struct derr e = {0};
	if (api_failed(c))
		return;
	if (servcal_count(c->db, from, to, &n, &missing, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200,
	          json_pack("{s:s, s:s, s:I, s:o}", "from", api_query(c, "from"), "to",
	                    api_query(c, "to"), "count", (json_int_t)n, "calendar_missing_year",
	                    missing ? json_integer(missing) : json_null()));
}

/* ---- departments, officers, settings ---- */

void api_svc_departments(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	int rc = service_departments(c->db, &c->actor, &items, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "items", items), &e);
}

static const char *const department_fields[] = {"name", "members", NULL};

static void department_save(struct api_ctx *c, int64_t id)
{
	int64_t out = 0;
	json_t *items = NULL;
	struct derr e = {0};
	api_only_fields(c, department_fields);
	const char *name = api_str(c, "name", id ? API_OPTIONAL : API_REQUIRED, 1, 60);
	json_t *members = json_object_get(c->body, "members");
	if (!api_failed(c) && members && !json_is_array(members))
		api_fail(c, 400, "invalid", "members", "成员应为 [{account_id, is_head}]");
	if (api_failed(c))
		return;
	if (service_department_save(c->db, &c->actor, id, name, members, &out, &e) ||
	    service_departments(c->db, &c->actor, &items, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	size_t i;
	json_t *d, *mine = json_null();
	json_array_foreach(items, i, d) if (json_integer_value(json_object_get(d, "id")) == out)
	    mine = d;
	api_reply(c, id ? 200 : 201, json_pack("{s:O}", "department", mine));
	json_decref(items);
}

void api_svc_department_create(struct api_ctx *c)
{
	department_save(c, 0);
}

void api_svc_department_update(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		department_save(c, id);
}

void api_svc_officers(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	int rc = service_officers(c->db, &c->actor, &items, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "items", items), &e);
}

void api_svc_settings(struct api_ctx *c)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = service_settings(c->db, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}

static const char *const settings_fields[] = {"rectify_days", "rate_fairs", NULL};

void api_svc_settings_set(struct api_ctx *c)
{
	int64_t days = -1;
	json_t *out = NULL;
	struct derr e = {0};
	api_only_fields(c, settings_fields);
	api_int(c, "rectify_days", API_OPTIONAL, &days);
	json_t *fairs = json_object_get(c->body, "rate_fairs");
	if (!api_failed(c) && fairs && !json_is_boolean(fairs))
		api_fail(c, 400, "invalid", "rate_fairs", "rate_fairs 应为 true 或 false");
	if (api_failed(c))
		return;
	int rc = service_settings_set(c->db, &c->actor, days, fairs ? json_is_true(fairs) : -1, &e);
	if (!rc)
		rc = service_settings(c->db, &out, &e);
	api_reply_result(c, rc, 200, out, &e);
}

/* ---- items ---- */

void api_svc_items(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	const char *q = api_query(c, "q"), *status = api_query(c, "status");
	int64_t dep = api_query_int(c, "department_id", 0, 1, INT64_MAX);
	if (api_failed(c))
		return;
	int rc = service_items(c->db, &c->actor, q, dep, status, &items, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "items", items), &e);
}

void api_svc_item(struct api_ctx *c)
{
	int64_t id;
	json_t *out = NULL;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	int rc = service_item(c->db, &c->actor, id, &out, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "item", out), &e);
}

static const char *const item_fields[] = {"code",
                                          "name",
                                          "description",
                                          "status",
                                          "department_id",
                                          "statutory_days",
                                          "committed_days",
                                          "no_application",
                                          "departments",
                                          "materials",
                                          NULL};

static void item_save(struct api_ctx *c, int64_t id)
{
	struct service_item_input in = {.no_application = -1};
	int64_t out_id = 0;
	json_t *out = NULL;
	struct derr e = {0};
	int create = !id;
	api_only_fields(c, item_fields);
	in.code = api_str(c, "code", create, 1, 40);
	in.name = api_str(c, "name", create, 1, 100);
	in.description = api_text(c, "description", API_OPTIONAL, 0, 2000);
	in.status = api_str(c, "status", API_OPTIONAL, 1, 16);
	api_int_in(c, "department_id", create, 1, INT64_MAX, &in.department_id);
	api_int_in(c, "statutory_days", create, 1, 365, &in.statutory_days);
	api_int_in(c, "committed_days", create, 1, 365, &in.committed_days);
	in.departments = api_int_array(c, "departments", 20, 1, INT64_MAX);
	json_t *noapp = json_object_get(c->body, "no_application");
	if (!api_failed(c) && noapp && !json_is_boolean(noapp))
		api_fail(c, 400, "invalid", "no_application", "no_application 应为 true 或 false");
	in.no_application = noapp ? json_is_true(noapp) : create ? 0 : -1;
	in.materials = json_object_get(c->body, "materials");
	if (!api_failed(c) && in.materials && !json_is_array(in.materials))
		api_fail(c, 400, "invalid", "materials", "材料应为 [{name, required, tolerable}]");
	if (api_failed(c))
		return;
	int rc = service_item_save(c->db, &c->actor, id, &in, &out_id, &e);
	if (!rc)
		rc = service_item(c->db, &c->actor, out_id, &out, &e);
	api_reply_result(c, rc, create ? 201 : 200, rc ? NULL : json_pack("{s:o}", "item", out),
	                 &e);
}

void api_svc_item_create(struct api_ctx *c)
{
	item_save(c, 0);
}

void api_svc_item_update(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		item_save(c, id);
}
