/*
 * Positions (岗位): enterprises publish, everyone logged in searches.
 * Each handler parses the request, calls one service of domain/position.h
 * or domain/position_search.h (which hold the rules: who sees and moves
 * what) and shapes the answer.
 */
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "base/util.h"
#include "domain/position.h"
#include "domain/position_search.h"
#include "domain/recruit.h"

/* Answers {"position": pos} with status, or the failure. */
static void reply_position(struct api_ctx *c, int rc, int status, json_t *pos, const struct derr *e)
{
	if (rc)
		api_fail_derr(c, e);
	else
		api_reply(c, status, json_pack("{s:o}", "position", pos));
}

void api_positions_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *pos = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = position_get(c->db, &c->actor, id, &pos, &e);
	reply_position(c, rc, 200, pos, &e);
}

/* ---- search ---- */

/* The search's query parameters; 0 after them all, -1 after answering 400. */
static int read_query(struct api_ctx *c, struct position_query *q)
{
	q->q = api_query(c, "q");
	q->major = api_query(c, "major");
	q->city = api_query(c, "city");
	q->kind = api_query(c, "kind");
	q->industry = api_query(c, "industry");
	q->sort = api_query(c, "sort");
	q->status = api_query(c, "status");
	q->salary_min = api_query_int(c, "salary_min", 0, 0, 10000000);
	q->enterprise_id = api_query_int(c, "enterprise_id", 0, 1, INT64_MAX);
	q->in_zone = api_query_int(c, "in_zone", 0, 0, 1);
	api_cursor_paging(c, &q->cursor, &q->limit);
	return api_failed(c) ? -1 : 0;
}

void api_positions_search(struct api_ctx *c)
{
	struct position_query q = {0};
	struct derr e = {0};
	struct buf page = BUF_INIT;
	if (read_query(c, &q))
		return;
	if (position_search(c->db, &c->actor, &q, &page, &e))
		api_fail_derr(c, &e);
	else
		api_reply_text(c, 200, &page);
	buf_release(&page);
}

void api_positions_suggest(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out;
	if (position_suggest(c->db, api_query(c, "q"), &out, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, out);
}

/* The sheet's columns, a table. */
/* clang-format off */
static const struct export_column search_columns[] = {
    {"编号", EXPORT_INT, 8},      {"岗位名称", EXPORT_TEXT, 24}, {"企业", EXPORT_TEXT, 30},
    {"类型", EXPORT_TEXT, 6},     {"状态", EXPORT_TEXT, 8},      {"招聘人数", EXPORT_INT, 8},
    {"薪资下限", EXPORT_INT, 8},  {"薪资上限", EXPORT_INT, 8},   {"城市", EXPORT_TEXT, 10},
    {"高新区", EXPORT_INT, 6},    {"发布时间", EXPORT_TIME, 18}, {NULL, 0, 0}};
/* clang-format on */

void api_positions_export(struct api_ctx *c)
{
	struct position_query q = {0};
	struct export_sheet sheet = {c, "positions.xlsx", "岗位", search_columns, NULL};
	struct derr e = {0};
	if (!read_query(c, &q) &&
	    position_search_export(c->db, &c->actor, &q, export_sheet_rows, &sheet, &e))
		api_fail_derr(c, &e);
}

/* ---- writes (enterprise HR of the owning enterprise; operator review) ---- */

static const char *const position_fields[] = {"title",
                                              "kind",
                                              "min_degree",
                                              "headcount",
                                              "salary_min",
                                              "salary_max",
                                              "city_code",
                                              "address",
                                              "description",
                                              "deadline",
                                              "grad_year_min",
                                              "grad_year_max",
                                              "majors",
                                              "required_skills",
                                              "preferred_skills",
                                              NULL};

static void int_range(struct api_ctx *c, const char *field, int required, int64_t min, int64_t max,
                      int64_t *out, int *present)
{
	int rc = api_int(c, field, required, out);
	if (present)
		*present = rc == 0;
	if (rc == 0 && (*out < min || *out > max))
		api_fail(c, 400, "invalid", field,
		         arena_printf(c->arena, "字段 %s 应在 %lld–%lld 之间", field,
		                      (long long)min, (long long)max));
}

/* Reads the body as a position (the dictionary codes are the domain's to
 * check); 0, or -1 after answering 400. */
static int read_position(struct api_ctx *c, struct position_fields *in)
{
	memset(in, 0, sizeof(*in));
	api_only_fields(c, position_fields);
	in->title = api_str(c, "title", API_REQUIRED, 2, 60);
	in->kind = api_str(c, "kind", API_REQUIRED, 1, 4);
	if (in->kind && !position_kind_valid(in->kind))
		api_fail(c, 400, "invalid", "kind", "岗位类型应为 全职、实习 或 见习");
	in->min_degree = DEGREE_SECONDARY;
	int_range(c, "min_degree", API_OPTIONAL, 1, 3, &in->min_degree, NULL);
	int_range(c, "headcount", API_REQUIRED, 1, 10000, &in->headcount, NULL);
	int_range(c, "salary_min", API_OPTIONAL, 0, 1000000, &in->salary_min, &in->has_salary_min);
	int_range(c, "salary_max", API_OPTIONAL, 0, 1000000, &in->salary_max, &in->has_salary_max);
	if (in->has_salary_min && in->has_salary_max && in->salary_min > in->salary_max)
		api_fail(c, 400, "invalid", "salary_max", "最高薪资不能低于最低薪资");
	in->city = api_str(c, "city_code", API_OPTIONAL, 1, 12);
	in->address = api_str(c, "address", API_OPTIONAL, 1, 200);
	in->description = api_text(c, "description", API_OPTIONAL, 1, 5000);
	int_range(c, "deadline", API_OPTIONAL, 0, INT32_MAX, &in->deadline, &in->has_deadline);
	if (in->has_deadline && in->deadline < now_seconds())
		api_fail(c, 400, "invalid", "deadline", "截止时间不能早于现在");
	int_range(c, "grad_year_min", API_OPTIONAL, 2000, 2100, &in->gy_min, &in->has_gy_min);
	int_range(c, "grad_year_max", API_OPTIONAL, 2000, 2100, &in->gy_max, &in->has_gy_max);
	if (in->has_gy_min && in->has_gy_max && in->gy_min > in->gy_max)
		api_fail(c, 400, "invalid", "grad_year_max", "毕业年份范围无效");
	in->majors = api_str_array(c, "majors", 50, 6);
	in->required = api_str_array(c, "required_skills", 30, 64);
	in->preferred = api_str_array(c, "preferred_skills", 30, 64);
	return api_failed(c) ? -1 : 0;
}

void api_positions_create(struct api_ctx *c)
{
	struct position_fields in;
	struct derr e = {0};
	json_t *pos = NULL;
	if (read_position(c, &in))
		return;
	int rc = position_create(c->db, &c->actor, &in, &pos, &e);
	reply_position(c, rc, 201, pos, &e);
}

void api_positions_update(struct api_ctx *c)
{
	struct position_fields in;
	struct derr e = {0};
	json_t *pos = NULL;
	int64_t id;
	if (api_path_id(c, &id) || read_position(c, &in))
		return;
	int rc = position_edit(c->db, &c->actor, id, &in, &pos, &e);
	reply_position(c, rc, 200, pos, &e);
}

/* Makes move m on {id}; reason is the reject's (its body's only field). */
static void move(struct api_ctx *c, enum position_move m)
{
	static const char *const reason_fields[] = {"reason", NULL};
	struct derr e = {0};
	json_t *pos = NULL;
	const char *reason = NULL;
	int64_t id;
	if (m == POSITION_REJECT)
		reason = api_str(c, "reason", API_REQUIRED, 1, 200);
	if (m == POSITION_REJECT)
		api_only_fields(c, reason_fields);
	else
		api_no_fields(c);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = position_move(c->db, &c->actor, id, m, reason, &pos, &e);
	reply_position(c, rc, 200, pos, &e);
}

void api_positions_submit(struct api_ctx *c)
{
	move(c, POSITION_SUBMIT);
}

void api_positions_close(struct api_ctx *c)
{
	move(c, POSITION_CLOSE);
}

void api_positions_reopen(struct api_ctx *c)
{
	move(c, POSITION_REOPEN);
}

void api_positions_approve(struct api_ctx *c)
{
	move(c, POSITION_APPROVE);
}

void api_positions_reject(struct api_ctx *c)
{
	move(c, POSITION_REJECT);
}

/* ---- HR: every position of their enterprise, with application counts ---- */

void api_positions_mine(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t page, size, total;
	json_t *items;
	const char *status = api_query(c, "status");
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	if (position_mine(c->db, &c->actor, status, page, size, &items, &total, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, api_page(items, total, page, size));
}

/* The sheet's columns, a table. */
/* clang-format off */
static const struct export_column mine_columns[] = {
    {"编号", EXPORT_INT, 8},      {"岗位名称", EXPORT_TEXT, 24}, {"类型", EXPORT_TEXT, 6},
    {"状态", EXPORT_TEXT, 8},     {"招聘人数", EXPORT_INT, 8},   {"薪资下限", EXPORT_INT, 8},
    {"薪资上限", EXPORT_INT, 8},  {"城市", EXPORT_TEXT, 10},     {"投递数", EXPORT_INT, 8},
    {"发布时间", EXPORT_TIME, 18}, {NULL, 0, 0}};
/* clang-format on */

void api_positions_mine_export(struct api_ctx *c)
{
	struct export_sheet sheet = {c, "positions.xlsx", "岗位", mine_columns, NULL};
	struct derr e = {0};
	int64_t page, size;
	const char *status = api_query(c, "status");
	api_paging(c, &page, &size); /* checked as the list checks them, unused */
	if (!api_failed(c) &&
	    position_mine_export(c->db, &c->actor, status, export_sheet_rows, &sheet, &e))
		api_fail_derr(c, &e);
}
