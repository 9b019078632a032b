/*
 * Employment figures (就业数据) and the operator's overview: the figures
 * and who may see which are domain/stats.h's.
 */
#include <stdint.h>

#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/destination.h"
#include "domain/stats.h"

/* The query's grad_year: absent 0 (the graduating class), "all" -1. */
static int64_t grad_year_param(struct api_ctx *c)
{
	const char *y = api_query(c, "grad_year");
	if (y && !strcmp(y, "all"))
		return -1;
	return api_query_int(c, "grad_year", 0, 2000, 2100);
}

void api_stats_employment(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out;
	const char *group = api_query(c, "group");
	int64_t college = api_query_int(c, "college_id", 0, 1, INT64_MAX);
	int64_t grad = grad_year_param(c);
	if (api_failed(c))
		return;
	if (stats_employment(c->db, &c->actor, group, college, grad, &out, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, out);
}

/* The same figures as employment.xlsx. */
void api_stats_employment_export(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *table;
	const char *group = api_query(c, "group");
	int64_t college = api_query_int(c, "college_id", 0, 1, INT64_MAX);
	int64_t grad = grad_year_param(c);
	if (api_failed(c))
		return;
	if (stats_employment_table(c->db, &c->actor, group, college, grad, &table, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	if (export_json(c, "employment.xlsx", api_keep(c, table)))
		api_internal(c, "employment export");
}

static const char *const destination_fields[] = {"destination", NULL};

/* Records a student's destination category (null: cleared). */
void api_students_destination(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	api_only_fields(c, destination_fields);
	const char *dest = api_str(c, "destination", API_OPTIONAL, 1, 32);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (destination_set(c->db, &c->actor, id, dest, &out, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "student", out));
}

/* Platform-wide counts for the operator's home page. */
void api_stats_overview(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *o;
	if (stats_overview(c->db, &o, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "overview", o));
}
