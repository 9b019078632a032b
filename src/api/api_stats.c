/*
 * Employment figures (就业数据) and the operator's overview: the figures
 * and who may see which are domain/stats.h's.
 */
#include <stdint.h>

#include "api/api.h"
#include "domain/stats.h"

void api_stats_employment(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out;
	const char *group = api_query(c, "group");
	int64_t college = api_query_int(c, "college_id", 0, 1, INT64_MAX);
	int64_t grad = api_query_int(c, "grad_year", 0, 2000, 2100);
	if (api_failed(c))
		return;
	if (stats_employment(c->db, &c->actor, group, college, grad, &out, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, out);
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
