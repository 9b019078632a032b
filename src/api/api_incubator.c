/*
 * What the incubator's handlers share (times, filters, answers, QR codes),
 * and the operator's dashboard, settings and the .xlsx export of every
 * incubator list (GET /incubator/export/{name}: the list's own service,
 * in the caller's scope, with the same filters).
 */
#include "api/api_incubator.h"

#include <stdlib.h>
#include <string.h>

#include "api/export.h"
#include "base/util.h"
#include "base/qr_svg.h"
#include "domain/incubator_activities.h"
#include "domain/incubator_bookings.h"
#include "domain/incubator_mentors.h"
#include "domain/incubator_projects.h"
#include "domain/incubator_reports.h"
#include "domain/incubator_services.h"
#include "domain/incubator_sites.h"
#include "domain/incubator_stats.h"

#define TIME_WORDS "应为带时区的时间，如 2026-12-08T14:00:00+08:00"

int api_incubator_time(struct api_ctx *c, const char *field, int required, int64_t *out)
{
	if (c->failed)
		return -1;
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return api_fail(c, 400, "missing", field,
			                arena_printf(c->arena, "缺少必填字段：%s", field));
		return 1;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && !incubator_time_parse(json_string_value(v), out))
		return 0;
	return api_fail(c, 400, "invalid", field,
	                arena_printf(c->arena, "%s %s", field, TIME_WORDS));
}

int api_incubator_bool(struct api_ctx *c, const char *field, int dflt)
{
	json_t *v = c->body ? json_object_get(c->body, field) : NULL;
	if (c->failed || !v || json_is_null(v))
		return dflt;
	if (!json_is_boolean(v)) {
		api_fail(c, 400, "invalid", field,
		         arena_printf(c->arena, "字段 %s 应为 true 或 false", field));
		return dflt;
	}
	return json_is_true(v);
}

/* A time in the query string: ISO 8601 with an offset or epoch seconds. */
static int64_t query_time(struct api_ctx *c, const char *key)
{
	const char *v = api_query(c, key);
	int64_t t = 0;
	if (!v || c->failed)
		return 0;
	if (!parse_int64(v, &t) && t >= 0)
		return t;
	if (incubator_time_parse(v, &t))
		api_fail(c, 400, "invalid", key, arena_printf(c->arena, "%s %s", key, TIME_WORDS));
	return t;
}

void api_incubator_filter(struct api_ctx *c, struct incubator_filter *f)
{
	*f = (struct incubator_filter){0};
	const struct {
		const char *key;
		int64_t *out;
	} ids[] = {{"site_id", &f->site_id},       {"zone_id", &f->zone_id},
	           {"room_id", &f->room_id},       {"seat_id", &f->seat_id},
	           {"project_id", &f->project_id}, {"mentor_id", &f->mentor_id},
	           {"college_id", &f->college_id}, {"activity_id", &f->activity_id}};
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		*ids[i].out = api_query_int(c, ids[i].key, 0, 1, INT64_MAX);
	f->month = api_query_int(c, "month", 0, 200001, 209912);
	if (f->month && !incubator_month_valid(f->month))
		api_fail(c, 400, "invalid", "month", "月份格式应为 YYYYMM，如 202611");
	f->from = query_time(c, "from");
	f->to = query_time(c, "to");
	if (f->from && f->to && (f->to <= f->from || f->to - f->from > 366 * 86400))
		api_fail(c, 400, "invalid", "to", "时间范围应为 1 秒到 366 天");
	f->status = api_query(c, "status");
	f->kind = api_query(c, "kind");
	f->q = api_query(c, "q");
	f->mine = api_query_int(c, "mine", 0, 0, 1);
	f->upcoming = api_query_int(c, "upcoming", 0, 0, 1);
}

void api_incubator_page(struct api_ctx *c, json_t *items)
{
	int64_t page, size;
	api_paging(c, &page, &size);
	if (api_failed(c)) {
		json_decref(items);
		return;
	}
	size_t total = json_array_size(items), from = (size_t)((page - 1) * size);
	json_t *slice = json_array();
	for (size_t i = from; i < total && i < from + (size_t)size; i++)
		json_array_append(slice, json_array_get(items, i));
	json_decref(items);
	api_reply(c, 200, api_page(slice, (int64_t)total, page, size));
}

void api_incubator_list(struct api_ctx *c, incubator_list_fn list)
{
	struct incubator_filter f;
	struct derr e = {0};
	json_t *items;
	api_incubator_filter(c, &f);
	if (api_failed(c))
		return;
	if (list(c->db, &c->actor, &f, &items, &e))
		api_fail_derr(c, &e);
	else
		api_incubator_page(c, items);
}

void api_incubator_reply(struct api_ctx *c, int rc, const struct derr *e, int status,
                         const char *key, json_t *out)
{
	if (rc)
		api_fail_derr(c, e);
	else
		api_reply(c, status, key ? json_pack("{s:o}", key, out) : out);
}

void api_incubator_by_id(struct api_ctx *c, api_incubator_id_fn fn, int status, const char *key)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	/* Reads and actions on {id} take no field: one sent is refused, not ignored. */
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = fn(c->db, &c->actor, id, &out, &e);
	api_incubator_reply(c, rc, &e, status, key, out);
}

void api_incubator_reply_booking(struct api_ctx *c, int rc, const struct derr *e, int status,
                                 const char *key, json_t *out, json_t *conflict)
{
	api_incubator_reply(c, rc, e, status, key, out);
	json_t *error = json_object_get(c->out, "error");
	if (rc && conflict && error)
		json_object_set(error, "conflict", conflict);
	json_decref(conflict);
}

int api_incubator_qr(struct api_ctx *c, json_t *out, const char *key)
{
	size_t len = 0;
	const char *text = json_string_value(json_object_get(out, key));
	char *svg = arena_defer(c->arena, free, text ? qr_svg(text, &len) : NULL);
	if (!svg)
		return api_internal(c, "incubator qr");
	json_object_set_new(out, "qr_svg", json_string(svg));
	return 0;
}

/* ---- dashboard and settings ---- */

void api_incubator_dashboard(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out;
	int rc = incubator_dashboard(c->db, &c->actor, &out, &e);
	api_incubator_reply(c, rc, &e, 200, NULL, out);
}

void api_incubator_settings_get(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out;
	int rc = incubator_settings_get(c->db, &c->actor, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "settings", out);
}

static const char *const settings_fields[] = {
    "report_due_day",     "remind_days",     "mentor_per_projects", "grad_rule", "grad_min_revenue",
    "grad_min_financing", "grad_min_months", "plan_max_bytes",      "targets",   NULL};

void api_incubator_settings_set(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_settings_input in = {0};
	json_t *out;
	api_only_fields(c, settings_fields);
	api_int_in(c, "report_due_day", API_REQUIRED, 1, 28, &in.report_due_day);
	api_int_in(c, "remind_days", API_REQUIRED, 0, 27, &in.remind_days);
	api_int_in(c, "mentor_per_projects", API_REQUIRED, 1, 100, &in.mentor_per_projects);
	in.grad_rule = api_str(c, "grad_rule", API_REQUIRED, 3, 3);
	api_int_in(c, "grad_min_revenue", API_REQUIRED, 0, INT64_MAX / 2, &in.grad_min_revenue);
	api_int_in(c, "grad_min_financing", API_REQUIRED, 0, INT64_MAX / 2, &in.grad_min_financing);
	api_int_in(c, "grad_min_months", API_REQUIRED, 0, 120, &in.grad_min_months);
	api_int_in(c, "plan_max_bytes", API_REQUIRED, 1024, 20 << 20, &in.plan_max_bytes);
	in.targets = json_object_get(c->body, "targets");
	if (!api_failed(c) && strcmp(in.grad_rule, "any") && strcmp(in.grad_rule, "all"))
		api_fail(c, 400, "invalid", "grad_rule", "grad_rule 应为 any 或 all");
	if (!api_failed(c) && in.targets && !json_is_object(in.targets))
		api_fail(c, 400, "invalid", "targets", "targets 应为 {指标: 目标值} 对象");
	if (api_failed(c))
		return;
	int rc = incubator_settings_set(c->db, &c->actor, &in, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "settings", out);
}

/* ---- exports ---- */

#define T(title, width)                                                                            \
	{                                                                                          \
		title, EXPORT_TEXT, width                                                          \
	}
#define N(title, width)                                                                            \
	{                                                                                          \
		title, EXPORT_INT, width                                                           \
	}
#define D(title)                                                                                   \
	{                                                                                          \
		title, EXPORT_TIME, 18                                                             \
	}
#define END                                                                                        \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Each list's sheet: its service, title, columns and the keys of its
 * rows.  The service decides what the caller sees, as for the list. */
static const struct sheet {
	const char *name, *title;
	incubator_list_fn list;
	struct export_column cols[14];
	const char *keys[14];
} sheets[] = {
    {"sites",
     "孵化基地",
     incubator_sites_list,
     {T("名称", 30), T("类型", 10), T("所在院校", 30), N("面积（m²）", 10), N("功能区", 8),
      N("房间", 8), N("工位", 8), N("在孵项目", 10), END},
     {"name", "kind_label", "college", "area_m2", "zones", "rooms", "seats", "residents"}},
    {"rooms",
     "房间",
     incubator_rooms_list,
     {T("基地", 24), T("功能区", 14), T("房间", 20), T("类型", 10), N("面积（m²）", 10),
      N("容纳人数", 10), N("单次最长（分钟）", 14), N("提前天数", 10), N("每周配额（分钟）", 14),
      END},
     {"site", "zone", "name", "kind_label", "area_m2", "capacity", "max_minutes", "advance_days",
      "week_quota_minutes"}},
    {"seats",
     "工位",
     incubator_seats_list,
     {T("基地", 24), T("功能区", 14), T("工位", 10), T("类型", 10), N("面积（m²）", 10),
      T("状态", 10), T("入驻项目", 30), END},
     {"site", "zone", "label", "kind_label", "area_m2", "state_label", "project"}},
    {"occupancy",
     "工位占用",
     incubator_occupancy,
     {T("层级", 8), T("基地", 24), T("功能区", 14), N("工位", 8), N("已占用", 8),
      N("已分配待入驻", 12), N("获奖预留", 10), N("空闲", 8), N("占用面积（m²）", 14),
      N("占用率（%）", 12), END},
     {"level", "site", "zone", "seats", "occupied", "held", "reserved", "free", "occupied_area_m2",
      "rate_percent"}},
    {"bookings",
     "场地预约",
     incubator_bookings_list,
     {N("预约号", 8), T("基地", 24), T("房间", 20), D("开始"), D("结束"), T("状态", 10),
      T("主题", 30), T("预约人", 14), T("项目", 24), END},
     {"id", "site", "room", "start_at", "end_at", "status_label", "title", "booker", "project"}},
    {"projects",
     "入驻项目",
     incubator_projects_list,
     {N("编号", 8), T("项目", 30), T("来源", 10), T("院校", 30), T("基地", 24), T("状态", 8),
      D("协议开始"), D("协议结束"), N("成员", 8), N("导师", 8), N("最近月报", 10),
      N("迟交月报", 10), END},
     {"id", "name", "source_label", "college", "site", "status_label", "agreement_start",
      "agreement_end", "members", "mentors", "last_report", "late_reports"}},
    {"reports",
     "月报",
     incubator_reports_list,
     {T("项目", 30), N("月份", 8), N("营业收入（元）", 14), N("员工", 8), N("其中在校生", 10),
      N("其中毕业生", 10), N("融资（元）", 12), N("专利", 8), N("软著", 8), T("获奖", 24),
      D("提交时间"), T("提交人", 12), END},
     {"project", "month", "revenue", "staff", "staff_students", "staff_graduates", "financing",
      "patents", "software_copyrights", "awards", "submitted_at", "submitted_by"}},
    {"reminders",
     "月报提醒",
     incubator_reminders,
     {T("项目", 30), N("月份", 8), D("截止时间"), T("状态", 10), END},
     {"project", "month", "due_at", "state"}},
    {"mentors",
     "导师",
     incubator_mentors_list,
     {T("导师", 16), N("指导在孵项目", 12), N("辅导次数", 10), N("已完成", 8), N("平均评分", 10),
      END},
     {"name", "projects", "sessions", "sessions_done", "rating"}},
    {"sessions",
     "导师辅导",
     incubator_sessions_list,
     {T("项目", 30), T("导师", 14), D("开始"), D("结束"), T("主题", 30), T("状态", 8),
      T("成果", 40), N("评分", 6), END},
     {"project", "mentor", "starts_at", "ends_at", "topic", "status_label", "outcome", "rating"}},
    {"activities",
     "创新创业活动",
     incubator_activities_list,
     {T("活动", 30), T("类型", 8), T("组织方", 24), T("地点", 20), D("开始"), D("结束"),
      N("名额", 8), N("报名", 8), N("候补", 8), N("签到", 8), N("评分", 6), T("状态", 8), END},
     {"title", "kind_label", "organiser", "room", "starts_at", "ends_at", "capacity", "registered",
      "waiting", "attended", "rating", "status_label"}},
    {"registrations",
     "活动报名",
     incubator_registrations_list,
     {T("姓名", 14), T("院校", 30), T("专业", 24), T("状态", 8), D("报名时间"), D("签到时间"),
      N("评分", 6), T("反馈", 40), END},
     {"name", "college", "major", "status_label", "registered_at", "checked_in_at", "rating",
      "feedback"}},
    {"services",
     "服务",
     incubator_services_list,
     {T("项目", 30), T("类型", 10), T("事项", 30), T("状态", 8), T("受理人", 14), D("申请时间"),
      D("办结时间"), T("结果", 40), N("评分", 6), END},
     {"project", "kind_label", "title", "status_label", "assignee", "requested_at", "done_at",
      "result", "rating"}},
    {"indicators",
     "孵化指标",
     incubator_indicators_list,
     {T("指标组", 12), T("指标", 36), N("当前值", 12), N("目标", 12), T("单位", 6), END},
     {"set", "label", "value", "target", "unit"}},
    {"months",
     "月度合计",
     incubator_months_list,
     {N("月份", 8), N("月报数", 8), N("营业收入（元）", 14), N("就业岗位", 10), N("其中在校生", 10),
      N("其中毕业生", 10), N("融资（元）", 12), N("专利", 8), END},
     {"month", "reports", "revenue", "jobs", "jobs_students", "jobs_graduates", "financing",
      "patents"}},
    {"residents",
     "各基地入驻",
     incubator_residents_list,
     {T("基地", 30), T("所在院校", 30), N("在孵", 8), N("待审核", 8), N("已毕业", 8),
      N("已退出", 8), END},
     {"site", "college", "residents", "applied", "graduated", "exited"}},
};
#define NSHEETS (sizeof(sheets) / sizeof(sheets[0]))

void api_incubator_export(struct api_ctx *c)
{
	struct incubator_filter f;
	struct derr e = {0};
	json_t *items;
	size_t i = 0;
	while (i < NSHEETS && strcmp(sheets[i].name, c->path_param))
		i++;
	if (i == NSHEETS) {
		api_fail(c, 404, "not_found", NULL, "没有这个导出表");
		return;
	}
	api_incubator_filter(c, &f);
	if (api_failed(c))
		return;
	if (sheets[i].list(c->db, &c->actor, &f, &items, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_keep(c, items);
	if (export_xlsx_json(c, arena_printf(c->arena, "incubator-%s.xlsx", sheets[i].name),
	                     sheets[i].title, sheets[i].cols, sheets[i].keys, items))
		api_internal(c, "incubator export");
}
