/* Dictionaries for pickers: majors, industries, skills, certificates, cities. */
#include "api/api.h"
#include "domain/dict.h"

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
