/* The competition's figures (统计) and the tables behind its .xlsx exports. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/competition_internal.h"

/* Teams that count: registered and not withdrawn (drafts are not entries). */
#define ENTERED "t.status NOT IN ('draft', 'withdrawn')"

static json_t *college_rows(struct store *db, int64_t edition)
{
	return store_rows(
	    db,
	    "SELECT t.college_id, c.name AS college, COUNT(*) AS teams, SUM(CASE WHEN t.status NOT"
	    " IN ('submitted') THEN 1 ELSE 0 END) AS endorsed, SUM(CASE WHEN t.status IN"
	    " ('eligible', 'in_round', 'promoted', 'eliminated', 'awarded') THEN 1 ELSE 0 END) AS"
	    " eligible, SUM(CASE WHEN t.round_seq >= 2 THEN 1 ELSE 0 END) AS promoted, SUM(CASE "
	    "WHEN"
	    " t.status = 'awarded' THEN 1 ELSE 0 END) AS awarded, (SELECT COUNT(DISTINCT "
	    "m.student_id)"
	    " FROM comp_members m JOIN comp_teams t2 ON t2.id = m.team_id JOIN students s ON s.id ="
	    " m.student_id WHERE t2.edition_id = ? AND t2.status NOT IN ('draft', 'withdrawn') AND"
	    " m.status = 'accepted' AND s.college_id = t.college_id) AS students FROM comp_teams t"
	    " JOIN organizations c ON c.id = t.college_id WHERE t.edition_id = ? AND " ENTERED
	    " GROUP BY t.college_id, c.name ORDER BY COUNT(*) DESC, t.college_id",
	    "ii", edition, edition);
}

static json_t *track_rows(struct store *db, int64_t edition)
{
	return store_rows(
	    db,
	    "SELECT tr.id AS track_id, tr.name AS track, tr.max_teams, (SELECT COUNT(*) FROM"
	    " comp_teams t WHERE t.track_id = tr.id AND " ENTERED
	    ") AS teams, (SELECT COUNT(*) FROM"
	    " comp_teams t WHERE t.track_id = tr.id AND t.status IN ('eligible', 'in_round',"
	    " 'promoted', 'eliminated', 'awarded')) AS eligible, (SELECT COUNT(*) FROM comp_teams t"
	    " WHERE t.track_id = tr.id AND t.status = 'awarded') AS awarded FROM comp_tracks tr"
	    " WHERE tr.edition_id = ? ORDER BY tr.sort, tr.id",
	    "i", edition);
}

/* Workload and leniency over every submitted score of the edition. */
static json_t *judge_rows(struct store *db, int64_t edition)
{
	json_t *rows = store_rows(
	    db,
	    "SELECT j.id AS judge_id, a.display_name AS name, c.name AS college, en.name AS"
	    " enterprise, j.status, (SELECT COUNT(*) FROM comp_assignments x WHERE x.judge_id ="
	    " j.id) AS assigned, COUNT(s.id) AS submitted, AVG(s.total_x100) AS m1,"
	    " AVG(s.total_x100 * s.total_x100) AS m2 FROM comp_judges j JOIN accounts a ON a.id ="
	    " j.account_id LEFT JOIN organizations c ON c.id = j.college_id LEFT JOIN organizations"
	    " en ON en.id = j.enterprise_id LEFT JOIN comp_scores s ON s.judge_id = j.id AND"
	    " s.status = 'submitted' WHERE j.edition_id = ? GROUP BY j.id, a.display_name, c.name,"
	    " en.name, j.status ORDER BY j.id",
	    "i", edition);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_t *m1 = json_object_get(r, "m1"), *m2 = json_object_get(r, "m2");
		if (json_is_number(m1)) {
			double mean = json_number_value(m1),
			       var = json_number_value(m2) - mean * mean;
			json_object_set_new(r, "mean", json_real(comp_round4(mean / 100.0)));
			json_object_set_new(
			    r, "sd", json_real(comp_round4(sqrt(var > 0 ? var : 0) / 100.0)));
		} else {
			json_object_set_new(r, "mean", json_null());
			json_object_set_new(r, "sd", json_null());
		}
		json_object_del(r, "m1");
		json_object_del(r, "m2");
	}
	return rows;
}

static json_t *round_rows(struct store *db, int64_t edition)
{
	json_t *rows = store_rows(
	    db,
	    "SELECT r.id AS round_id, r.seq, r.name, r.kind, r.status, COUNT(rt.team_id) AS teams,"
	    " SUM(CASE WHEN rt.outcome IN ('promoted', 'awarded') THEN 1 ELSE 0 END) AS promoted"
	    " FROM comp_rounds r LEFT JOIN comp_round_teams rt ON rt.round_id = r.id WHERE"
	    " r.edition_id = ? GROUP BY r.id, r.seq, r.name, r.kind, r.status ORDER BY r.seq",
	    "i", edition);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_int_t teams = json_integer_value(json_object_get(r, "teams"));
		json_t *p = json_object_get(r, "promoted");
		json_int_t promoted = json_is_integer(p) ? json_integer_value(p) : 0;
		json_object_set_new(r, "promoted", json_integer(promoted));
		json_object_set_new(
		    r, "rate",
		    strcmp(json_string_value(json_object_get(r, "status")), "done") || !teams
		        ? json_null()
		        : json_real(comp_round4((double)promoted / (double)teams)));
	}
	return rows;
}

int comp_edition_stats(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                       struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	if (comp_edition_load(db, a, edition, &ed, e))
		return -1;
	json_t *totals = store_row(
	    db,
	    "SELECT (SELECT COUNT(*) FROM comp_teams t WHERE t.edition_id = ? AND " ENTERED ") AS"
	    " teams, (SELECT COUNT(DISTINCT t.college_id) FROM comp_teams t WHERE t.edition_id = ?"
	    " AND " ENTERED
	    ") AS colleges, (SELECT COUNT(DISTINCT m.student_id) FROM comp_members m"
	    " JOIN comp_teams t ON t.id = m.team_id WHERE t.edition_id = ? AND " ENTERED " AND"
	    " m.status = 'accepted') AS students, (SELECT COUNT(*) FROM comp_judges j WHERE"
	    " j.edition_id = ? AND j.status = 'active') AS judges, (SELECT COUNT(*) FROM "
	    "comp_tracks"
	    " tr WHERE tr.edition_id = ?) AS tracks, (SELECT COUNT(*) FROM comp_awards w WHERE"
	    " w.edition_id = ?) AS awards",
	    "iiiiii", edition, edition, edition, edition, edition, edition);
	json_t *colleges = college_rows(db, edition), *tracks = track_rows(db, edition);
	json_t *judges = judge_rows(db, edition), *rounds = round_rows(db, edition);
	if (!totals || !colleges || !tracks || !judges || !rounds) {
		json_decref(totals);
		json_decref(colleges);
		json_decref(tracks);
		json_decref(judges);
		json_decref(rounds);
		return derr_store(e, db, "stats");
	}
	*out = json_pack("{s:o, s:o, s:o, s:o, s:o}", "totals", totals, "colleges", colleges,
	                 "tracks", tracks, "judges", judges, "rounds", rounds);
	return 0;
}

/* ---- exports ---- */

struct column {
	const char *key, *title, *kind;
};

static json_t *columns_json(const struct column *c)
{
	json_t *arr = json_array();
	for (; c->key; c++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "key", c->key, "title",
		                                     c->title, "kind", c->kind));
	return arr;
}

/* The results of a round as one flat list, track by track. */
static json_t *results_rows(json_t *results)
{
	json_t *rows = json_array();
	size_t i, k;
	json_t *tr, *t;
	json_array_foreach(json_object_get(results, "tracks"), i, tr)
	{
		json_array_foreach(json_object_get(tr, "teams"), k, t)
		{
			json_t *row = json_deep_copy(t);
			json_t *iv = json_object_get(t, "interval");
			json_object_set(row, "track", json_object_get(tr, "track"));
			json_object_set_new(row, "interval_lo",
			                    json_is_object(iv)
			                        ? json_incref(json_object_get(iv, "lo"))
			                        : json_null());
			json_object_set_new(row, "interval_hi",
			                    json_is_object(iv)
			                        ? json_incref(json_object_get(iv, "hi"))
			                        : json_null());
			json_object_set_new(
			    row, "straddles_text",
			    json_string(json_is_true(json_object_get(t, "straddles")) ? "是" : ""));
			json_array_append_new(rows, row);
		}
	}
	return rows;
}

int comp_export_table(struct store *db, const struct actor *a, int64_t id, const char *table,
                      json_t **out, struct derr *e)
{
	static const struct column teams[] = {{"id", "编号", "int"},
	                                      {"name", "项目名称", "text"},
	                                      {"track", "赛道", "text"},
	                                      {"college", "院校", "text"},
	                                      {"leader", "负责人", "text"},
	                                      {"members", "人数", "int"},
	                                      {"status_label", "状态", "text"},
	                                      {"submitted_at", "提交时间", "time"},
	                                      {"endorsed_at", "推荐时间", "time"},
	                                      {NULL, NULL, NULL}};
	static const struct column colleges[] = {
	    {"college", "院校", "text"},     {"teams", "团队数", "int"},
	    {"students", "学生数", "int"},   {"endorsed", "已推荐", "int"},
	    {"eligible", "资格通过", "int"}, {"promoted", "晋级", "int"},
	    {"awarded", "获奖", "int"},      {NULL, NULL, NULL}};
	static const struct column tracks[] = {
	    {"track", "赛道", "text"},        {"teams", "团队数", "int"},
	    {"eligible", "资格通过", "int"},  {"awarded", "获奖", "int"},
	    {"max_teams", "名额上限", "int"}, {NULL, NULL, NULL}};
	static const struct column judges[] = {
	    {"name", "评委", "text"},       {"college", "院校", "text"},
	    {"enterprise", "单位", "text"}, {"assigned", "分配", "int"},
	    {"submitted", "已评", "int"},   {"mean", "平均分", "real"},
	    {"sd", "标准差", "real"},       {NULL, NULL, NULL}};
	static const struct column rounds[] = {
	    {"seq", "轮次", "int"},       {"name", "名称", "text"},
	    {"teams", "参赛团队", "int"}, {"promoted", "晋级/获奖", "int"},
	    {"rate", "晋级率", "real"},   {NULL, NULL, NULL}};
	static const struct column results[] = {{"track", "赛道", "text"},
	                                        {"rank", "名次", "int"},
	                                        {"name", "项目名称", "text"},
	                                        {"college", "院校", "text"},
	                                        {"normalized", "标准化得分", "real"},
	                                        {"raw_mean", "原始均分", "real"},
	                                        {"judges", "评委数", "int"},
	                                        {"interval_lo", "名次区间下限", "int"},
	                                        {"interval_hi", "名次区间上限", "int"},
	                                        {"straddles_text", "晋级线附近", "text"},
	                                        {NULL, NULL, NULL}};
	static const struct column scores[] = {
	    {"team", "项目名称", "text"},         {"judge", "评委", "text"},
	    {"status", "状态", "text"},           {"total", "总分", "real"},
	    {"comment", "评语", "text"},          {"submitted_at", "提交时间", "time"},
	    {"amend_reason", "修改原因", "text"}, {NULL, NULL, NULL}};

	const struct column *cols = NULL;
	const char *title = NULL;
	json_t *data = NULL, *rows = NULL;
	int rc = 0;
	if (!strcmp(table, "teams")) {
		struct comp_team_filter f = {.page = 1, .page_size = 100000};
		cols = teams, title = "参赛团队";
		if (!(rc = comp_team_list(db, a, id, &f, &data, e))) {
			rows = json_incref(json_object_get(data, "items"));
			size_t i;
			json_t *r;
			json_array_foreach(rows, i, r) json_object_set_new(
			    r, "status_label",
			    json_string(comp_team_status_label(
			        json_string_value(json_object_get(r, "status")))));
		}
	} else if (!strcmp(table, "results") || !strcmp(table, "scores")) {
		int res = !strcmp(table, "results");
		cols = res ? results : scores, title = res ? "评审结果" : "评分明细";
		rc = res ? comp_round_results(db, a, id, &data, e)
		         : comp_scores_list(db, a, id, 0, 0, &data, e);
		if (!rc)
			rows =
			    res ? results_rows(data) : json_incref(json_object_get(data, "items"));
	} else {
		struct comp_edition_row ed;
		if (comp_operator(a, e) || comp_edition_load(db, a, id, &ed, e))
			return -1;
		if (!strcmp(table, "colleges"))
			cols = colleges, title = "院校统计", rows = college_rows(db, id);
		else if (!strcmp(table, "tracks"))
			cols = tracks, title = "赛道统计", rows = track_rows(db, id);
		else if (!strcmp(table, "judges"))
			cols = judges, title = "评委工作量", rows = judge_rows(db, id);
		else if (!strcmp(table, "rounds"))
			cols = rounds, title = "晋级统计", rows = round_rows(db, id);
		else
			return derr_set(
			    e, DERR_INVALID, "table",
			    "table 应为 teams、colleges、tracks、judges、rounds、results 或 "
			    "scores");
		if (!rows)
			return derr_store(e, db, "export");
	}
	json_decref(data);
	if (rc)
		return -1;
	*out = json_pack("{s:s, s:o, s:o}", "title", title, "columns", columns_json(cols), "rows",
	                 rows);
	return 0;
}
