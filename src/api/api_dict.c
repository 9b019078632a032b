/* Dictionaries for pickers: majors, industries, skills, certificates, cities;
 * and the retired majors staff pick new ones for. */
#include <stdint.h>

#include "api/api.h"
#include "domain/dict.h"
#include "domain/dict_majors.h"

void api_dict_get(struct api_ctx *c)
{
	json_t *items;
	struct derr e = {0};
	if (dict_items(c->db, c->path_param, &items, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

void api_majors_retired(struct api_ctx *c)
{
	json_t *items;
	struct derr e = {0};
	int64_t college = api_query_int(c, "college_id", 0, 1, INT64_MAX);
	if (api_failed(c))
		return;
	if (major_retired_list(c->db, &c->actor, college, &items, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

static const char *const replace_fields[] = {"college_id", "code", "new_code", NULL};

void api_majors_retired_replace(struct api_ctx *c)
{
	int64_t college = 0, updated = 0;
	struct derr e = {0};
	api_only_fields(c, replace_fields);
	api_int_in(c, "college_id", API_OPTIONAL, 1, INT64_MAX, &college);
	const char *code = api_str(c, "code", API_REQUIRED, 2, 16);
	const char *new_code = api_str(c, "new_code", API_REQUIRED, 6, 6);
	if (api_failed(c))
		return;
	if (major_retired_replace(c->db, &c->actor, college, code, new_code, &updated, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:I}", "updated", (json_int_t)updated));
}
