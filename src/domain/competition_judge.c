/* Judges (评委) of an edition, their tracks, and conflicts (回避): declared and known. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/competition_internal.h"

/* Rows that must name an organisation of a kind, or a track of the edition. */
static int org_is(struct store *db, int64_t id, const char *kind, const char *field, struct derr *e)
{
	int64_t n = 0;
	if (!id)
		return 0;
	if (store_int64(db, &n, "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = ?",
	                "it", id, kind) != STORE_ROW)
		return derr_store(e, db, field);
	return n ? 0 : derr_set(e, DERR_INVALID, field, "机构不存在或类型不符");
}

static int tracks_ok(struct store *db, int64_t edition, const int64_t *tracks, size_t n,
                     struct derr *e)
{
	for (size_t i = 0; i < n; i++) {
		int64_t k = 0;
		if (store_int64(db, &k,
		                "SELECT COUNT(*) FROM comp_tracks WHERE id = ? AND edition_id = ?",
		                "ii", tracks[i], edition) != STORE_ROW)
			return derr_store(e, db, "judge tracks");
		if (!k)
			return derr_set(e, DERR_INVALID, "track_ids", "赛道不属于本届大赛");
	}
	return 0;
}

/* The organisations and tracks a judge form names. */
static int judge_refs(struct store *db, int64_t edition, const struct comp_judge_in *in,
                      struct derr *e)
{
	if (!in->n_tracks)
		return derr_set(e, DERR_INVALID, "track_ids", "请至少选择一个赛道");
	return org_is(db, in->college_id, "college", "college_id", e) ||
	               org_is(db, in->enterprise_id, "enterprise", "enterprise_id", e) ||
	               tracks_ok(db, edition, in->tracks, in->n_tracks, e)
	           ? -1
	           : 0;
}

/* Replaces a judge's tracks, in the open transaction. */
static int set_tracks(struct store *db, int64_t judge, const int64_t *tracks, size_t n,
                      struct derr *e)
{
	if (store_run(db, "DELETE FROM comp_judge_tracks WHERE judge_id = ?", "i", judge) !=
	    STORE_OK)
		return derr_store(e, db, "judge tracks");
	for (size_t i = 0; i < n; i++)
		if (store_run(db,
		              "INSERT INTO comp_judge_tracks (judge_id, track_id) VALUES (?, ?) ON"
		              " CONFLICT DO NOTHING",
		              "ii", judge, tracks[i]) != STORE_OK)
			return derr_store(e, db, "judge track");
	return 0;
}

static int judge_edition(struct store *db, int64_t judge, int64_t *edition, int64_t *account,
                         char status[16], struct derr *e)
{
	struct store_stmt *st = store_query(
	    db, "SELECT edition_id, account_id, status FROM comp_judges WHERE id = ?", "i", judge);
	if (!st)
		return derr_store(e, db, "judge");
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		*edition = store_column_int64(st, 0);
		*account = store_column_int64(st, 1);
		snprintf(status, 16, "%s", store_column_text(st, 2));
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "评委不存在");
	return rc == STORE_ROW ? 0 : derr_store(e, db, "judge");
}

int comp_judge_invite(struct store *db, const struct actor *a, int64_t edition,
                      const struct comp_judge_in *in, int64_t *id, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	int64_t ok = 0;
	int own;
	if (comp_edition_load(db, a, edition, &ed, e))
		return -1;
	if (!strcmp(ed.status, "finished"))
		return derr_set(e, DERR_RULE, "status", "大赛已结束");
	if (store_int64(db, &ok,
	                "SELECT COUNT(*) FROM accounts WHERE id = ? AND role IN ('judge', 'mentor')"
	                " AND status = 'active'",
	                "i", in->account_id) != STORE_ROW)
		return derr_store(e, db, "judge account");
	if (!ok)
		return derr_set(e, DERR_INVALID, "account_id", "评委须为有效的评委或导师账号");
	if (judge_refs(db, edition, in, e) || comp_begin(db, &own, e))
		return -1;
	int rc = store_int64(db, id,
	                     "INSERT INTO comp_judges (edition_id, account_id, college_id,"
	                     " enterprise_id, title, invited_at) VALUES (?, ?, ?, ?, ?, ?)"
	                     " RETURNING id",
	                     "iiIIti", edition, in->account_id, in->college_id, in->enterprise_id,
	                     in->title, now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "account_id", "该账号已是本届评委");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "judge invite");
	if (set_tracks(db, *id, in->tracks, in->n_tracks, e) ||
	    comp_audit(db, a, "competition.judge.invite", "comp_judge", *id, e, "账号 %lld",
	               (long long)in->account_id))
		return -1;
	return comp_commit(db, own, e);
}

int comp_judge_update(struct store *db, const struct actor *a, int64_t judge,
                      const struct comp_judge_in *in, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	int64_t edition, account;
	char status[16];
	int own;
	if (judge_edition(db, judge, &edition, &account, status, e))
		return -1;
	if (in->status && strcmp(in->status, "active") && strcmp(in->status, "declined"))
		return derr_set(e, DERR_INVALID, "status", "状态应为 active 或 declined");
	if (judge_refs(db, edition, in, e) || comp_begin(db, &own, e))
		return -1;
	if (store_run(
	        db,
	        "UPDATE comp_judges SET college_id = ?, enterprise_id = ?, title = ?, status ="
	        " COALESCE(?, status) WHERE id = ?",
	        "IItti", in->college_id, in->enterprise_id, in->title, in->status,
	        judge) != STORE_OK)
		return derr_store(e, db, "judge update");
	if (set_tracks(db, judge, in->tracks, in->n_tracks, e) ||
	    comp_audit(db, a, "competition.judge.update", "comp_judge", judge, e, "%zu 个赛道 %s",
	               in->n_tracks, in->status ? in->status : ""))
		return -1;
	return comp_commit(db, own, e);
}

int comp_judge_respond(struct store *db, const struct actor *a, int64_t judge, int accept,
                       const int64_t *tracks, size_t n_tracks, struct derr *e)
{
	int64_t edition, account, busy = 0;
	char status[16];
	int own;
	if (judge_edition(db, judge, &edition, &account, status, e))
		return -1;
	if (account != a->id)
		return derr_set(e, DERR_NOT_FOUND, NULL, "评委不存在");
	if (tracks_ok(db, edition, tracks, n_tracks, e))
		return -1;
	if (!accept) {
		if (store_int64(
		        db, &busy,
		        "SELECT COUNT(*) FROM comp_assignments x JOIN comp_rounds r ON r.id ="
		        " x.round_id WHERE x.judge_id = ? AND r.status <> 'done'",
		        "i", judge) != STORE_ROW)
			return derr_store(e, db, "judge busy");
		if (busy)
			return derr_set(e, DERR_RULE, NULL, "您已有评审任务，请联系运营人员调整");
	}
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(db, "UPDATE comp_judges SET status = ?, answered_at = ? WHERE id = ?", "tii",
	              accept ? "active" : "declined", now_seconds(), judge) != STORE_OK)
		return derr_store(e, db, "judge respond");
	if (accept && n_tracks && set_tracks(db, judge, tracks, n_tracks, e))
		return -1;
	if (comp_audit(db, a, accept ? "competition.judge.accept" : "competition.judge.decline",
	               "comp_judge", judge, e, "%zu 个赛道", n_tracks))
		return -1;
	return comp_commit(db, own, e);
}

#define JUDGE_COLUMNS                                                                              \
	"SELECT j.id, j.edition_id, j.account_id, a.display_name AS name, j.college_id, c.name AS" \
	" college, j.enterprise_id, en.name AS enterprise, j.title, j.status, j.invited_at,"       \
	" j.answered_at, (SELECT COUNT(*) FROM comp_assignments x WHERE x.judge_id = j.id) AS"     \
	" assigned, (SELECT COUNT(*) FROM comp_scores s WHERE s.judge_id = j.id AND s.status ="    \
	" 'submitted') AS submitted, (SELECT COUNT(*) FROM comp_conflicts k WHERE k.judge_id ="    \
	" j.id) AS conflicts FROM comp_judges j JOIN accounts a ON a.id = j.account_id LEFT JOIN"  \
	" organizations c ON c.id = j.college_id LEFT JOIN organizations en ON en.id ="            \
	" j.enterprise_id"

/* Adds "tracks" ([{id, name}]) to each judge row. */
static int add_tracks(struct store *db, json_t *rows, struct derr *e)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_t *t =
		    store_rows(db,
		               "SELECT tr.id, tr.name FROM comp_judge_tracks jt JOIN comp_tracks"
		               " tr ON tr.id = jt.track_id WHERE jt.judge_id = ? ORDER BY"
		               " tr.sort, tr.id",
		               "i", (int64_t)json_integer_value(json_object_get(r, "id")));
		if (!t)
			return derr_store(e, db, "judge tracks");
		json_object_set_new(r, "tracks", t);
	}
	return 0;
}

int comp_judge_get(struct store *db, const struct actor *a, int64_t judge, json_t **out,
                   struct derr *e)
{
	int64_t edition, account;
	char status[16];
	struct comp_edition_row ed;
	if (judge_edition(db, judge, &edition, &account, status, e) ||
	    comp_edition_load(db, a, edition, &ed, e))
		return -1;
	if (a->role != ROLE_OPERATOR && account != a->id)
		return derr_set(e, DERR_NOT_FOUND, NULL, "评委不存在");
	json_t *rows = store_rows(db, JUDGE_COLUMNS " WHERE j.id = ?", "i", judge);
	json_t *conflicts = store_rows(
	    db,
	    "SELECT k.id, k.team_id, t.name AS team, k.source, k.kind, k.note, k.created_at FROM"
	    " comp_conflicts k JOIN comp_teams t ON t.id = k.team_id WHERE k.judge_id = ? ORDER BY"
	    " k.team_id, k.source",
	    "i", judge);
	if (!rows || !conflicts || add_tracks(db, rows, e)) {
		json_decref(rows);
		json_decref(conflicts);
		return e->kind ? -1 : derr_store(e, db, "judge get");
	}
	json_t *row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	json_object_set_new(row, "conflict_list", conflicts);
	*out = json_pack("{s:o}", "judge", row);
	return 0;
}

int comp_judge_list(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                    struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	if (comp_edition_load(db, a, edition, &ed, e))
		return -1;
	json_t *rows =
	    store_rows(db, JUDGE_COLUMNS " WHERE j.edition_id = ? ORDER BY j.id", "i", edition);
	if (!rows)
		return derr_store(e, db, "judge list");
	if (add_tracks(db, rows, e)) {
		json_decref(rows);
		return -1;
	}
	*out = json_pack("{s:o}", "items", rows);
	return 0;
}

int comp_judging_mine(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	json_t *rows = store_rows(
	    db,
	    "SELECT j.id, j.edition_id, ed.name AS edition, ed.status AS edition_status, j.status,"
	    " j.title FROM comp_judges j JOIN comp_editions ed ON ed.id = j.edition_id WHERE"
	    " j.account_id = ? AND ed.status <> 'draft' ORDER BY j.id DESC",
	    "i", a->id);
	if (!rows)
		return derr_store(e, db, "judging mine");
	if (add_tracks(db, rows, e)) {
		json_decref(rows);
		return -1;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		/* Each round: the teams to score (assigned, not conflicted). */
		json_t *rounds = store_rows(
		    db,
		    "SELECT r.id, r.seq, r.name, r.kind, r.status, r.starts_at, r.ends_at, (SELECT"
		    " COUNT(*) FROM comp_assignments x WHERE x.round_id = r.id AND x.judge_id = ? "
		    "AND"
		    " NOT EXISTS (SELECT 1 FROM comp_conflicts k WHERE k.judge_id = x.judge_id AND"
		    " k.team_id = x.team_id)) AS assigned, (SELECT COUNT(*) FROM comp_scores s "
		    "WHERE"
		    " s.round_id = r.id AND s.judge_id = ? AND s.status = 'submitted') AS "
		    "submitted,"
		    " (SELECT COUNT(*) FROM comp_scores s WHERE s.round_id = r.id AND s.judge_id = "
		    "?"
		    " AND s.status = 'draft') AS drafts FROM comp_rounds r WHERE r.edition_id = ? "
		    "ORDER"
		    " BY r.seq",
		    "iiii", (int64_t)json_integer_value(json_object_get(r, "id")),
		    (int64_t)json_integer_value(json_object_get(r, "id")),
		    (int64_t)json_integer_value(json_object_get(r, "id")),
		    (int64_t)json_integer_value(json_object_get(r, "edition_id")));
		if (!rounds) {
			json_decref(rows);
			return derr_store(e, db, "judging rounds");
		}
		json_object_set_new(r, "rounds", rounds);
	}
	*out = json_pack("{s:o}", "items", rows);
	return 0;
}

int comp_conflict_declare(struct store *db, const struct actor *a, int64_t judge, int64_t team,
                          const char *kind, const char *note, int64_t *id, struct derr *e)
{
	int64_t edition, account, ok = 0, scored = 0;
	char status[16];
	int own;
	if (judge_edition(db, judge, &edition, &account, status, e))
		return -1;
	if (a->role != ROLE_OPERATOR && account != a->id)
		return derr_set(e, DERR_NOT_FOUND, NULL, "评委不存在");
	if (!comp_conflict_kind_valid(kind))
		return derr_set(
		    e, DERR_INVALID, "kind",
		    "回避原因应为 own_college、advised、employer、investor、personal 或 other");
	if (store_int64(db, &ok,
	                "SELECT COUNT(*) FROM comp_teams WHERE id = ? AND edition_id = ? AND status"
	                " NOT IN ('draft', 'withdrawn')",
	                "ii", team, edition) != STORE_ROW ||
	    store_int64(db, &scored,
	                "SELECT COUNT(*) FROM comp_scores WHERE judge_id = ? AND team_id = ? AND"
	                " status = 'submitted'",
	                "ii", judge, team) != STORE_ROW)
		return derr_store(e, db, "conflict");
	if (!ok)
		return derr_set(e, DERR_INVALID, "team_id", "本届没有该参赛团队");
	/* A judge who already scored the team cannot take it back alone. */
	if (scored)
		return derr_set(e, DERR_RULE, "team_id", "已提交该团队的评分，请联系运营人员处理");
	if (comp_begin(db, &own, e))
		return -1;
	int rc = store_int64(db, id,
	                     "INSERT INTO comp_conflicts (judge_id, team_id, source, kind, note,"
	                     " created_at) VALUES (?, ?, 'declared', ?, ?, ?) RETURNING id",
	                     "iitti", judge, team, kind, note, now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "team_id", "已申报过该团队的回避");
	}
	if (rc != STORE_ROW ||
	    store_run(db,
	              "DELETE FROM comp_scores WHERE judge_id = ? AND team_id = ? AND status ="
	              " 'draft'",
	              "ii", judge, team) != STORE_OK)
		return derr_store(e, db, "conflict declare");
	if (comp_audit(db, a, "competition.conflict.declare", "comp_judge", judge, e,
	               "团队 %lld：%s", (long long)team, kind))
		return -1;
	return comp_commit(db, own, e);
}

int comp_conflict_delete(struct store *db, const struct actor *a, int64_t conflict, struct derr *e)
{
	int64_t judge = 0, team = 0, account = 0;
	char source[16] = "";
	int own;
	struct store_stmt *st =
	    store_query(db,
	                "SELECT k.judge_id, k.team_id, k.source, j.account_id FROM"
	                " comp_conflicts k JOIN comp_judges j ON j.id ="
	                " k.judge_id WHERE k.id = ?",
	                "i", conflict);
	if (!st)
		return derr_store(e, db, "conflict");
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		judge = store_column_int64(st, 0);
		team = store_column_int64(st, 1);
		snprintf(source, sizeof(source), "%s", store_column_text(st, 2));
		account = store_column_int64(st, 3);
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "conflict");
	if (rc == STORE_DONE || (a->role != ROLE_OPERATOR && account != a->id))
		return derr_set(e, DERR_NOT_FOUND, NULL, "回避记录不存在");
	if (strcmp(source, "declared"))
		return derr_set(e, DERR_RULE, NULL, "平台识别的回避关系不能删除");
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(db, "DELETE FROM comp_conflicts WHERE id = ?", "i", conflict) != STORE_OK)
		return derr_store(e, db, "conflict delete");
	if (comp_audit(db, a, "competition.conflict.delete", "comp_judge", judge, e, "团队 %lld",
	               (long long)team))
		return -1;
	return comp_commit(db, own, e);
}

int comp_conflicts_refresh(struct store *db, int64_t edition, struct derr *e)
{
	/* Each known relation, one statement: judge j, team t of the edition. */
	static const char *const known[][3] = {
	    {"college",
	     "JOIN comp_members m ON m.team_id = t.id AND m.status = 'accepted' JOIN students s ON"
	     " s.id = m.student_id",
	     "j.college_id IS NOT NULL AND s.college_id = j.college_id"},
	    {"advisor", "JOIN comp_advisors v ON v.team_id = t.id",
	     "v.account_id = j.account_id OR (j.college_id IS NOT NULL AND v.college_id ="
	     " j.college_id)"},
	    {"mentor", "JOIN comp_team_mentors tm ON tm.team_id = t.id",
	     "tm.account_id = j.account_id"},
	    {"sponsor", "", "j.enterprise_id IS NOT NULL AND t.sponsor_id = j.enterprise_id"},
	};
	int64_t now = now_seconds();
	if (store_run(
	        db,
	        "DELETE FROM comp_conflicts WHERE source <> 'declared' AND judge_id IN (SELECT"
	        " id FROM comp_judges WHERE edition_id = ?)",
	        "i", edition) != STORE_OK)
		return derr_store(e, db, "conflicts refresh");
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		struct buf sql = BUF_INIT;
		buf_addf(
		    &sql,
		    "INSERT INTO comp_conflicts (judge_id, team_id, source, created_at) SELECT"
		    " DISTINCT j.id, t.id, '%s', CAST(? AS BIGINT) FROM comp_judges j JOIN "
		    "comp_teams t ON"
		    " t.edition_id = j.edition_id AND t.status <> 'withdrawn' %s WHERE (%s) AND"
		    " j.edition_id = ? ON CONFLICT DO NOTHING",
		    known[i][0], known[i][1], known[i][2]);
		int rc = store_run(db, sql.data, "ii", now, edition);
		buf_release(&sql);
		if (rc != STORE_OK)
			return derr_store(e, db, "conflicts refresh");
	}
	return 0;
}
