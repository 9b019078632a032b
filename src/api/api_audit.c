/* The audit log: filter, page and export (operator only). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "base/buf.h"

static const char *const outcomes[] = {"ok", "denied", "failed", NULL};

/* Builds the WHERE clause shared by the list and the export. */
static void audit_filters(struct api_ctx *c, struct buf *where, struct store_args *args,
                          char **like)
{
	const char *actor = api_query(c, "actor"), *action = api_query(c, "action");
	const char *type = api_query(c, "object_type"), *outcome = api_query(c, "outcome");
	int64_t from = api_query_int(c, "from", 0, 0, INT64_MAX);
	int64_t to = api_query_int(c, "to", 0, 0, INT64_MAX);
	int ok = !outcome;
	for (const char *const *o = outcomes; outcome && *o; o++)
		ok |= !strcmp(*o, outcome);
	if (!ok)
		api_fail(c, 400, "invalid", "outcome", "结果应为 ok、denied 或 failed");
	buf_adds(where, " WHERE 1 = 1");
	*like = actor ? store_like_contains(actor) : NULL;
	if (*like) {
		buf_adds(where, " AND login LIKE ? ESCAPE '\\'");
		store_args_text(args, *like);
	}
	if (action) {
		buf_adds(where, " AND action = ?");
		store_args_text(args, action);
	}
	if (type) {
		buf_adds(where, " AND object_type = ?");
		store_args_text(args, type);
	}
	if (outcome) {
		buf_adds(where, " AND outcome = ?");
		store_args_text(args, outcome);
	}
	if (from) {
		buf_adds(where, " AND at >= ?");
		store_args_int(args, from);
	}
	if (to) {
		buf_adds(where, " AND at <= ?");
		store_args_int(args, to);
	}
}

#define AUDIT_COLUMNS                                                                              \
	"SELECT id, at, account_id, login, role, org_id, action, object_type, object_id,"          \
	" address, outcome, detail FROM audit_log"

void api_audit_list(struct api_ctx *c)
{
	struct buf where = BUF_INIT;
	struct store_args args = {0};
	int64_t page, size, total = 0;
	char *like;
	api_paging(c, &page, &size);
	audit_filters(c, &where, &args, &like);
	json_t *items = NULL;
	if (!api_failed(c)) {
		char *count_sql =
		    arena_printf(c->arena, "SELECT COUNT(*) FROM audit_log%s", where.data);
		char *list_sql = arena_printf(
		    c->arena, AUDIT_COLUMNS "%s ORDER BY id DESC LIMIT ? OFFSET ?", where.data);
		items = api_page_rows(c, count_sql, list_sql, &args, page, size, &total);
		if (!items)
			api_internal(c, "audit list");
		else
			api_reply(c, 200, api_page(items, total, page, size));
	}
	free(like);
	buf_release(&where);
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
	struct buf where = BUF_INIT;
	struct store_args args = {0};
	char *like;
	audit_filters(c, &where, &args, &like);
	if (!api_failed(c)) {
		char *sql = arena_printf(c->arena, AUDIT_COLUMNS "%s ORDER BY id DESC", where.data);
		struct store_stmt *st = store_query_args(c->db, sql, &args);
		if (!st || export_xlsx(c, "audit-log.xlsx", "审计日志", audit_export_columns, st))
			api_internal(c, "audit export");
		store_finalize(st);
		if (!api_failed(c))
			api_audit(c, "audit.export", "audit_log", 0, "ok", NULL);
	}
	free(like);
	buf_release(&where);
}
