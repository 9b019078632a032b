/* Dictionaries for pickers: majors, industries, skills, certificates, cities. */
#include <string.h>

#include "api/api.h"

void api_dict_get(struct api_ctx *c)
{
	static const char *const sql[][2] = {
	    {"majors", "SELECT code, name, level, parent FROM dict_majors ORDER BY code"},
	    {"industries", "SELECT code, name, level, parent FROM dict_industries ORDER BY code"},
	    {"skills",
	     "SELECT id, name, grp AS \"group\", aliases FROM dict_skills ORDER BY grp, id"},
	    {"certificates", "SELECT id, name, kind FROM dict_certificates ORDER BY kind, id"},
	    {"cities", "SELECT code, name, province FROM dict_cities ORDER BY code"},
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (strcmp(sql[i][0], c->path_param))
			continue;
		json_t *items = store_rows(c->db, sql[i][1], "");
		if (!items) {
			api_internal(c, "dictionary");
			return;
		}
		api_reply(c, 200, json_pack("{s:o}", "items", items));
		return;
	}
	api_fail(c, 404, "not_found", NULL, "没有这个字典");
}
