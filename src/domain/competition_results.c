/*
 * Results of a round (成绩): normalisation per track over match/normalize.h,
 * the confidence feature, promotion (晋级) and the final's prizes (颁奖).
 *
 * Per track, the engine sees the track's teams of the round numbered by id
 * and the judges who submitted a score for one of them numbered by id;
 * each submitted total is total_x100 / 100.  Only submitted scores count.
 * The bootstrap uses the round's stored seed and replicates, so a page
 * shows the same intervals every time.  The cut-off a track is judged
 * against: its promotion quota, or in the final its number of first prizes
 * (the prize that carries the incubator seat).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/vec.h"
#include "domain/competition_internal.h"

void comp_norm_release(struct comp_norm *n)
{
	for (size_t i = 0; n && i < n->n; i++) {
		struct comp_track_norm *t = &n->tracks[i];
		free(t->team_ids);
		free(t->judge_ids);
		json_decref(t->team_rows);
		norm_result_release(&t->nr);
		free(t->iv);
		free(t->straddle);
	}
	if (n) {
		free(n->tracks);
		memset(n, 0, sizeof(*n));
	}
}

/* One track: its teams, the submitted totals, the engine's result. */
static int normalize_track(struct store *db, const struct comp_round_row *r, int bootstrap,
                           struct comp_track_norm *tn, struct derr *e)
{
	tn->team_rows = store_rows(
	    db,
	    "SELECT rt.team_id, t.name, c.name AS college, rt.outcome, rt.prize FROM"
	    " comp_round_teams rt JOIN comp_teams t ON t.id = rt.team_id JOIN organizations c ON"
	    " c.id = t.college_id WHERE rt.round_id = ? AND t.track_id = ? ORDER BY rt.team_id",
	    "ii", r->id, tn->track_id);
	if (!tn->team_rows)
		return derr_store(e, db, "norm teams");
	tn->n_teams = json_array_size(tn->team_rows);
	tn->team_ids = calloc(tn->n_teams + 1, sizeof(int64_t));
	if (!tn->team_ids)
		return derr_internal(e, "norm: out of memory");
	for (size_t i = 0; i < tn->n_teams; i++)
		tn->team_ids[i] = json_integer_value(
		    json_object_get(json_array_get(tn->team_rows, i), "team_id"));
	VEC(int64_t) sj = VEC_INIT, st = VEC_INIT, sv = VEC_INIT;
	int rc, oom = 0;
	struct store_stmt *q = store_query(
	    db,
	    "SELECT s.judge_id, s.team_id, s.total_x100 FROM comp_scores s JOIN comp_teams t ON"
	    " t.id = s.team_id JOIN comp_round_teams rt ON rt.round_id = s.round_id AND rt.team_id"
	    " = s.team_id WHERE s.round_id = ? AND t.track_id = ? AND s.status = 'submitted' ORDER"
	    " BY s.judge_id, s.team_id",
	    "ii", r->id, tn->track_id);
	while (q && (rc = store_step(q)) == STORE_ROW)
		oom |= VEC_PUSH(&sj, store_column_int64(q, 0)) |
		       VEC_PUSH(&st, store_column_int64(q, 1)) |
		       VEC_PUSH(&sv, store_column_int64(q, 2));
	store_finalize(q);
	if (!q || rc != STORE_DONE || oom) {
		VEC_FREE(&sj);
		VEC_FREE(&st);
		VEC_FREE(&sv);
		return oom ? derr_internal(e, "norm: out of memory")
		           : derr_store(e, db, "norm scores");
	}
	/* Judges: the distinct ids of the (judge-sorted) scores. */
	tn->judge_ids = calloc(sj.n + 1, sizeof(int64_t));
	struct norm_score *scores = calloc(sj.n + 1, sizeof(*scores));
	int fail = !tn->judge_ids || !scores;
	for (size_t i = 0; !fail && i < sj.n; i++)
		if (!tn->n_judges || tn->judge_ids[tn->n_judges - 1] != sj.v[i])
			tn->judge_ids[tn->n_judges++] = sj.v[i];
	for (size_t i = 0; !fail && i < sj.n; i++) {
		scores[i].judge = (uint32_t)comp_find_id(tn->judge_ids, tn->n_judges, sj.v[i]);
		scores[i].team = (uint32_t)comp_find_id(tn->team_ids, tn->n_teams, st.v[i]);
		scores[i].score = (double)sv.v[i] / 100.0;
	}
	size_t n_scores = sj.n;
	VEC_FREE(&sj);
	VEC_FREE(&st);
	VEC_FREE(&sv);
	int64_t missing = 0;
	if (!fail)
		fail = norm_compute(scores, n_scores, (uint32_t)tn->n_judges, (uint32_t)tn->n_teams,
		                    &tn->nr) != 0;
	free(scores);
	if (fail)
		return derr_internal(e, "norm_compute failed");
	if (store_int64(
	        db, &missing,
	        "SELECT COUNT(*) FROM comp_assignments x JOIN comp_teams t ON t.id ="
	        " x.team_id WHERE x.round_id = ? AND t.track_id = ? AND NOT EXISTS (SELECT 1"
	        " FROM comp_scores s WHERE s.round_id = x.round_id AND s.team_id = x.team_id"
	        " AND s.judge_id = x.judge_id AND s.status = 'submitted')",
	        "ii", r->id, tn->track_id) != STORE_ROW)
		return derr_store(e, db, "norm missing");
	tn->missing = (size_t)missing;
	if (!bootstrap || !tn->n_teams)
		return 0;
	tn->iv = calloc(tn->n_teams, sizeof(*tn->iv));
	tn->straddle = calloc(tn->n_teams, sizeof(uint32_t));
	if (!tn->iv || !tn->straddle ||
	    norm_bootstrap(&tn->nr, (uint32_t)r->replicates, (uint64_t)r->seed, tn->iv))
		return derr_internal(e, "norm_bootstrap failed");
	int64_t cutoff = r->is_final ? tn->first : tn->quota;
	if (cutoff > 0)
		tn->n_straddle = norm_straddling(&tn->nr, tn->iv, (uint32_t)cutoff, tn->straddle);
	return 0;
}

int comp_normalize(struct store *db, const struct comp_round_row *r, int bootstrap,
                   struct comp_norm *out, struct derr *e)
{
	memset(out, 0, sizeof(*out));
	json_t *tracks = store_rows(
	    db,
	    "SELECT q.track_id, tr.name, q.quota, q.first_prizes, q.second_prizes, q.third_prizes,"
	    " q.merit_prizes FROM comp_round_tracks q JOIN comp_tracks tr ON tr.id = q.track_id"
	    " WHERE q.round_id = ? ORDER BY tr.sort, tr.id",
	    "i", r->id);
	if (!tracks)
		return derr_store(e, db, "norm tracks");
	out->tracks = calloc(json_array_size(tracks) + 1, sizeof(*out->tracks));
	if (!out->tracks) {
		json_decref(tracks);
		return derr_internal(e, "norm: out of memory");
	}
	size_t i;
	json_t *t;
	json_array_foreach(tracks, i, t)
	{
		struct comp_track_norm *tn = &out->tracks[out->n++];
		tn->track_id = json_integer_value(json_object_get(t, "track_id"));
		snprintf(tn->track, sizeof(tn->track), "%s",
		         json_string_value(json_object_get(t, "name")));
		tn->quota = json_integer_value(json_object_get(t, "quota"));
		tn->first = json_integer_value(json_object_get(t, "first_prizes"));
		tn->second = json_integer_value(json_object_get(t, "second_prizes"));
		tn->third = json_integer_value(json_object_get(t, "third_prizes"));
		tn->merit = json_integer_value(json_object_get(t, "merit_prizes"));
		if (normalize_track(db, r, bootstrap, tn, e)) {
			json_decref(tracks);
			comp_norm_release(out);
			return -1;
		}
	}
	json_decref(tracks);
	return 0;
}

/* The teams of a track, ranked first (by rank), then those with no score. */
static json_t *track_teams_json(const struct comp_track_norm *tn, int with_numbers)
{
	json_t *arr = json_array();
	VEC(uint32_t) order = VEC_INIT;
	for (uint32_t k = 0; k < tn->nr.n_ranked; k++)
		VEC_PUSH(&order, tn->nr.order[k]);
	for (uint32_t t = 0; t < tn->n_teams; t++)
		if (!tn->nr.teams[t].rank)
			VEC_PUSH(&order, t);
	for (size_t k = 0; k < order.n; k++) {
		uint32_t t = order.v[k];
		const struct norm_team *nt = &tn->nr.teams[t];
		json_t *o = json_deep_copy(json_array_get(tn->team_rows, t));
		json_object_set_new(o, "rank", nt->rank ? json_integer(nt->rank) : json_null());
		json_object_set_new(o, "judges", json_integer(nt->n_judges));
		if (with_numbers) {
			json_object_set_new(o, "normalized",
			                    nt->rank ? json_real(comp_round4(nt->normalized))
			                             : json_null());
			json_object_set_new(o, "raw_mean",
			                    nt->rank ? json_real(comp_round4(nt->raw_mean))
			                             : json_null());
			json_object_set_new(o, "mean_z",
			                    nt->rank ? json_real(comp_round4(nt->mean_z))
			                             : json_null());
		}
		if (tn->iv) {
			int straddles = 0;
			for (size_t s = 0; s < tn->n_straddle; s++)
				straddles |= tn->straddle[s] == t;
			json_object_set_new(o, "interval",
			                    nt->rank
			                        ? json_pack("{s:i, s:i}", "lo", (int)tn->iv[t].lo,
			                                    "hi", (int)tn->iv[t].hi)
			                        : json_null());
			json_object_set_new(o, "straddles", json_boolean(straddles));
		}
		json_array_append_new(arr, o);
	}
	VEC_FREE(&order);
	return arr;
}

/* Each judge's leniency with the judge's name; NULL when the store failed. */
static json_t *judges_json(struct store *db, const struct comp_track_norm *tn)
{
	json_t *arr = json_array();
	for (size_t j = 0; j < tn->n_judges; j++) {
		const struct norm_judge *nj = &tn->nr.judges[j];
		json_t *o =
		    json_pack("{s:I, s:i, s:f, s:f, s:b}", "judge_id", (json_int_t)tn->judge_ids[j],
		              "teams", (int)nj->n_teams, "mean", comp_round4(nj->mean), "sd",
		              comp_round4(nj->sd), "scaled", nj->scaled);
		json_array_append_new(arr, o);
		if (comp_judge_named(db, tn->judge_ids[j], o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int comp_round_results(struct store *db, const struct actor *a, int64_t round, json_t **out,
                       struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	struct comp_norm norm;
	if (comp_round_load(db, a, round, &r, e) || comp_normalize(db, &r, 1, &norm, e))
		return -1;
	json_t *tracks = json_array();
	for (size_t i = 0; i < norm.n; i++) {
		const struct comp_track_norm *tn = &norm.tracks[i];
		json_t *judges = judges_json(db, tn);
		if (!judges) {
			json_decref(tracks);
			comp_norm_release(&norm);
			return derr_store(e, db, "results judges");
		}
		json_array_append_new(
		    tracks, json_pack("{s:I, s:s, s:I, s:I, s:i, s:i, s:i, s:f, s:f, s:o, s:o}",
		                      "track_id", (json_int_t)tn->track_id, "track", tn->track,
		                      "quota", (json_int_t)tn->quota, "cutoff",
		                      (json_int_t)(r.is_final ? tn->first : tn->quota),
		                      "teams_count", (int)tn->n_teams, "missing", (int)tn->missing,
		                      "straddling", (int)tn->n_straddle, "mean",
		                      comp_round4(tn->nr.mean), "sd", comp_round4(tn->nr.sd),
		                      "teams", track_teams_json(tn, 1), "judges", judges));
	}
	comp_norm_release(&norm);
	*out = json_pack("{s:{s:I, s:s, s:I, s:s, s:I, s:I, s:I}, s:o}", "round", "id",
	                 (json_int_t)round, "name", r.name, "seq", (json_int_t)r.seq, "status",
	                 r.status, "is_final", (json_int_t)r.is_final, "seed", (json_int_t)r.seed,
	                 "replicates", (json_int_t)r.replicates, "tracks", tracks);
	return 0;
}

/* Refuses a decision while scores are missing; counts over every track. */
static int complete(const struct comp_norm *n, struct derr *e)
{
	size_t missing = 0;
	for (size_t i = 0; i < n->n; i++)
		missing += n->tracks[i].missing;
	if (missing)
		return derr_code(e, DERR_RULE, "incomplete", NULL,
		                 "还有评委未提交评分（或存在回避冲突待调整），不能公布本轮结果");
	return 0;
}

/* Stores a team's numbers and outcome in the round (in the open transaction). */
static int store_outcome(struct store *db, int64_t round, const struct comp_track_norm *tn,
                         uint32_t t, const char *outcome, const char *prize, struct derr *e)
{
	const struct norm_team *nt = &tn->nr.teams[t];
	char nb[40], rb[40];
	snprintf(nb, sizeof(nb), "%.10f", comp_round4(nt->normalized));
	snprintf(rb, sizeof(rb), "%.10f", comp_round4(nt->raw_mean));
	if (store_run(
	        db,
	        "UPDATE comp_round_teams SET outcome = ?, prize = ?, rank = ?, normalized = ?,"
	        " raw_mean = ?, judges = ? WHERE round_id = ? AND team_id = ?",
	        "ttIttiii", outcome, prize, (int64_t)nt->rank, nt->rank ? nb : NULL,
	        nt->rank ? rb : NULL, (int64_t)nt->n_judges, round, tn->team_ids[t]) != STORE_OK)
		return derr_store(e, db, "outcome");
	return 0;
}

static int round_done(struct store *db, int64_t round, struct derr *e)
{
	int64_t now = now_seconds();
	if (store_run(db,
	              "UPDATE comp_rounds SET status = 'done', done_at = ?, stage_team_id = NULL,"
	              " timer_started_at = NULL, updated_at = ? WHERE id = ?",
	              "iii", now, now, round) != STORE_OK)
		return derr_store(e, db, "round done");
	return 0;
}

static int decidable(struct store *db, const struct actor *a, int64_t round,
                     struct comp_round_row *r, int final, struct comp_norm *norm, struct derr *e)
{
	if (comp_round_load(db, a, round, r, e))
		return -1;
	if (strcmp(r->status, "judging"))
		return derr_set(e, DERR_RULE, "status", "本轮不在评审中");
	if (!r->is_final != !final)
		return derr_set(e, DERR_RULE, "status",
		                final ? "只有决赛可以公布获奖名单" : "决赛请使用公布获奖名单");
	if (comp_normalize(db, r, 0, norm, e))
		return -1;
	if (complete(norm, e)) {
		comp_norm_release(norm);
		return -1;
	}
	return 0;
}

int comp_round_promote(struct store *db, const struct actor *a, int64_t round, json_t **out,
                       struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	struct comp_norm norm;
	int64_t next = 0;
	int own;
	char next_status[16] = "";
	if (decidable(db, a, round, &r, 0, &norm, e))
		return -1;
	struct store_stmt *st =
	    store_query(db, "SELECT id, status FROM comp_rounds WHERE edition_id = ? AND seq = ?",
	                "ii", r.edition_id, r.seq + 1);
	int rc = comp_one(st);
	if (rc == STORE_ROW) {
		next = store_column_int64(st, 0);
		snprintf(next_status, sizeof(next_status), "%s", store_column_text(st, 1));
	}
	store_finalize(st);
	if (rc == STORE_ERROR) {
		comp_norm_release(&norm);
		return derr_store(e, db, "promote next round");
	}
	const char *why = !next                          ? "请先创建下一轮比赛"
	                  : strcmp(next_status, "setup") ? "下一轮已开始评审"
	                                                 : NULL,
	           *field = "status";
	for (size_t i = 0; !why && i < norm.n; i++)
		if (norm.tracks[i].n_teams && norm.tracks[i].quota < 1) {
			why = "请先为每个赛道设置晋级名额";
			field = "quotas";
		}
	if (why) {
		comp_norm_release(&norm);
		return derr_set(e, DERR_RULE, field, why);
	}
	if (comp_begin(db, &own, e)) {
		comp_norm_release(&norm);
		return -1;
	}
	json_t *tracks = json_array();
	int promoted = 0, eliminated = 0;
	rc = 0;
	for (size_t i = 0; !rc && i < norm.n; i++) {
		const struct comp_track_norm *tn = &norm.tracks[i];
		int p = 0;
		for (uint32_t t = 0; !rc && t < tn->n_teams; t++) {
			uint32_t rank = tn->nr.teams[t].rank;
			int up = rank && rank <= (uint32_t)tn->quota;
			rc = store_outcome(db, round, tn, t, up ? "promoted" : "eliminated", NULL,
			                   e) ||
			     comp_team_set_status(db, tn->team_ids[t], "in_round",
			                          up ? "promoted" : "eliminated", e) ||
			     (up &&
			      (store_run(db, "UPDATE comp_teams SET round_seq = ? WHERE id = ?",
			                 "ii", r.seq + 1, tn->team_ids[t]) != STORE_OK ||
			       store_run(db,
			                 "INSERT INTO comp_round_teams (round_id, team_id) VALUES"
			                 " (?, ?)",
			                 "ii", next, tn->team_ids[t]) != STORE_OK));
			p += up && !rc;
		}
		promoted += p;
		eliminated += (int)tn->n_teams - p;
		json_array_append_new(tracks,
		                      json_pack("{s:I, s:s, s:i, s:i}", "track_id",
		                                (json_int_t)tn->track_id, "track", tn->track,
		                                "teams", (int)tn->n_teams, "promoted", p));
	}
	comp_norm_release(&norm);
	if (rc || round_done(db, round, e) ||
	    comp_audit(db, a, "competition.round.promote", "comp_round", round, e,
	               "晋级 %d，未晋级 %d，进入第 %lld 轮", promoted, eliminated,
	               (long long)r.seq + 1) ||
	    comp_commit(db, own, e)) {
		json_decref(tracks);
		return e->kind ? comp_abort(db) : derr_store(e, db, "promote");
	}
	*out = json_pack("{s:i, s:i, s:I, s:o}", "promoted", promoted, "eliminated", eliminated,
	                 "next_round_id", (json_int_t)next, "tracks", tracks);
	return 0;
}

/* Names printed on a certificate: members (leader first), and advisors. */
static int award_names(struct store *db, int64_t team, char **names, char **advisors,
                       struct derr *e)
{
	json_t *m =
	    store_rows(db,
	               "SELECT s.name FROM comp_members cm JOIN students s ON s.id ="
	               " cm.student_id WHERE cm.team_id = ? AND cm.status = 'accepted' ORDER"
	               " BY cm.is_leader DESC, cm.student_id",
	               "i", team);
	json_t *v = store_rows(db, "SELECT name FROM comp_advisors WHERE team_id = ? ORDER BY seq",
	                       "i", team);
	if (!m || !v) {
		json_decref(m);
		json_decref(v);
		return derr_store(e, db, "award names");
	}
	json_t *mn = json_array(), *vn = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(m, i, row) json_array_append(mn, json_object_get(row, "name"));
	json_array_foreach(v, i, row) json_array_append(vn, json_object_get(row, "name"));
	*names = json_dumps(mn, JSON_COMPACT);
	*advisors = json_dumps(vn, JSON_COMPACT);
	json_decref(m);
	json_decref(v);
	json_decref(mn);
	json_decref(vn);
	return 0;
}

static int add_award(struct store *db, const struct comp_round_row *r,
                     const struct comp_track_norm *tn, uint32_t t, const char *prize, json_t *list,
                     struct derr *e)
{
	char *names = NULL, *advisors = NULL, code[COMP_CODE_LEN + 1];
	int64_t team = tn->team_ids[t], id = 0;
	if (award_names(db, team, &names, &advisors, e))
		return -1;
	int rc = STORE_UNIQUE;
	/* 60 random bits: a repeat is unheard of, but costs only a retry. */
	for (int tries = 0; rc == STORE_UNIQUE && tries < 5; tries++) {
		comp_cert_code(code);
		rc = store_int64(
		    db, &id,
		    "INSERT INTO comp_awards (edition_id, round_id, track_id, team_id,"
		    " prize, rank, code, names, advisors, issued_at) VALUES (?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?, ?) RETURNING id",
		    "iiiitittti", r->edition_id, r->id, tn->track_id, team, prize,
		    (int64_t)tn->nr.teams[t].rank, code, names, advisors, now_seconds());
	}
	free(names);
	free(advisors);
	if (rc != STORE_ROW)
		return derr_store(e, db, "award");
	json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:i, s:s}", "award_id",
	                                      (json_int_t)id, "team_id", (json_int_t)team, "prize",
	                                      prize, "prize_label", comp_prize_label(prize), "rank",
	                                      (int)tn->nr.teams[t].rank, "code", code));
	return 0;
}

int comp_round_publish(struct store *db, const struct actor *a, int64_t round, json_t **out,
                       struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	struct comp_norm norm;
	int own;
	if (decidable(db, a, round, &r, 1, &norm, e))
		return -1;
	if (comp_begin(db, &own, e)) {
		comp_norm_release(&norm);
		return -1;
	}
	json_t *awards = json_array();
	int rc = 0;
	for (size_t i = 0; !rc && i < norm.n; i++) {
		const struct comp_track_norm *tn = &norm.tracks[i];
		for (uint32_t t = 0; !rc && t < tn->n_teams; t++) {
			const char *prize =
			    comp_prize_for_rank(tn->nr.teams[t].rank, (int)tn->first,
			                        (int)tn->second, (int)tn->third, (int)tn->merit);
			rc = store_outcome(db, round, tn, t, prize ? "awarded" : "eliminated",
			                   prize, e) ||
			     comp_team_set_status(db, tn->team_ids[t], "in_round",
			                          prize ? "awarded" : "eliminated", e) ||
			     (prize && add_award(db, &r, tn, t, prize, awards, e));
		}
	}
	comp_norm_release(&norm);
	if (rc || round_done(db, round, e) ||
	    store_run(
	        db,
	        "UPDATE comp_editions SET status = 'finished', updated_at = ? WHERE id = ? AND"
	        " status = 'judging'",
	        "ii", now_seconds(), r.edition_id) != STORE_OK ||
	    comp_audit(db, a, "competition.round.publish", "comp_round", round, e, "获奖 %zu 项",
	               json_array_size(awards)) ||
	    comp_commit(db, own, e)) {
		json_decref(awards);
		return e->kind ? comp_abort(db) : derr_store(e, db, "publish");
	}
	*out = json_pack("{s:o}", "awards", awards);
	return 0;
}

int comp_edition_results(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                         struct derr *e)
{
	struct comp_edition_row ed;
	if (comp_edition_load(db, a, edition, &ed, e))
		return -1;
	/* Published lists: who went on and who won, never scores, and the
	 * eliminated only to operators. */
	json_t *rows = store_rows(
	    db,
	    "SELECT r.id AS round_id, r.seq, r.name AS round, r.is_final, r.done_at, tr.id AS"
	    " track_id, tr.name AS track, rt.team_id, t.name, c.name AS college, rt.rank,"
	    " rt.outcome, rt.prize FROM comp_round_teams rt JOIN comp_rounds r ON r.id ="
	    " rt.round_id JOIN comp_teams t ON t.id = rt.team_id JOIN comp_tracks tr ON tr.id ="
	    " t.track_id JOIN organizations c ON c.id = t.college_id WHERE r.edition_id = ? AND"
	    " r.status = 'done' AND (rt.outcome <> 'eliminated' OR ? = 1) ORDER BY r.seq, tr.sort,"
	    " tr.id, rt.rank, rt.team_id",
	    "ii", edition, (int64_t)(a->role == ROLE_OPERATOR));
	if (!rows)
		return derr_store(e, db, "edition results");
	json_t *rounds = json_array(), *round = NULL, *tracks = NULL, *teams = NULL;
	json_int_t last_round = 0, last_track = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_int_t rid = json_integer_value(json_object_get(row, "round_id"));
		json_int_t tid = json_integer_value(json_object_get(row, "track_id"));
		if (rid != last_round) {
			round = json_pack("{s:I, s:O, s:O, s:O, s:O, s:[]}", "round_id", rid, "seq",
			                  json_object_get(row, "seq"), "name",
			                  json_object_get(row, "round"), "is_final",
			                  json_object_get(row, "is_final"), "done_at",
			                  json_object_get(row, "done_at"), "tracks");
			json_array_append_new(rounds, round);
			tracks = json_object_get(round, "tracks");
			last_round = rid;
			last_track = 0;
		}
		if (tid != last_track) {
			json_t *track = json_pack("{s:I, s:O, s:[]}", "track_id", tid, "track",
			                          json_object_get(row, "track"), "teams");
			json_array_append_new(tracks, track);
			teams = json_object_get(track, "teams");
			last_track = tid;
		}
		const char *prize = json_string_value(json_object_get(row, "prize"));
		json_array_append_new(teams, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:s}",
		                                       "team_id", json_object_get(row, "team_id"),
		                                       "name", json_object_get(row, "name"),
		                                       "college", json_object_get(row, "college"),
		                                       "rank", json_object_get(row, "rank"),
		                                       "outcome", json_object_get(row, "outcome"),
		                                       "prize", json_object_get(row, "prize"),
		                                       "prize_label", comp_prize_label(prize)));
	}
	json_decref(rows);
	*out = json_pack("{s:{s:I, s:s, s:s}, s:o}", "edition", "id", (json_int_t)edition, "name",
	                 ed.name, "status", ed.status, "rounds", rounds);
	return 0;
}
