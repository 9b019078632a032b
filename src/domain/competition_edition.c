/* Editions (届), tracks (赛道), rounds and their score sheets and quotas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/competition_internal.h"

/* Dates and sizes an edition must keep, whatever the form sent. */
static int edition_rules(const struct comp_edition_in *in, struct derr *e)
{
	if (in->year < 2000 || in->year > 2100)
		return derr_set(e, DERR_INVALID, "year", "年份应为 2000–2100");
	if (in->endorse_deadline < in->submit_deadline)
		return derr_set(e, DERR_INVALID, "endorse_deadline",
		                "院校推荐截止时间应不早于提交截止时间");
	if (in->min_members < 1 || in->max_members > 15 || in->min_members > in->max_members)
		return derr_set(e, DERR_INVALID, "max_members",
		                "团队人数范围应在 1–15 之间，且下限不大于上限");
	if (in->appeal_days < 0 || in->appeal_days > 30)
		return derr_set(e, DERR_INVALID, "appeal_days", "申诉期应为 0–30 天");
	return 0;
}

static int name_taken(int rc, struct derr *e, struct store *db, const char *field,
                      const char *message)
{
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, field, message);
	}
	return derr_store(e, db, field);
}

int comp_edition_create(struct store *db, const struct actor *a, const struct comp_edition_in *in,
                        int64_t *id, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	int own, rc;
	if (edition_rules(in, e))
		return -1;
	if (in->n_tracks < 1 || in->n_tracks > 12)
		return derr_set(e, DERR_INVALID, "tracks", "赛道应为 1–12 个");
	for (size_t i = 0; i < in->n_tracks; i++)
		for (size_t k = 0; k < i; k++)
			if (!strcmp(in->tracks[i], in->tracks[k]))
				return derr_set(e, DERR_INVALID, "tracks", "赛道名称重复");
	if (comp_begin(db, &own, e))
		return -1;
	int64_t now = now_seconds();
	rc = store_int64(
	    db, id,
	    "INSERT INTO comp_editions (name, year, submit_deadline, endorse_deadline, min_members,"
	    " max_members, appeal_days, description, created_by, created_at, updated_at) VALUES"
	    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "tiiiiiitiii", in->name, in->year, in->submit_deadline, in->endorse_deadline,
	    in->min_members, in->max_members, in->appeal_days, in->description, a->id, now, now);
	if (rc != STORE_ROW)
		return name_taken(rc, e, db, "name", "已有同名的大赛");
	for (size_t i = 0; i < in->n_tracks; i++)
		if (store_run(db,
		              "INSERT INTO comp_tracks (edition_id, name, sort) VALUES (?, ?, ?)",
		              "iti", *id, in->tracks[i], (int64_t)i) != STORE_OK)
			return derr_store(e, db, "track");
	if (comp_audit(db, a, "competition.edition.create", "comp_edition", *id, e, "%s", in->name))
		return -1;
	return comp_commit(db, own, e);
}

int comp_edition_update(struct store *db, const struct actor *a, int64_t id,
                        const struct comp_edition_in *in, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	int own;
	if (edition_rules(in, e) || comp_edition_load(db, a, id, &ed, e))
		return -1;
	if (!strcmp(ed.status, "finished"))
		return derr_set(e, DERR_RULE, "status", "大赛已结束，不能再修改");
	if (comp_begin(db, &own, e))
		return -1;
	int rc = store_run(
	    db,
	    "UPDATE comp_editions SET name = ?, year = ?, submit_deadline = ?,"
	    " endorse_deadline = ?, min_members = ?, max_members = ?, appeal_days = ?,"
	    " description = ?, updated_at = ? WHERE id = ?",
	    "tiiiiiitii", in->name, in->year, in->submit_deadline, in->endorse_deadline,
	    in->min_members, in->max_members, in->appeal_days, in->description, now_seconds(), id);
	if (rc != STORE_OK)
		return name_taken(rc, e, db, "name", "已有同名的大赛");
	if (comp_audit(db, a, "competition.edition.update", "comp_edition", id, e, "%s", in->name))
		return -1;
	return comp_commit(db, own, e);
}

int comp_edition_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                        struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	int own;
	if (comp_edition_load(db, a, id, &ed, e))
		return -1;
	if (!comp_edition_transition_ok(ed.status, to))
		return derr_set(e, DERR_RULE, "to",
		                "只能按 筹备中→报名中→评审中→已结束 的顺序推进");
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(db, "UPDATE comp_editions SET status = ?, updated_at = ? WHERE id = ?", "tii",
	              to, now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "edition status");
	if (comp_audit(db, a, "competition.edition.status", "comp_edition", id, e, "%s -> %s",
	               ed.status, to))
		return -1;
	return comp_commit(db, own, e);
}

#define EDITION_COLUMNS                                                                            \
	"SELECT ed.id, ed.name, ed.year, ed.status, ed.submit_deadline, ed.endorse_deadline,"      \
	" ed.min_members, ed.max_members, ed.appeal_days, ed.description, ed.created_at,"          \
	" (SELECT COUNT(*) FROM comp_teams t WHERE t.edition_id = ed.id AND t.status NOT IN"       \
	" ('draft', 'withdrawn')) AS teams FROM comp_editions ed"

static void label_rows(json_t *rows, const char *(*fn)(const char *))
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *s = json_string_value(json_object_get(r, "status"));
		json_object_set_new(r, "status_label", json_string(fn(s)));
	}
}

int comp_edition_list(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	json_t *rows = store_rows(
	    db, EDITION_COLUMNS " WHERE ed.status <> 'draft' OR ? = 1 ORDER BY ed.id DESC", "i",
	    (int64_t)(a->role == ROLE_OPERATOR));
	if (!rows)
		return derr_store(e, db, "edition list");
	label_rows(rows, comp_edition_status_label);
	*out = json_pack("{s:o}", "items", rows);
	return 0;
}

int comp_edition_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e)
{
	struct comp_edition_row ed;
	if (comp_edition_load(db, a, id, &ed, e))
		return -1;
	json_t *edition = store_row(db, EDITION_COLUMNS " WHERE ed.id = ?", "i", id);
	json_t *tracks = store_rows(
	    db,
	    "SELECT tr.id, tr.name, tr.max_teams, (SELECT COUNT(*) FROM comp_teams t WHERE"
	    " t.track_id = tr.id AND t.status NOT IN ('draft', 'withdrawn')) AS teams FROM"
	    " comp_tracks tr WHERE tr.edition_id = ? ORDER BY tr.sort, tr.id",
	    "i", id);
	json_t *rounds = store_rows(
	    db,
	    "SELECT r.id, r.seq, r.name, r.kind, r.status, r.starts_at, r.ends_at, r.per_team,"
	    " r.is_final, r.done_at, (SELECT COUNT(*) FROM comp_round_teams rt WHERE rt.round_id ="
	    " r.id) AS teams FROM comp_rounds r WHERE r.edition_id = ? ORDER BY r.seq",
	    "i", id);
	if (!edition || !tracks || !rounds) {
		json_decref(edition);
		json_decref(tracks);
		json_decref(rounds);
		return derr_store(e, db, "edition get");
	}
	label_rows(rounds, comp_round_status_label);
	json_object_set_new(edition, "status_label",
	                    json_string(comp_edition_status_label(ed.status)));
	json_object_set_new(edition, "tracks", tracks);
	json_object_set_new(edition, "rounds", rounds);
	*out = json_pack("{s:o}", "edition", edition);
	return 0;
}

int comp_track_add(struct store *db, const struct actor *a, int64_t edition, const char *name,
                   int64_t max_teams, int64_t *id, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	int own;
	if (comp_edition_load(db, a, edition, &ed, e))
		return -1;
	if (strcmp(ed.status, "draft") && strcmp(ed.status, "open"))
		return derr_set(e, DERR_RULE, "status", "评审开始后不能再增加赛道");
	if (comp_begin(db, &own, e))
		return -1;
	int rc =
	    store_int64(db, id,
	                "INSERT INTO comp_tracks (edition_id, name, max_teams, sort) VALUES (?,"
	                " ?, ?, (SELECT COUNT(*) FROM comp_tracks WHERE edition_id = ?))"
	                " RETURNING id",
	                "itii", edition, name, max_teams, edition);
	if (rc != STORE_ROW)
		return name_taken(rc, e, db, "name", "本届已有同名赛道");
	if (comp_audit(db, a, "competition.track.create", "comp_track", *id, e, "%s", name))
		return -1;
	return comp_commit(db, own, e);
}

int comp_track_update(struct store *db, const struct actor *a, int64_t track, const char *name,
                      int64_t max_teams, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	int64_t edition = 0;
	struct comp_edition_row ed;
	int own, rc = store_int64(db, &edition, "SELECT edition_id FROM comp_tracks WHERE id = ?",
	                          "i", track);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "赛道不存在");
	if (rc != STORE_ROW)
		return derr_store(e, db, "track");
	if (comp_edition_load(db, a, edition, &ed, e) || comp_begin(db, &own, e))
		return -1;
	rc = store_run(db, "UPDATE comp_tracks SET name = ?, max_teams = ? WHERE id = ?", "tii",
	               name, max_teams, track);
	if (rc != STORE_OK)
		return name_taken(rc, e, db, "name", "本届已有同名赛道");
	if (comp_audit(db, a, "competition.track.update", "comp_track", track, e, "%s, 名额 %lld",
	               name, (long long)max_teams))
		return -1;
	return comp_commit(db, own, e);
}

/* ---- rounds ---- */

static int round_rules(const struct comp_round_in *in, struct derr *e)
{
	if (strcmp(in->kind, "online") && strcmp(in->kind, "roadshow"))
		return derr_set(e, DERR_INVALID, "kind",
		                "轮次形式应为 online（网评）或 roadshow（路演）");
	if (in->ends_at <= in->starts_at)
		return derr_set(e, DERR_INVALID, "ends_at", "结束时间应晚于开始时间");
	if (in->per_team < 1 || in->per_team > 30)
		return derr_set(e, DERR_INVALID, "per_team", "每个团队的评委人数应为 1–30");
	if (in->slot_seconds < 60 || in->slot_seconds > 3600)
		return derr_set(e, DERR_INVALID, "slot_seconds",
		                "每个团队的路演时间应为 1–60 分钟");
	if (in->replicates < 100 || in->replicates > 10000)
		return derr_set(e, DERR_INVALID, "replicates", "抽样次数应为 100–10000");
	return 0;
}

/* The bootstrap's seed: fixed by the edition and the round number, so the
 * intervals a page shows are the same on every machine and every visit;
 * 53 bits, so that a JSON reader (a double) gets it exactly. */
static int64_t round_seed(int64_t edition, int64_t seq)
{
	uint64_t z = (uint64_t)edition * 0x9e3779b97f4a7c15ULL + (uint64_t)seq;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (int64_t)((z ^ (z >> 31)) >> 11);
}

int comp_round_create(struct store *db, const struct actor *a, int64_t edition,
                      const struct comp_round_in *in, int64_t *id, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	int64_t seq = 0, finals = 0;
	int own;
	if (round_rules(in, e) || comp_edition_load(db, a, edition, &ed, e))
		return -1;
	if (!strcmp(ed.status, "finished"))
		return derr_set(e, DERR_RULE, "status", "大赛已结束");
	if (store_int64(db, &seq,
	                "SELECT COALESCE(MAX(seq), 0) + 1 FROM comp_rounds WHERE edition_id = ?",
	                "i", edition) != STORE_ROW ||
	    store_int64(db, &finals,
	                "SELECT COUNT(*) FROM comp_rounds WHERE edition_id = ? AND is_final = 1",
	                "i", edition) != STORE_ROW)
		return derr_store(e, db, "round seq");
	if (finals)
		return derr_set(e, DERR_RULE, "is_final", "决赛之后不能再增加轮次");
	if (comp_begin(db, &own, e))
		return -1;
	int64_t now = now_seconds();
	if (store_int64(
	        db, id,
	        "INSERT INTO comp_rounds (edition_id, seq, name, kind, starts_at, ends_at,"
	        " per_team, is_final, seed, replicates, slot_seconds, created_at, updated_at)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	        "iittiiiiiiiii", edition, seq, in->name, in->kind, in->starts_at, in->ends_at,
	        in->per_team, (int64_t)(in->is_final != 0), round_seed(edition, seq),
	        in->replicates, in->slot_seconds, now, now) != STORE_ROW ||
	    store_run(db,
	              "INSERT INTO comp_round_tracks (round_id, track_id) SELECT ?, id FROM"
	              " comp_tracks WHERE edition_id = ?",
	              "ii", *id, edition) != STORE_OK)
		return derr_store(e, db, "round create");
	if (comp_audit(db, a, "competition.round.create", "comp_round", *id, e, "第 %lld 轮 %s",
	               (long long)seq, in->name))
		return -1;
	return comp_commit(db, own, e);
}

int comp_round_update(struct store *db, const struct actor *a, int64_t round,
                      const struct comp_round_in *in, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	int own;
	if (round_rules(in, e) || comp_round_load(db, a, round, &r, e))
		return -1;
	if (!strcmp(r.status, "done"))
		return derr_set(e, DERR_RULE, "status", "本轮已结束");
	/* Once judging, only dates, stage time and replicates may change: the
	 * teams were assigned for this K, this kind and this place in the order. */
	if (strcmp(r.status, "setup") && (in->per_team != r.per_team || strcmp(in->kind, r.kind) ||
	                                  !in->is_final != !r.is_final))
		return derr_set(e, DERR_RULE, "per_team",
		                "评审开始后不能修改形式、评委人数或是否决赛");
	if (in->is_final && !r.is_final) {
		int64_t later = 0;
		if (store_int64(db, &later,
		                "SELECT COUNT(*) FROM comp_rounds WHERE edition_id = ? AND seq > ?",
		                "ii", r.edition_id, r.seq) != STORE_ROW)
			return derr_store(e, db, "round update");
		if (later)
			return derr_set(e, DERR_RULE, "is_final", "只有最后一轮可以设为决赛");
	}
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(
	        db,
	        "UPDATE comp_rounds SET name = ?, kind = ?, starts_at = ?, ends_at = ?,"
	        " per_team = ?, is_final = ?, replicates = ?, slot_seconds = ?, updated_at = ?"
	        " WHERE id = ?",
	        "ttiiiiiiii", in->name, in->kind, in->starts_at, in->ends_at, in->per_team,
	        (int64_t)(in->is_final != 0), in->replicates, in->slot_seconds, now_seconds(),
	        round) != STORE_OK)
		return derr_store(e, db, "round update");
	if (comp_audit(db, a, "competition.round.update", "comp_round", round, e, "%s", in->name))
		return -1;
	return comp_commit(db, own, e);
}

/* Anchors as stored: [{"score": 8.5, "text": "..."}]. */
static char *anchors_json(const struct comp_criterion *c)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < c->n_anchors; k++)
		json_array_append_new(arr,
		                      json_pack("{s:f, s:s}", "score", c->anchors[k].tenths / 10.0,
		                                "text", c->anchors[k].text));
	char *s = json_dumps(arr, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(arr);
	return s;
}

int comp_round_sheet_set(struct store *db, const struct actor *a, int64_t round,
                         const struct comp_criterion *c, const char *const *descriptions, size_t n,
                         struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	int64_t scores = 0;
	int own, index;
	const char *why = comp_sheet_problem(c, n, &index);
	if (why)
		return derr_set(e, DERR_INVALID, "criteria", why);
	if (comp_round_load(db, a, round, &r, e))
		return -1;
	if (store_int64(db, &scores, "SELECT COUNT(*) FROM comp_scores WHERE round_id = ?", "i",
	                round) != STORE_ROW)
		return derr_store(e, db, "sheet");
	if (scores || !strcmp(r.status, "done"))
		return derr_set(e, DERR_RULE, "criteria", "评委已开始评分，评分表不能再修改");
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(db, "DELETE FROM comp_criteria WHERE round_id = ?", "i", round) != STORE_OK)
		return derr_store(e, db, "sheet");
	struct buf detail = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char *anchors = anchors_json(&c[i]);
		int rc = anchors
		             ? store_run(db,
		                         "INSERT INTO comp_criteria (round_id, seq, name, weight,"
		                         " description, anchors) VALUES (?, ?, ?, ?, ?, ?)",
		                         "iititt", round, (int64_t)i + 1, c[i].name,
		                         (int64_t)c[i].weight,
		                         descriptions ? descriptions[i] : NULL, anchors)
		             : STORE_ERROR;
		free(anchors);
		if (rc != STORE_OK) {
			buf_release(&detail);
			return derr_store(e, db, "criterion");
		}
		buf_addf(&detail, "%s%s %d", i ? "、" : "", c[i].name, c[i].weight);
	}
	int rc =
	    comp_audit(db, a, "competition.round.sheet", "comp_round", round, e, "%s", detail.data);
	buf_release(&detail);
	return rc ? -1 : comp_commit(db, own, e);
}

int comp_round_quotas_set(struct store *db, const struct actor *a, int64_t round,
                          const struct comp_quota_in *q, size_t n, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	int own;
	if (comp_round_load(db, a, round, &r, e))
		return -1;
	if (!strcmp(r.status, "done"))
		return derr_set(e, DERR_RULE, "status", "本轮已结束");
	for (size_t i = 0; i < n; i++)
		if (q[i].quota < 0 || q[i].first < 0 || q[i].second < 0 || q[i].third < 0 ||
		    q[i].merit < 0 || q[i].quota > 10000 ||
		    q[i].first + q[i].second + q[i].third + q[i].merit > 10000)
			return derr_set(e, DERR_INVALID, "quotas", "名额应为非负整数");
	if (comp_begin(db, &own, e))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t ok = 0;
		if (store_int64(db, &ok,
		                "SELECT COUNT(*) FROM comp_tracks WHERE id = ? AND edition_id = ?",
		                "ii", q[i].track_id, r.edition_id) != STORE_ROW)
			return derr_store(e, db, "quota track");
		if (!ok) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "quotas", "赛道不属于本届大赛");
		}
		if (store_run(
		        db,
		        "INSERT INTO comp_round_tracks (round_id, track_id, quota, first_prizes,"
		        " second_prizes, third_prizes, merit_prizes) VALUES (?, ?, ?, ?, ?, ?, ?)"
		        " ON CONFLICT (round_id, track_id) DO UPDATE SET quota = excluded.quota,"
		        " first_prizes = excluded.first_prizes, second_prizes ="
		        " excluded.second_prizes, third_prizes = excluded.third_prizes,"
		        " merit_prizes = excluded.merit_prizes",
		        "iiiiiii", round, q[i].track_id, q[i].quota, q[i].first, q[i].second,
		        q[i].third, q[i].merit) != STORE_OK)
			return derr_store(e, db, "quota");
	}
	if (comp_audit(db, a, "competition.round.quotas", "comp_round", round, e, "%zu 个赛道", n))
		return -1;
	return comp_commit(db, own, e);
}

int comp_round_get(struct store *db, const struct actor *a, int64_t round, json_t **out,
                   struct derr *e)
{
	struct comp_round_row r;
	int64_t judge;
	if (comp_round_load(db, a, round, &r, e))
		return -1;
	/* Judges (and mentors) read the rounds of editions they judge. */
	if ((a->role == ROLE_JUDGE || a->role == ROLE_MENTOR) &&
	    comp_actor_judge(db, a, r.edition_id, 0, &judge, e))
		return -1;
	json_t *row = store_row(
	    db,
	    "SELECT r.id, r.edition_id, r.seq, r.name, r.kind, r.status, r.starts_at, r.ends_at,"
	    " r.per_team, r.is_final, r.slot_seconds, r.replicates, r.seed, r.done_at,"
	    " (SELECT COUNT(*) FROM comp_round_teams rt WHERE rt.round_id = r.id) AS teams,"
	    " (SELECT COUNT(*) FROM comp_assignments x WHERE x.round_id = r.id) AS assigned,"
	    " (SELECT COUNT(*) FROM comp_scores s WHERE s.round_id = r.id AND s.status ="
	    " 'submitted') AS submitted FROM comp_rounds r WHERE r.id = ?",
	    "i", round);
	json_t *criteria = store_rows(db,
	                              "SELECT id, seq, name, weight, description, anchors FROM"
	                              " comp_criteria WHERE round_id = ? ORDER BY seq",
	                              "i", round);
	json_t *tracks = store_rows(
	    db,
	    "SELECT q.track_id, tr.name, q.quota, q.first_prizes, q.second_prizes, q.third_prizes,"
	    " q.merit_prizes, (SELECT COUNT(*) FROM comp_round_teams rt JOIN comp_teams t ON t.id ="
	    " rt.team_id WHERE rt.round_id = q.round_id AND t.track_id = q.track_id) AS teams FROM"
	    " comp_round_tracks q JOIN comp_tracks tr ON tr.id = q.track_id WHERE q.round_id = ?"
	    " ORDER BY tr.sort, tr.id",
	    "i", round);
	if (!row || !criteria || !tracks) {
		json_decref(row);
		json_decref(criteria);
		json_decref(tracks);
		return derr_store(e, db, "round get");
	}
	size_t i;
	json_t *c;
	json_array_foreach(criteria, i, c)
	{
		json_t *anchors =
		    json_loads(json_string_value(json_object_get(c, "anchors")), 0, NULL);
		json_object_set_new(c, "anchors", anchors ? anchors : json_array());
	}
	json_object_set_new(row, "status_label", json_string(comp_round_status_label(r.status)));
	json_object_set_new(row, "criteria", criteria);
	json_object_set_new(row, "tracks", tracks);
	*out = json_pack("{s:o}", "round", row);
	return 0;
}
