/*
 * Awards (获奖): certificates with a verification code, incubator seat
 * offers recorded on a prize (入驻孵化; the incubator's side is its own
 * area), and appeals (申诉) within the edition's window after a round.
 */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/competition_internal.h"

#define CERT_COLUMNS                                                                               \
	"SELECT w.id AS award_id, w.team_id, w.code, ed.name AS edition, ed.year, tr.name AS"      \
	" track, t.name AS project, c.name AS college, w.prize, w.rank, w.names, w.advisors,"      \
	" w.issued_at, w.seat_offer, w.seat_status FROM comp_awards w JOIN comp_editions ed ON"    \
	" ed.id = w.edition_id JOIN comp_tracks tr ON tr.id = w.track_id JOIN comp_teams t ON"     \
	" t.id = w.team_id JOIN organizations c ON c.id = t.college_id"

/* names and advisors are stored as JSON text; shown as arrays. */
static void cert_shape(json_t *c)
{
	static const char *const lists[] = {"names", "advisors"};
	for (size_t i = 0; i < 2; i++) {
		const char *s = json_string_value(json_object_get(c, lists[i]));
		json_t *v = s ? json_loads(s, 0, NULL) : NULL;
		json_object_set_new(c, lists[i], v ? v : json_array());
	}
	const char *prize = json_string_value(json_object_get(c, "prize"));
	json_object_set_new(c, "prize_label", json_string(comp_prize_label(prize)));
	const char *code = json_string_value(json_object_get(c, "code"));
	json_object_set_new(c, "verify_path", json_sprintf("/verify/%s", code ? code : ""));
}

/* The award's team and the caller's access to it. */
static int award_team(struct store *db, const struct actor *a, int64_t award,
                      struct comp_team_row *t, enum comp_access *see, struct derr *e)
{
	int64_t team = 0;
	int rc = store_int64(db, &team, "SELECT team_id FROM comp_awards WHERE id = ?", "i", award);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "获奖记录不存在");
	if (rc != STORE_ROW)
		return derr_store(e, db, "award");
	if (comp_team_load(db, a, team, t, e) || comp_team_access(db, a, t, see, e))
		return -1;
	return 0;
}

int comp_award_certificate(struct store *db, const struct actor *a, int64_t award, json_t **out,
                           struct derr *e)
{
	struct comp_team_row t;
	enum comp_access see;
	if (award_team(db, a, award, &t, &see, e))
		return -1;
	if (see != COMP_SEE_OPERATOR && see != COMP_SEE_LEADER && see != COMP_SEE_MEMBER &&
	    see != COMP_SEE_ADVISOR)
		return derr_set(e, DERR_NOT_FOUND, NULL, "获奖记录不存在");
	json_t *c = store_row(db, CERT_COLUMNS " WHERE w.id = ?", "i", award);
	if (!json_is_object(c)) {
		json_decref(c);
		return derr_store(e, db, "certificate");
	}
	cert_shape(c);
	*out = json_pack("{s:o}", "certificate", c);
	return 0;
}

int comp_certificate_verify(struct store *db, const char *code, json_t **out, struct derr *e)
{
	char norm[COMP_CODE_LEN + 1];
	if (!comp_cert_code_norm(code, norm))
		return derr_set(e, DERR_NOT_FOUND, NULL, "证书编号无效");
	json_t *c = store_row(db, CERT_COLUMNS " WHERE w.code = ?", "t", norm);
	if (!c)
		return derr_store(e, db, "verify");
	if (!json_is_object(c)) {
		json_decref(c);
		return derr_set(e, DERR_NOT_FOUND, NULL, "证书编号无效");
	}
	cert_shape(c);
	/* What the certificate says, nothing about the records behind it. */
	static const char *const internal[] = {"award_id", "team_id", "seat_offer", "seat_status",
	                                       "rank"};
	for (size_t i = 0; i < sizeof(internal) / sizeof(internal[0]); i++)
		json_object_del(c, internal[i]);
	json_object_set_new(c, "valid", json_true());
	*out = json_pack("{s:o}", "certificate", c);
	return 0;
}

/* An award's seat status into status[16]. */
static int seat_status(struct store *db, int64_t award, char status[16], struct derr *e)
{
	struct store_stmt *st =
	    store_query(db, "SELECT seat_status FROM comp_awards WHERE id = ?", "i", award);
	int rc = comp_one(st);
	status[0] = '\0';
	if (rc == STORE_ROW)
		snprintf(status, 16, "%s", store_column_text(st, 0));
	store_finalize(st);
	return rc == STORE_ERROR ? derr_store(e, db, "seat") : 0;
}

int comp_award_seat_offer(struct store *db, const struct actor *a, int64_t award, const char *offer,
                          struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_team_row t;
	enum comp_access see;
	char status[16] = "";
	int own;
	if (award_team(db, a, award, &t, &see, e))
		return -1;
	if (seat_status(db, award, status, e))
		return -1;
	if (!strcmp(status, "accepted"))
		return derr_set(e, DERR_CONFLICT, "offer", "团队已接受入驻邀请");
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(db,
	              "UPDATE comp_awards SET seat_offer = ?, seat_status = 'offered',"
	              " seat_offered_at = ?, seat_answered_at = NULL WHERE id = ?",
	              "tii", offer, now_seconds(), award) != STORE_OK)
		return derr_store(e, db, "seat offer");
	if (comp_audit(db, a, "competition.award.seat_offer", "comp_award", award, e, "%s", offer))
		return -1;
	return comp_commit(db, own, e);
}

int comp_award_seat_answer(struct store *db, const struct actor *a, int64_t award, int accept,
                           struct derr *e)
{
	struct comp_team_row t;
	enum comp_access see;
	char status[16] = "";
	int own;
	if (award_team(db, a, award, &t, &see, e))
		return -1;
	if (see != COMP_SEE_LEADER)
		return derr_set(e, see == COMP_SEE_MEMBER ? DERR_FORBIDDEN : DERR_NOT_FOUND, NULL,
		                see == COMP_SEE_MEMBER ? "只有团队负责人可以答复"
		                                       : "获奖记录不存在");
	if (seat_status(db, award, status, e))
		return -1;
	if (strcmp(status, "offered"))
		return derr_set(e, DERR_CONFLICT, NULL, "没有待答复的入驻邀请");
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(db,
	              "UPDATE comp_awards SET seat_status = ?, seat_answered_at = ? WHERE id = ?",
	              "tii", accept ? "accepted" : "declined", now_seconds(), award) != STORE_OK)
		return derr_store(e, db, "seat answer");
	if (comp_audit(db, a, "competition.award.seat_answer", "comp_award", award, e, "%s",
	               accept ? "accepted" : "declined"))
		return -1;
	return comp_commit(db, own, e);
}

/* ---- appeals ---- */

int comp_appeal_file(struct store *db, const struct actor *a, int64_t team, int64_t round,
                     const char *text, int64_t *id, struct derr *e)
{
	struct comp_team_row t;
	struct comp_round_row r;
	struct comp_edition_row ed;
	enum comp_access see;
	int64_t in_round = 0;
	int own;
	if (comp_team_load(db, a, team, &t, e) || comp_team_access(db, a, &t, &see, e))
		return -1;
	if (see != COMP_SEE_LEADER && see != COMP_SEE_MEMBER)
		return derr_set(e, DERR_NOT_FOUND, NULL, "团队不存在");
	if (comp_round_load(db, a, round, &r, e) || comp_edition_load(db, a, t.edition_id, &ed, e))
		return -1;
	if (store_int64(db, &in_round,
	                "SELECT COUNT(*) FROM comp_round_teams WHERE round_id = ? AND team_id = ?",
	                "ii", round, team) != STORE_ROW)
		return derr_store(e, db, "appeal");
	if (!in_round || r.edition_id != t.edition_id)
		return derr_set(e, DERR_INVALID, "round_id", "团队未参加该轮比赛");
	if (strcmp(r.status, "done"))
		return derr_set(e, DERR_RULE, "round_id", "该轮结果尚未公布");
	if (!comp_appeal_in_window(r.done_at, (int)ed.appeal_days, now_seconds()))
		return derr_set(e, DERR_RULE, "round_id", "已过申诉期");
	if (comp_begin(db, &own, e))
		return -1;
	int rc = store_int64(db, id,
	                     "INSERT INTO comp_appeals (team_id, round_id, author_id, text,"
	                     " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	                     "iiiti", team, round, a->id, text, now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "round_id", "该轮已有待处理的申诉");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "appeal");
	if (comp_audit(db, a, "competition.appeal.file", "comp_appeal", *id, e,
	               "团队 %lld 第 %lld 轮", (long long)team, (long long)r.seq))
		return -1;
	return comp_commit(db, own, e);
}

/* An upheld appeal of an eliminated team: it goes on to the next round,
 * while that round has not started (in the open transaction). */
static int reinstate(struct store *db, int64_t team, const struct comp_round_row *r, struct derr *e)
{
	int64_t next = 0;
	char outcome[16] = "", next_status[16] = "";
	struct store_stmt *st = store_query(
	    db, "SELECT outcome FROM comp_round_teams WHERE round_id = ? AND team_id = ?", "ii",
	    r->id, team);
	int rc = comp_one(st);
	if (rc == STORE_ROW)
		snprintf(outcome, sizeof(outcome), "%s", store_column_text(st, 0));
	store_finalize(st);
	if (rc == STORE_ERROR)
		return derr_store(e, db, "reinstate");
	st = store_query(db, "SELECT id, status FROM comp_rounds WHERE edition_id = ? AND seq = ?",
	                 "ii", r->edition_id, r->seq + 1);
	if ((rc = comp_one(st)) == STORE_ROW) {
		next = store_column_int64(st, 0);
		snprintf(next_status, sizeof(next_status), "%s", store_column_text(st, 1));
	}
	store_finalize(st);
	if (rc == STORE_ERROR)
		return derr_store(e, db, "reinstate");
	if (strcmp(outcome, "eliminated") || r->is_final || !next || strcmp(next_status, "setup")) {
		store_rollback(db);
		return derr_set(e, DERR_RULE, "reinstate",
		                "只能在下一轮开始评审前，恢复本轮未晋级的团队");
	}
	if (comp_team_set_status(db, team, "eliminated", "promoted", e))
		return comp_abort(db);
	if (store_run(db,
	              "UPDATE comp_round_teams SET outcome = 'promoted' WHERE round_id = ? AND"
	              " team_id = ?",
	              "ii", r->id, team) != STORE_OK ||
	    store_run(db, "UPDATE comp_teams SET round_seq = ? WHERE id = ?", "ii", r->seq + 1,
	              team) != STORE_OK ||
	    store_run(db, "INSERT INTO comp_round_teams (round_id, team_id) VALUES (?, ?)", "ii",
	              next, team) != STORE_OK)
		return derr_store(e, db, "reinstate");
	return 0;
}

int comp_appeal_answer(struct store *db, const struct actor *a, int64_t appeal, int upheld,
                       const char *reply, int reinstate_team, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_round_row r;
	int64_t team = 0, round = 0;
	char status[16] = "";
	int own;
	struct store_stmt *st = store_query(
	    db, "SELECT team_id, round_id, status FROM comp_appeals WHERE id = ?", "i", appeal);
	int rc = comp_one(st);
	if (rc == STORE_ROW) {
		team = store_column_int64(st, 0);
		round = store_column_int64(st, 1);
		snprintf(status, sizeof(status), "%s", store_column_text(st, 2));
	}
	store_finalize(st);
	if (rc == STORE_ERROR)
		return derr_store(e, db, "appeal");
	if (!team)
		return derr_set(e, DERR_NOT_FOUND, NULL, "申诉不存在");
	if (strcmp(status, "open"))
		return derr_set(e, DERR_CONFLICT, NULL, "该申诉已答复");
	if (reinstate_team && !upheld)
		return derr_set(e, DERR_INVALID, "reinstate", "驳回的申诉不能恢复晋级");
	if (comp_round_load(db, a, round, &r, e) || comp_begin(db, &own, e))
		return -1;
	if (store_run(
	        db,
	        "UPDATE comp_appeals SET status = ?, reply = ?, answered_by = ?, answered_at = ?"
	        " WHERE id = ?",
	        "ttiii", upheld ? "upheld" : "rejected", reply, a->id, now_seconds(),
	        appeal) != STORE_OK)
		return derr_store(e, db, "appeal answer");
	if (reinstate_team && reinstate(db, team, &r, e))
		return -1;
	if (comp_audit(db, a, "competition.appeal.answer", "comp_appeal", appeal, e, "%s%s",
	               upheld ? "upheld" : "rejected", reinstate_team ? "，恢复晋级" : ""))
		return -1;
	return comp_commit(db, own, e);
}

int comp_appeal_list(struct store *db, const struct actor *a, int64_t edition, const char *status,
                     json_t **out, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_edition_row ed;
	if (comp_edition_load(db, a, edition, &ed, e))
		return -1;
	json_t *rows = store_rows(
	    db,
	    "SELECT p.id, p.team_id, t.name AS team, p.round_id, r.name AS round, p.text, p.status,"
	    " p.reply, p.created_at, p.answered_at, rt.outcome, rt.rank FROM comp_appeals p JOIN"
	    " comp_teams t ON t.id = p.team_id JOIN comp_rounds r ON r.id = p.round_id LEFT JOIN"
	    " comp_round_teams rt ON rt.round_id = p.round_id AND rt.team_id = p.team_id WHERE"
	    " t.edition_id = ? AND p.status = COALESCE(?, p.status) ORDER BY p.id DESC",
	    "it", edition, status);
	if (!rows)
		return derr_store(e, db, "appeals");
	*out = json_pack("{s:o}", "items", rows);
	return 0;
}
