/*
 * Business plans (商业计划书): PDF files kept outside the database
 * (base/filestore.h), named by their SHA-256 in the team's row; and the
 * entries list judges declare conflicts against.
 *
 * Who may read a plan: the team's accepted members, its advisors with an
 * account, judges assigned to it without a conflict, operators.  Not the
 * college's other staff, not other teams, not HR.  Every download is
 * audited (who read which team's plan).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/filestore.h"
#include "base/util.h"
#include "domain/competition_internal.h"

int comp_plan_upload(struct store *db, const struct actor *a, int64_t team, const void *data,
                     size_t len, struct derr *e)
{
	struct comp_team_row t;
	char sha[65];
	int own;
	if (comp_team_leader(db, a, team, &t, "只有团队负责人可以上传计划书", e))
		return -1;
	if (strcmp(t.status, "draft"))
		return derr_set(e, DERR_RULE, "status", "团队已提交，请先撤回再修改");
	if (!len)
		return derr_set(e, DERR_INVALID, "plan", "文件为空");
	if (len > COMP_PLAN_MAX)
		return derr_set(e, DERR_INVALID, "plan", "商业计划书不能超过 10 MB");
	if (!comp_plan_is_pdf(data, len))
		return derr_set(e, DERR_INVALID, "plan", "文件不是 PDF");
	/* The bytes first: a row never names a file that is not there. */
	if (filestore_put(data, len, sha))
		return derr_internal(e, "plan: the files directory refused the upload");
	if (comp_begin(db, &own, e))
		return -1;
	if (store_run(
	        db,
	        "UPDATE comp_teams SET plan_sha256 = ?, plan_size = ?, plan_name = ?, plan_at ="
	        " ?, updated_at = ? WHERE id = ?",
	        "titiii", sha, (int64_t)len, "plan.pdf", now_seconds(), now_seconds(),
	        team) != STORE_OK)
		return derr_store(e, db, "plan");
	if (comp_audit(db, a, "competition.plan.upload", "comp_team", team, e,
	               "%zu 字节 sha256 %.16s", len, sha))
		return -1;
	return comp_commit(db, own, e);
}

int comp_plan_open(struct store *db, const struct actor *a, int64_t team, int *fd, size_t *len,
                   const char **filename, struct derr *e)
{
	struct comp_team_row t;
	enum comp_access see;
	int own;
	if (comp_team_load(db, a, team, &t, e) || comp_team_access(db, a, &t, &see, e))
		return -1;
	if (see != COMP_SEE_OPERATOR && see != COMP_SEE_LEADER && see != COMP_SEE_MEMBER &&
	    see != COMP_SEE_ADVISOR && see != COMP_SEE_JUDGE)
		return derr_set(e, see == COMP_SEE_NONE ? DERR_NOT_FOUND : DERR_FORBIDDEN, NULL,
		                see == COMP_SEE_NONE ? "团队不存在" : "无权查看该团队的商业计划书");
	if (!t.plan_sha256[0])
		return derr_set(e, DERR_NOT_FOUND, "plan", "该团队尚未上传商业计划书");
	if (filestore_open(t.plan_sha256, fd, len))
		return derr_internal(e, "plan: the file named by the team is missing");
	if (comp_begin(db, &own, e) ||
	    comp_audit(db, a, "competition.plan.download", "comp_team", team, e, "%s",
	               see == COMP_SEE_JUDGE ? "judge" : "team") ||
	    comp_commit(db, own, e)) {
		close(*fd);
		*fd = -1;
		return -1;
	}
	*filename = "business-plan.pdf";
	return 0;
}

int comp_entries(struct store *db, const struct actor *a, int64_t edition, json_t **out,
                 struct derr *e)
{
	struct comp_edition_row ed;
	int64_t judge;
	if (comp_edition_load(db, a, edition, &ed, e))
		return -1;
	if (a->role != ROLE_OPERATOR && comp_actor_judge(db, a, edition, 0, &judge, e))
		return -1;
	/* The project, its track and college: what a judge recognises a
	 * conflict by.  No members, no plan, no scores. */
	json_t *rows = store_rows(
	    db,
	    "SELECT t.id, t.name, tr.name AS track, c.name AS college FROM comp_teams t JOIN"
	    " comp_tracks tr ON tr.id = t.track_id JOIN organizations c ON c.id = t.college_id "
	    "WHERE"
	    " t.edition_id = ? AND t.status NOT IN ('draft', 'withdrawn') ORDER BY tr.sort, t.id",
	    "i", edition);
	if (!rows)
		return derr_store(e, db, "entries");
	*out = json_pack("{s:o}", "items", rows);
	return 0;
}
