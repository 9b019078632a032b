/*
 * The funnel from first visit to hire, the figures, and the tables as
 * .xlsx (?table=funnel|agreements|internships|refusals|visits).  The
 * service is domain/coop_stats.h; the sheets' titles and columns are here.
 */
#include <string.h>

#include "api/api_coop.h"
#include "domain/coop_stats.h"

void api_coop_funnel(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	const char *by = api_query(c, "by");
	if (api_failed(c))
		return;
	int rc = coop_funnel(c->db, &c->actor, by ? by : "enterprise", &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

void api_coop_stats(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int rc = coop_stats(c->db, &c->actor, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

/* Each table's sheet, in the order of the service's columns. */
static const struct {
	const char *name, *title;
	struct export_column cols[15];
} sheets[] = {
    {"funnel",
     "合作漏斗",
     {{"企业", EXPORT_TEXT, 36},
      {"院校", EXPORT_TEXT, 36},
      {"走访", EXPORT_INT, 8},
      {"洽谈", EXPORT_INT, 8},
      {"协议", EXPORT_INT, 8},
      {"订单班", EXPORT_INT, 8},
      {"订单班学生", EXPORT_INT, 10},
      {"实习", EXPORT_INT, 8},
      {"录用通知", EXPORT_INT, 10},
      {"入职", EXPORT_INT, 8},
      {NULL, 0, 0}}},
    {"agreements",
     "合作协议",
     {{"编号", EXPORT_INT, 8},
      {"类型", EXPORT_TEXT, 14},
      {"名称", EXPORT_TEXT, 36},
      {"企业", EXPORT_TEXT, 32},
      {"院校", EXPORT_TEXT, 32},
      {"生效日", EXPORT_TEXT, 12},
      {"到期日", EXPORT_TEXT, 12},
      {"状态", EXPORT_TEXT, 14},
      {"签署日", EXPORT_TEXT, 12},
      {"未完成里程碑", EXPORT_INT, 12},
      {NULL, 0, 0}}},
    {"internships",
     "岗位实习",
     {{"编号", EXPORT_INT, 8},
      {"学生", EXPORT_TEXT, 12},
      {"学号", EXPORT_TEXT, 14},
      {"专业", EXPORT_TEXT, 20},
      {"院校", EXPORT_TEXT, 30},
      {"实习单位", EXPORT_TEXT, 30},
      {"岗位", EXPORT_TEXT, 20},
      {"开始", EXPORT_TEXT, 12},
      {"结束", EXPORT_TEXT, 12},
      {"月报酬（元）", EXPORT_INT, 12},
      {"状态", EXPORT_TEXT, 12},
      {"录用", EXPORT_TEXT, 6},
      {"已确认周志", EXPORT_INT, 10},
      {"未结事件", EXPORT_INT, 10},
      {NULL, 0, 0}}},
    {"refusals",
     "规则拦截",
     {{"时间", EXPORT_TIME, 18},
      {"学生", EXPORT_TEXT, 12},
      {"院校", EXPORT_TEXT, 30},
      {"实习单位", EXPORT_TEXT, 30},
      {"规则", EXPORT_TEXT, 18},
      {"说明", EXPORT_TEXT, 60},
      {NULL, 0, 0}}},
    {"visits",
     "双走进活动",
     {{"开始时间", EXPORT_TIME, 18},
      {"方向", EXPORT_TEXT, 14},
      {"企业", EXPORT_TEXT, 30},
      {"院校", EXPORT_TEXT, 30},
      {"主题", EXPORT_TEXT, 30},
      {"状态", EXPORT_TEXT, 10},
      {"报名", EXPORT_INT, 8},
      {"签到", EXPORT_INT, 8},
      {"未结跟进", EXPORT_INT, 10},
      {NULL, 0, 0}}},
};
#define NSHEETS (sizeof(sheets) / sizeof(sheets[0]))

void api_coop_export(struct api_ctx *c)
{
	struct derr e = {0};
	const char *table = api_query(c, "table");
	size_t i = 0;
	while (i < NSHEETS && (!table || strcmp(sheets[i].name, table)))
		i++;
	if (!api_failed(c) && i == NSHEETS)
		api_fail(c, 400, "invalid", "table",
		         "table 应为 funnel、agreements、internships、refusals 或 visits");
	if (api_failed(c))
		return;
	struct api_coop_sheet sheet = {c, arena_printf(c->arena, "coop-%s.xlsx", table),
	                               sheets[i].title, sheets[i].cols};
	if (coop_stats_table(c->db, &c->actor, table, api_coop_write_sheet, &sheet, &e))
		api_fail_derr(c, &e);
}
