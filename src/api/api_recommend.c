/*
 * Recommendations with their reasons (domain/recommend.h):
 *   为你推荐  GET /recommendations            a student's best positions
 *   推荐人选  GET /positions/{id}/candidates  a position's best students
 *   为什么    GET /match/explain              one pair, component by component
 */
#include <stdint.h>

#include "api/api.h"
#include "base/buf.h"
#include "domain/recommend.h"

void api_recommend_positions(struct api_ctx *c)
{
	struct buf out = BUF_INIT;
	struct derr e = {0};
	int64_t k = api_query_int(c, "k", 20, 1, 100);
	int64_t applied = api_query_int(c, "applied", 0, 0, 1);
	if (api_failed(c))
		return;
	if (recommend_mine(c->db, &c->actor, (size_t)k, (int)applied, &out, &e))
		api_fail_derr(c, &e);
	else
		api_reply_text(c, 200, &out); /* printed: no tree */
	buf_release(&out);
}

void api_recommend_candidates(struct api_ctx *c)
{
	int64_t id, k = api_query_int(c, "k", 20, 1, 100);
	json_t *items;
	struct derr e = {0};
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (recommend_candidates(c->db, &c->actor, id, (size_t)k, &items, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

void api_match_explain(struct api_ctx *c)
{
	int64_t sid = api_query_int(c, "student_id", 0, 1, INT64_MAX);
	int64_t pid = api_query_int(c, "position_id", 0, 1, INT64_MAX);
	json_t *why;
	struct derr e = {0};
	if (!api_failed(c) && !pid)
		api_fail(c, 400, "missing", "position_id", "缺少 position_id");
	if (api_failed(c))
		return;
	if (recommend_why(c->db, &c->actor, &sid, pid, &why, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200,
	          json_pack("{s:I, s:I, s:o}", "student_id", (json_int_t)sid, "position_id",
	                    (json_int_t)pid, "explanation", why));
}
