/*
 * A fair's figures, live for the organisers and the venue's big screen
 * (大屏), and each table as a download (?table=hours|industry|college|
 * major|booths).  The service is domain/fair_stats.h; the sheets' titles
 * and columns are here.
 */
#include <string.h>

#include "api/api_fair.h"
#include "domain/fair_stats.h"

/* Each table's sheet: its title and columns, in the order of the
 * service's rows. */
static const struct {
	const char *name, *title;
	struct export_column cols[8];
} sheets[] = {
    {"hours",
     "入场时段",
     {{"时段（时）", EXPORT_INT, 10}, {"入场人数", EXPORT_INT, 10}, {NULL, 0, 0}}},
    {"industry",
     "行业",
     {{"行业", EXPORT_TEXT, 30},
      {"企业", EXPORT_INT, 8},
      {"岗位", EXPORT_INT, 8},
      {"收到简历", EXPORT_INT, 10},
      {"签约意向", EXPORT_INT, 10},
      {NULL, 0, 0}}},
    {"college",
     "院校",
     {{"院校", EXPORT_TEXT, 30},
      {"报名", EXPORT_INT, 8},
      {"入场", EXPORT_INT, 8},
      {"签约意向", EXPORT_INT, 10},
      {NULL, 0, 0}}},
    {"major",
     "专业",
     {{"专业", EXPORT_TEXT, 30},
      {"报名", EXPORT_INT, 8},
      {"入场", EXPORT_INT, 8},
      {"签约意向", EXPORT_INT, 10},
      {NULL, 0, 0}}},
    {"booths",
     "展位",
     {{"展位号", EXPORT_INT, 8},
      {"企业", EXPORT_TEXT, 36},
      {"排队中", EXPORT_INT, 8},
      {"已面谈", EXPORT_INT, 8},
      {"未到", EXPORT_INT, 8},
      {"平均等待（分钟）", EXPORT_INT, 14},
      {"签约意向", EXPORT_INT, 10},
      {NULL, 0, 0}}},
};
#define NSHEETS (sizeof(sheets) / sizeof(sheets[0]))

void api_fairs_stats(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *stats;
	if (api_path_id(c, &id))
		return;
	if (fair_stats(c->db, &c->actor, id, &stats, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, stats);
}

void api_fairs_stats_export(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	const char *table = api_query(c, "table");
	size_t i = 0;
	while (i < NSHEETS && (!table || strcmp(sheets[i].name, table)))
		i++;
	if (!api_failed(c) && i == NSHEETS)
		api_fail(c, 400, "invalid", "table",
		         "table 应为 hours、industry、college、major 或 booths");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	struct api_fairs_sheet sheet = {c, arena_printf(c->arena, "fair-%s.xlsx", table),
	                                sheets[i].title, sheets[i].cols};
	if (fair_stats_table(c->db, &c->actor, id, table, api_fairs_write_sheet, &sheet, &e))
		api_fail_derr(c, &e);
}
