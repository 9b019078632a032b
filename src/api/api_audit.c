/* The audit log: filter, page and export (operator only; domain/audit.h). */
#include <stdint.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/audit.h"

/* The filters shared by the list and the export. */
static struct audit_filter filter_params(struct api_ctx *c)
{
	return (struct audit_filter){.login = api_query(c, "actor"),
	                             .action = api_query(c, "action"),
	                             .object_type = api_query(c, "object_type"),
	                             .outcome = api_query(c, "outcome"),
	                             .from = api_query_int(c, "from", 0, 0, INT64_MAX),
	                             .to = api_query_int(c, "to", 0, 0, INT64_MAX)};
}

void api_audit_list(struct api_ctx *c)
{
	int64_t page, size, total = 0;
	json_t *items;
	struct derr e = {0};
	api_paging(c, &page, &size);
	struct audit_filter f = filter_params(c);
	if (api_failed(c))
		return;
	if (audit_list(c->db, &f, page, size, &items, &total, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

static const struct export_column audit_export_columns[] = {{"编号", EXPORT_INT, 8},
                                                            {"时间", EXPORT_TIME, 20},
                                                            {"账号ID", EXPORT_INT, 8},
                                                            {"账号", EXPORT_TEXT, 16},
                                                            {"角色", EXPORT_TEXT, 10},
                                                            {"机构ID", EXPORT_INT, 8},
                                                            {"操作", EXPORT_TEXT, 24},
                                                            {"对象类型", EXPORT_TEXT, 14},
                                                            {"对象ID", EXPORT_TEXT, 10},
                                                            {"来源地址", EXPORT_TEXT, 16},
                                                            {"结果", EXPORT_TEXT, 8},
                                                            {"详情", EXPORT_TEXT, 30},
                                                            {NULL, 0, 0}};

void api_audit_export(struct api_ctx *c)
{
	struct export_sheet sheet = {c, "audit-log.xlsx", "审计日志", audit_export_columns, NULL};
	struct derr e = {0};
	struct audit_filter f = filter_params(c);
	if (!api_failed(c) && audit_export(c->db, &c->actor, &f, export_sheet_rows, &sheet, &e))
		api_fail_derr(c, &e);
}
