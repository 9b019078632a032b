/*
 * The roadshow (路演): a running order, the team on stage, a timer per team,
 * and the result the organiser reveals on the big screen (大屏).
 *
 * The timer is kept as seconds used before the current run plus the start
 * of the current run (NULL while paused), so no clock ticks on the server:
 * every reader computes used = elapsed + (now - started_at).  A reveal
 * shows the on-stage team's normalised score at that moment, from the
 * scores submitted so far, and keeps it: the screen does not drift while
 * later teams are scored.
 */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/competition_internal.h"

static int roadshow_round(struct store *db, const struct actor *a, int64_t round,
                          struct comp_round_row *r, const char *const *statuses, struct derr *e)
{
	if (comp_round_load(db, a, round, r, e))
		return -1;
	if (strcmp(r->kind, "roadshow"))
		return derr_set(e, DERR_RULE, "kind", "本轮不是路演");
	return comp_require(r->status, statuses, "本轮不在可操作的阶段", e);
}

int comp_stage_order(struct store *db, const struct actor *a, int64_t round, const int64_t *teams,
                     size_t n, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	static const char *const ok[] = {"setup", "judging", NULL};
	struct comp_round_row r;
	int64_t count = 0;
	int own;
	if (roadshow_round(db, a, round, &r, ok, e))
		return -1;
	if (store_int64(db, &count, "SELECT COUNT(*) FROM comp_round_teams WHERE round_id = ?", "i",
	                round) != STORE_ROW)
		return derr_store(e, db, "order");
	if ((size_t)count != n)
		return derr_set(e, DERR_INVALID, "team_ids",
		                "出场顺序须包含本轮全部团队，且每队一次");
	if (comp_begin(db, &own, e))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t hit = 0;
		if (store_run(
		        db,
		        "UPDATE comp_round_teams SET stage_order = ? WHERE round_id = ? AND team_id"
		        " = ?",
		        "iii", (int64_t)i + 1, round, teams[i]) != STORE_OK ||
		    store_int64(
		        db, &hit,
		        "SELECT COUNT(*) FROM comp_round_teams WHERE round_id = ? AND team_id = ?",
		        "ii", round, teams[i]) != STORE_ROW)
			return derr_store(e, db, "order");
		if (!hit) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "team_ids", "团队不在本轮");
		}
	}
	if (comp_audit(db, a, "competition.stage.order", "comp_round", round, e, "%zu 个团队", n))
		return -1;
	return comp_commit(db, own, e);
}

/* The team after the one on stage in the running order (or the first). */
static int next_team(struct store *db, const struct comp_round_row *r, int64_t *team,
                     struct derr *e)
{
	int rc = store_int64(
	    db, team,
	    "SELECT team_id FROM comp_round_teams WHERE round_id = ? AND stage_order > "
	    "COALESCE((SELECT"
	    " stage_order FROM comp_round_teams WHERE round_id = ? AND team_id = ?), 0) ORDER BY"
	    " stage_order LIMIT 1",
	    "iii", r->id, r->id, r->stage_team_id);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_RULE, "team_id", "没有下一个团队（请先排定出场顺序）");
	return rc == STORE_ROW ? 0 : derr_store(e, db, "next team");
}

/* The on-stage team's result as of now, kept on its row. */
static int reveal(struct store *db, const struct comp_round_row *r, struct derr *e)
{
	struct comp_norm norm;
	if (comp_normalize(db, r, 0, &norm, e))
		return -1;
	int found = 0, rc = 0;
	for (size_t i = 0; i < norm.n && !found; i++) {
		const struct comp_track_norm *tn = &norm.tracks[i];
		for (size_t t = 0; t < tn->n_teams && !found; t++) {
			if (tn->team_ids[t] != r->stage_team_id)
				continue;
			found = 1;
			const struct norm_team *nt = &tn->nr.teams[t];
			if (!nt->n_judges) {
				rc = derr_set(e, DERR_RULE, NULL, "该团队还没有评委提交评分");
				break;
			}
			char nb[40], rb[40];
			snprintf(nb, sizeof(nb), "%.10f", comp_round4(nt->normalized));
			snprintf(rb, sizeof(rb), "%.10f", comp_round4(nt->raw_mean));
			if (store_run(
			        db,
			        "UPDATE comp_round_teams SET revealed_at = ?, revealed_normalized ="
			        " ?, revealed_raw = ?, revealed_judges = ? WHERE round_id = ? AND"
			        " team_id = ?",
			        "ittiii", now_seconds(), nb, rb, (int64_t)nt->n_judges, r->id,
			        r->stage_team_id) != STORE_OK)
				rc = derr_store(e, db, "reveal");
		}
	}
	comp_norm_release(&norm);
	return rc ? -1 : found ? 0 : derr_set(e, DERR_RULE, NULL, "台上没有团队");
}

int comp_stage_action(struct store *db, const struct actor *a, int64_t round, const char *action,
                      int64_t team, const char **what, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	static const char *const ok[] = {"judging", NULL};
	static const char *const actions[] = {"call",   "start", "pause", "reset",
	                                      "reveal", "clear", NULL};
	struct comp_round_row r;
	int64_t now = now_seconds(), hit = 0;
	int own, rc;
	int known = 0;
	for (const char *const *k = actions; *k; k++)
		known |= !strcmp(*k, action);
	if (!known)
		return derr_set(e, DERR_INVALID, "action",
		                "操作应为 call、start、pause、reset、reveal 或 clear");
	if (roadshow_round(db, a, round, &r, ok, e))
		return -1;
	if (!strcmp(action, "call")) {
		if (!team && next_team(db, &r, &team, e))
			return -1;
		if (store_int64(
		        db, &hit,
		        "SELECT COUNT(*) FROM comp_round_teams WHERE round_id = ? AND team_id = ?",
		        "ii", round, team) != STORE_ROW)
			return derr_store(e, db, "stage");
		if (!hit)
			return derr_set(e, DERR_INVALID, "team_id", "团队不在本轮");
	} else if (strcmp(action, "clear") && !r.stage_team_id) {
		return derr_set(e, DERR_RULE, "action", "台上没有团队，请先请团队上台");
	}
	if (comp_begin(db, &own, e))
		return -1;
	*what = "timer";
	if (!strcmp(action, "call")) {
		rc = store_run(db,
		               "UPDATE comp_rounds SET stage_team_id = ?, timer_elapsed = 0,"
		               " timer_started_at = NULL WHERE id = ?",
		               "ii", team, round);
		*what = "team";
	} else if (!strcmp(action, "clear")) {
		rc = store_run(db,
		               "UPDATE comp_rounds SET stage_team_id = NULL, timer_elapsed = 0,"
		               " timer_started_at = NULL WHERE id = ?",
		               "i", round);
		*what = "team";
	} else if (!strcmp(action, "start")) {
		rc = store_run(db,
		               "UPDATE comp_rounds SET timer_started_at = ? WHERE id = ? AND"
		               " timer_started_at IS NULL",
		               "ii", now, round);
	} else if (!strcmp(action, "pause")) {
		rc = store_run(
		    db,
		    "UPDATE comp_rounds SET timer_elapsed = ?, timer_started_at = NULL WHERE"
		    " id = ?",
		    "ii", comp_timer_used(r.timer_elapsed, r.timer_started_at, now), round);
	} else if (!strcmp(action, "reset")) {
		rc = store_run(
		    db,
		    "UPDATE comp_rounds SET timer_elapsed = 0, timer_started_at = NULL WHERE"
		    " id = ?",
		    "i", round);
	} else { /* reveal */
		if (reveal(db, &r, e))
			return comp_abort(db);
		rc = STORE_OK;
		*what = "reveal";
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "stage");
	if (comp_audit(db, a, "competition.stage", "comp_round", round, e, "%s %lld", action,
	               (long long)(team ? team : r.stage_team_id)))
		return -1;
	return comp_commit(db, own, e);
}

int comp_stage_get(struct store *db, const struct actor *a, int64_t round, json_t **out,
                   struct derr *e)
{
	struct comp_round_row r;
	int64_t now = now_seconds();
	if (comp_round_load(db, a, round, &r, e))
		return -1;
	json_t *order = store_rows(
	    db,
	    "SELECT rt.stage_order AS position, rt.team_id, t.name, tr.name AS track, c.name AS"
	    " college, rt.revealed_at, rt.revealed_normalized, rt.revealed_raw, rt.revealed_judges"
	    " FROM comp_round_teams rt JOIN comp_teams t ON t.id = rt.team_id JOIN comp_tracks tr "
	    "ON"
	    " tr.id = t.track_id JOIN organizations c ON c.id = t.college_id WHERE rt.round_id = ?"
	    " ORDER BY COALESCE(rt.stage_order, 1000000), rt.team_id",
	    "i", round);
	json_t *progress = store_row(
	    db,
	    "SELECT (SELECT COUNT(*) FROM comp_assignments x WHERE x.round_id = ? AND x.team_id = "
	    "?)"
	    " AS assigned, (SELECT COUNT(*) FROM comp_scores s WHERE s.round_id = ? AND s.team_id ="
	    " ? AND s.status = 'submitted') AS submitted",
	    "iiii", round, r.stage_team_id, round, r.stage_team_id);
	if (!order || !progress) {
		json_decref(order);
		json_decref(progress);
		return derr_store(e, db, "stage");
	}
	json_t *on_stage = json_null();
	size_t i;
	json_t *o;
	json_array_foreach(order, i, o)
	{
		json_t *at = json_object_get(o, "revealed_at");
		json_t *rev = json_is_integer(at)
		                  ? json_pack("{s:O, s:O, s:O, s:O}", "at", at, "normalized",
		                              json_object_get(o, "revealed_normalized"), "raw_mean",
		                              json_object_get(o, "revealed_raw"), "judges",
		                              json_object_get(o, "revealed_judges"))
		                  : json_null();
		static const char *const drop[] = {"revealed_at", "revealed_normalized",
		                                   "revealed_raw", "revealed_judges"};
		for (size_t k = 0; k < 4; k++)
			json_object_del(o, drop[k]);
		json_object_set_new(o, "revealed", rev);
		if (json_integer_value(json_object_get(o, "team_id")) == r.stage_team_id) {
			json_decref(on_stage);
			on_stage = json_deep_copy(o);
			json_object_update(on_stage, progress);
		}
	}
	json_decref(progress);
	int64_t used = comp_timer_used(r.timer_elapsed, r.timer_started_at, now);
	*out =
	    json_pack("{s:{s:I, s:s, s:s, s:s, s:I}, s:o, s:{s:I, s:I, s:I, s:b, s:I}, s:o}",
	              "round", "id", (json_int_t)round, "name", r.name, "kind", r.kind, "status",
	              r.status, "slot_seconds", (json_int_t)r.slot_seconds, "on_stage", on_stage,
	              "timer", "slot_seconds", (json_int_t)r.slot_seconds, "used", (json_int_t)used,
	              "remaining", (json_int_t)(r.slot_seconds - used), "running",
	              r.timer_started_at != 0, "server_time", (json_int_t)now, "order", order);
	return 0;
}
