/*
 * Centralised match rounds (集中匹配); the rules are in domain/round.h.
 * The operator creates, previews and publishes; students submit ranked
 * choices (志愿); HR may rank who chose them.
 */
#include <stdint.h>

#include "api/api.h"
#include "domain/round.h"

static const char *const create_fields[] = {"name", "list_max", "position_ids", NULL};

void api_rounds_create(struct api_ctx *c)
{
	int64_t list_max = 30;
	json_t *round = NULL;
	struct derr e = {0};
	api_only_fields(c, create_fields);
	const char *name =
	    api_str(c, "name", API_REQUIRED, ROUND_NAME_MIN_CHARS, ROUND_NAME_MAX_CHARS);
	if (api_int(c, "list_max", API_OPTIONAL, &list_max) == 0 &&
	    (list_max < 1 || list_max > ROUND_LIST_MAX))
		api_fail(c, 400, "invalid", "list_max", "志愿数应为 1–100");
	json_t *ids = json_object_get(c->body, "position_ids");
	if (ids && (!json_is_array(ids) || json_array_size(ids) > ROUND_POSITIONS_MAX))
		api_fail(c, 400, "invalid", "position_ids", "position_ids 应为岗位编号数组");
	if (!api_failed(c))
		api_answer(c, round_create(c->db, &c->actor, name, list_max, ids, &round, &e), 201,
		           "round", &round, &e);
}

void api_rounds_list(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	api_answer(c, round_list(c->db, &c->actor, &items, &e), 200, "items", &items, &e);
}

void api_rounds_get(struct api_ctx *c)
{
	int64_t id;
	json_t *round = NULL;
	struct derr e = {0};
	if (!api_path_id(c, &id))
		api_answer(c, round_get(c->db, &c->actor, id, &round, &e), 200, "round", &round,
		           &e);
}

/* The round's positions (for choosing): id, title, enterprise, seats. */
void api_rounds_positions(struct api_ctx *c)
{
	int64_t id, page, size, total;
	json_t *items;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	api_paging(c, &page, &size);
	/* Filters: words in the title or the enterprise's name, a city, a kind. */
	struct round_position_filter f = {
	    .q = api_query(c, "q"), .city = api_query(c, "city"), .kind = api_query(c, "kind")};
	if (api_failed(c))
		return;
	if (round_positions(c->db, &c->actor, id, &f, page, size, &items, &total, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

static const char *const choice_fields[] = {"position_ids", NULL};

/* A student's 志愿: an ordered list of the round's positions. */
void api_rounds_choices_set(struct api_ctx *c)
{
	int64_t id, count;
	struct derr e = {0};
	api_only_fields(c, choice_fields);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	if (round_choices_set(c->db, &c->actor, id, json_object_get(c->body, "position_ids"),
	                      &count, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:I}", "choices", (json_int_t)count));
}

void api_rounds_choices_get(struct api_ctx *c)
{
	int64_t id;
	json_t *items = NULL;
	struct derr e = {0};
	if (!api_path_id(c, &id))
		api_answer(c, round_choices_get(c->db, &c->actor, id, &items, &e), 200, "items",
		           &items, &e);
}

static const char *const ranking_fields[] = {"position_id", "student_ids", NULL};

/* HR's ranking of the students who chose one of their positions. */
void api_rounds_ranking_set(struct api_ctx *c)
{
	int64_t id, pid = 0;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	api_only_fields(c, ranking_fields);
	api_int(c, "position_id", API_REQUIRED, &pid);
	if (api_failed(c))
		return;
	json_t *ids = json_object_get(c->body, "student_ids");
	if (round_ranking_set(c->db, &c->actor, id, pid, ids, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:I}", "ranked", (json_int_t)json_array_size(ids)));
}

/* HR: who chose their positions in this round (to rank them). */
void api_rounds_applicants(struct api_ctx *c)
{
	int64_t id;
	json_t *items = NULL;
	struct derr e = {0};
	if (!api_path_id(c, &id))
		api_answer(c, round_applicants(c->db, &c->actor, id, &items, &e), 200, "items",
		           &items, &e);
}

void api_rounds_preview(struct api_ctx *c)
{
	static const char *const none[] = {NULL};
	int64_t id;
	json_t *stats = NULL;
	struct derr e = {0};
	api_only_fields(c, none);
	if (!api_path_id(c, &id) && !api_failed(c))
		api_answer(c, round_preview(c->db, &c->actor, id, &stats, &e), 200, "stats", &stats,
		           &e);
}

static void finish(struct api_ctx *c, int publish)
{
	static const char *const none[] = {NULL};
	int64_t id;
	json_t *round = NULL;
	struct derr e = {0};
	api_only_fields(c, none);
	if (!api_path_id(c, &id) && !api_failed(c))
		api_answer(c, round_finish(c->db, &c->actor, id, publish, &round, &e), 200, "round",
		           &round, &e);
}

void api_rounds_publish(struct api_ctx *c)
{
	finish(c, 1);
}

void api_rounds_cancel(struct api_ctx *c)
{
	finish(c, 0);
}

/* Results: the operator all; HR their positions'; a student their own,
 * with why (the engine's explanation of the pair) — published only. */
void api_rounds_result(struct api_ctx *c)
{
	int64_t id;
	json_t *items = NULL;
	struct derr e = {0};
	if (!api_path_id(c, &id))
		api_answer(c, round_result(c->db, &c->actor, id, &items, &e), 200, "items", &items,
		           &e);
}
