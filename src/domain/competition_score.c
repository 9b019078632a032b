/*
 * Scores (评分): a judge marks each criterion of the round's sheet 0-10 (one
 * decimal), saves drafts, and submits; a submitted score is locked and
 * changes only by an operator's amendment with a reason.  Marks are kept
 * in tenths and the total in hundredths (weight x tenths), exact integers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/competition_internal.h"

/* Stored marks {"criterion_id": tenths} as shown: {"criterion_id": mark}. */
static json_t *marks_shown(const char *stored)
{
	json_t *m = stored ? json_loads(stored, 0, NULL) : NULL, *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(m, k, v)
	    json_object_set_new(out, k, json_real(json_integer_value(v) / 10.0));
	json_decref(m);
	return out;
}

/* Replaces each row's "marks" text and "total_x100" by "marks" and "total". */
static void shape_scores(json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_object_set_new(r, "marks",
		                    marks_shown(json_string_value(json_object_get(r, "marks"))));
		json_t *t = json_object_get(r, "total_x100");
		json_object_set_new(r, "total",
		                    json_is_integer(t) ? json_real(json_integer_value(t) / 100.0)
		                                       : json_null());
		json_object_del(r, "total_x100");
	}
}

int comp_review_list(struct store *db, const struct actor *a, int64_t round, json_t **out,
                     struct derr *e)
{
	struct comp_round_row r;
	int64_t judge;
	json_t *rj = NULL;
	if (comp_round_load(db, a, round, &r, e) ||
	    comp_actor_judge(db, a, r.edition_id, 1, &judge, e) ||
	    comp_round_get(db, a, round, &rj, e))
		return -1;
	json_t *items = store_rows(
	    db,
	    "SELECT x.team_id, t.name, tr.name AS track, t.summary, t.video_url, CASE WHEN"
	    " t.plan_sha256 IS NULL THEN 0 ELSE 1 END AS has_plan, rt.stage_order, s.id AS "
	    "score_id,"
	    " s.status AS score_status, s.marks, s.total_x100, s.comment, s.submitted_at FROM"
	    " comp_assignments x JOIN comp_teams t ON t.id = x.team_id JOIN comp_tracks tr ON tr.id"
	    " = t.track_id JOIN comp_round_teams rt ON rt.round_id = x.round_id AND rt.team_id ="
	    " x.team_id LEFT JOIN comp_scores s ON s.round_id = x.round_id AND s.team_id = "
	    "x.team_id"
	    " AND s.judge_id = x.judge_id WHERE x.round_id = ? AND x.judge_id = ? AND NOT EXISTS"
	    " (SELECT 1 FROM comp_conflicts k WHERE k.judge_id = x.judge_id AND k.team_id ="
	    " x.team_id) ORDER BY COALESCE(rt.stage_order, 0), x.team_id",
	    "ii", round, judge);
	if (!items) {
		json_decref(rj);
		return derr_store(e, db, "review list");
	}
	shape_scores(items);
	json_t *rd = json_object_get(rj, "round");
	json_t *criteria = json_incref(json_object_get(rd, "criteria"));
	json_object_del(rd, "criteria");
	json_object_del(rd, "tracks");
	*out = json_pack("{s:O, s:o, s:o, s:I}", "round", rd, "criteria", criteria, "items", items,
	                 "judge_id", (json_int_t)judge);
	json_decref(rj);
	return 0;
}

/* The round's criteria: ids and weights in sheet order. */
struct sheet {
	int64_t id[COMP_MAX_CRITERIA];
	int weight[COMP_MAX_CRITERIA];
	size_t n;
};

static int sheet_load(struct store *db, int64_t round, struct sheet *s, struct derr *e)
{
	struct store_stmt *st = store_query(
	    db, "SELECT id, weight FROM comp_criteria WHERE round_id = ? ORDER BY seq", "i", round);
	int rc;
	s->n = 0;
	while (st && (rc = store_step(st)) == STORE_ROW && s->n < COMP_MAX_CRITERIA) {
		s->id[s->n] = store_column_int64(st, 0);
		s->weight[s->n++] = (int)store_column_int64(st, 1);
	}
	store_finalize(st);
	if (!st || (rc != STORE_DONE && rc != STORE_ROW))
		return derr_store(e, db, "sheet");
	if (!s->n)
		return derr_set(e, DERR_RULE, NULL, "本轮尚未设置评分表");
	return 0;
}

/* Marks in sheet order (-1: not marked); the total over marked criteria;
 * the stored JSON.  Refuses a criterion not on the sheet, or (complete =
 * 1) a sheet not fully marked. */
static int marks_apply(const struct sheet *s, const struct comp_score_in *in, int complete,
                       int64_t *total, int *all, char **stored, struct derr *e)
{
	int tenths[COMP_MAX_CRITERIA], weights[COMP_MAX_CRITERIA];
	size_t n = 0;
	for (size_t k = 0; k < s->n; k++)
		tenths[k] = -1;
	for (size_t i = 0; i < in->n; i++) {
		size_t k = 0;
		while (k < s->n && s->id[k] != in->criteria[i])
			k++;
		if (k == s->n)
			return derr_set(e, DERR_INVALID, "marks", "评分项不属于本轮评分表");
		tenths[k] = in->tenths[i];
	}
	json_t *obj = json_object();
	int marked = 0;
	for (size_t k = 0; k < s->n; k++) {
		if (tenths[k] < 0)
			continue;
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)s->id[k]);
		json_object_set_new(obj, key, json_integer(tenths[k]));
		weights[n] = s->weight[k];
		tenths[n++] = tenths[k];
		marked++;
	}
	*all = (size_t)marked == s->n;
	*total = comp_total_x100(weights, tenths, n);
	*stored = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(obj);
	if (complete && !*all) {
		free(*stored);
		*stored = NULL;
		return derr_code(e, DERR_RULE, "incomplete", "marks", "请为每一项评分后再提交");
	}
	return *stored ? 0 : derr_internal(e, "marks: out of memory");
}

int comp_score_save(struct store *db, const struct actor *a, int64_t round,
                    const struct comp_score_in *in, json_t **out, struct derr *e)
{
	struct comp_round_row r;
	struct sheet sheet;
	int64_t judge, assigned = 0, total = 0, now = now_seconds();
	char status[16] = "";
	int own, all = 0;
	char *stored = NULL;
	if (comp_round_load(db, a, round, &r, e) ||
	    comp_actor_judge(db, a, r.edition_id, 1, &judge, e))
		return -1;
	if (strcmp(r.status, "judging"))
		return derr_set(e, DERR_RULE, "status", "本轮不在评审中");
	if (store_int64(db, &assigned,
	                "SELECT COUNT(*) FROM comp_assignments x WHERE x.round_id = ? AND"
	                " x.team_id = ? AND x.judge_id = ? AND NOT EXISTS (SELECT 1 FROM"
	                " comp_conflicts k WHERE k.judge_id = x.judge_id AND k.team_id ="
	                " x.team_id)",
	                "iii", round, in->team_id, judge) != STORE_ROW)
		return derr_store(e, db, "score");
	/* Not assigned, or conflicted: for this judge the team is not there. */
	if (!assigned)
		return derr_set(e, DERR_NOT_FOUND, "team_id", "您没有该团队的评审任务");
	struct store_stmt *st = store_query(
	    db,
	    "SELECT status FROM comp_scores WHERE round_id = ? AND team_id = ? AND judge_id = ?",
	    "iii", round, in->team_id, judge);
	int rc = comp_one(st);
	if (rc == STORE_ROW)
		snprintf(status, sizeof(status), "%s", store_column_text(st, 0));
	store_finalize(st);
	if (rc == STORE_ERROR)
		return derr_store(e, db, "score");
	if (!strcmp(status, "submitted"))
		return derr_set(e, DERR_CONFLICT, NULL, "评分已提交锁定，如需修改请联系运营人员");
	if (sheet_load(db, round, &sheet, e) ||
	    marks_apply(&sheet, in, in->submit, &total, &all, &stored, e) ||
	    comp_begin(db, &own, e)) {
		free(stored);
		return -1;
	}
	const char *to = in->submit ? "submitted" : "draft";
	rc = store_run(db,
	               "INSERT INTO comp_scores (round_id, team_id, judge_id, status, marks,"
	               " total_x100, complete, comment, created_at, updated_at, submitted_at)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (round_id, team_id,"
	               " judge_id) DO UPDATE SET status = excluded.status, marks ="
	               " excluded.marks, total_x100 = excluded.total_x100, complete ="
	               " excluded.complete, comment = excluded.comment, updated_at ="
	               " excluded.updated_at, submitted_at = excluded.submitted_at",
	               "iiittiitiiI", round, in->team_id, judge, to, stored, total, (int64_t)all,
	               in->comment, now, now, in->submit ? now : (int64_t)0);
	free(stored);
	if (rc != STORE_OK)
		return derr_store(e, db, "score save");
	if (comp_audit(db, a, in->submit ? "competition.score.submit" : "competition.score.save",
	               "comp_round", round, e, "团队 %lld 总分 %.2f", (long long)in->team_id,
	               total / 100.0))
		return -1;
	/* The answer is read inside the transaction: a failure after the
	 * commit would answer 500 for a score that was saved. */
	json_t *rows =
	    store_rows(db,
	               "SELECT id, team_id, status, marks, total_x100, complete, comment,"
	               " updated_at, submitted_at FROM comp_scores WHERE round_id = ? AND"
	               " team_id = ? AND judge_id = ?",
	               "iii", round, in->team_id, judge);
	if (!rows)
		return derr_store(e, db, "score read");
	if (comp_commit(db, own, e)) {
		json_decref(rows);
		return -1;
	}
	shape_scores(rows);
	*out = json_pack("{s:O}", "score", json_array_get(rows, 0));
	json_decref(rows);
	return 0;
}

int comp_score_amend(struct store *db, const struct actor *a, int64_t score,
                     const struct comp_score_in *in, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	struct sheet sheet;
	int64_t round = 0, old = 0, total = 0;
	char status[16] = "";
	int own, all;
	char *stored = NULL;
	struct store_stmt *st = store_query(
	    db, "SELECT round_id, status, total_x100 FROM comp_scores WHERE id = ?", "i", score);
	int rc = comp_one(st);
	if (rc == STORE_ROW) {
		round = store_column_int64(st, 0);
		snprintf(status, sizeof(status), "%s", store_column_text(st, 1));
		old = store_column_int64(st, 2);
	}
	store_finalize(st);
	if (rc == STORE_ERROR)
		return derr_store(e, db, "amend");
	if (!round)
		return derr_set(e, DERR_NOT_FOUND, NULL, "评分不存在");
	if (comp_round_load(db, a, round, &r, e))
		return -1;
	if (strcmp(r.status, "judging"))
		return derr_set(e, DERR_RULE, "status", "本轮已结束，评分不能再修改");
	if (strcmp(status, "submitted"))
		return derr_set(e, DERR_RULE, "status", "只能修改已提交锁定的评分");
	if (!in->reason)
		return derr_set(e, DERR_INVALID, "reason", "修改已锁定的评分须说明原因");
	if (sheet_load(db, round, &sheet, e) ||
	    marks_apply(&sheet, in, 1, &total, &all, &stored, e) || comp_begin(db, &own, e)) {
		free(stored);
		return -1;
	}
	rc = store_run(db,
	               "UPDATE comp_scores SET marks = ?, total_x100 = ?, comment ="
	               " COALESCE(?, comment), amended_at = ?, amended_by = ?, amend_reason = ?,"
	               " updated_at = ? WHERE id = ?",
	               "titiitii", stored, total, in->comment, now_seconds(), a->id, in->reason,
	               now_seconds(), score);
	free(stored);
	if (rc != STORE_OK)
		return derr_store(e, db, "amend");
	if (comp_audit(db, a, "competition.score.amend", "comp_score", score, e, "%.2f -> %.2f：%s",
	               old / 100.0, total / 100.0, in->reason))
		return -1;
	return comp_commit(db, own, e);
}

int comp_scores_list(struct store *db, const struct actor *a, int64_t round, int64_t team,
                     int64_t judge, json_t **out, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	if (comp_round_load(db, a, round, &r, e))
		return -1;
	json_t *rows = store_rows(
	    db,
	    "SELECT s.id, s.team_id, t.name AS team, s.judge_id, ac.display_name AS judge, "
	    "s.status,"
	    " s.marks, s.total_x100, s.complete, s.comment, s.updated_at, s.submitted_at,"
	    " s.amended_at, s.amend_reason FROM comp_scores s JOIN comp_teams t ON t.id ="
	    " s.team_id JOIN comp_judges j ON j.id = s.judge_id JOIN accounts ac ON ac.id ="
	    " j.account_id WHERE s.round_id = ? AND (? = 0 OR s.team_id = ?) AND (? = 0 OR"
	    " s.judge_id = ?) ORDER BY s.team_id, s.judge_id",
	    "iiiii", round, team, team, judge, judge);
	if (!rows)
		return derr_store(e, db, "scores");
	shape_scores(rows);
	*out = json_pack("{s:o}", "items", rows);
	return 0;
}
