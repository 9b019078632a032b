/*
 * Applications (投递): a student applies to an open position; HR of that
 * enterprise moves it along the pipeline.  Each handler parses the
 * request, calls one service of domain/application.h (which holds the
 * rules: the state machine, who sees and moves what, the audit rows) and
 * shapes the answer.
 */
#include <stdint.h>

#include "api/api.h"
#include "base/buf.h"
#include "base/json_write.h"
#include "api/export.h"
#include "domain/application.h"
#include "domain/recruit.h"

/* Answers {"application": app} with status, or the failure. */
static void reply_application(struct api_ctx *c, int rc, int status, json_t *app,
                              const struct derr *e)
{
	if (rc)
		api_fail_derr(c, e);
	else
		api_reply(c, status, json_pack("{s:o}", "application", app));
}

void api_applications_apply(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *app = NULL;
	int64_t position;
	if (api_no_fields(c) || api_path_id(c, &position))
		return;
	int rc = application_apply(c->db, &c->actor, position, &app, &e);
	reply_application(c, rc, 201, app, &e);
}

/* Moves {id} to `to` with an optional note. */
static void move(struct api_ctx *c, const char *to, const char *note)
{
	struct derr e = {0};
	json_t *app = NULL;
	int64_t id;
	if (api_path_id(c, &id))
		return;
	int rc = application_move(c->db, &c->actor, id, to, note, &app, &e);
	reply_application(c, rc, 200, app, &e);
}

static const char *const status_fields[] = {"status", "note", NULL};

void api_applications_status(struct api_ctx *c)
{
	api_only_fields(c, status_fields);
	const char *to = api_str(c, "status", API_REQUIRED, 1, 20);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 1000);
	if (to && !application_status_valid(to))
		api_fail(c, 400, "invalid", "status", "未知的投递状态");
	if (!api_failed(c))
		move(c, to, note);
}

void api_applications_withdraw(struct api_ctx *c)
{
	if (!api_no_fields(c))
		move(c, "withdrawn", NULL);
}

void api_applications_accept(struct api_ctx *c)
{
	if (!api_no_fields(c))
		move(c, "accepted", NULL);
}

static const char *const bulk_fields[] = {"ids", "status", "note", NULL};

/* HR: one status for many applications, all or nothing. */
void api_applications_bulk(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t updated;
	api_only_fields(c, bulk_fields);
	const char *to = api_str(c, "status", API_REQUIRED, 1, 20);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 1000);
	/* Integers only: 1.5 or "1" is a malformed request (400 naming ids),
	 * not an unknown application. */
	json_t *ids = api_int_array(c, "ids", 500, 1, INT64_MAX);
	if (!api_failed(c) && !json_array_size(ids))
		api_fail(c, 400, "invalid", "ids", "ids 应为 1–500 个投递编号");
	if (to && !application_status_valid(to))
		api_fail(c, 400, "invalid", "status", "未知的投递状态");
	if (api_failed(c))
		return;
	if (application_bulk(c->db, &c->actor, ids, to, note, &updated, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:I}", "updated", (json_int_t)updated));
}

void api_applications_get(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *app = NULL;
	int64_t id;
	/* A GET never writes: the page marks a new application viewed with
	 * POST /applications/{id}/viewed. */
	if (api_path_id(c, &id))
		return;
	int rc = application_get(c->db, &c->actor, id, &app, &e);
	reply_application(c, rc, 200, app, &e);
}

/* HR opened a submitted application: it becomes viewed (已查看), which the
 * student sees.  Any other status is left as it is (200, nothing written). */
void api_applications_viewed(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *app = NULL;
	int64_t id;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = application_viewed(c->db, &c->actor, id, &app, &e);
	reply_application(c, rc, 200, app, &e);
}

/* The list's filters; 0 after them, -1 after answering 400. */
static int read_filter(struct api_ctx *c, struct application_filter *f, int64_t *page,
                       int64_t *size)
{
	f->position_id = api_query_int(c, "position_id", 0, 1, INT64_MAX);
	f->status = api_query(c, "status");
	api_paging(c, page, size);
	return api_failed(c) ? -1 : 0;
}

/* The caller's applications: a student's own, HR's per position or all of
 * their enterprise's (pipeline), college staff their students', the
 * operator's any.  Printed straight from the rows, as api_page's object
 * would print: {"items", "total", "page", "page_size"}. */
void api_applications_list(struct api_ctx *c)
{
	struct application_filter f = {0};
	struct derr e = {0};
	struct buf out = BUF_INIT;
	int64_t page, size, total;
	if (read_filter(c, &f, &page, &size))
		return;
	buf_adds(&out, "{\"items\":");
	if (application_list(c->db, &c->actor, &f, page, size, &out, &total, &e)) {
		buf_release(&out);
		api_fail_derr(c, &e);
		return;
	}
	buf_adds(&out, ",\"total\":");
	json_write_int(&out, total);
	buf_adds(&out, ",\"page\":");
	json_write_int(&out, page);
	buf_adds(&out, ",\"page_size\":");
	json_write_int(&out, size);
	buf_addch(&out, '}');
	api_reply_text(c, 200, &out);
}

/* The sheet's columns, a table. */
/* clang-format off */
static const struct export_column export_columns[] = {
    {"投递编号", EXPORT_INT, 10}, {"状态", EXPORT_TEXT, 10},   {"岗位", EXPORT_TEXT, 24},
    {"企业", EXPORT_TEXT, 30},    {"学生", EXPORT_TEXT, 10},   {"院校", EXPORT_TEXT, 30},
    {"专业", EXPORT_TEXT, 20},    {"毕业年份", EXPORT_INT, 8}, {"手机号", EXPORT_TEXT, 14},
    {"投递时间", EXPORT_TIME, 18}, {"更新时间", EXPORT_TIME, 18}, {"备注", EXPORT_TEXT, 30},
    {NULL, 0, 0}};
/* clang-format on */

void api_applications_export(struct api_ctx *c)
{
	struct application_filter f = {0};
	struct export_sheet sheet = {c, "applications.xlsx", "投递", export_columns, NULL};
	struct derr e = {0};
	int64_t page, size;
	if (!read_filter(c, &f, &page, &size) &&
	    application_export(c->db, &c->actor, &f, export_sheet_rows, &sheet, &e))
		api_fail_derr(c, &e);
}
