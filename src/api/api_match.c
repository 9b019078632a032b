/*
 * Centralised match rounds (集中匹配); the rules are in
 * domain/match_round.h.  The operator creates, previews and publishes;
 * students submit ranked choices (志愿); HR may rank who chose them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/match_round.h"
#include "domain/recommend.h"
#include "domain/visibility.h"

#define ROUND_SELECT                                                                               \
	"SELECT r.id, r.name, r.status, r.list_max, r.created_at, r.previewed_at, r.published_at,"  \
	" (SELECT COUNT(*) FROM match_round_positions rp WHERE rp.round_id = r.id) AS positions,"   \
	" (SELECT COUNT(DISTINCT student_id) FROM match_choices mc WHERE mc.round_id = r.id) AS"    \
	" students FROM match_rounds r"

static json_t *round_json(struct api_ctx *c, int64_t id, int with_stats)
{
	json_t *r = store_row(c->db, ROUND_SELECT " WHERE r.id = ?", "i", id);
	if (r && json_is_object(r) && with_stats) {
		json_t *st = store_row(c->db, "SELECT stats FROM match_rounds WHERE id = ?", "i", id);
		const char *text = json_string_value(json_object_get(st, "stats"));
		json_object_set_new(r, "stats", text ? json_loads(text, 0, NULL) : json_null());
		json_decref(st);
	}
	return r;
}

/* {id} as a round the caller may see (students and HR: not cancelled). */
static json_t *visible_round(struct api_ctx *c, int64_t *id)
{
	if (api_path_id(c, id))
		return NULL;
	json_t *r = round_json(c, *id, c->actor.role == ROLE_OPERATOR);
	if (!r) {
		api_internal(c, "round");
		return NULL;
	}
	const char *status = json_string_value(json_object_get(r, "status"));
	if (json_is_null(r) || (c->actor.role != ROLE_OPERATOR && !strcmp(status, "cancelled"))) {
		json_decref(r);
		api_fail(c, 404, "not_found", NULL, "匹配轮次不存在");
		return NULL;
	}
	return r;
}

static const char *const create_fields[] = {"name", "list_max", "position_ids", NULL};

void api_rounds_create(struct api_ctx *c)
{
	int64_t list_max = 30, id = 0;
	api_only_fields(c, create_fields);
	const char *name = api_str(c, "name", API_REQUIRED, 2, 60);
	if (api_int(c, "list_max", API_OPTIONAL, &list_max) == 0 && (list_max < 1 || list_max > 100))
		api_fail(c, 400, "invalid", "list_max", "志愿数应为 1–100");
	json_t *ids = json_object_get(c->body, "position_ids");
	if (ids && (!json_is_array(ids) || json_array_size(ids) > 20000))
		api_fail(c, 400, "invalid", "position_ids", "position_ids 应为岗位编号数组");
	if (api_failed(c))
		return;
	if (store_begin(c->db) != STORE_OK ||
	    store_int64(c->db, &id,
			"INSERT INTO match_rounds (name, list_max, created_by, created_at)"
			" VALUES (?, ?, ?, ?) RETURNING id",
			"tiii", name, list_max, c->actor.id, now_seconds()) != STORE_ROW) {
		api_internal(c, "round create");
		return;
	}
	/* The round's positions: those named, else every open one; seats are
	 * the headcount. */
	int rc = STORE_OK;
	if (!ids) {
		rc = store_run(c->db,
			       "INSERT INTO match_round_positions (round_id, position_id, capacity)"
			       " SELECT ?, id, headcount FROM positions WHERE status = 'open'",
			       "i", id);
	} else {
		size_t i;
		json_t *v;
		json_array_foreach(ids, i, v)
		{
			int64_t n = 0;
			if (!json_is_integer(v) ||
			    store_int64(c->db, &n,
					"SELECT COUNT(*) FROM positions WHERE id = ? AND status = 'open'", "i",
					(int64_t)json_integer_value(v)) != STORE_ROW ||
			    !n) {
				store_rollback(c->db);
				api_fail(c, 400, "invalid", "position_ids",
					 arena_printf(c->arena, "第 %zu 个岗位不存在或未在招聘", i + 1));
				return;
			}
			rc = store_run(c->db,
				       "INSERT INTO match_round_positions (round_id, position_id, capacity)"
				       " SELECT ?, id, headcount FROM positions WHERE id = ?",
				       "ii", id, (int64_t)json_integer_value(v));
			if (rc == STORE_UNIQUE) {
				store_rollback(c->db);
				api_fail(c, 400, "invalid", "position_ids", "岗位重复");
				return;
			}
			if (rc)
				break;
		}
	}
	if (rc || store_commit(c->db) != STORE_OK) {
		api_internal(c, "round create");
		return;
	}
	api_audit(c, "match_round.create", "match_round", id, "ok", name);
	api_reply(c, 201, json_pack("{s:o}", "round", round_json(c, id, 1)));
}

void api_rounds_list(struct api_ctx *c)
{
	json_t *items = store_rows(c->db,
				   c->actor.role == ROLE_OPERATOR
				       ? ROUND_SELECT " ORDER BY r.id DESC LIMIT 200"
				       : ROUND_SELECT " WHERE r.status <> 'cancelled' ORDER BY r.id DESC"
						      " LIMIT 200",
				   "");
	if (!items) {
		api_internal(c, "rounds");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

void api_rounds_get(struct api_ctx *c)
{
	int64_t id;
	json_t *r = visible_round(c, &id);
	if (r)
		api_reply(c, 200, json_pack("{s:o}", "round", r));
}

/* The round's positions (for choosing): id, title, enterprise, seats. */
void api_rounds_positions(struct api_ctx *c)
{
	int64_t id, page, size, total;
	json_t *r = visible_round(c, &id);
	api_paging(c, &page, &size);
	/* Filters: words in the title or the enterprise's name, a city, a kind. */
	const char *q = api_query(c, "q"), *city = api_query(c, "city"), *kind = api_query(c, "kind");
	if (!r)
		return;
	json_decref(r);
	if (api_failed(c))
		return;
	struct store_args a = {0};
	struct buf where = BUF_INIT;
	char *like[6] = {NULL};
	int nlike = 0;
	buf_adds(&where, " WHERE rp.round_id = ?");
	store_args_int(&a, id);
	/* Each blank-separated word in the title or the enterprise's name. */
	char *copy = q ? arena_strdup(c->arena, q) : NULL, *save = NULL;
	for (char *t = copy ? strtok_r(copy, " \t", &save) : NULL; t && nlike < 6;
	     t = strtok_r(NULL, " \t", &save)) {
		like[nlike] = store_like_contains(t);
		buf_adds(&where, " AND (p.title LIKE ? ESCAPE '\\' OR o.name LIKE ? ESCAPE '\\')");
		store_args_text(&a, like[nlike]);
		store_args_text(&a, like[nlike]);
		nlike++;
	}
	if (city) {
		buf_adds(&where, " AND p.city_code = ?");
		store_args_text(&a, city);
	}
	if (kind) {
		buf_adds(&where, " AND p.kind = ?");
		store_args_text(&a, kind);
	}
#define ROUND_POS_FROM                                                                             \
	" FROM match_round_positions rp JOIN positions p ON p.id = rp.position_id"                 \
	" JOIN organizations o ON o.id = p.enterprise_id"                                          \
	" LEFT JOIN dict_cities ci ON ci.code = p.city_code"
	char *count = arena_printf(c->arena, "SELECT COUNT(*)" ROUND_POS_FROM "%s", where.data);
	char *list = arena_printf(c->arena,
	                          "SELECT rp.position_id AS id, p.title, p.kind, o.name AS"
	                          " enterprise_name, p.city_code, ci.name AS city_name, p.salary_min,"
	                          " p.salary_max, p.min_degree, rp.capacity" ROUND_POS_FROM
	                          "%s ORDER BY rp.position_id LIMIT ? OFFSET ?",
	                          where.data);
#undef ROUND_POS_FROM
	buf_release(&where);
	json_t *items = api_page_rows(c, count, list, &a, page, size, &total);
	for (int i = 0; i < nlike; i++)
		free(like[i]);
	if (!items) {
		api_internal(c, "round positions");
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

/* Open or previewed: choices and rankings may still change. */
static int round_accepts_changes(struct api_ctx *c, json_t *r)
{
	const char *status = json_string_value(json_object_get(r, "status"));
	if (strcmp(status, "open") && strcmp(status, "previewed"))
		return api_fail(c, 422, "rule", NULL, "本轮匹配已结束，不能再修改");
	return 0;
}

/* Commits a change to choices or rankings.  A preview no longer shows
 * them, so a previewed round goes back to open: preview again before
 * publishing.  Returns 0, or -1 with the reply set. */
static int commit_change(struct api_ctx *c, int64_t id, const char *what)
{
	if (store_run(c->db,
	              "UPDATE match_rounds SET status = 'open' WHERE id = ? AND status = 'previewed'",
	              "i", id) ||
	    store_commit(c->db) != STORE_OK) {
		store_rollback(c->db);
		return api_internal(c, what);
	}
	return 0;
}

static const char *const choice_fields[] = {"position_ids", NULL};

/* A student's 志愿: an ordered list of the round's positions. */
void api_rounds_choices_set(struct api_ctx *c)
{
	int64_t id, sid = api_own_student(c);
	json_t *r = visible_round(c, &id);
	if (!r)
		return;
	int64_t list_max = json_integer_value(json_object_get(r, "list_max"));
	round_accepts_changes(c, r);
	json_decref(r);
	api_only_fields(c, choice_fields);
	json_t *ids = json_object_get(c->body, "position_ids");
	if (!api_failed(c) && (!json_is_array(ids) || (int64_t)json_array_size(ids) > list_max))
		api_fail(c, 400, "invalid", "position_ids",
			 arena_printf(c->arena, "志愿应为最多 %lld 个岗位编号的数组",
				      (long long)list_max));
	if (!api_failed(c) && !sid)
		api_fail(c, 422, "rule", NULL, "请先完善学生档案");
	if (api_failed(c))
		return;
	if (store_begin(c->db) != STORE_OK ||
	    store_run(c->db, "DELETE FROM match_choices WHERE round_id = ? AND student_id = ?", "ii",
		      id, sid)) {
		api_internal(c, "choices");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		int64_t in = 0, pid = json_integer_value(v);
		if (!json_is_integer(v) ||
		    store_int64(c->db, &in,
				"SELECT COUNT(*) FROM match_round_positions WHERE round_id = ? AND"
				" position_id = ?",
				"ii", id, pid) != STORE_ROW ||
		    !in) {
			store_rollback(c->db);
			api_fail(c, 400, "invalid", "position_ids",
				 arena_printf(c->arena, "第 %zu 志愿不是本轮的岗位", i + 1));
			return;
		}
		int rc = store_run(c->db,
				   "INSERT INTO match_choices (round_id, student_id, rank, position_id)"
				   " VALUES (?, ?, ?, ?)",
				   "iiii", id, sid, (int64_t)i + 1, pid);
		if (rc) {
			store_rollback(c->db);
			if (rc == STORE_UNIQUE)
				api_fail(c, 400, "invalid", "position_ids",
					 arena_printf(c->arena, "第 %zu 志愿与前面的重复", i + 1));
			else
				api_internal(c, "choices");
			return;
		}
	}
	if (commit_change(c, id, "choices"))
		return;
	api_audit(c, "match_round.choices", "match_round", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:I}", "choices", (json_int_t)json_array_size(ids)));
}

void api_rounds_choices_get(struct api_ctx *c)
{
	int64_t id, sid = api_own_student(c);
	json_t *r = visible_round(c, &id);
	if (!r)
		return;
	json_decref(r);
	json_t *items = store_rows(c->db,
				   "SELECT mc.rank, mc.position_id, p.title, o.name AS enterprise_name"
				   " FROM match_choices mc JOIN positions p ON p.id = mc.position_id"
				   " JOIN organizations o ON o.id = p.enterprise_id WHERE mc.round_id = ?"
				   " AND mc.student_id = ? ORDER BY mc.rank",
				   "ii", id, sid);
	if (!items) {
		api_internal(c, "choices");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

static const char *const ranking_fields[] = {"position_id", "student_ids", NULL};

/* HR's ranking of the students who chose one of their positions. */
void api_rounds_ranking_set(struct api_ctx *c)
{
	int64_t id, pid = 0, ent = 0;
	json_t *r = visible_round(c, &id);
	if (!r)
		return;
	round_accepts_changes(c, r);
	json_decref(r);
	api_only_fields(c, ranking_fields);
	api_int(c, "position_id", API_REQUIRED, &pid);
	json_t *ids = json_object_get(c->body, "student_ids");
	if (!api_failed(c) && (!json_is_array(ids) || json_array_size(ids) > 20000))
		api_fail(c, 400, "invalid", "student_ids", "student_ids 应为学生编号数组");
	if (!api_failed(c) &&
	    (store_int64(c->db, &ent,
			 "SELECT p.enterprise_id FROM match_round_positions rp JOIN positions p ON"
			 " p.id = rp.position_id WHERE rp.round_id = ? AND rp.position_id = ?",
			 "ii", id, pid) != STORE_ROW ||
	     ent != c->actor.org_id))
		api_fail(c, 404, "not_found", "position_id", "本轮没有这个岗位");
	if (api_failed(c))
		return;
	if (store_begin(c->db) != STORE_OK ||
	    store_run(c->db, "DELETE FROM match_hr_rankings WHERE round_id = ? AND position_id = ?",
		      "ii", id, pid)) {
		api_internal(c, "ranking");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		int64_t chose = 0, sid = json_integer_value(v);
		/* Only students who chose this position can be ranked: HR sees no
		 * one else through the round. */
		if (!json_is_integer(v) ||
		    store_int64(c->db, &chose,
				"SELECT COUNT(*) FROM match_choices WHERE round_id = ? AND"
				" position_id = ? AND student_id = ?",
				"iii", id, pid, sid) != STORE_ROW ||
		    !chose ||
		    store_run(c->db,
			      "INSERT INTO match_hr_rankings (round_id, position_id, rank, student_id)"
			      " VALUES (?, ?, ?, ?)",
			      "iiii", id, pid, (int64_t)i + 1, sid)) {
			store_rollback(c->db);
			api_fail(c, 400, "invalid", "student_ids",
				 arena_printf(c->arena, "第 %zu 位学生没有填报该岗位或重复", i + 1));
			return;
		}
	}
	if (commit_change(c, id, "ranking"))
		return;
	api_audit(c, "match_round.ranking", "position", pid, "ok", NULL);
	api_reply(c, 200, json_pack("{s:I}", "ranked", (json_int_t)json_array_size(ids)));
}

/* HR: who chose their positions in this round (to rank them). */
void api_rounds_applicants(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	/* A 志愿 is the student's own act, like an application: HR sees who
	 * chose its positions even if blocked, once the enterprise is
	 * approved (domain/visibility.h). */
	if (visibility_talent_pool(c->db, &c->actor, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	json_t *r = visible_round(c, &id);
	if (!r)
		return;
	json_decref(r);
	json_t *items = store_rows(
	    c->db,
	    "SELECT mc.position_id, p.title, mc.student_id, s.name, col.name AS college_name,"
	    " m.name AS major_name, s.grad_year, mc.rank AS choice_rank, hr.rank AS hr_rank"
	    " FROM match_choices mc JOIN positions p ON p.id = mc.position_id JOIN students s ON"
	    " s.id = mc.student_id JOIN organizations col ON col.id = s.college_id LEFT JOIN"
	    " dict_majors m ON m.code = s.major_code LEFT JOIN match_hr_rankings hr ON"
	    " hr.round_id = mc.round_id AND hr.position_id = mc.position_id AND"
	    " hr.student_id = mc.student_id WHERE mc.round_id = ? AND p.enterprise_id = ?"
	    " ORDER BY mc.position_id, hr.rank IS NULL, hr.rank, mc.student_id LIMIT 5000",
	    "ii", id, c->actor.org_id);
	if (!items) {
		api_internal(c, "round applicants");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

void api_rounds_preview(struct api_ctx *c)
{
	int64_t id;
	char err[256];
	json_t *r = visible_round(c, &id);
	if (!r)
		return;
	round_accepts_changes(c, r);
	json_decref(r);
	if (api_no_fields(c))
		return;
	json_t *stats = match_round_preview(c->db, id, err, sizeof(err));
	if (!stats) {
		api_fail(c, 422, "rule", NULL, err);
		return;
	}
	api_audit(c, "match_round.preview", "match_round", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:o}", "stats", stats));
}

static void finish(struct api_ctx *c, const char *to)
{
	int64_t id, changed = 0;
	json_t *r = visible_round(c, &id);
	if (!r)
		return;
	const char *status = json_string_value(json_object_get(r, "status"));
	json_t *stable = json_object_get(json_object_get(json_object_get(r, "stats"), "stable"), "ok");
	if (!strcmp(to, "published") && strcmp(status, "previewed"))
		api_fail(c, 422, "rule", "status", "请先预览匹配结果");
	else if (!strcmp(to, "published") && !json_is_true(stable))
		api_fail(c, 422, "rule", "status", "匹配结果未通过稳定性检查，不能发布");
	else if (!strcmp(status, "published") || !strcmp(status, "cancelled"))
		api_fail(c, 422, "rule", "status", "本轮匹配已结束");
	json_decref(r);
	if (api_no_fields(c))
		return;
	if (store_int64(c->db, &changed,
			"UPDATE match_rounds SET status = ?, published_at = CASE WHEN ? = 'published'"
			" THEN ? ELSE published_at END WHERE id = ? AND status IN ('open', 'previewed')"
			" RETURNING id",
			"ttii", to, to, now_seconds(), id) != STORE_ROW) {
		api_fail(c, 409, "conflict", "status", "状态已被他人修改，请刷新");
		return;
	}
	api_audit(c, !strcmp(to, "published") ? "match_round.publish" : "match_round.cancel",
		  "match_round", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:o}", "round", round_json(c, id, 1)));
}

void api_rounds_publish(struct api_ctx *c)
{
	finish(c, "published");
}

void api_rounds_cancel(struct api_ctx *c)
{
	finish(c, "cancelled");
}

/* Results: the operator all (paged); HR their positions'; a student their
 * own, with why (the engine's explanation of the pair) — published only. */
void api_rounds_result(struct api_ctx *c)
{
	int64_t id;
	json_t *r = visible_round(c, &id);
	if (!r)
		return;
	int published = !strcmp(json_string_value(json_object_get(r, "status")), "published");
	json_decref(r);
	if (!published && c->actor.role != ROLE_OPERATOR) {
		api_fail(c, 422, "rule", NULL, "匹配结果尚未发布");
		return;
	}
	const char *sql =
	    "SELECT mr.student_id, s.name AS student_name, col.name AS college_name, mr.position_id,"
	    " p.title AS position_title, o.name AS enterprise_name, mr.choice_rank FROM match_results"
	    " mr JOIN students s ON s.id = mr.student_id JOIN organizations col ON"
	    " col.id = s.college_id LEFT JOIN positions p ON p.id = mr.position_id LEFT JOIN"
	    " organizations o ON o.id = p.enterprise_id WHERE mr.round_id = ?";
	json_t *items;
	if (c->actor.role == ROLE_STUDENT) {
		items = store_rows(c->db, arena_printf(c->arena, "%s AND mr.student_id = ?", sql), "ii",
				   id, api_own_student(c));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			json_t *pid = json_object_get(it, "position_id");
			if (json_is_integer(pid)) {
				json_t *why = recommend_explain(
				    c->db, json_integer_value(json_object_get(it, "student_id")),
				    json_integer_value(pid));
				json_object_set_new(it, "explanation", why ? why : json_null());
			}
		}
	} else if (c->actor.role == ROLE_ENTERPRISE) {
		items = store_rows(c->db,
				   arena_printf(c->arena, "%s AND p.enterprise_id = ? ORDER BY mr.position_id",
						sql),
				   "ii", id, c->actor.org_id);
	} else {
		items = store_rows(c->db,
				   arena_printf(c->arena, "%s ORDER BY mr.student_id LIMIT 1000", sql),
				   "i", id);
	}
	if (!items) {
		api_internal(c, "round result");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}
