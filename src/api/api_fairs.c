/*
 * Job fairs and recruitment sessions: the events themselves, enterprise
 * sign-up and review, booth allocation.  Each handler parses, calls one
 * service (domain/fair.h, fair_view.h, fair_signup.h, fair_booths.h) and
 * shapes the answer; the other fair handlers are listed in api_fair.h.
 */
#include <string.h>

#include "api/api_fair.h"
#include "domain/fair_booths.h"
#include "domain/fair_signup.h"
#include "domain/fair_view.h"

int api_fairs_write_sheet(void *sheet, struct store_stmt *rows)
{
	struct api_fairs_sheet *s = sheet;
	return export_xlsx(s->c, s->filename, s->title, s->cols, rows);
}

void api_fairs_items(struct api_ctx *c, json_t *items)
{
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

void api_fairs_list(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *items;
	const char *status = api_query(c, "status");
	if (api_failed(c))
		return;
	if (fair_list(c->db, &c->actor, status, &items, &e))
		api_fail_derr(c, &e);
	else
		api_fairs_items(c, items);
}

void api_fairs_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *f;
	if (api_path_id(c, &id))
		return;
	if (fair_get(c->db, &c->actor, id, &f, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "fair", f));
}

static const char *const fair_fields[] = {"kind",
                                          "name",
                                          "host_college_id",
                                          "venue",
                                          "starts_at",
                                          "ends_at",
                                          "booths",
                                          "capacity",
                                          "zones",
                                          "eligible_colleges",
                                          "eligible_majors",
                                          "eligible_years",
                                          "ticket_limit",
                                          "slot_minutes",
                                          "gap_minutes",
                                          "description",
                                          NULL};

/* Reads a whole fair's fields (create and edit take the same body); the
 * service checks the rest.  Returns 0, or -1 with the 400 answered. */
static int read_fair_body(struct api_ctx *c, struct fair_input *in)
{
	*in = (struct fair_input){.ticket_limit = 3, .slot_minutes = 20, .gap_minutes = 10};
	api_only_fields(c, fair_fields);
	in->kind = api_str(c, "kind", API_REQUIRED, 1, 10);
	if (in->kind && strcmp(in->kind, "fair") && strcmp(in->kind, "session"))
		api_fail(c, 400, "invalid", "kind",
		         "类型应为 fair（招聘洽谈会）或 session（专场宣讲）");
	in->name = api_str(c, "name", API_REQUIRED, 2, 80);
	in->venue = api_str(c, "venue", API_REQUIRED, 2, 100);
	in->description = api_text(c, "description", API_OPTIONAL, 1, 4000);
	api_int(c, "host_college_id", API_REQUIRED, &in->host_college_id);
	api_int_in(c, "starts_at", API_REQUIRED, 1, INT64_C(253402300799), &in->starts_at);
	api_int_in(c, "ends_at", API_REQUIRED, 1, INT64_C(253402300799), &in->ends_at);
	api_int_in(c, "booths", API_REQUIRED, 1, 2000, &in->booths);
	api_int_in(c, "capacity", API_REQUIRED, 1, 200000, &in->capacity);
	api_int_in(c, "ticket_limit", API_OPTIONAL, 1, 20, &in->ticket_limit);
	api_int_in(c, "slot_minutes", API_OPTIONAL, 5, 120, &in->slot_minutes);
	api_int_in(c, "gap_minutes", API_OPTIONAL, 0, 120, &in->gap_minutes);
	in->zones = api_str_array(c, "zones", 26, 20);
	in->colleges = api_int_array(c, "eligible_colleges", 200, 1, INT64_MAX);
	in->majors = api_str_array(c, "eligible_majors", 500, 6);
	in->years = api_int_array(c, "eligible_years", 10, 2000, 2100);
	return api_failed(c) ? -1 : 0;
}

void api_fairs_create(struct api_ctx *c)
{
	struct fair_input in;
	struct derr e = {0};
	json_t *f;
	if (read_fair_body(c, &in))
		return;
	if (fair_create(c->db, &c->actor, &in, &f, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 201, json_pack("{s:o}", "fair", f));
}

void api_fairs_update(struct api_ctx *c)
{
	struct fair_input in;
	struct derr e = {0};
	int64_t id;
	json_t *f;
	if (api_path_id(c, &id) || read_fair_body(c, &in))
		return;
	if (fair_update(c->db, &c->actor, id, &in, &f, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "fair", f));
}

static const char *const status_fields[] = {"to", NULL};

void api_fairs_status(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *f;
	api_only_fields(c, status_fields);
	const char *to = api_str(c, "to", API_REQUIRED, 1, 20);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_set_status(c->db, &c->actor, id, to, &f, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "fair", f));
}

/* ---- enterprise sign-up and review ---- */

static const char *const signup_fields[] = {"position_ids", "tables", "contact", NULL};

void api_fairs_signup(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, tables = 1;
	int created = 0;
	json_t *f;
	api_only_fields(c, signup_fields);
	json_t *ids = api_int_array(c, "position_ids", 200, 1, INT64_MAX);
	api_int_in(c, "tables", API_OPTIONAL, 1, 20, &tables);
	const char *contact = api_str(c, "contact", API_OPTIONAL, 1, 100);
	if (!api_failed(c) && !json_array_size(ids))
		api_fail(c, 400, "missing", "position_ids", "请至少选择一个带到招聘会的岗位");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	size_t n = json_array_size(ids);
	int64_t *positions = arena_alloc(c->arena, n * sizeof(*positions));
	for (size_t i = 0; i < n; i++)
		positions[i] = json_integer_value(json_array_get(ids, i));
	if (fair_signup(c->db, &c->actor, id, positions, n, tables, contact, &f, &created, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, created ? 201 : 200, json_pack("{s:o}", "fair", f));
}

void api_fairs_signup_withdraw(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *f;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	if (fair_signup_withdraw(c->db, &c->actor, id, &f, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "fair", f));
}

void api_fairs_signups(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, page, size, total = 0;
	json_t *items;
	const char *status = api_query(c, "status");
	api_paging(c, &page, &size);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_signups(c->db, &c->actor, id, status, page, size, &items, &total, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, api_page(items, total, page, size));
}

static const char *const review_fields[] = {"enterprise_id", "decision", "reason", NULL};

void api_fairs_review(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, ent = 0;
	json_t *signup;
	api_only_fields(c, review_fields);
	api_int(c, "enterprise_id", API_REQUIRED, &ent);
	const char *decision = api_str(c, "decision", API_REQUIRED, 1, 10);
	const char *reason = api_str(c, "reason", API_OPTIONAL, 2, 200);
	if (decision && strcmp(decision, "approve") && strcmp(decision, "reject"))
		api_fail(c, 400, "invalid", "decision", "decision 应为 approve 或 reject");
	if (decision && !strcmp(decision, "reject") && !reason)
		api_fail(c, 400, "missing", "reason", "驳回时请填写原因");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_signup_review(c->db, &c->actor, id, ent, !strcmp(decision, "approve"), reason,
	                       &signup, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "signup", signup));
}

/* ---- booths ---- */

void api_fairs_booths_allocate(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, allocated = 0, booths = 0;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	if (fair_booths_allocate(c->db, &c->actor, id, &allocated, &booths, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200,
		          json_pack("{s:I, s:I}", "allocated", (json_int_t)allocated, "booths",
		                    (json_int_t)booths));
}

static const char *const move_fields[] = {"enterprise_id", "booth_no", NULL};

void api_fairs_booths_move(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, ent = 0, to = 0, other = 0;
	api_only_fields(c, move_fields);
	api_int(c, "enterprise_id", API_REQUIRED, &ent);
	api_int_in(c, "booth_no", API_REQUIRED, 1, 2000, &to);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_booth_move(c->db, &c->actor, id, ent, to, &other, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200,
		          json_pack("{s:I, s:I, s:I}", "enterprise_id", (json_int_t)ent, "booth_no",
		                    (json_int_t)to, "swapped_with", (json_int_t)other));
}

void api_fairs_booths(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, booths = 0;
	json_t *items;
	if (api_path_id(c, &id))
		return;
	if (fair_booths(c->db, &c->actor, id, &items, &booths, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200,
		          json_pack("{s:o, s:I}", "items", items, "booths", (json_int_t)booths));
}

void api_fairs_booths_export(struct api_ctx *c)
{
	static const struct export_column cols[] = {
	    {"展位号", EXPORT_INT, 8},   {"行业区", EXPORT_TEXT, 18},
	    {"企业", EXPORT_TEXT, 36},   {"行业", EXPORT_TEXT, 24},
	    {"园区企业", EXPORT_INT, 8}, {"面试桌", EXPORT_INT, 8},
	    {"岗位数", EXPORT_INT, 8},   {NULL, 0, 0}};
	struct api_fairs_sheet sheet = {c, "booths.xlsx", "展位表", cols};
	struct derr e = {0};
	int64_t id;
	if (api_path_id(c, &id))
		return;
	if (fair_booths_export(c->db, &c->actor, id, api_fairs_write_sheet, &sheet, &e))
		api_fail_derr(c, &e);
}
