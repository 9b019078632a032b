/*
 * Judge assignment per round (评审分配), over the engine in match/assign.h.
 *
 * The round's problem is read from the database into the engine's arrays:
 * teams (the round's, by id), judges (active ones, by id, with their tracks
 * and college; a judge no longer active but still holding pairs of the
 * round is kept with no tracks, so every rule check flags its pairs), and
 * the conflict rows (declared, and the known ones refreshed first).  The
 * engine's numbers are indexes into those id lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/vec.h"
#include "domain/competition_internal.h"
#include "match/assign.h"

struct problem {
	struct assign_problem p;
	VEC(int64_t) team_ids;
	VEC(struct assign_team) teams;
	VEC(int64_t) judge_ids;
	VEC(struct assign_judge) judges;
	VEC(uint32_t) tracks; /* every judge's tracks, one after another */
	VEC(size_t) track_off;
	VEC(struct assign_pair) conflicts;
	VEC(struct assign_pair) current; /* the round's pairs as they stand */
	VEC(int) current_source_manual;
};

static void problem_release(struct problem *pb)
{
	VEC_FREE(&pb->team_ids);
	VEC_FREE(&pb->teams);
	VEC_FREE(&pb->judge_ids);
	VEC_FREE(&pb->judges);
	VEC_FREE(&pb->tracks);
	VEC_FREE(&pb->track_off);
	VEC_FREE(&pb->conflicts);
	VEC_FREE(&pb->current);
	VEC_FREE(&pb->current_source_manual);
}

/* Database ids as the engine's 32-bit track and college numbers. */
static uint32_t id32(int64_t id)
{
	return id > 0 && id < (int64_t)UINT32_MAX ? (uint32_t)id : ASSIGN_NO_COLLEGE;
}

static int problem_load(struct store *db, const struct comp_round_row *r, struct problem *pb,
                        struct derr *e)
{
	memset(pb, 0, sizeof(*pb));
	int rc, oom = 0;
	struct store_stmt *st = store_query(db,
	                                    "SELECT rt.team_id, t.track_id, t.college_id FROM"
	                                    " comp_round_teams rt JOIN comp_teams t ON t.id ="
	                                    " rt.team_id WHERE rt.round_id = ? ORDER BY rt.team_id",
	                                    "i", r->id);
	while (st && (rc = store_step(st)) == STORE_ROW) {
		struct assign_team t = {id32(store_column_int64(st, 1)),
		                        id32(store_column_int64(st, 2))};
		oom |= VEC_PUSH(&pb->team_ids, store_column_int64(st, 0)) | VEC_PUSH(&pb->teams, t);
	}
	store_finalize(st);
	if (!st || rc != STORE_DONE)
		return derr_store(e, db, "assign teams");
	/* Judges: active, or holding pairs of this round (then without tracks). */
	st = store_query(db,
	                 "SELECT j.id, COALESCE(j.college_id, 0), CASE WHEN j.status = 'active'"
	                 " THEN 1 ELSE 0 END FROM comp_judges j WHERE j.edition_id = ? AND"
	                 " (j.status = 'active' OR EXISTS (SELECT 1 FROM comp_assignments x WHERE"
	                 " x.judge_id = j.id AND x.round_id = ?)) ORDER BY j.id",
	                 "ii", r->edition_id, r->id);
	VEC(int) active = VEC_INIT;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		struct assign_judge j = {NULL, 0, id32(store_column_int64(st, 1))};
		oom |= VEC_PUSH(&pb->judge_ids, store_column_int64(st, 0)) |
		       VEC_PUSH(&pb->judges, j) | VEC_PUSH(&active, (int)store_column_int64(st, 2));
	}
	store_finalize(st);
	if (!st || rc != STORE_DONE) {
		VEC_FREE(&active);
		return derr_store(e, db, "assign judges");
	}
	/* Tracks, judge by judge (the query's order), into one flat array. */
	st =
	    store_query(db,
	                "SELECT jt.judge_id, jt.track_id FROM comp_judge_tracks jt JOIN comp_judges"
	                " j ON j.id = jt.judge_id WHERE j.edition_id = ? ORDER BY jt.judge_id,"
	                " jt.track_id",
	                "i", r->edition_id);
	VEC(int64_t) track_owner = VEC_INIT;
	while (st && (rc = store_step(st)) == STORE_ROW) {
		long j = comp_find_id(pb->judge_ids.v, pb->judge_ids.n, store_column_int64(st, 0));
		if (j < 0 || !active.v[j])
			continue;
		oom |= VEC_PUSH(&pb->tracks, id32(store_column_int64(st, 1))) |
		       VEC_PUSH(&track_owner, (int64_t)j);
	}
	store_finalize(st);
	if (!st || rc != STORE_DONE) {
		VEC_FREE(&active);
		VEC_FREE(&track_owner);
		return derr_store(e, db, "assign tracks");
	}
	for (size_t i = 0, k = 0; i < pb->judges.n; i++) {
		size_t start = k;
		while (k < track_owner.n && track_owner.v[k] == (int64_t)i)
			k++;
		pb->judges.v[i].tracks = pb->tracks.v ? pb->tracks.v + start : NULL;
		pb->judges.v[i].n_tracks = (uint32_t)(k - start);
	}
	VEC_FREE(&active);
	VEC_FREE(&track_owner);
	st = store_query(db,
	                 "SELECT k.team_id, k.judge_id FROM comp_conflicts k JOIN comp_judges j ON"
	                 " j.id = k.judge_id WHERE j.edition_id = ?",
	                 "i", r->edition_id);
	while (st && (rc = store_step(st)) == STORE_ROW) {
		long t = comp_find_id(pb->team_ids.v, pb->team_ids.n, store_column_int64(st, 0));
		long j = comp_find_id(pb->judge_ids.v, pb->judge_ids.n, store_column_int64(st, 1));
		if (t >= 0 && j >= 0)
			oom |= VEC_PUSH(&pb->conflicts,
			                ((struct assign_pair){(uint32_t)t, (uint32_t)j}));
	}
	store_finalize(st);
	if (!st || rc != STORE_DONE)
		return derr_store(e, db, "assign conflicts");
	st = store_query(db,
	                 "SELECT team_id, judge_id, source FROM comp_assignments WHERE round_id = ?"
	                 " ORDER BY team_id, judge_id",
	                 "i", r->id);
	while (st && (rc = store_step(st)) == STORE_ROW) {
		long t = comp_find_id(pb->team_ids.v, pb->team_ids.n, store_column_int64(st, 0));
		long j = comp_find_id(pb->judge_ids.v, pb->judge_ids.n, store_column_int64(st, 1));
		if (t >= 0 && j >= 0)
			oom |= VEC_PUSH(&pb->current,
			                ((struct assign_pair){(uint32_t)t, (uint32_t)j})) |
			       VEC_PUSH(&pb->current_source_manual,
			                !strcmp(store_column_text(st, 2), "manual"));
	}
	store_finalize(st);
	if (!st || rc != STORE_DONE)
		return derr_store(e, db, "assign pairs");
	if (oom)
		return derr_internal(e, "assign: out of memory");
	pb->p = (struct assign_problem){
	    (uint32_t)pb->teams.n, (uint32_t)pb->judges.n, (uint32_t)r->per_team, pb->teams.v,
	    pb->judges.v,          pb->conflicts.v,        pb->conflicts.n};
	return 0;
}

/* Why teams cannot get their judges, for the organiser's page; NULL when
 * the store failed. */
static json_t *shortfall_json(struct store *db, const struct problem *pb,
                              const struct assign_result *res)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < res->n_short; i++) {
		const struct assign_shortfall *s = &res->short_teams[i];
		int64_t id = pb->team_ids.v[s->team];
		json_t *o = json_pack("{s:I, s:i, s:i, s:i, s:i, s:i, s:i}", "team_id",
		                      (json_int_t)id, "needed", (int)s->needed, "track_judges",
		                      (int)s->track_judges, "same_college", (int)s->same_college,
		                      "conflicted", (int)s->conflicted, "eligible",
		                      (int)s->eligible, "assigned", (int)s->assigned);
		json_array_append_new(arr, o);
		json_object_set_new(
		    o, "reason",
		    json_sprintf(
		        "本赛道评委 %u 人，其中同校 %u 人、回避 %u 人，可评审 %u 人，需要 %u 人",
		        s->track_judges, s->same_college, s->conflicted, s->eligible,
		        s->needed + s->assigned));
		json_t *row =
		    store_row(db,
		              "SELECT t.name, tr.name AS track, c.name AS college FROM"
		              " comp_teams t JOIN comp_tracks tr ON tr.id = t.track_id JOIN"
		              " organizations c ON c.id = t.college_id WHERE t.id = ?",
		              "i", id);
		if (!row) {
			json_decref(arr);
			return NULL;
		}
		if (json_is_object(row))
			json_object_update(o, row);
		json_decref(row);
	}
	return arr;
}

static int insert_pairs(struct store *db, int64_t round, const struct problem *pb,
                        const struct assign_pair *pairs, size_t n, const char *source,
                        struct derr *e)
{
	char rb[24], tb[24], jb[24], nb[24];
	snprintf(rb, sizeof(rb), "%lld", (long long)round);
	snprintf(nb, sizeof(nb), "%lld", (long long)now_seconds());
	struct store_bulk *b = store_bulk_new(
	    db, "INSERT INTO comp_assignments (round_id, team_id, judge_id, source, created_at)",
	    5);
	if (!b)
		return derr_internal(e, "assign: out of memory");
	for (size_t i = 0; i < n; i++) {
		snprintf(tb, sizeof(tb), "%lld", (long long)pb->team_ids.v[pairs[i].team]);
		snprintf(jb, sizeof(jb), "%lld", (long long)pb->judge_ids.v[pairs[i].judge]);
		const char *row[5] = {rb, tb, jb, source, nb};
		store_bulk_add(b, row);
	}
	return store_bulk_finish(b) == STORE_OK ? 0 : derr_store(e, db, "assign insert");
}

/* Every judge's load with the judge's name; NULL when the store failed. */
static json_t *loads_json(struct store *db, const struct problem *pb, const uint32_t *load)
{
	json_t *arr = json_array();
	for (size_t j = 0; j < pb->judge_ids.n; j++) {
		json_t *o = json_pack("{s:I, s:i}", "judge_id", (json_int_t)pb->judge_ids.v[j],
		                      "load", (int)load[j]);
		json_array_append_new(arr, o);
		if (comp_judge_named(db, pb->judge_ids.v[j], o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int comp_round_assign(struct store *db, const struct actor *a, int64_t round, json_t **out,
                      struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	struct problem pb = {0};
	struct assign_result res = {0};
	int64_t submitted = 0;
	int own;
	*out = NULL;
	if (comp_round_load(db, a, round, &r, e))
		return -1;
	if (strcmp(r.edition_status, "judging"))
		return derr_set(e, DERR_RULE, "status", "请先将大赛推进到评审阶段");
	if (!strcmp(r.status, "done"))
		return derr_set(e, DERR_RULE, "status", "本轮已结束");
	if (store_int64(db, &submitted,
	                "SELECT COUNT(*) FROM comp_scores WHERE round_id = ? AND status ="
	                " 'submitted'",
	                "i", round) != STORE_ROW)
		return derr_store(e, db, "assign");
	if (submitted)
		return derr_set(e, DERR_RULE, "status",
		                "已有评委提交评分，不能重新分配；请使用调整或加派评委");
	if (comp_begin(db, &own, e))
		return -1;
	/* Round 1 takes every eligible team; later rounds were filled by the
	 * promotion before them.  Entering is part of this transaction: an
	 * infeasible round enters nobody. */
	if (r.seq == 1 && store_run(db,
	                            "INSERT INTO comp_round_teams (round_id, team_id) SELECT ?, id"
	                            " FROM comp_teams WHERE edition_id = ? AND status = 'eligible'"
	                            " ON CONFLICT DO NOTHING",
	                            "ii", round, r.edition_id) != STORE_OK)
		return derr_store(e, db, "assign enter");
	if (store_run(
	        db,
	        "UPDATE comp_teams SET status = 'in_round', round_seq = ?, updated_at = ? WHERE"
	        " id IN (SELECT team_id FROM comp_round_teams WHERE round_id = ?) AND status IN"
	        " ('eligible', 'promoted')",
	        "iii", r.seq, now_seconds(), round) != STORE_OK ||
	    comp_conflicts_refresh(db, r.edition_id, e))
		return derr_store(e, db, "assign enter");
	if (problem_load(db, &r, &pb, e)) {
		problem_release(&pb);
		return comp_abort(db);
	}
	if (!pb.teams.n) {
		problem_release(&pb);
		store_rollback(db);
		return derr_set(e, DERR_RULE, NULL,
		                "本轮没有参赛团队（第一轮为资格审查通过的团队）");
	}
	int rc = assign_solve(&pb.p, &res);
	if (rc == ASSIGN_INFEASIBLE) {
		json_t *why = shortfall_json(db, &pb, &res);
		assign_result_release(&res);
		problem_release(&pb);
		if (!why)
			return derr_store(e, db, "shortfall");
		store_rollback(db);
		*out = json_pack("{s:o}", "short_teams", why);
		return derr_code(e, DERR_RULE, "infeasible", NULL,
		                 "有团队凑不齐规定人数的评委，请增加评委或调整赛道与回避");
	}
	if (rc) {
		problem_release(&pb);
		store_rollback(db);
		return derr_internal(e, "assign_solve failed");
	}
	if (store_run(db, "DELETE FROM comp_assignments WHERE round_id = ?", "i", round) !=
	        STORE_OK ||
	    insert_pairs(db, round, &pb, res.pairs, res.n_pairs, "engine", e) ||
	    store_run(db,
	              "DELETE FROM comp_scores WHERE round_id = ? AND NOT EXISTS (SELECT 1 FROM"
	              " comp_assignments x WHERE x.round_id = comp_scores.round_id AND x.team_id ="
	              " comp_scores.team_id AND x.judge_id = comp_scores.judge_id)",
	              "i", round) != STORE_OK ||
	    store_run(db, "UPDATE comp_rounds SET status = 'judging', updated_at = ? WHERE id = ?",
	              "ii", now_seconds(), round) != STORE_OK) {
		assign_result_release(&res);
		problem_release(&pb);
		return e->kind ? -1 : derr_store(e, db, "assign write");
	}
	json_t *loads = loads_json(db, &pb, res.load);
	if (!loads) {
		assign_result_release(&res);
		problem_release(&pb);
		return derr_store(e, db, "assign loads");
	}
	*out = json_pack("{s:i, s:i, s:I, s:i, s:i, s:I, s:i, s:i, s:o}", "teams", (int)pb.teams.n,
	                 "judges", (int)pb.judges.n, "pairs", (json_int_t)res.n_pairs, "per_team",
	                 (int)r.per_team, "max_load", (int)res.max_load, "overlap_sq",
	                 (json_int_t)res.overlap_sq, "max_overlap", (int)res.max_overlap, "flows",
	                 (int)res.flows, "loads", loads);
	rc = comp_audit(db, a, "competition.round.assign", "comp_round", round, e,
	                "%zu 个团队 × %lld 位评委，最大工作量 %u", pb.teams.n,
	                (long long)r.per_team, res.max_load);
	assign_result_release(&res);
	problem_release(&pb);
	if (rc || comp_commit(db, own, e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* How many judges each team of the round must have for assign_check: K, or
 * more where extra judges were added (assign_extra gives a team K + 1; the
 * count rule is about a team left with fewer than K).  NULL when out of
 * memory; the caller frees it. */
static uint32_t *panel_sizes(const struct problem *pb, uint32_t per_team)
{
	uint32_t *want = calloc(pb->teams.n + 1, sizeof(uint32_t));
	if (!want)
		return NULL;
	for (size_t p = 0; p < pb->current.n; p++)
		want[pb->current.v[p].team]++;
	for (size_t t = 0; t < pb->teams.n; t++)
		if (want[t] < per_team)
			want[t] = per_team;
	return want;
}

static const char *rule_message(int rule)
{
	switch (rule) {
	case ASSIGN_RULE_DUPLICATE:
		return "该评委已在此团队的评审组中";
	case ASSIGN_RULE_TRACK:
		return "该评委不评审此赛道（或不再是有效评委）";
	case ASSIGN_RULE_COLLEGE:
		return "该评委与团队同校，须回避";
	case ASSIGN_RULE_CONFLICT:
		return "该评委与团队存在回避关系";
	case ASSIGN_RULE_COUNT:
		return "团队的评委人数不符合本轮要求";
	default:
		return "分配不符合规则";
	}
}

int comp_round_assignments(struct store *db, const struct actor *a, int64_t round, json_t **out,
                           struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	struct problem pb = {0};
	struct assign_violation v;
	if (comp_round_load(db, a, round, &r, e))
		return -1;
	json_t *teams = store_rows(
	    db,
	    "SELECT rt.team_id, t.name, t.track_id, tr.name AS track, c.name AS college FROM"
	    " comp_round_teams rt JOIN comp_teams t ON t.id = rt.team_id JOIN comp_tracks tr ON"
	    " tr.id = t.track_id JOIN organizations c ON c.id = t.college_id WHERE rt.round_id = ?"
	    " ORDER BY tr.sort, rt.team_id",
	    "i", round);
	json_t *pairs = store_rows(
	    db,
	    "SELECT x.team_id, x.judge_id, a.display_name AS name, x.source, s.status AS"
	    " score_status, s.total_x100, CASE WHEN EXISTS (SELECT 1 FROM comp_conflicts k WHERE"
	    " k.judge_id = x.judge_id AND k.team_id = x.team_id) THEN 1 ELSE 0 END AS conflicted"
	    " FROM comp_assignments x JOIN comp_judges j ON j.id = x.judge_id JOIN accounts a ON"
	    " a.id = j.account_id LEFT JOIN comp_scores s ON s.round_id = x.round_id AND s.team_id"
	    " = x.team_id AND s.judge_id = x.judge_id WHERE x.round_id = ? ORDER BY x.team_id,"
	    " x.judge_id",
	    "i", round);
	if (!teams || !pairs || problem_load(db, &r, &pb, e)) {
		json_decref(teams);
		json_decref(pairs);
		problem_release(&pb);
		return e->kind ? -1 : derr_store(e, db, "assignments");
	}
	/* Each team's judges, in pair order (both lists are sorted by team). */
	size_t i, k = 0;
	json_t *t;
	json_array_foreach(teams, i, t)
	{
		json_t *list = json_array();
		json_int_t id = json_integer_value(json_object_get(t, "team_id"));
		for (k = 0; k < json_array_size(pairs); k++) {
			json_t *p = json_array_get(pairs, k);
			if (json_integer_value(json_object_get(p, "team_id")) != id)
				continue;
			json_t *tot = json_object_get(p, "total_x100");
			json_t *o = json_deep_copy(p);
			json_object_del(o, "team_id");
			json_object_del(o, "total_x100");
			json_object_set_new(o, "total",
			                    json_is_integer(tot)
			                        ? json_real(json_integer_value(tot) / 100.0)
			                        : json_null());
			json_array_append_new(list, o);
		}
		json_object_set_new(t, "judges", list);
	}
	json_decref(pairs);
	uint32_t *load = calloc(pb.judges.n + 1, sizeof(uint32_t));
	uint32_t max_load = 0;
	for (size_t p = 0; p < pb.current.n; p++)
		if (load && ++load[pb.current.v[p].judge] > max_load)
			max_load = load[pb.current.v[p].judge];
	uint32_t *want = pb.current.n ? panel_sizes(&pb, (uint32_t)r.per_team) : NULL;
	int rule = !pb.current.n ? ASSIGN_OK
	           : want        ? assign_check(&pb.p, pb.current.v, pb.current.n, want, 0, &v)
	                         : -1;
	free(want);
	json_t *check = json_pack("{s:s}", "rule", rule >= 0 ? assign_rule_name(rule) : "unknown");
	if (rule > 0) {
		json_object_set_new(check, "message", json_string(rule_message(rule)));
		if (v.team < pb.team_ids.n)
			json_object_set_new(check, "team_id", json_integer(pb.team_ids.v[v.team]));
		if (v.judge < pb.judge_ids.n)
			json_object_set_new(check, "judge_id",
			                    json_integer(pb.judge_ids.v[v.judge]));
	}
	json_t *loads = load ? loads_json(db, &pb, load) : NULL;
	free(load);
	problem_release(&pb);
	if (!loads) {
		json_decref(teams);
		json_decref(check);
		return derr_store(e, db, "assignment loads");
	}
	*out = json_pack("{s:{s:I, s:s, s:I}, s:o, s:o, s:i, s:o}", "round", "id",
	                 (json_int_t)round, "status", r.status, "per_team", (json_int_t)r.per_team,
	                 "teams", teams, "loads", loads, "max_load", (int)max_load, "check", check);
	return 0;
}

static int judging_round(struct store *db, const struct actor *a, int64_t round,
                         struct comp_round_row *r, struct derr *e)
{
	if (comp_round_load(db, a, round, r, e))
		return -1;
	if (strcmp(r->status, "judging"))
		return derr_set(e, DERR_RULE, "status", "本轮不在评审中");
	return 0;
}

int comp_round_swap(struct store *db, const struct actor *a, int64_t round, int64_t team,
                    int64_t from, int64_t to, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	struct problem pb = {0};
	struct assign_violation v;
	int64_t scored = 0;
	int own;
	if (judging_round(db, a, round, &r, e))
		return -1;
	if (store_int64(db, &scored,
	                "SELECT COUNT(*) FROM comp_scores WHERE round_id = ? AND team_id = ? AND"
	                " judge_id = ? AND status = 'submitted'",
	                "iii", round, team, from) != STORE_ROW)
		return derr_store(e, db, "swap");
	if (scored)
		return derr_set(e, DERR_RULE, "from_judge_id", "该评委已提交评分，不能调换");
	if (comp_begin(db, &own, e) || comp_conflicts_refresh(db, r.edition_id, e))
		return -1;
	if (problem_load(db, &r, &pb, e)) {
		problem_release(&pb);
		return comp_abort(db);
	}
	long t = comp_find_id(pb.team_ids.v, pb.team_ids.n, team);
	long jf = comp_find_id(pb.judge_ids.v, pb.judge_ids.n, from);
	long jt = comp_find_id(pb.judge_ids.v, pb.judge_ids.n, to);
	size_t at = pb.current.n;
	for (size_t i = 0; t >= 0 && jf >= 0 && i < pb.current.n; i++)
		if (pb.current.v[i].team == (uint32_t)t && pb.current.v[i].judge == (uint32_t)jf)
			at = i;
	const char *field = t < 0                ? "team_id"
	                    : at == pb.current.n ? "from_judge_id"
	                    : jt < 0             ? "to_judge_id"
	                                         : NULL;
	if (field) {
		problem_release(&pb);
		store_rollback(db);
		return derr_set(e, DERR_INVALID, field,
		                !strcmp(field, "team_id")       ? "团队不在本轮"
		                : !strcmp(field, "to_judge_id") ? "该评委不是本届的有效评委"
		                                                : "该评委不在此团队的评审组中");
	}
	/* Re-check the team's panel after the change (assign_check with this
	 * team wanting its K judges — or more, with extra judges — and every
	 * other team none, on its pairs only). */
	VEC(struct assign_pair) panel = VEC_INIT;
	uint32_t *want = calloc(pb.teams.n, sizeof(uint32_t));
	int oom = !want;
	for (size_t i = 0; i < pb.current.n; i++)
		if (pb.current.v[i].team == (uint32_t)t)
			oom |= VEC_PUSH(&panel,
			                i == at ? ((struct assign_pair){(uint32_t)t, (uint32_t)jt})
			                        : pb.current.v[i]);
	if (want)
		want[t] = panel.n > (size_t)r.per_team ? (uint32_t)panel.n : (uint32_t)r.per_team;
	int rule = oom ? -1 : assign_check(&pb.p, panel.v, panel.n, want, 0, &v);
	VEC_FREE(&panel);
	free(want);
	problem_release(&pb);
	if (rule != ASSIGN_OK) {
		store_rollback(db);
		if (rule < 0)
			return derr_internal(e, "assign_check failed");
		return derr_code(e, DERR_RULE, assign_rule_name(rule), "to_judge_id",
		                 rule_message(rule));
	}
	if (store_run(db,
	              "DELETE FROM comp_scores WHERE round_id = ? AND team_id = ? AND judge_id = ?",
	              "iii", round, team, from) != STORE_OK ||
	    store_run(db,
	              "UPDATE comp_assignments SET judge_id = ?, source = 'manual', created_at = ?"
	              " WHERE round_id = ? AND team_id = ? AND judge_id = ?",
	              "iiiii", to, now_seconds(), round, team, from) != STORE_OK)
		return derr_store(e, db, "swap");
	if (comp_audit(db, a, "competition.round.swap", "comp_round", round, e,
	               "团队 %lld：评委 %lld -> %lld", (long long)team, (long long)from,
	               (long long)to))
		return -1;
	return comp_commit(db, own, e);
}

int comp_round_extra(struct store *db, const struct actor *a, int64_t round, const int64_t *teams,
                     size_t n, json_t **out, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	struct problem pb = {0};
	struct assign_result res = {0};
	struct comp_norm norm = {0};
	VEC(uint32_t) chosen = VEC_INIT;
	int own, oom = 0;
	*out = NULL;
	if (judging_round(db, a, round, &r, e))
		return -1;
	/* No teams named: those whose rank interval straddles the cut-off. */
	if (!n && comp_normalize(db, &r, 1, &norm, e))
		return -1;
	if (comp_begin(db, &own, e) || comp_conflicts_refresh(db, r.edition_id, e) ||
	    problem_load(db, &r, &pb, e)) {
		comp_norm_release(&norm);
		problem_release(&pb);
		return comp_abort(db);
	}
	for (size_t i = 0; i < n; i++) {
		long t = comp_find_id(pb.team_ids.v, pb.team_ids.n, teams[i]);
		if (t < 0) {
			problem_release(&pb);
			VEC_FREE(&chosen);
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "team_ids", "团队不在本轮");
		}
		oom |= VEC_PUSH(&chosen, (uint32_t)t);
	}
	for (size_t k = 0; k < norm.n; k++)
		for (size_t i = 0; i < norm.tracks[k].n_straddle; i++) {
			int64_t id = norm.tracks[k].team_ids[norm.tracks[k].straddle[i]];
			oom |= VEC_PUSH(&chosen,
			                (uint32_t)comp_find_id(pb.team_ids.v, pb.team_ids.n, id));
		}
	comp_norm_release(&norm);
	if (!chosen.n || oom) {
		problem_release(&pb);
		VEC_FREE(&chosen);
		store_rollback(db);
		return oom ? derr_internal(e, "extra: out of memory")
		           : derr_set(e, DERR_RULE, "team_ids", "没有需要加派评委的团队");
	}
	int rc = assign_extra(&pb.p, pb.current.v, pb.current.n, chosen.v, chosen.n, &res);
	VEC_FREE(&chosen);
	if (rc == ASSIGN_INFEASIBLE) {
		json_t *why = shortfall_json(db, &pb, &res);
		assign_result_release(&res);
		problem_release(&pb);
		if (!why)
			return derr_store(e, db, "shortfall");
		store_rollback(db);
		*out = json_pack("{s:o}", "short_teams", why);
		return derr_code(e, DERR_RULE, "infeasible", NULL, "有团队已没有可加派的评委");
	}
	if (rc) {
		problem_release(&pb);
		store_rollback(db);
		return derr_code(e, DERR_INVALID, NULL, "team_ids",
		                 "团队列表有误（重复或不在本轮）");
	}
	json_t *added = json_array();
	for (size_t i = 0; i < res.n_pairs; i++)
		json_array_append_new(
		    added,
		    json_pack("{s:I, s:I}", "team_id", (json_int_t)pb.team_ids.v[res.pairs[i].team],
		              "judge_id", (json_int_t)pb.judge_ids.v[res.pairs[i].judge]));
	rc = insert_pairs(db, round, &pb, res.pairs, res.n_pairs, "extra", e) ||
	     comp_audit(db, a, "competition.round.extra", "comp_round", round, e,
	                "加派 %zu 位评委，最大工作量 %u", res.n_pairs, res.max_load);
	*out = json_pack("{s:o, s:i}", "added", added, "max_load", (int)res.max_load);
	assign_result_release(&res);
	problem_release(&pb);
	if (rc || comp_commit(db, own, e)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
