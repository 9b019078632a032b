/*
 * Who sees which resident project (the access matrix of incubator.h):
 * one SQL condition that every list and lookup uses, and the loading of
 * one project as the caller sees it.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "domain/incubator_internal.h"

void incubator_scope(const struct actor *a, const char *alias, struct buf *where,
                     struct store_args *args)
{
	switch (a->role) {
	case ROLE_OPERATOR:
		buf_adds(where, " AND 1 = 1");
		break;
	case ROLE_STUDENT:
		buf_addf(where,
		         " AND %s.id IN (SELECT project_id FROM incubator_members WHERE"
		         " account_id = ?)",
		         alias);
		store_args_int(args, a->id);
		break;
	case ROLE_MENTOR:
		buf_addf(where,
		         " AND %s.id IN (SELECT project_id FROM incubator_mentors WHERE"
		         " mentor_id = ?)",
		         alias);
		store_args_int(args, a->id);
		break;
	case ROLE_COLLEGE:
		/* Their college's projects, and projects with one of their
		 * students (a student keeps the college after graduating). */
		buf_addf(where,
		         " AND (%s.college_id = ? OR %s.id IN (SELECT m.project_id FROM"
		         " incubator_members m JOIN students s ON s.account_id = m.account_id"
		         " WHERE s.college_id = ?))",
		         alias, alias);
		store_args_int(args, a->org_id);
		store_args_int(args, a->org_id);
		break;
	default:
		buf_adds(where, " AND 1 = 0");
	}
}

/* The caller's relation to a project it sees. */
static int view_of(struct store *db, const struct actor *a, int64_t id, enum incubator_view *v,
                   struct derr *e)
{
	int64_t n = 0;
	*v = INCUBATOR_VIEW_COLLEGE;
	if (a->role == ROLE_OPERATOR) {
		*v = INCUBATOR_VIEW_OPERATOR;
		return 0;
	}
	if (a->role != ROLE_STUDENT && a->role != ROLE_MENTOR)
		return 0;
	int rc = a->role == ROLE_STUDENT
	             ? store_int64(db, &n,
	                           "SELECT COUNT(*) FROM incubator_members WHERE project_id = ?"
	                           " AND account_id = ?",
	                           "ii", id, a->id)
	             : store_int64(db, &n,
	                           "SELECT COUNT(*) FROM incubator_mentors WHERE project_id = ?"
	                           " AND mentor_id = ?",
	                           "ii", id, a->id);
	if (rc != STORE_ROW)
		return derr_store(e, db, "project view");
	*v = a->role == ROLE_STUDENT ? INCUBATOR_VIEW_MEMBER : INCUBATOR_VIEW_MENTOR;
	return 0;
}

int incubator_project_load(struct store *db, const struct actor *a, int64_t id,
                           enum incubator_view at_least, struct incubator_project *p,
                           struct derr *e)
{
	struct buf sql;
	struct store_args args = {0};
	buf_init(&sql);
	buf_adds(&sql, "SELECT p.id, COALESCE(p.college_id, 0), COALESCE(p.site_id, 0),"
	               " COALESCE(p.enterprise_id, 0), COALESCE(p.applied_by, 0),"
	               " COALESCE(p.agreement_start, 0), COALESCE(p.agreement_end, 0), p.status,"
	               " p.name FROM incubator_projects p WHERE p.id = ?");
	store_args_int(&args, id);
	incubator_scope(a, "p", &sql, &args);
	struct store_stmt *st = buf_failed(&sql) ? NULL : store_query_args(db, sql.data, &args);
	buf_release(&sql);
	int rc = st ? store_step(st) : STORE_ERROR;
	*p = (struct incubator_project){0};
	if (rc == STORE_ROW) {
		int64_t *v[] = {
		    &p->id,         &p->college_id,      &p->site_id,      &p->enterprise_id,
		    &p->applied_by, &p->agreement_start, &p->agreement_end};
		for (int i = 0; i < 7; i++)
			*v[i] = store_column_int64(st, i);
		snprintf(p->status, sizeof(p->status), "%s", store_column_text(st, 7));
		snprintf(p->name, sizeof(p->name), "%s", store_column_text(st, 8));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "project load");
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "入驻项目不存在");
	if (view_of(db, a, id, &p->view, e))
		return -1;
	if (p->view < at_least)
		return derr_set(e, DERR_FORBIDDEN, NULL,
		                at_least == INCUBATOR_VIEW_OPERATOR ? "只有平台运营可以执行此操作"
		                : at_least == INCUBATOR_VIEW_MEMBER
		                    ? "只有项目成员可以执行此操作"
		                    : "只有项目成员或其导师可以执行此操作");
	return 0;
}

int incubator_resident_project(struct store *db, const struct actor *a, int64_t project,
                               struct incubator_project *p, struct derr *e)
{
	int64_t n = 0, only = 0;
	if (!project) {
		struct store_stmt *st = store_query(
		    db,
		    "SELECT p.id FROM incubator_projects p JOIN incubator_members m ON"
		    " m.project_id = p.id WHERE m.account_id = ? AND p.status = 'resident'"
		    " ORDER BY p.id",
		    "i", a->id);
		int rc;
		while (st && (rc = store_step(st)) == STORE_ROW) {
			only = store_column_int64(st, 0);
			n++;
		}
		store_finalize(st);
		if (!st || rc != STORE_DONE)
			return derr_store(e, db, "resident project");
		if (n == 0)
			return derr_code(e, DERR_FORBIDDEN, "not_resident", NULL,
			                 "只有在孵项目的成员可以预约，请先申请入驻");
		if (n > 1)
			return derr_set(e, DERR_INVALID, "project_id",
			                "您在多个在孵项目中，请选择为哪个项目预约");
		project = only;
	}
	if (incubator_project_load(db, a, project, INCUBATOR_VIEW_MEMBER, p, e))
		return -1;
	if (strcmp(p->status, "resident"))
		return derr_code(e, DERR_FORBIDDEN, "not_resident", "project_id",
		                 "该项目不在孵化期内，不能预约");
	return 0;
}
