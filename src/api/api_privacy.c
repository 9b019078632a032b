/*
 * A student's privacy settings beyond the profile: the enterprises they
 * blocked (屏蔽企业).  The rule lives in domain/visibility.h; these
 * handlers only read and replace the list.
 */
#include <stdint.h>

#include "api/api.h"
#include "domain/visibility.h"

static int64_t own_student_or_fail(struct api_ctx *c)
{
	int64_t id = api_own_student(c);
	if (!id)
		api_fail(c, 404, "not_found", NULL, "尚未建立学生档案");
	return id;
}

static void reply_blocks(struct api_ctx *c, int64_t sid, int status)
{
	json_t *items = visibility_blocks(c->db, sid);
	if (!items) {
		api_internal(c, "blocks");
		return;
	}
	api_reply(c, status, json_pack("{s:o}", "items", items));
}

void api_blocks_get(struct api_ctx *c)
{
	int64_t sid = own_student_or_fail(c);
	if (sid)
		reply_blocks(c, sid, 200);
}

static const char *const blocks_fields[] = {"enterprise_ids", NULL};

void api_blocks_set(struct api_ctx *c)
{
	int64_t sid = own_student_or_fail(c);
	struct derr e = {0};
	int changed = 0;
	if (!sid)
		return;
	api_only_fields(c, blocks_fields);
	json_t *ids = api_int_array(c, "enterprise_ids", VISIBILITY_BLOCKS_MAX, 1, INT64_MAX);
	if (!api_failed(c) && !ids)
		api_fail(c, 400, "missing", "enterprise_ids", "缺少必填字段：enterprise_ids");
	if (api_failed(c))
		return;
	if (visibility_blocks_set(c->db, sid, ids, &changed, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	if (changed)
		api_audit(c, "student.blocks", "student", sid, "ok",
		          arena_printf(c->arena, "%zu blocked", json_array_size(ids)));
	reply_blocks(c, sid, 200);
}

void api_blocks_search(struct api_ctx *c)
{
	const char *q = api_query(c, "q");
	if (!api_failed(c) && !q)
		api_fail(c, 400, "missing", "q", "请输入企业名称");
	if (api_failed(c) || !own_student_or_fail(c))
		return;
	json_t *items = visibility_enterprise_search(c->db, q);
	if (!items) {
		api_internal(c, "enterprise search");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}
