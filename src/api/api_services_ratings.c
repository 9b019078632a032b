/* 好差评: ratings, the follow-ups of bad ones, and the published indicators. */
#include <string.h>

#include "api/api_services.h"
#include "api/export.h"
#include "domain/servcal.h"
#include "domain/service_rating.h"

static const char *const rate_fields[] = {"subject_kind", "subject_id", "level", "comment",
                                          "channel",      "named",      "on",    NULL};

void api_svc_rate(struct api_ctx *c)
{
	struct service_rating_input in = {.named = 1};
	json_t *out = NULL;
	struct derr e = {0};
	api_only_fields(c, rate_fields);
	in.subject_kind = api_str(c, "subject_kind", API_REQUIRED, 1, 16);
	api_int_in(c, "subject_id", API_REQUIRED, 1, INT64_MAX, &in.subject_id);
	api_int_in(c, "level", API_REQUIRED, 1, 5, &in.level);
	in.comment = api_text(c, "comment", API_OPTIONAL, 0, 500);
	in.channel = api_str(c, "channel", API_REQUIRED, 1, 16);
	in.on = api_day(c, "on", API_OPTIONAL);
	json_t *named = json_object_get(c->body, "named");
	if (!api_failed(c) && named && !json_is_boolean(named))
		api_fail(c, 400, "invalid", "named", "named 应为 true 或 false");
	if (named)
		in.named = json_is_true(named);
	if (api_failed(c))
		return;
	int rc = service_rate(c->db, &c->actor, &in, &out, &e);
	api_reply_result(c, rc, 201, out, &e);
}

void api_svc_ratings(struct api_ctx *c)
{
	int64_t page, size, total = 0;
	json_t *items = NULL;
	struct derr e = {0};
	int64_t level = api_query_int(c, "level", 0, 1, 5);
	int64_t dep = api_query_int(c, "department_id", 0, 1, INT64_MAX);
	const char *kind = api_query(c, "subject_kind");
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	int rc =
	    service_ratings(c->db, &c->actor, level, dep, kind, page, size, &items, &total, &e);
	api_reply_result(c, rc, 200, rc ? NULL : api_page(items, total, page, size), &e);
}

void api_svc_followups(struct api_ctx *c)
{
	int64_t page, size, total = 0;
	json_t *items = NULL;
	struct derr e = {0};
	const char *status = api_query(c, "status");
	int64_t late = api_query_int(c, "late", 0, 0, 1);
	int64_t callback = api_query_int(c, "callback", 0, 0, 1);
	int64_t dep = api_query_int(c, "department_id", 0, 1, INT64_MAX);
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	int rc = service_followups(c->db, &c->actor, status, (int)late, (int)callback, dep, page,
	                           size, &items, &total, &e);
	api_reply_result(c, rc, 200, rc ? NULL : api_page(items, total, page, size), &e);
}

static void reply_followup(struct api_ctx *c, int64_t id)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = service_followup(c->db, &c->actor, id, &out, &e);
	api_reply_result(c, rc, 200, rc ? NULL : json_pack("{s:o}", "followup", out), &e);
}

void api_svc_followup(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		reply_followup(c, id);
}

static const char *const followup_fields[] = {"on", "note", "upheld", NULL};

static void followup_step(struct api_ctx *c, enum followup_step which)
{
	struct followup_step_input in = {.step = which};
	int64_t id;
	struct derr e = {0};
	if (api_path_id(c, &id) || api_only_fields(c, followup_fields))
		return;
	in.on = api_day(c, "on", API_OPTIONAL);
	in.note = api_text(c, "note", which != FOLLOW_REVIEW && which != FOLLOW_CLOSE, 1, 1000);
	json_t *upheld = json_object_get(c->body, "upheld");
	if (!api_failed(c) && which == FOLLOW_REVIEW && !json_is_boolean(upheld))
		api_fail(c, 400, upheld ? "invalid" : "missing", "upheld",
		         "请给出复核结论 upheld：true（申诉成立）或 false");
	in.upheld = json_is_true(upheld);
	if (api_failed(c))
		return;
	if (service_followup_step(c->db, &c->actor, id, &in, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	reply_followup(c, id);
}

void api_svc_followup_contact(struct api_ctx *c)
{
	followup_step(c, FOLLOW_CONTACT);
}
void api_svc_followup_rectify(struct api_ctx *c)
{
	followup_step(c, FOLLOW_RECTIFY);
}
void api_svc_followup_callback(struct api_ctx *c)
{
	followup_step(c, FOLLOW_CALLBACK);
}
void api_svc_followup_appeal(struct api_ctx *c)
{
	followup_step(c, FOLLOW_APPEAL);
}
void api_svc_followup_review(struct api_ctx *c)
{
	followup_step(c, FOLLOW_REVIEW);
}
void api_svc_followup_close(struct api_ctx *c)
{
	followup_step(c, FOLLOW_CLOSE);
}

/* ?by=department|item&from=&to= (default: this year up to today). */
static int indicators(struct api_ctx *c, json_t **out, struct derr *e)
{
	const char *by = api_query(c, "by");
	int32_t today = servcal_today(), from = api_query_day(c, "from", 0),
	        to = api_query_day(c, "to", 0);
	if (api_failed(c))
		return 1;
	if (!from)
		from = wd_from_ymd(wd_year(today), 1, 1);
	if (!to)
		to = today;
	return service_indicators(c->db, &c->actor, by ? by : "department", from, to, out, e);
}

void api_svc_indicators(struct api_ctx *c)
{
	json_t *out = NULL;
	struct derr e = {0};
	int rc = indicators(c, &out, &e);
	if (rc > 0)
		return;
	api_reply_result(c, rc, 200, out, &e);
}

void api_svc_indicators_export(struct api_ctx *c)
{
	static const struct export_column cols[] = {{"名称", EXPORT_TEXT, 28},
	                                            {"评价总数", EXPORT_INT, 10},
	                                            {"非常满意", EXPORT_INT, 10},
	                                            {"满意", EXPORT_INT, 8},
	                                            {"基本满意", EXPORT_INT, 10},
	                                            {"不满意", EXPORT_INT, 8},
	                                            {"非常不满意", EXPORT_INT, 10},
	                                            {"满意率", EXPORT_TEXT, 10},
	                                            {"差评数", EXPORT_INT, 8},
	                                            {"差评按时整改", EXPORT_INT, 12},
	                                            {"办结数", EXPORT_INT, 8},
	                                            {"平均用时(工作日)", EXPORT_TEXT, 14},
	                                            {"超时限", EXPORT_INT, 8},
	                                            {"受理数", EXPORT_INT, 8},
	                                            {"容缺受理", EXPORT_INT, 10},
	                                            {"容缺占比", EXPORT_TEXT, 10},
	                                            {NULL, 0, 0}};
	static const char *const keys[] = {"name",       "ratings_total",
	                                   "r5",         "r4",
	                                   "r3",         "r2",
	                                   "r1",         "satisfaction_text",
	                                   "bad",        "bad_on_time",
	                                   "finished",   "avg_days_text",
	                                   "over_limit", "accepted",
	                                   "tolerant",   "tolerant_text"};
	json_t *out = NULL;
	struct derr e = {0};
	int rc = indicators(c, &out, &e);
	if (rc > 0)
		return;
	if (rc) {
		api_fail_derr(c, &e);
		return;
	}
	api_keep(c, out);
	json_t *rows = json_object_get(out, "rows");
	json_array_append(rows, json_object_get(out, "total"));
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_t *levels = json_object_get(r, "ratings");
		for (int k = 1; k <= 5; k++) {
			char from[2] = {(char)('0' + k), 0}, to[3] = {'r', (char)('0' + k), 0};
			json_object_set(r, to, json_object_get(levels, from));
		}
		/* shares as percentages, the average to one decimal */
		json_t *sat = json_object_get(r, "satisfaction"),
		       *tol = json_object_get(r, "tolerant_share");
		json_t *avg = json_object_get(r, "avg_days");
		json_object_set_new(r, "satisfaction_text",
		                    json_is_number(sat)
		                        ? json_string(arena_printf(c->arena, "%.1f%%",
		                                                   json_number_value(sat) * 100))
		                        : json_null());
		json_object_set_new(r, "tolerant_text",
		                    json_is_number(tol)
		                        ? json_string(arena_printf(c->arena, "%.1f%%",
		                                                   json_number_value(tol) * 100))
		                        : json_null());
		json_object_set_new(
		    r, "avg_days_text",
		    json_is_number(avg)
		        ? json_string(arena_printf(c->arena, "%.1f", json_number_value(avg)))
		        : json_null());
	}
	if (export_xlsx_json(c, "service-indicators.xlsx", "好差评指标", cols, keys, rows))
		api_internal(c, "indicators export");
}
