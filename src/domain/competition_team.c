/* Teams (参赛团队): forming, members and invitations, advisors, mentors, reading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/competition_internal.h"

/* The caller must be the leader of a team in draft (the only editable state). */
static int leader_of_draft(struct store *db, const struct actor *a, int64_t team,
                           struct comp_team_row *t, struct derr *e)
{
	if (comp_team_leader(db, a, team, t, "只有团队负责人可以修改团队", e))
		return -1;
	if (strcmp(t->status, "draft"))
		return derr_set(e, DERR_RULE, "status", "团队已提交，请先撤回再修改");
	return 0;
}

/* What a team form must hold beyond lengths (the api checks those). */
static int team_rules(struct store *db, int64_t edition, const struct comp_team_in *in,
                      struct derr *e)
{
	int64_t n = 0;
	if (in->video_url && strncmp(in->video_url, "https://", 8) &&
	    strncmp(in->video_url, "http://", 7))
		return derr_set(e, DERR_INVALID, "video_url",
		                "视频链接应以 http:// 或 https:// 开头");
	if (store_int64(db, &n, "SELECT COUNT(*) FROM comp_tracks WHERE id = ? AND edition_id = ?",
	                "ii", in->track_id, edition) != STORE_ROW)
		return derr_store(e, db, "team track");
	if (!n)
		return derr_set(e, DERR_INVALID, "track_id", "赛道不属于本届大赛");
	if (!in->sponsor_id)
		return 0;
	if (store_int64(
	        db, &n,
	        "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = 'enterprise' AND"
	        " status = 'active'",
	        "i", in->sponsor_id) != STORE_ROW)
		return derr_store(e, db, "team sponsor");
	return n ? 0 : derr_set(e, DERR_INVALID, "sponsor_id", "支持企业不存在");
}

static int name_conflict(int rc, struct store *db, struct derr *e)
{
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "name", "本届已有同名的参赛项目");
	}
	return derr_store(e, db, "team write");
}

int comp_team_create(struct store *db, const struct actor *a, int64_t edition,
                     const struct comp_team_in *in, int64_t *id, struct derr *e)
{
	struct comp_edition_row ed;
	int64_t sid, college = 0, now = now_seconds();
	int own;
	if (comp_edition_load(db, a, edition, &ed, e) || comp_actor_student(db, a, &sid, e))
		return -1;
	if (strcmp(ed.status, "open") || now > ed.submit_deadline)
		return derr_set(e, DERR_RULE, "status", "本届大赛不在报名期");
	if (team_rules(db, edition, in, e))
		return -1;
	if (store_int64(db, &college, "SELECT college_id FROM students WHERE id = ?", "i", sid) !=
	    STORE_ROW)
		return derr_store(e, db, "team college");
	if (comp_begin(db, &own, e))
		return -1;
	int rc = store_int64(
	    db, id,
	    "INSERT INTO comp_teams (edition_id, track_id, name, summary, leader_id,"
	    " college_id, sponsor_id, video_url, created_at, updated_at) VALUES (?,"
	    " ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iittiiItii", edition, in->track_id, in->name, in->summary ? in->summary : "", sid,
	    college, in->sponsor_id, in->video_url, now, now);
	if (rc != STORE_ROW)
		return name_conflict(rc, db, e);
	rc = store_run(
	    db,
	    "INSERT INTO comp_members (team_id, student_id, edition_id, is_leader, status,"
	    " invited_at, answered_at) VALUES (?, ?, ?, 1, 'accepted', ?, ?)",
	    "iiiii", *id, sid, edition, now, now);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "你已是本届另一个团队的成员");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "team leader");
	if (comp_audit(db, a, "competition.team.create", "comp_team", *id, e, "%s", in->name))
		return -1;
	return comp_commit(db, own, e);
}

int comp_team_update(struct store *db, const struct actor *a, int64_t team,
                     const struct comp_team_in *in, struct derr *e)
{
	struct comp_team_row t;
	int own;
	if (leader_of_draft(db, a, team, &t, e) || team_rules(db, t.edition_id, in, e) ||
	    comp_begin(db, &own, e))
		return -1;
	int rc =
	    store_run(db,
	              "UPDATE comp_teams SET track_id = ?, name = ?, summary = ?, sponsor_id = ?,"
	              " video_url = ?, updated_at = ? WHERE id = ?",
	              "ittItii", in->track_id, in->name, in->summary ? in->summary : "",
	              in->sponsor_id, in->video_url, now_seconds(), team);
	if (rc != STORE_OK)
		return name_conflict(rc, db, e);
	if (comp_audit(db, a, "competition.team.update", "comp_team", team, e, "%s", in->name))
		return -1;
	return comp_commit(db, own, e);
}

/* ---- reading a team ---- */

#define TEAM_COLUMNS                                                                               \
	"SELECT t.id, t.edition_id, ed.name AS edition, t.track_id, tr.name AS track, t.name,"     \
	" t.summary, t.college_id, c.name AS college, t.status, t.round_seq, t.video_url,"         \
	" CASE WHEN t.plan_sha256 IS NULL THEN 0 ELSE 1 END AS has_plan, t.plan_size,"             \
	" t.plan_at, t.sponsor_id, sp.name AS sponsor, t.created_at, t.submitted_at,"              \
	" t.endorsed_at, t.reasons, t.return_reason, ed.status AS edition_status FROM comp_teams " \
	"t"                                                                                        \
	" JOIN comp_editions ed ON ed.id = t.edition_id JOIN comp_tracks tr ON tr.id ="            \
	" t.track_id JOIN organizations c ON c.id = t.college_id LEFT JOIN organizations sp ON"    \
	" sp.id = t.sponsor_id"

static const char *const access_names[] = {
    [COMP_SEE_NONE] = "none",       [COMP_SEE_OPERATOR] = "operator", [COMP_SEE_LEADER] = "leader",
    [COMP_SEE_MEMBER] = "member",   [COMP_SEE_ADVISOR] = "advisor",   [COMP_SEE_JUDGE] = "judge",
    [COMP_SEE_COLLEGE] = "college", [COMP_SEE_INVITEE] = "invitee",
};

/* reasons is stored as JSON text; shown as an array. */
static void reasons_as_array(json_t *team)
{
	const char *s = json_string_value(json_object_get(team, "reasons"));
	json_t *v = s ? json_loads(s, 0, NULL) : NULL;
	json_object_set_new(team, "reasons", v ? v : json_array());
}

static int attach(json_t *team, const char *key, json_t *rows, struct store *db, struct derr *e)
{
	if (!rows)
		return derr_store(e, db, key);
	json_object_set_new(team, key, rows);
	return 0;
}

int comp_team_get(struct store *db, const struct actor *a, int64_t team, json_t **out,
                  struct derr *e)
{
	struct comp_team_row t;
	enum comp_access see;
	if (comp_team_load(db, a, team, &t, e) || comp_team_access(db, a, &t, &see, e))
		return -1;
	if (see == COMP_SEE_NONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "团队不存在");
	json_t *row = store_row(db, TEAM_COLUMNS " WHERE t.id = ?", "i", team);
	if (!row)
		return derr_store(e, db, "team get");
	json_object_set_new(row, "status_label", json_string(comp_team_status_label(t.status)));
	json_object_set_new(row, "my_access", json_string(access_names[see]));
	if (see == COMP_SEE_JUDGE) {
		/* A judge reads the project, not the people: no members,
		 * advisors, reasons or results of other rounds. */
		json_object_del(row, "reasons");
		json_object_del(row, "return_reason");
		*out = json_pack("{s:o}", "team", row);
		return 0;
	}
	reasons_as_array(row);
	int rc = attach(row, "members",
	                store_rows(db,
	                           "SELECT m.student_id, s.name, s.college_id, c.name AS college,"
	                           " s.major_code, m.is_leader, m.status, m.invited_at,"
	                           " m.answered_at FROM comp_members m JOIN students s ON s.id ="
	                           " m.student_id JOIN organizations c ON c.id = s.college_id WHERE"
	                           " m.team_id = ? AND m.status IN ('invited', 'accepted') ORDER BY"
	                           " m.is_leader DESC, m.invited_at, m.student_id",
	                           "i", team),
	                db, e);
	rc = rc ? rc
	        : attach(row, "advisors",
	                 store_rows(db,
	                            "SELECT v.id, v.account_id, v.name, v.college_id, c.name AS"
	                            " college, v.title FROM comp_advisors v LEFT JOIN organizations"
	                            " c ON c.id = v.college_id WHERE v.team_id = ? ORDER BY v.seq",
	                            "i", team),
	                 db, e);
	/* The team's own results: rounds that are done, never a judge's name. */
	rc = rc ? rc
	        : attach(
	              row, "rounds",
	              store_rows(db,
	                         "SELECT r.id AS round_id, r.seq, r.name, r.status, rt.outcome,"
	                         " CASE WHEN r.status = 'done' THEN rt.rank END AS rank,"
	                         " CASE WHEN r.status = 'done' THEN rt.normalized END AS"
	                         " normalized, CASE WHEN r.status = 'done' THEN rt.raw_mean END AS"
	                         " raw_mean, rt.prize, r.done_at FROM comp_round_teams rt JOIN"
	                         " comp_rounds r ON r.id = rt.round_id WHERE rt.team_id = ? ORDER"
	                         " BY r.seq",
	                         "i", team),
	              db, e);
	rc = rc ? rc
	        : attach(row, "appeals",
	                 store_rows(db,
	                            "SELECT id, round_id, text, status, reply, created_at,"
	                            " answered_at FROM comp_appeals WHERE team_id = ? ORDER BY id",
	                            "i", team),
	                 db, e);
	rc =
	    rc ? rc
	       : attach(row, "award",
	                store_row(db,
	                          "SELECT id, prize, rank, code, issued_at, seat_offer, seat_status"
	                          " FROM comp_awards WHERE team_id = ?",
	                          "i", team),
	                db, e);
	if (!rc && see == COMP_SEE_OPERATOR)
		rc = attach(row, "mentors",
		            store_rows(db,
		                       "SELECT m.account_id, a.display_name AS name FROM"
		                       " comp_team_mentors m JOIN accounts a ON a.id = m.account_id"
		                       " WHERE m.team_id = ? ORDER BY m.account_id",
		                       "i", team),
		            db, e);
	if (rc) {
		json_decref(row);
		return -1;
	}
	*out = json_pack("{s:o}", "team", row);
	return 0;
}

int comp_team_list(struct store *db, const struct actor *a, int64_t edition,
                   const struct comp_team_filter *f, json_t **out, struct derr *e)
{
	struct comp_edition_row ed;
	if (comp_edition_load(db, a, edition, &ed, e))
		return -1;
	struct store_args args = {0};
	struct buf where = BUF_INIT;
	char *like = NULL;
	buf_adds(&where, " WHERE t.edition_id = ?");
	store_args_int(&args, edition);
	if (a->role == ROLE_COLLEGE) {
		buf_adds(&where, " AND t.college_id = ?");
		store_args_int(&args, a->org_id);
	} else if (f->college_id) {
		buf_adds(&where, " AND t.college_id = ?");
		store_args_int(&args, f->college_id);
	}
	if (f->track_id) {
		buf_adds(&where, " AND t.track_id = ?");
		store_args_int(&args, f->track_id);
	}
	if (f->status) {
		buf_adds(&where, " AND t.status = ?");
		store_args_text(&args, f->status);
	}
	if (f->q) {
		like = store_like_contains(f->q);
		buf_adds(&where, " AND t.name LIKE ? ESCAPE '\\'");
		store_args_text(&args, like);
	}
	struct buf sql = BUF_INIT;
	int64_t total = 0;
	buf_addf(&sql, "SELECT COUNT(*) FROM comp_teams t%s", where.data);
	int rc = store_int64_args(db, &total, sql.data, &args);
	json_t *items = NULL;
	if (rc == STORE_ROW) {
		buf_reset(&sql);
		buf_addf(
		    &sql,
		    "SELECT t.id, t.name, t.track_id, tr.name AS track, t.college_id, c.name AS"
		    " college, s.name AS leader, (SELECT COUNT(*) FROM comp_members m WHERE"
		    " m.team_id = t.id AND m.status = 'accepted') AS members, t.status,"
		    " t.round_seq, CASE WHEN t.plan_sha256 IS NULL THEN 0 ELSE 1 END AS has_plan,"
		    " t.submitted_at, t.endorsed_at, t.reasons FROM comp_teams t JOIN comp_tracks"
		    " tr ON tr.id = t.track_id JOIN organizations c ON c.id = t.college_id JOIN"
		    " students s ON s.id = t.leader_id%s ORDER BY t.id LIMIT ? OFFSET ?",
		    where.data);
		store_args_int(&args, f->page_size);
		store_args_int(&args, (f->page - 1) * f->page_size);
		items = store_rows_args(db, sql.data, &args);
	}
	buf_release(&sql);
	buf_release(&where);
	free(like);
	if (!items)
		return derr_store(e, db, "team list");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		reasons_as_array(it);
		json_object_set_new(it, "status_label",
		                    json_string(comp_team_status_label(
		                        json_string_value(json_object_get(it, "status")))));
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
	                 (json_int_t)f->page, "page_size", (json_int_t)f->page_size);
	return 0;
}

int comp_team_mine(struct store *db, const struct actor *a, json_t **out, struct derr *e)
{
	int64_t sid;
	if (comp_actor_student(db, a, &sid, e))
		return -1;
	json_t *rows = store_rows(
	    db,
	    "SELECT t.id, t.edition_id, ed.name AS edition, ed.status AS edition_status, t.name,"
	    " tr.name AS track, t.status, t.round_seq, CASE WHEN m.status = 'invited' THEN"
	    " 'invitee' WHEN m.is_leader = 1 THEN 'leader' ELSE 'member' END AS my_role,"
	    " (SELECT s.name FROM students s WHERE s.id = t.leader_id) AS leader FROM comp_members "
	    "m"
	    " JOIN comp_teams t ON t.id = m.team_id JOIN comp_editions ed ON ed.id = t.edition_id"
	    " JOIN comp_tracks tr ON tr.id = t.track_id WHERE m.student_id = ? AND m.status IN"
	    " ('invited', 'accepted') AND ed.status <> 'draft' ORDER BY t.id DESC",
	    "i", sid);
	if (!rows)
		return derr_store(e, db, "my teams");
	size_t i;
	json_t *it;
	json_array_foreach(rows, i, it) json_object_set_new(
	    it, "status_label",
	    json_string(comp_team_status_label(json_string_value(json_object_get(it, "status")))));
	*out = json_pack("{s:o}", "items", rows);
	return 0;
}

/* ---- members ---- */

/* Whether student is a member or invitee of team: *n 1 or 0. */
static int present(struct store *db, int64_t team, int64_t student, int64_t *n, struct derr *e)
{
	if (store_int64(db, n,
	                "SELECT COUNT(*) FROM comp_members WHERE team_id = ? AND student_id = ? AND"
	                " status IN ('invited', 'accepted')",
	                "ii", team, student) != STORE_ROW)
		return derr_store(e, db, "member");
	return 0;
}

int comp_team_invite(struct store *db, const struct actor *a, int64_t team, int64_t college_id,
                     const char *student_no, const char *name, struct derr *e)
{
	struct comp_team_row t;
	struct comp_edition_row ed;
	int64_t sid = 0, members = 0, now = now_seconds();
	int own;
	if (leader_of_draft(db, a, team, &t, e) || comp_edition_load(db, a, t.edition_id, &ed, e))
		return -1;
	struct store_stmt *st = store_query(db,
	                                    "SELECT id, name FROM students WHERE college_id = ? AND"
	                                    " student_no = ? AND closed_at IS NULL",
	                                    "it", college_id, student_no);
	int rc = comp_one(st);
	if (rc == STORE_ROW && !strcmp(store_column_text(st, 1), name))
		sid = store_column_int64(st, 0);
	store_finalize(st);
	if (rc == STORE_ERROR)
		return derr_store(e, db, "invite lookup");
	/* A wrong name answers like an unknown number: no fishing for students. */
	if (!sid)
		return derr_set(e, DERR_NOT_FOUND, "student_no",
		                "未找到该学生，请核对院校、学号和姓名");
	if (store_int64(db, &members,
	                "SELECT COUNT(*) FROM comp_members WHERE team_id = ? AND status IN"
	                " ('invited', 'accepted')",
	                "i", team) != STORE_ROW)
		return derr_store(e, db, "invite count");
	if (members >= ed.max_members)
		return derr_set(e, DERR_RULE, "student_no", "团队人数已达上限");
	int64_t in_team = 0;
	if (present(db, team, sid, &in_team, e))
		return -1;
	if (in_team)
		return derr_set(e, DERR_CONFLICT, "student_no", "该学生已在团队中或已被邀请");
	if (comp_begin(db, &own, e))
		return -1;
	/* Someone who declined or left may be invited again. */
	if (store_run(
	        db,
	        "INSERT INTO comp_members (team_id, student_id, edition_id, status, invited_at)"
	        " VALUES (?, ?, ?, 'invited', ?) ON CONFLICT (team_id, student_id) DO UPDATE"
	        " SET status = 'invited', invited_at = excluded.invited_at, answered_at = NULL",
	        "iiii", team, sid, t.edition_id, now) != STORE_OK)
		return derr_store(e, db, "invite");
	if (comp_audit(db, a, "competition.team.invite", "comp_team", team, e, "学生 %lld",
	               (long long)sid))
		return -1;
	return comp_commit(db, own, e);
}

int comp_team_remove(struct store *db, const struct actor *a, int64_t team, int64_t student,
                     struct derr *e)
{
	struct comp_team_row t;
	int own;
	if (leader_of_draft(db, a, team, &t, e))
		return -1;
	if (student == t.leader_id)
		return derr_set(e, DERR_RULE, "student_id", "负责人不能移出自己的团队");
	int64_t in_team = 0;
	if (present(db, team, student, &in_team, e))
		return -1;
	if (!in_team)
		return derr_set(e, DERR_NOT_FOUND, "student_id", "该学生不在团队中");
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(
	        db,
	        "UPDATE comp_members SET status = 'left', answered_at = ? WHERE team_id = ? AND"
	        " student_id = ? AND status IN ('invited', 'accepted')",
	        "iii", now_seconds(), team, student) != STORE_OK)
		return derr_store(e, db, "member remove");
	if (comp_audit(db, a, "competition.team.remove", "comp_team", team, e, "学生 %lld",
	               (long long)student))
		return -1;
	return comp_commit(db, own, e);
}

int comp_team_answer(struct store *db, const struct actor *a, int64_t team, int accept,
                     struct derr *e)
{
	struct comp_team_row t;
	struct comp_edition_row ed;
	enum comp_access see;
	int64_t sid, members = 0;
	int own;
	if (comp_team_load(db, a, team, &t, e) || comp_team_access(db, a, &t, &see, e))
		return -1;
	if (see != COMP_SEE_INVITEE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "没有待回复的邀请");
	if (strcmp(t.status, "draft"))
		return derr_set(e, DERR_RULE, "status", "团队已提交，邀请已失效");
	if (comp_actor_student(db, a, &sid, e) || comp_edition_load(db, a, t.edition_id, &ed, e))
		return -1;
	if (accept &&
	    store_int64(
	        db, &members,
	        "SELECT COUNT(*) FROM comp_members WHERE team_id = ? AND status = 'accepted'", "i",
	        team) != STORE_ROW)
		return derr_store(e, db, "answer count");
	if (accept && members >= ed.max_members)
		return derr_set(e, DERR_RULE, NULL, "团队人数已达上限");
	if (comp_begin(db, &own, e))
		return -1;
	int rc =
	    store_run(db,
	              "UPDATE comp_members SET status = ?, answered_at = ? WHERE team_id = ? AND"
	              " student_id = ? AND status = 'invited'",
	              "tiii", accept ? "accepted" : "declined", now_seconds(), team, sid);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "你已是本届另一个团队的成员");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "answer");
	if (comp_audit(db, a, accept ? "competition.team.join" : "competition.team.decline",
	               "comp_team", team, e, "学生 %lld", (long long)sid))
		return -1;
	return comp_commit(db, own, e);
}

int comp_team_advisors(struct store *db, const struct actor *a, int64_t team,
                       const struct comp_advisor_in *in, size_t n, struct derr *e)
{
	struct comp_team_row t;
	int own;
	if (n < 1 || n > 2)
		return derr_set(e, DERR_INVALID, "advisors", "指导教师应为 1–2 人");
	if (leader_of_draft(db, a, team, &t, e) || comp_begin(db, &own, e))
		return -1;
	if (store_run(db, "DELETE FROM comp_advisors WHERE team_id = ?", "i", team) != STORE_OK)
		return derr_store(e, db, "advisors");
	for (size_t i = 0; i < n; i++) {
		int rc;
		if (in[i].account_id) {
			/* A college account: its name and college are the account's. */
			rc = store_run(
			    db,
			    "INSERT INTO comp_advisors (team_id, seq, account_id, name,"
			    " college_id, title) SELECT ?, ?, id, display_name, org_id, ? FROM"
			    " accounts WHERE id = ? AND role = 'college' AND status = 'active'",
			    "iiti", team, (int64_t)i + 1, in[i].title, in[i].account_id);
		} else {
			int64_t ok = 1;
			if (in[i].college_id &&
			    store_int64(db, &ok,
			                "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind ="
			                " 'college'",
			                "i", in[i].college_id) != STORE_ROW)
				return derr_store(e, db, "advisor college");
			if (!ok || !in[i].name) {
				store_rollback(db);
				return derr_set(e, DERR_INVALID, "advisors",
				                in[i].name ? "指导教师的院校不存在"
				                           : "请填写指导教师姓名");
			}
			rc = store_run(
			    db,
			    "INSERT INTO comp_advisors (team_id, seq, name, college_id, title)"
			    " VALUES (?, ?, ?, ?, ?)",
			    "iitIt", team, (int64_t)i + 1, in[i].name, in[i].college_id,
			    in[i].title);
		}
		if (rc != STORE_OK)
			return derr_store(e, db, "advisor");
	}
	int64_t have = 0;
	if (store_int64(db, &have, "SELECT COUNT(*) FROM comp_advisors WHERE team_id = ?", "i",
	                team) != STORE_ROW)
		return derr_store(e, db, "advisors count");
	if ((size_t)have != n) {
		store_rollback(db);
		return derr_set(e, DERR_INVALID, "advisors", "指导教师账号应为有效的院校账号");
	}
	if (comp_audit(db, a, "competition.team.advisors", "comp_team", team, e, "%zu 位", n))
		return -1;
	return comp_commit(db, own, e);
}

int comp_team_mentors(struct store *db, const struct actor *a, int64_t team, const int64_t *ids,
                      size_t n, struct derr *e)
{
	if (comp_operator(a, e))
		return -1;
	struct comp_team_row t;
	int own;
	if (comp_team_load(db, a, team, &t, e) || comp_begin(db, &own, e))
		return -1;
	if (store_run(db, "DELETE FROM comp_team_mentors WHERE team_id = ?", "i", team) != STORE_OK)
		return derr_store(e, db, "mentors");
	for (size_t i = 0; i < n; i++) {
		int64_t ok = 0;
		if (store_int64(db, &ok,
		                "SELECT COUNT(*) FROM accounts WHERE id = ? AND role = 'mentor'",
		                "i", ids[i]) != STORE_ROW)
			return derr_store(e, db, "mentor");
		if (!ok) {
			store_rollback(db);
			return derr_set(e, DERR_INVALID, "mentor_ids", "导师账号不存在");
		}
		if (store_run(db,
		              "INSERT INTO comp_team_mentors (team_id, account_id) VALUES (?, ?)",
		              "ii", team, ids[i]) != STORE_OK)
			return derr_store(e, db, "mentor");
	}
	if (comp_audit(db, a, "competition.team.mentors", "comp_team", team, e, "%zu 位", n))
		return -1;
	return comp_commit(db, own, e);
}

int comp_team_withdraw(struct store *db, const struct actor *a, int64_t team, struct derr *e)
{
	struct comp_team_row t;
	int own;
	if (comp_team_leader(db, a, team, &t, "只有团队负责人可以撤回参赛", e))
		return -1;
	if (comp_begin(db, &own, e) || comp_team_set_status(db, team, t.status, "withdrawn", e))
		return comp_abort(db);
	/* Members are free to join another team of the edition. */
	if (store_run(
	        db,
	        "UPDATE comp_members SET status = 'left', answered_at = ? WHERE team_id = ? AND"
	        " status IN ('invited', 'accepted')",
	        "ii", now_seconds(), team) != STORE_OK)
		return derr_store(e, db, "withdraw members");
	if (comp_audit(db, a, "competition.team.withdraw", "comp_team", team, e, "%s -> withdrawn",
	               t.status))
		return -1;
	return comp_commit(db, own, e);
}
