/*
 * Positions (岗位): enterprises publish, everyone logged in searches.
 * The state machine is in domain/recruit.h.  HR acts only on positions of
 * their own enterprise; anything else is answered 404.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/recommend.h"
#include "api/export.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/dict.h"
#include "domain/position.h"
#include "domain/recruit.h"

#define POSITION_SELECT                                                                            \
	"SELECT p.id, p.enterprise_id, o.name AS enterprise_name, o.in_zone AS in_zone,"           \
	" o.industry_code AS industry_code, p.title, p.kind, p.min_degree, p.headcount,"           \
	" p.salary_min, p.salary_max, p.city_code, c.name AS city_name, p.address,"                \
	" p.deadline, p.grad_year_min, p.grad_year_max, p.status, p.reject_reason,"                \
	" p.is_demo, p.created_at, p.updated_at%s FROM positions p"                                \
	" JOIN organizations o ON o.id = p.enterprise_id"                                          \
	" LEFT JOIN dict_cities c ON c.code = p.city_code"

/* Adds majors and skills (with names) to a position object. */
static int add_details(struct api_ctx *c, json_t *pos)
{
	int64_t id = json_integer_value(json_object_get(pos, "id"));
	json_t *majors =
	    store_rows(c->db,
	               "SELECT pm.major_code AS code, m.name, m.level FROM position_majors pm"
	               " LEFT JOIN dict_majors m ON m.code = pm.major_code"
	               " WHERE pm.position_id = ? ORDER BY pm.major_code",
	               "i", id);
	json_t *skills =
	    store_rows(c->db,
	               "SELECT ps.skill_id AS id, s.name, ps.required FROM position_skills ps"
	               " LEFT JOIN dict_skills s ON s.id = ps.skill_id"
	               " WHERE ps.position_id = ? ORDER BY ps.required DESC, ps.skill_id",
	               "i", id);
	if (!majors || !skills) {
		json_decref(majors);
		json_decref(skills);
		return -1;
	}
	json_t *required = json_array(), *preferred = json_array();
	size_t i;
	json_t *s;
	json_array_foreach(skills, i, s)
	{
		int req = (int)json_integer_value(json_object_get(s, "required"));
		json_object_del(s, "required");
		json_array_append(req ? required : preferred, s);
	}
	json_decref(skills);
	json_object_set_new(pos, "majors", majors);
	json_object_set_new(pos, "required_skills", required);
	json_object_set_new(pos, "preferred_skills", preferred);
	return 0;
}

/* Reads one position; json_null() when none, NULL on error. */
static json_t *position_json(struct api_ctx *c, int64_t id)
{
	char *sql = arena_printf(c->arena, POSITION_SELECT " WHERE p.id = ?", ", p.description");
	json_t *pos = store_row(c->db, sql, "i", id);
	if (pos && json_is_object(pos) && add_details(c, pos)) {
		json_decref(pos);
		return NULL;
	}
	return pos;
}

/* Loads {id} when the caller may see it: open positions for everyone,
 * any status for the owning enterprise and the operator. */
static json_t *visible_position(struct api_ctx *c, int64_t *id, int for_write)
{
	if (api_path_id(c, id))
		return NULL;
	json_t *pos = position_json(c, *id);
	if (!pos) {
		api_internal(c, "position get");
		return NULL;
	}
	int own = c->actor.role == ROLE_ENTERPRISE &&
	          json_integer_value(json_object_get(pos, "enterprise_id")) == c->actor.org_id;
	const char *status = json_string_value(json_object_get(pos, "status"));
	int visible = json_is_object(pos) && (own || c->actor.role == ROLE_OPERATOR ||
	                                      (!for_write && status && !strcmp(status, "open")));
	if (!visible || (for_write && !own && c->actor.role != ROLE_OPERATOR)) {
		json_decref(pos);
		api_fail(c, 404, "not_found", NULL, "岗位不存在");
		return NULL;
	}
	return pos;
}

void api_positions_get(struct api_ctx *c)
{
	int64_t id;
	json_t *pos = visible_position(c, &id, 0);
	if (pos)
		api_reply(c, 200, json_pack("{s:o}", "position", pos));
}

/* ---- search ---- */

struct search {
	struct buf where;
	struct store_args args;
	char *owned[8];
	int nowned;
};

static void search_release(struct search *s)
{
	buf_release(&s->where);
	for (int i = 0; i < s->nowned; i++)
		free(s->owned[i]);
}

/* Splits q on blanks; every term must be contained (AND). */
static void add_terms(struct api_ctx *c, struct search *s, const char *q)
{
	char *copy = arena_strdup(c->arena, q), *save = NULL;
	for (char *t = strtok_r(copy, " \t", &save); t && s->nowned < 6;
	     t = strtok_r(NULL, " \t", &save))
		store_text_contains(c->db, &s->where, &s->args, "positions_fts", "p.id",
		                    "p.search_text", t, &s->owned[s->nowned++]);
}

static void positions_search(struct api_ctx *c, int export)
{
	struct search s = {.where = BUF_INIT};
	const char *q = api_query(c, "q"), *major = api_query(c, "major");
	const char *city = api_query(c, "city"), *kind = api_query(c, "kind");
	const char *industry = api_query(c, "industry"), *sort = api_query(c, "sort");
	const char *cursor = api_query(c, "cursor"), *status = api_query(c, "status");
	int64_t salary = api_query_int(c, "salary_min", 0, 0, 10000000);
	int64_t ent = api_query_int(c, "enterprise_id", 0, 1, INT64_MAX);
	int64_t in_zone = api_query_int(c, "in_zone", 0, 0, 1);
	int64_t limit = api_query_int(c, "limit", 20, 1, 100);
	if (!sort)
		sort = q ? "relevance" : "newest";
	if (strcmp(sort, "relevance") && strcmp(sort, "newest") && strcmp(sort, "salary"))
		api_fail(c, 400, "invalid", "sort", "排序应为 relevance、newest 或 salary");
	if (kind && !position_kind_valid(kind))
		api_fail(c, 400, "invalid", "kind", "岗位类型应为 全职、实习 或 见习");
	if (status && !position_status_valid(status))
		api_fail(c, 400, "invalid", "status", "未知的岗位状态");
	if (status && c->actor.role != ROLE_OPERATOR)
		api_fail(c, 403, "forbidden", "status", "只有平台运营可以按状态查看岗位");
	if (api_failed(c))
		return;

	buf_adds(&s.where, " WHERE p.status = ?");
	store_args_text(&s.args, status ? status : "open");
	if (q)
		add_terms(c, &s, q);
	if (major) {
		/* Positions open to this major: no restriction, or an accepted
		 * code that is the major, its class or its category (or, for a
		 * class or category filter, a major under it). */
		buf_adds(&s.where,
		         " AND (NOT EXISTS (SELECT 1 FROM position_majors pm0 WHERE"
		         " pm0.position_id = p.id) OR EXISTS (SELECT 1 FROM position_majors pm"
		         " WHERE pm.position_id = p.id AND (? LIKE pm.major_code || '%' OR"
		         " pm.major_code LIKE ? || '%')))");
		store_args_text(&s.args, major);
		store_args_text(&s.args, major);
	}
	if (city) {
		buf_adds(&s.where, " AND p.city_code = ?");
		store_args_text(&s.args, city);
	}
	if (kind) {
		buf_adds(&s.where, " AND p.kind = ?");
		store_args_text(&s.args, kind);
	}
	if (salary) {
		buf_adds(&s.where, " AND p.salary_max >= ?");
		store_args_int(&s.args, salary);
	}
	if (industry) {
		/* A GB/T 4754 section letter or division code. */
		buf_adds(&s.where,
		         " AND (o.industry_code = ? OR o.industry_code IN (SELECT code FROM"
		         " dict_industries WHERE parent = ?))");
		store_args_text(&s.args, industry);
		store_args_text(&s.args, industry);
	}
	if (ent) {
		buf_adds(&s.where, " AND p.enterprise_id = ?");
		store_args_int(&s.args, ent);
	}
	if (in_zone) {
		buf_adds(&s.where, " AND o.in_zone = 1");
	}

	if (export) {
		static const struct export_column cols[] = {
		    {"编号", EXPORT_INT, 8},      {"岗位名称", EXPORT_TEXT, 24}, {"企业", EXPORT_TEXT, 30},
		    {"类型", EXPORT_TEXT, 6},     {"状态", EXPORT_TEXT, 8},      {"招聘人数", EXPORT_INT, 8},
		    {"薪资下限", EXPORT_INT, 8},  {"薪资上限", EXPORT_INT, 8},   {"城市", EXPORT_TEXT, 10},
		    {"高新区", EXPORT_INT, 6},    {"发布时间", EXPORT_TIME, 18}, {NULL, 0, 0}};
		char *sql = arena_printf(
		    c->arena,
		    "SELECT p.id, p.title, o.name, p.kind, p.status, p.headcount, p.salary_min,"
		    " p.salary_max, ci.name, o.in_zone, p.created_at FROM positions p JOIN organizations o"
		    " ON o.id = p.enterprise_id LEFT JOIN dict_cities ci ON ci.code = p.city_code%s"
		    " ORDER BY p.id DESC",
		    s.where.data);
		struct store_stmt *st = store_query_args(c->db, sql, &s.args);
		if (!st || export_xlsx(c, "positions.xlsx", "岗位", cols, st))
			api_internal(c, "positions export");
		store_finalize(st);
		search_release(&s);
		return;
	}
	int64_t total = 0;
	char *count_sql = arena_printf(c->arena,
	                               "SELECT COUNT(*) FROM positions p JOIN organizations o ON"
	                               " o.id = p.enterprise_id%s",
	                               s.where.data);
	if (store_int64_args(c->db, &total, count_sql, &s.args) != STORE_ROW) {
		search_release(&s);
		api_internal(c, "positions count");
		return;
	}

	/* Keyset pagination: the cursor is the last row's sort key. */
	const char *order;
	int64_t offset = 0, cur_id = 0, cur_salary = 0;
	if (!strcmp(sort, "newest")) {
		order = " ORDER BY p.id DESC";
		if (cursor && (parse_int64(cursor, &cur_id) || cur_id <= 0))
			api_fail(c, 400, "invalid", "cursor", "分页游标无效");
		if (cur_id) {
			buf_adds(&s.where, " AND p.id < ?");
			store_args_int(&s.args, cur_id);
		}
	} else if (!strcmp(sort, "salary")) {
		order = " ORDER BY COALESCE(p.salary_max, 0) DESC, p.id DESC";
		long long cs = 0, ci = 0;
		if (cursor && (sscanf(cursor, "%lld:%lld", &cs, &ci) != 2 || ci <= 0))
			api_fail(c, 400, "invalid", "cursor", "分页游标无效");
		cur_salary = cs;
		cur_id = ci;
		if (cur_id) {
			buf_adds(&s.where, " AND (COALESCE(p.salary_max, 0) < ? OR"
			                   " (COALESCE(p.salary_max, 0) = ? AND p.id < ?))");
			store_args_int(&s.args, cur_salary);
			store_args_int(&s.args, cur_salary);
			store_args_int(&s.args, cur_id);
		}
	} else {
		/* Relevance: a title hit first, then newest.  Its cursor is an
		 * offset: relevance has no stable key to seek on. */
		order =
		    " ORDER BY CASE WHEN p.title LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, p.id DESC";
		if (cursor && (parse_int64(cursor, &offset) || offset < 0))
			api_fail(c, 400, "invalid", "cursor", "分页游标无效");
	}
	if (api_failed(c)) {
		search_release(&s);
		return;
	}
	char *title_like = NULL;
	if (!strcmp(sort, "relevance")) {
		title_like = store_like_contains(q ? q : "");
		store_args_text(&s.args, title_like);
	}
	store_args_int(&s.args, limit + 1);
	store_args_int(&s.args, offset);
	char *sql = arena_printf(c->arena, POSITION_SELECT "%s%s LIMIT ? OFFSET ?", "",
	                         s.where.data, order);
	json_t *items = store_rows_args(c->db, sql, &s.args);
	free(title_like);
	search_release(&s);
	if (!items) {
		api_internal(c, "positions search");
		return;
	}
	json_t *next = json_null();
	if ((int64_t)json_array_size(items) > limit) {
		json_array_remove(items, (size_t)limit);
		json_t *last = json_array_get(items, (size_t)limit - 1);
		int64_t lid = json_integer_value(json_object_get(last, "id"));
		if (!strcmp(sort, "newest"))
			next = json_sprintf("%lld", (long long)lid);
		else if (!strcmp(sort, "salary"))
			next = json_sprintf(
			    "%lld:%lld",
			    (long long)json_integer_value(json_object_get(last, "salary_max")),
			    (long long)lid);
		else
			next = json_sprintf("%lld", (long long)(offset + limit));
	}
	size_t i;
	json_t *pos;
	json_array_foreach(items, i, pos)
	{
		if (add_details(c, pos)) {
			json_decref(items);
			json_decref(next);
			api_internal(c, "positions details");
			return;
		}
	}
	api_reply(c, 200,
	          json_pack("{s:o, s:I, s:o}", "items", items, "total", (json_int_t)total,
	                    "next_cursor", next));
}

void api_positions_search(struct api_ctx *c)
{
	positions_search(c, 0);
}

void api_positions_export(struct api_ctx *c)
{
	positions_search(c, 1);
}

/* ---- writes (enterprise HR of the owning enterprise; operator review) ---- */

static const char *const position_fields[] = {"title",
                                              "kind",
                                              "min_degree",
                                              "headcount",
                                              "salary_min",
                                              "salary_max",
                                              "city_code",
                                              "address",
                                              "description",
                                              "deadline",
                                              "grad_year_min",
                                              "grad_year_max",
                                              "majors",
                                              "required_skills",
                                              "preferred_skills",
                                              NULL};

/* Checks every code of a list against a dictionary; 400 naming field. */
static void check_codes(struct api_ctx *c, json_t *list, const char *table, const char *field)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		if (api_failed(c))
			return;
		int has = dict_has(c->db, table, json_string_value(v));
		if (has < 0)
			api_internal(c, "dictionary");
		else if (!has)
			api_fail(c, 400, "invalid", field,
			         arena_printf(c->arena, "字段 %s 含未知的代码：%s", field,
			                      json_string_value(v)));
	}
}

static void int_range(struct api_ctx *c, const char *field, int required, int64_t min, int64_t max,
                      int64_t *out, int *present)
{
	int rc = api_int(c, field, required, out);
	if (present)
		*present = rc == 0;
	if (rc == 0 && (*out < min || *out > max))
		api_fail(c, 400, "invalid", field,
		         arena_printf(c->arena, "字段 %s 应在 %lld–%lld 之间", field,
		                      (long long)min, (long long)max));
}

static int read_position(struct api_ctx *c, struct position_fields *in)
{
	memset(in, 0, sizeof(*in));
	api_only_fields(c, position_fields);
	in->title = api_str(c, "title", API_REQUIRED, 2, 60);
	in->kind = api_str(c, "kind", API_REQUIRED, 1, 4);
	if (in->kind && !position_kind_valid(in->kind))
		api_fail(c, 400, "invalid", "kind", "岗位类型应为 全职、实习 或 见习");
	in->min_degree = DEGREE_SECONDARY;
	int_range(c, "min_degree", API_OPTIONAL, 1, 3, &in->min_degree, NULL);
	int_range(c, "headcount", API_REQUIRED, 1, 10000, &in->headcount, NULL);
	int_range(c, "salary_min", API_OPTIONAL, 0, 1000000, &in->salary_min, &in->has_salary_min);
	int_range(c, "salary_max", API_OPTIONAL, 0, 1000000, &in->salary_max, &in->has_salary_max);
	if (in->has_salary_min && in->has_salary_max && in->salary_min > in->salary_max)
		api_fail(c, 400, "invalid", "salary_max", "最高薪资不能低于最低薪资");
	in->city = api_str(c, "city_code", API_OPTIONAL, 1, 12);
	in->address = api_str(c, "address", API_OPTIONAL, 1, 200);
	in->description = api_text(c, "description", API_OPTIONAL, 1, 5000);
	int_range(c, "deadline", API_OPTIONAL, 0, INT32_MAX, &in->deadline, &in->has_deadline);
	if (in->has_deadline && in->deadline < now_seconds())
		api_fail(c, 400, "invalid", "deadline", "截止时间不能早于现在");
	int_range(c, "grad_year_min", API_OPTIONAL, 2000, 2100, &in->gy_min, &in->has_gy_min);
	int_range(c, "grad_year_max", API_OPTIONAL, 2000, 2100, &in->gy_max, &in->has_gy_max);
	if (in->has_gy_min && in->has_gy_max && in->gy_min > in->gy_max)
		api_fail(c, 400, "invalid", "grad_year_max", "毕业年份范围无效");
	in->majors = api_str_array(c, "majors", 50, 6);
	in->required = api_str_array(c, "required_skills", 30, 64);
	in->preferred = api_str_array(c, "preferred_skills", 30, 64);
	if (in->city && !api_failed(c)) {
		int has = dict_has(c->db, "cities", in->city);
		if (has <= 0)
			has < 0 ? api_internal(c, "dictionary")
			        : api_fail(c, 400, "invalid", "city_code", "未知的城市代码");
	}
	check_codes(c, in->majors, "majors", "majors");
	check_codes(c, in->required, "skills", "required_skills");
	check_codes(c, in->preferred, "skills", "preferred_skills");
	size_t i;
	json_t *v;
	json_array_foreach(in->preferred, i, v)
	{
		for (size_t k = 0; k < json_array_size(in->required) && !api_failed(c); k++)
			if (json_equal(v, json_array_get(in->required, k)))
				api_fail(c, 400, "invalid", "preferred_skills",
				         "同一技能不能既是必备又是加分项");
	}
	return api_failed(c) ? -1 : 0;
}

void api_positions_create(struct api_ctx *c)
{
	struct position_fields in;
	int64_t id = 0;
	if (read_position(c, &in))
		return;
	if (store_begin(c->db) != STORE_OK || position_insert(c->db, c->actor.org_id, &in, 0, &id) ||
	    store_commit(c->db) != STORE_OK) {
		api_internal(c, "position create");
		return;
	}
	recommend_position_changed(c->db, id);
	api_audit(c, "position.create", "position", id, "ok", NULL);
	api_reply(c, 201, json_pack("{s:o}", "position", position_json(c, id)));
}

void api_positions_update(struct api_ctx *c)
{
	int64_t id;
	struct position_fields in;
	json_t *pos = visible_position(c, &id, 1);
	if (!pos)
		return;
	json_decref(pos);
	if (c->actor.role != ROLE_ENTERPRISE) {
		api_fail(c, 403, "forbidden", NULL, "只有发布企业可以修改岗位");
		return;
	}
	if (read_position(c, &in))
		return;
	/* An enterprise not yet verified publishes only what the operator
	 * reviewed: editing an open position sends it back to review. */
	if (store_begin(c->db) != STORE_OK || position_update(c->db, id, &in) ||
	    store_run(c->db,
	              "UPDATE positions SET status = 'pending' WHERE id = ? AND status = 'open' AND"
	              " enterprise_id IN (SELECT id FROM organizations WHERE status <> 'active')",
	              "i", id) ||
	    store_commit(c->db) != STORE_OK) {
		api_internal(c, "position update");
		return;
	}
	recommend_position_changed(c->db, id);
	api_audit(c, "position.update", "position", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:o}", "position", position_json(c, id)));
}

/* Moves {id} from one of `from` (NULL-terminated) to `to`; 422 otherwise. */
static void move(struct api_ctx *c, const char *const *from, const char *to, const char *reason,
                 const char *action, int hr_only)
{
	int64_t id;
	static const char *const reason_fields[] = {"reason", NULL};
	reason ? api_only_fields(c, reason_fields) : api_no_fields(c);
	if (api_failed(c))
		return;
	json_t *pos = visible_position(c, &id, 1);
	if (!pos)
		return;
	const char *status = json_string_value(json_object_get(pos, "status"));
	int ok = 0;
	for (const char *const *f = from; *f; f++)
		ok |= !strcmp(*f, status);
	char *was = arena_strdup(c->arena, status);
	json_decref(pos);
	if (hr_only && c->actor.role != ROLE_ENTERPRISE) {
		api_fail(c, 403, "forbidden", NULL, "只有发布企业可以执行此操作");
		return;
	}
	if (!ok) {
		api_fail(c, 422, "rule", "status",
		         arena_printf(c->arena, "岗位当前状态（%s）不能执行此操作", was));
		return;
	}
	/* Publishing needs a verified enterprise: otherwise the operator
	 * reviews the position first. */
	if (!strcmp(to, "open") && hr_only) {
		int64_t verified = 0;
		if (store_int64(c->db, &verified,
		                "SELECT COUNT(*) FROM organizations o JOIN positions p ON"
		                " p.enterprise_id = o.id WHERE p.id = ? AND o.status = 'active'",
		                "i", id) != STORE_ROW) {
			api_internal(c, "position verify");
			return;
		}
		if (!verified)
			to = !strcmp(was, "closed") ? NULL : "pending";
		if (!to) {
			api_fail(c, 422, "rule", NULL, "企业资质审核通过后才能重新发布岗位");
			return;
		}
	}
	int64_t changed = 0;
	if (store_int64(c->db, &changed,
	                "UPDATE positions SET status = ?, reject_reason = ?, updated_at = ?"
	                " WHERE id = ? AND status = ? RETURNING id",
	                "ttiit", to, reason, now_seconds(), id, was) != STORE_ROW) {
		api_fail(c, 409, "conflict", "status", "岗位状态已被他人修改，请刷新");
		return;
	}
	recommend_position_changed(c->db, id);
	api_audit(c, action, "position", id, "ok", to);
	api_reply(c, 200, json_pack("{s:o}", "position", position_json(c, id)));
}

void api_positions_submit(struct api_ctx *c)
{
	static const char *const from[] = {"draft", "rejected", NULL};
	move(c, from, "open", NULL, "position.submit", 1);
}

void api_positions_close(struct api_ctx *c)
{
	static const char *const from[] = {"open", "pending", NULL};
	move(c, from, "closed", NULL, "position.close", 0);
}

void api_positions_reopen(struct api_ctx *c)
{
	static const char *const from[] = {"closed", NULL};
	move(c, from, "open", NULL, "position.reopen", 1);
}

void api_positions_approve(struct api_ctx *c)
{
	static const char *const from[] = {"pending", NULL};
	move(c, from, "open", NULL, "position.approve", 0);
}

void api_positions_reject(struct api_ctx *c)
{
	static const char *const from[] = {"pending", NULL};
	const char *reason = api_str(c, "reason", API_REQUIRED, 1, 200);
	if (!api_failed(c))
		move(c, from, "rejected", reason, "position.reject", 0);
}

/* HR: every position of their enterprise, with application counts. */
static void positions_mine(struct api_ctx *c, int export)
{
	int64_t page, size, total = 0;
	const char *status = api_query(c, "status");
	api_paging(c, &page, &size);
	if (status && !position_status_valid(status))
		api_fail(c, 400, "invalid", "status", "未知的岗位状态");
	if (api_failed(c))
		return;
	struct store_args a = {0};
	store_args_int(&a, c->actor.org_id);
	const char *filter = "";
	if (status) {
		filter = " AND p.status = ?";
		store_args_text(&a, status);
	}
	if (export) {
		static const struct export_column cols[] = {
		    {"编号", EXPORT_INT, 8},      {"岗位名称", EXPORT_TEXT, 24}, {"类型", EXPORT_TEXT, 6},
		    {"状态", EXPORT_TEXT, 8},     {"招聘人数", EXPORT_INT, 8},   {"薪资下限", EXPORT_INT, 8},
		    {"薪资上限", EXPORT_INT, 8},  {"城市", EXPORT_TEXT, 10},     {"投递数", EXPORT_INT, 8},
		    {"发布时间", EXPORT_TIME, 18}, {NULL, 0, 0}};
		char *sql = arena_printf(
		    c->arena,
		    "SELECT p.id, p.title, p.kind, CASE p.status WHEN 'draft' THEN '草稿' WHEN"
		    " 'pending' THEN '待审核' WHEN 'open' THEN '招聘中' WHEN 'closed' THEN '已关闭'"
		    " ELSE '未通过' END, p.headcount, p.salary_min, p.salary_max, ci.name,"
		    " (SELECT COUNT(*) FROM applications ap WHERE ap.position_id = p.id), p.created_at"
		    " FROM positions p LEFT JOIN dict_cities ci ON ci.code = p.city_code"
		    " WHERE p.enterprise_id = ?%s ORDER BY p.id DESC",
		    filter);
		struct store_stmt *st = store_query_args(c->db, sql, &a);
		if (!st || export_xlsx(c, "positions.xlsx", "岗位", cols, st))
			api_internal(c, "positions export");
		store_finalize(st);
		return;
	}
	char *count_sql = arena_printf(
	    c->arena, "SELECT COUNT(*) FROM positions p WHERE p.enterprise_id = ?%s", filter);
	char *sql =
	    arena_printf(c->arena,
	                 POSITION_SELECT " WHERE p.enterprise_id = ?%s ORDER BY p.id DESC"
	                                 " LIMIT ? OFFSET ?",
	                 ", (SELECT COUNT(*) FROM applications ap WHERE ap.position_id = p.id)"
	                 " AS applications, (SELECT COUNT(*) FROM applications ap WHERE"
	                 " ap.position_id = p.id AND ap.status = 'submitted') AS unread",
	                 filter);
	json_t *items = api_page_rows(c, count_sql, sql, &a, page, size, &total);
	if (!items) {
		api_internal(c, "my positions");
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_positions_mine(struct api_ctx *c)
{
	positions_mine(c, 0);
}

void api_positions_mine_export(struct api_ctx *c)
{
	positions_mine(c, 1);
}
