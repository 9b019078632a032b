/*
 * Match rounds (集中匹配): the round, its positions, 志愿 and HR rankings,
 * publication and results.  The rules and states are in round.h; the match
 * itself runs in round_preview.c.
 */
#include "domain/round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/listing.h"
#include "domain/recommend.h"
#include "domain/student.h"
#include "domain/visibility.h"

#define ROUND_SELECT                                                                               \
	"SELECT r.id, r.name, r.status, r.list_max, r.created_at, r.previewed_at, r.published_at," \
	" (SELECT COUNT(*) FROM match_round_positions rp WHERE rp.round_id = r.id) AS positions,"  \
	" (SELECT COUNT(DISTINCT student_id) FROM match_choices mc WHERE mc.round_id = r.id) AS"   \
	" students%s FROM match_rounds r"

static const char *status_of(json_t *r)
{
	return json_string_value(json_object_get(r, "status"));
}

int round_read(struct store *db, int64_t id, int with_stats, json_t **out, struct derr *e)
{
	char sql[sizeof(ROUND_SELECT) + 40];
	snprintf(sql, sizeof(sql), ROUND_SELECT " WHERE r.id = ?", with_stats ? ", r.stats" : "");
	*out = store_row(db, sql, "i", id);
	if (!*out)
		return derr_store(e, db, "round");
	if (with_stats && json_is_object(*out)) {
		const char *text = json_string_value(json_object_get(*out, "stats"));
		json_object_set_new(*out, "stats", text ? json_loads(text, 0, NULL) : json_null());
	}
	return 0;
}

/* Round id as a may see it (the operator with its figures): 0 with *out,
 * or -1 with 404 (absent, or cancelled for anyone but the operator). */
static int visible(struct store *db, const struct actor *a, int64_t id, json_t **out,
                   struct derr *e)
{
	int op = a->role == ROLE_OPERATOR;
	if (round_read(db, id, op, out, e))
		return -1;
	if (json_is_object(*out) && (op || strcmp(status_of(*out), "cancelled")))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_set(e, DERR_NOT_FOUND, NULL, "匹配轮次不存在");
}

/* visible() and still taking changes (open or previewed). */
static int visible_open(struct store *db, const struct actor *a, int64_t id, json_t **out,
                        struct derr *e)
{
	if (visible(db, a, id, out, e))
		return -1;
	const char *status = status_of(*out);
	if (!strcmp(status, "open") || !strcmp(status, "previewed"))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_set(e, DERR_RULE, NULL, "本轮匹配已结束，不能再修改");
}

int round_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	return visible(db, a, id, out, e);
}

int round_list(struct store *db, const struct actor *a, json_t **items, struct derr *e)
{
	*items =
	    store_rows(db,
	               a->role == ROLE_OPERATOR
	                   ? "SELECT r.id, r.name, r.status, r.list_max, r.created_at,"
	                     " r.previewed_at, r.published_at, (SELECT COUNT(*) FROM"
	                     " match_round_positions rp WHERE rp.round_id = r.id) AS positions,"
	                     " (SELECT COUNT(DISTINCT student_id) FROM match_choices mc WHERE"
	                     " mc.round_id = r.id) AS students FROM match_rounds r"
	                     " ORDER BY r.id DESC LIMIT 200"
	                   : "SELECT r.id, r.name, r.status, r.list_max, r.created_at,"
	                     " r.previewed_at, r.published_at, (SELECT COUNT(*) FROM"
	                     " match_round_positions rp WHERE rp.round_id = r.id) AS positions,"
	                     " (SELECT COUNT(DISTINCT student_id) FROM match_choices mc WHERE"
	                     " mc.round_id = r.id) AS students FROM match_rounds r"
	                     " WHERE r.status <> 'cancelled' ORDER BY r.id DESC LIMIT 200",
	               "");
	return *items ? 0 : derr_store(e, db, "rounds");
}

/* The round's positions as named (inside the creating transaction): each
 * open, none twice; 400 field position_ids otherwise. */
static int add_named_positions(struct store *db, int64_t id, const json_t *ids, struct derr *e)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		int64_t open = 0, pid = json_integer_value(v);
		if (json_is_integer(v) &&
		    store_int64(db, &open,
		                "SELECT COUNT(*) FROM positions WHERE id = ? AND status = 'open'",
		                "i", pid) != STORE_ROW)
			return derr_store(e, db, "round positions");
		if (!open) {
			store_rollback(db);
			return derr_setf(e, DERR_INVALID, "position_ids",
			                 "第 %zu 个岗位不存在或未在招聘", i + 1);
		}
		int rc =
		    store_run(db,
		              "INSERT INTO match_round_positions (round_id, position_id, capacity)"
		              " SELECT ?, id, headcount FROM positions WHERE id = ?",
		              "ii", id, pid);
		if (rc == STORE_UNIQUE) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "position_ids", "岗位重复");
		}
		if (rc != STORE_OK)
			return derr_store(e, db, "round positions");
	}
	return 0;
}

int round_create(struct store *db, const struct actor *a, const char *name, int64_t list_max,
                 const json_t *position_ids, json_t **out, struct derr *e)
{
	int64_t id = 0;
	*out = NULL;
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &id,
	                "INSERT INTO match_rounds (name, list_max, created_by, created_at)"
	                " VALUES (?, ?, ?, ?) RETURNING id",
	                "tiii", name, list_max, a->id, now_seconds()) != STORE_ROW)
		return derr_store(e, db, "round create");
	/* The round's positions: those named, else every open one; seats are
	 * the headcount. */
	if (position_ids) {
		if (add_named_positions(db, id, position_ids, e))
			return -1;
	} else if (store_run(db,
	                     "INSERT INTO match_round_positions (round_id, position_id, capacity)"
	                     " SELECT ?, id, headcount FROM positions WHERE status = 'open'",
	                     "i", id) != STORE_OK)
		return derr_store(e, db, "round create");
	if (audit_write(db, a, "match_round.create", "match_round", id, name, e) ||
	    round_read(db, id, 1, out, e))
		return -1;
	if (store_commit(db) != STORE_OK) {
		json_decref(*out);
		*out = NULL;
		return derr_store(e, db, "round create commit");
	}
	return 0;
}

int round_positions(struct store *db, const struct actor *a, int64_t id,
                    const struct round_position_filter *f, int64_t page, int64_t size,
                    json_t **items, int64_t *total, struct derr *e)
{
	json_t *r;
	*items = NULL;
	*total = 0;
	if (visible(db, a, id, &r, e))
		return -1;
	json_decref(r);
	struct store_args args = {0};
	struct buf where = BUF_INIT, count = BUF_INIT, list = BUF_INIT;
	char *like[6] = {NULL}, *copy = f->q ? strdup(f->q) : NULL, *save = NULL;
	int nlike = 0;
	buf_adds(&where, " WHERE rp.round_id = ?");
	store_args_int(&args, id);
	/* Each blank-separated word in the title or the enterprise's name. */
	for (char *t = copy ? strtok_r(copy, " \t", &save) : NULL; t && nlike < 6;
	     t = strtok_r(NULL, " \t", &save)) {
		like[nlike] = store_like_contains(t);
		buf_adds(&where, " AND (p.title LIKE ? ESCAPE '\\' OR o.name LIKE ? ESCAPE '\\')");
		store_args_text(&args, like[nlike]);
		store_args_text(&args, like[nlike]);
		nlike++;
	}
	if (f->city) {
		buf_adds(&where, " AND p.city_code = ?");
		store_args_text(&args, f->city);
	}
	if (f->kind) {
		buf_adds(&where, " AND p.kind = ?");
		store_args_text(&args, f->kind);
	}
#define ROUND_POS_FROM                                                                             \
	" FROM match_round_positions rp JOIN positions p ON p.id = rp.position_id"                 \
	" JOIN organizations o ON o.id = p.enterprise_id"                                          \
	" LEFT JOIN dict_cities ci ON ci.code = p.city_code"
	buf_addf(&count, "SELECT COUNT(*)" ROUND_POS_FROM "%s", where.data);
	buf_addf(&list,
	         "SELECT rp.position_id AS id, p.title, p.kind, o.name AS enterprise_name,"
	         " p.city_code, ci.name AS city_name, p.salary_min, p.salary_max, p.min_degree,"
	         " rp.capacity" ROUND_POS_FROM "%s ORDER BY rp.position_id LIMIT ? OFFSET ?",
	         where.data);
#undef ROUND_POS_FROM
	int rc = buf_failed(&where) || buf_failed(&count) || buf_failed(&list)
	             ? derr_internal(e, "round positions: out of memory")
	             : listing_page(db, count.data, list.data, &args, page, size, items, total,
	                            "round positions", e);
	for (int i = 0; i < nlike; i++)
		free(like[i]);
	free(copy);
	buf_release(&where);
	buf_release(&count);
	buf_release(&list);
	return rc;
}

/* Commits a change to choices or rankings with its audit row.  A preview
 * no longer shows them, so a previewed round goes back to open. */
static int commit_change(struct store *db, const struct actor *a, int64_t id, const char *action,
                         const char *object_type, int64_t object_id, struct derr *e)
{
	if (store_run(
	        db, "UPDATE match_rounds SET status = 'open' WHERE id = ? AND status = 'previewed'",
	        "i", id) != STORE_OK)
		return derr_store(e, db, action);
	if (audit_write(db, a, action, object_type, object_id, NULL, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, action);
}

int round_choices_set(struct store *db, const struct actor *a, int64_t id,
                      const json_t *position_ids, int64_t *count, struct derr *e)
{
	int64_t sid = 0;
	json_t *r;
	*count = 0;
	if (student_own_id(db, a, &sid, e) || visible_open(db, a, id, &r, e))
		return -1;
	int64_t list_max = json_integer_value(json_object_get(r, "list_max"));
	json_decref(r);
	if (!json_is_array(position_ids) || (int64_t)json_array_size(position_ids) > list_max)
		return derr_setf(e, DERR_INVALID, "position_ids",
		                 "志愿应为最多 %lld 个岗位编号的数组", (long long)list_max);
	if (!sid)
		return derr_set(e, DERR_RULE, NULL, "请先完善学生档案");
	if (store_begin(db) != STORE_OK ||
	    store_run(db, "DELETE FROM match_choices WHERE round_id = ? AND student_id = ?", "ii",
	              id, sid) != STORE_OK)
		return derr_store(e, db, "choices");
	size_t i;
	json_t *v;
	json_array_foreach(position_ids, i, v)
	{
		int64_t in = 0, pid = json_integer_value(v);
		if (json_is_integer(v) &&
		    store_int64(db, &in,
		                "SELECT COUNT(*) FROM match_round_positions WHERE round_id = ? AND"
		                " position_id = ?",
		                "ii", id, pid) != STORE_ROW)
			return derr_store(e, db, "choices");
		if (!in) {
			store_rollback(db);
			return derr_setf(e, DERR_INVALID, "position_ids",
			                 "第 %zu 志愿不是本轮的岗位", i + 1);
		}
		int rc =
		    store_run(db,
		              "INSERT INTO match_choices (round_id, student_id, rank, position_id)"
		              " VALUES (?, ?, ?, ?)",
		              "iiii", id, sid, (int64_t)i + 1, pid);
		if (rc == STORE_UNIQUE) {
			store_rollback(db);
			return derr_setf(e, DERR_INVALID, "position_ids", "第 %zu 志愿与前面的重复",
			                 i + 1);
		}
		if (rc != STORE_OK)
			return derr_store(e, db, "choices");
	}
	if (commit_change(db, a, id, "match_round.choices", "match_round", id, e))
		return -1;
	*count = (int64_t)json_array_size(position_ids);
	return 0;
}

int round_choices_get(struct store *db, const struct actor *a, int64_t id, json_t **items,
                      struct derr *e)
{
	int64_t sid = 0;
	json_t *r;
	*items = NULL;
	if (student_own_id(db, a, &sid, e) || visible(db, a, id, &r, e))
		return -1;
	json_decref(r);
	*items = store_rows(db,
	                    "SELECT mc.rank, mc.position_id, p.title, o.name AS enterprise_name"
	                    " FROM match_choices mc JOIN positions p ON p.id = mc.position_id"
	                    " JOIN organizations o ON o.id = p.enterprise_id WHERE mc.round_id = ?"
	                    " AND mc.student_id = ? ORDER BY mc.rank",
	                    "ii", id, sid);
	return *items ? 0 : derr_store(e, db, "choices");
}

int round_ranking_set(struct store *db, const struct actor *a, int64_t id, int64_t position_id,
                      const json_t *student_ids, struct derr *e)
{
	int64_t ent = 0;
	json_t *r;
	if (visible_open(db, a, id, &r, e))
		return -1;
	json_decref(r);
	if (!json_is_array(student_ids) || json_array_size(student_ids) > ROUND_POSITIONS_MAX)
		return derr_set(e, DERR_INVALID, "student_ids", "student_ids 应为学生编号数组");
	int rc =
	    store_int64(db, &ent,
	                "SELECT p.enterprise_id FROM match_round_positions rp JOIN positions p"
	                " ON p.id = rp.position_id WHERE rp.round_id = ? AND rp.position_id = ?",
	                "ii", id, position_id);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "ranking");
	if (rc == STORE_DONE || ent != a->org_id)
		return derr_set(e, DERR_NOT_FOUND, "position_id", "本轮没有这个岗位");
	if (store_begin(db) != STORE_OK ||
	    store_run(db, "DELETE FROM match_hr_rankings WHERE round_id = ? AND position_id = ?",
	              "ii", id, position_id) != STORE_OK)
		return derr_store(e, db, "ranking");
	size_t i;
	json_t *v;
	json_array_foreach(student_ids, i, v)
	{
		int64_t chose = 0, sid = json_integer_value(v);
		/* Only students who chose this position can be ranked: HR sees no
		 * one else through the round. */
		if (json_is_integer(v) &&
		    store_int64(db, &chose,
		                "SELECT COUNT(*) FROM match_choices WHERE round_id = ? AND"
		                " position_id = ? AND student_id = ?",
		                "iii", id, position_id, sid) != STORE_ROW)
			return derr_store(e, db, "ranking");
		rc = chose ? store_run(db,
		                       "INSERT INTO match_hr_rankings (round_id, position_id, rank,"
		                       " student_id) VALUES (?, ?, ?, ?)",
		                       "iiii", id, position_id, (int64_t)i + 1, sid)
		           : STORE_UNIQUE;
		if (rc == STORE_UNIQUE) {
			store_rollback(db);
			return derr_setf(e, DERR_INVALID, "student_ids",
			                 "第 %zu 位学生没有填报该岗位或重复", i + 1);
		}
		if (rc != STORE_OK)
			return derr_store(e, db, "ranking");
	}
	return commit_change(db, a, id, "match_round.ranking", "position", position_id, e);
}

int round_applicants(struct store *db, const struct actor *a, int64_t id, json_t **items,
                     struct derr *e)
{
	json_t *r;
	*items = NULL;
	/* A 志愿 is the student's own act, like an application: HR sees who
	 * chose its positions even if blocked, once the enterprise is
	 * approved (domain/visibility.h). */
	if (visibility_talent_pool(db, a, e) || visible(db, a, id, &r, e))
		return -1;
	json_decref(r);
	*items = store_rows(
	    db,
	    "SELECT mc.position_id, p.title, mc.student_id, s.name, col.name AS college_name,"
	    " m.name AS major_name, s.grad_year, mc.rank AS choice_rank, hr.rank AS hr_rank"
	    " FROM match_choices mc JOIN positions p ON p.id = mc.position_id JOIN students s ON"
	    " s.id = mc.student_id JOIN organizations col ON col.id = s.college_id LEFT JOIN"
	    " dict_majors m ON m.code = s.major_code LEFT JOIN match_hr_rankings hr ON"
	    " hr.round_id = mc.round_id AND hr.position_id = mc.position_id AND"
	    " hr.student_id = mc.student_id WHERE mc.round_id = ? AND p.enterprise_id = ?"
	    " ORDER BY mc.position_id, hr.rank IS NULL, hr.rank, mc.student_id LIMIT 5000",
	    "ii", id, a->org_id);
	return *items ? 0 : derr_store(e, db, "round applicants");
}

int round_finish(struct store *db, const struct actor *a, int64_t id, int publish, json_t **out,
                 struct derr *e)
{
	int64_t changed = 0;
	json_t *r;
	*out = NULL;
	if (visible(db, a, id, &r, e))
		return -1;
	const char *status = status_of(r);
	json_t *stable =
	    json_object_get(json_object_get(json_object_get(r, "stats"), "stable"), "ok");
	int rc = 0;
	if (publish && strcmp(status, "previewed"))
		rc = derr_set(e, DERR_RULE, "status", "请先预览匹配结果");
	else if (publish && !json_is_true(stable))
		rc = derr_set(e, DERR_RULE, "status", "匹配结果未通过稳定性检查，不能发布");
	else if (!strcmp(status, "published") || !strcmp(status, "cancelled"))
		rc = derr_set(e, DERR_RULE, "status", "本轮匹配已结束");
	json_decref(r);
	if (rc)
		return -1;
	const char *to = publish ? "published" : "cancelled";
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "round finish");
	rc = store_int64(
	    db, &changed,
	    "UPDATE match_rounds SET status = ?, published_at = CASE WHEN ? = 'published'"
	    " THEN ? ELSE published_at END WHERE id = ? AND status IN ('open',"
	    " 'previewed') RETURNING id",
	    "ttii", to, to, now_seconds(), id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "status", "状态已被他人修改，请刷新");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "round finish");
	if (audit_write(db, a, publish ? "match_round.publish" : "match_round.cancel",
	                "match_round", id, NULL, e) ||
	    round_read(db, id, 1, out, e))
		return -1;
	if (store_commit(db) != STORE_OK) {
		json_decref(*out);
		*out = NULL;
		return derr_store(e, db, "round finish commit");
	}
	return 0;
}

/* Adds to each of a student's results the explanation of the pair. */
static int explain_results(struct store *db, json_t *items, struct derr *e)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		json_t *pid = json_object_get(it, "position_id");
		if (!json_is_integer(pid))
			continue;
		json_t *why =
		    recommend_explain(db, json_integer_value(json_object_get(it, "student_id")),
		                      json_integer_value(pid));
		if (!why)
			return derr_internal(e, "round result: explanation");
		json_object_set_new(it, "explanation", why);
	}
	return 0;
}

int round_result(struct store *db, const struct actor *a, int64_t id, json_t **items,
                 struct derr *e)
{
	int64_t sid = 0;
	json_t *r;
	*items = NULL;
	if (visible(db, a, id, &r, e))
		return -1;
	int published = !strcmp(status_of(r), "published");
	json_decref(r);
	if (!published && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_RULE, NULL, "匹配结果尚未发布");
#define RESULT_SELECT                                                                              \
	"SELECT mr.student_id, s.name AS student_name, col.name AS college_name, mr.position_id,"  \
	" p.title AS position_title, o.name AS enterprise_name, mr.choice_rank FROM match_results" \
	" mr JOIN students s ON s.id = mr.student_id JOIN organizations col ON"                    \
	" col.id = s.college_id LEFT JOIN positions p ON p.id = mr.position_id LEFT JOIN"          \
	" organizations o ON o.id = p.enterprise_id WHERE mr.round_id = ?"
	if (a->role == ROLE_STUDENT) {
		if (student_own_id(db, a, &sid, e))
			return -1;
		*items = store_rows(db, RESULT_SELECT " AND mr.student_id = ?", "ii", id, sid);
		if (*items && explain_results(db, *items, e)) {
			json_decref(*items);
			*items = NULL;
			return -1;
		}
	} else if (a->role == ROLE_ENTERPRISE) {
		*items =
		    store_rows(db, RESULT_SELECT " AND p.enterprise_id = ? ORDER BY mr.position_id",
		               "ii", id, a->org_id);
	} else {
		*items =
		    store_rows(db, RESULT_SELECT " ORDER BY mr.student_id LIMIT 1000", "i", id);
	}
#undef RESULT_SELECT
	return *items ? 0 : derr_store(e, db, "round result");
}
