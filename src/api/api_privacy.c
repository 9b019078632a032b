/*
 * A student's privacy settings beyond the profile: the enterprises they
 * blocked (屏蔽企业).  The rule lives in domain/visibility.h; these
 * handlers only read and replace the list.
 */
#include <stdint.h>

#include "api/api.h"
#include "domain/visibility.h"

void api_blocks_get(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	api_answer(c, visibility_blocks(c->db, &c->actor, &items, &e), 200, "items", &items, &e);
}

static const char *const blocks_fields[] = {"enterprise_ids", NULL};

void api_blocks_set(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	api_only_fields(c, blocks_fields);
	json_t *ids = api_int_array(c, "enterprise_ids", VISIBILITY_BLOCKS_MAX, 1, INT64_MAX);
	if (!api_failed(c) && !ids)
		api_fail(c, 400, "missing", "enterprise_ids", "缺少必填字段：enterprise_ids");
	if (!api_failed(c))
		api_answer(c, visibility_blocks_set(c->db, &c->actor, ids, &items, &e), 200,
		           "items", &items, &e);
}

void api_blocks_search(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	const char *q = api_query(c, "q");
	if (!api_failed(c) && !q)
		api_fail(c, 400, "missing", "q", "请输入企业名称");
	if (!api_failed(c))
		api_answer(c, visibility_enterprise_search(c->db, &c->actor, q, &items, &e), 200,
		           "items", &items, &e);
}
