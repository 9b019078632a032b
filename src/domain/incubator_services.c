/* Services requested by resident projects; see incubator_services.h. */
#include "domain/incubator_services.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/incubator_internal.h"

#define SERVICE_SELECT                                                                             \
	"SELECT sv.id, sv.project_id, p.name AS project, sv.kind, sv.title, sv.detail, sv.status," \
	" sv.requested_at, rq.display_name AS requested_by, sv.assignee_id,"                       \
	" asg.display_name AS assignee, sv.assigned_at, sv.done_at, sv.result, sv.rating,"         \
	" sv.rating_comment, sv.rated_at FROM incubator_services sv JOIN incubator_projects p ON"  \
	" p.id = sv.project_id LEFT JOIN accounts rq ON rq.id = sv.requested_by LEFT JOIN"         \
	" accounts asg ON asg.id = sv.assignee_id"

static void shape(json_t *row)
{
	incubator_label_of(row, "kind");
	incubator_label_of(row, "status");
}

static int service_read(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	if (derr_found(db, store_row(db, SERVICE_SELECT " WHERE sv.id = ?", "i", id), out,
	               "service", DERR_NOT_FOUND, NULL, "服务申请不存在", e))
		return -1;
	shape(*out);
	return 0;
}

/* A service as its changes check it, and how a relates to it. */
struct service {
	int64_t id, project, assignee;
	char status[16];
	int rated;
	enum incubator_view view;
};

static int service_load(struct store *db, const struct actor *a, int64_t id, struct service *s,
                        struct derr *e)
{
	json_t *row;
	struct incubator_project p;
	if (derr_found(db,
	               store_row(db,
	                         "SELECT project_id, COALESCE(assignee_id, 0) AS assignee, status,"
	                         " rating FROM incubator_services WHERE id = ?",
	                         "i", id),
	               &row, "service", DERR_NOT_FOUND, NULL, "服务申请不存在", e))
		return -1;
	*s = (struct service){.id = id,
	                      .project = json_integer_value(json_object_get(row, "project_id")),
	                      .assignee = json_integer_value(json_object_get(row, "assignee")),
	                      .rated = json_is_integer(json_object_get(row, "rating"))};
	snprintf(s->status, sizeof(s->status), "%s",
	         json_string_value(json_object_get(row, "status")));
	json_decref(row);
	/* The assignee handles it even without seeing the project otherwise. */
	if (s->assignee == a->id) {
		s->view = INCUBATOR_VIEW_MENTOR;
		return 0;
	}
	if (incubator_project_load(db, a, s->project, INCUBATOR_VIEW_NONE, &p, e)) {
		if (e->kind == DERR_NOT_FOUND)
			e->message = "服务申请不存在";
		return -1;
	}
	s->view = p.view;
	return 0;
}

/* Begins a change of service s to `to` along the state machine: 0 with
 * a transaction open, or -1 with e. */
static int service_begin(struct store *db, const struct service *s, const char *to, struct derr *e)
{
	if (!incubator_service_step_ok(s->status, to))
		return derr_codef(e, DERR_RULE, NULL, "status", "服务%s，不能改为%s",
		                  incubator_label(s->status), incubator_label(to));
	return incubator_begin(db, e);
}

/* The end of a change: rc is its UPDATE ... WHERE status = <read>
 * RETURNING id (STORE_DONE: someone moved it meanwhile); audit, answer,
 * commit. */
static int service_finish(struct store *db, const struct actor *a, const struct service *s, int rc,
                          const char *action, const char *to, json_t **out, struct derr *e)
{
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "status", "服务状态刚被修改，请刷新");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, action);
	if (audit_write(db, a, action, "incubator_project", s->project, to, e) ||
	    service_read(db, s->id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, action, e);
}

int incubator_service_request(struct store *db, const struct actor *a, int64_t project,
                              const char *kind, const char *title, const char *detail, json_t **out,
                              struct derr *e)
{
	struct incubator_project p;
	int64_t id = 0, now = now_seconds();
	*out = NULL;
	if (incubator_project_load(db, a, project, INCUBATOR_VIEW_MEMBER, &p, e))
		return -1;
	if (strcmp(p.status, "resident"))
		return derr_set(e, DERR_RULE, "project_id", "只有在孵项目可以申请服务");
	if (incubator_begin(db, e))
		return -1;
	if (store_int64(db, &id,
	                "INSERT INTO incubator_services (project_id, kind, title, detail,"
	                " requested_by, requested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	                " RETURNING id",
	                "itttiii", project, kind, title, detail ? detail : "", a->id, now,
	                now) != STORE_ROW)
		return derr_store(e, db, "service request");
	if (audit_write(db, a, "incubator.service.request", "incubator_project", project, kind,
	                e) ||
	    service_read(db, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "service request", e);
}

int incubator_service_assign(struct store *db, const struct actor *a, int64_t id, int64_t assignee,
                             json_t **out, struct derr *e)
{
	struct service s;
	*out = NULL;
	if (a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营可以指派服务");
	if (service_load(db, a, id, &s, e) ||
	    incubator_exists(db,
	                     "SELECT COUNT(*) FROM accounts WHERE id = ? AND role IN ('operator',"
	                     " 'mentor') AND status = 'active'",
	                     assignee, "assignee_id", "只能指派给平台运营或导师", e))
		return -1;
	if (service_begin(db, &s, "assigned", e))
		return -1;
	int64_t got = 0, now = now_seconds();
	int rc = store_int64(db, &got,
	                     "UPDATE incubator_services SET status = 'assigned', assignee_id = ?,"
	                     " assigned_by = ?, assigned_at = ?, updated_at = ? WHERE id = ? AND"
	                     " status = ? RETURNING id",
	                     "iiiiit", assignee, a->id, now, now, id, s.status);
	return service_finish(db, a, &s, rc, "incubator.service.assign", "assigned", out, e);
}

int incubator_service_done(struct store *db, const struct actor *a, int64_t id, const char *result,
                           json_t **out, struct derr *e)
{
	struct service s;
	*out = NULL;
	if (service_load(db, a, id, &s, e))
		return -1;
	if (s.assignee != a->id && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有受理人可以办结服务");
	if (service_begin(db, &s, "done", e))
		return -1;
	int64_t got = 0, now = now_seconds();
	int rc =
	    store_int64(db, &got,
	                "UPDATE incubator_services SET status = 'done', result = ?, done_at = ?,"
	                " updated_at = ? WHERE id = ? AND status = ? RETURNING id",
	                "tiiit", result, now, now, id, s.status);
	return service_finish(db, a, &s, rc, "incubator.service.done", "done", out, e);
}

int incubator_service_cancel(struct store *db, const struct actor *a, int64_t id, json_t **out,
                             struct derr *e)
{
	struct service s;
	*out = NULL;
	if (service_load(db, a, id, &s, e))
		return -1;
	if (s.view != INCUBATOR_VIEW_MEMBER && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有项目成员或平台运营可以撤销服务申请");
	if (service_begin(db, &s, "cancelled", e))
		return -1;
	int64_t got = 0;
	int rc = store_int64(db, &got,
	                     "UPDATE incubator_services SET status = 'cancelled', updated_at = ?"
	                     " WHERE id = ? AND status = ? RETURNING id",
	                     "iit", now_seconds(), id, s.status);
	return service_finish(db, a, &s, rc, "incubator.service.cancel", "cancelled", out, e);
}

int incubator_service_rate(struct store *db, const struct actor *a, int64_t id, int64_t rating,
                           const char *comment, json_t **out, struct derr *e)
{
	struct service s;
	int64_t got = 0, now = now_seconds();
	*out = NULL;
	if (service_load(db, a, id, &s, e))
		return -1;
	if (s.view != INCUBATOR_VIEW_MEMBER)
		return derr_set(e, DERR_FORBIDDEN, NULL, "由申请服务的项目评价");
	if (strcmp(s.status, "done"))
		return derr_set(e, DERR_RULE, "rating", "服务办结后才能评价");
	if (s.rated)
		return derr_set(e, DERR_CONFLICT, "rating", "已经评价过这项服务");
	if (rating < 1 || rating > 5)
		return derr_set(e, DERR_INVALID, "rating", "评分应为 1–5");
	if (incubator_begin(db, e))
		return -1;
	int rc = store_int64(db, &got,
	                     "UPDATE incubator_services SET rating = ?, rating_comment = ?,"
	                     " rated_at = ?, updated_at = ? WHERE id = ? AND rating IS NULL"
	                     " RETURNING id",
	                     "itiii", rating, comment, now, now, id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "rating", "已经评价过这项服务");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "service rate");
	if (audit_write(db, a, "incubator.service.rate", "incubator_project", s.project, NULL, e) ||
	    service_read(db, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "service rate", e);
}

int incubator_services_list(struct store *db, const struct actor *a,
                            const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct buf sql;
	struct store_args args = {0};
	buf_init(&sql);
	buf_adds(&sql, SERVICE_SELECT " WHERE (sv.assignee_id = ? OR (1 = 1");
	store_args_int(&args, a->id);
	incubator_scope(a, "p", &sql, &args);
	buf_adds(&sql, "))");
	const struct incubator_cond c[] = {{" AND sv.assignee_id = ?", f->mine ? a->id : 0, NULL},
	                                   {" AND sv.project_id = ?", f->project_id, NULL},
	                                   {" AND sv.kind = ?", 0, f->kind},
	                                   {" AND sv.status = ?", 0, f->status}};
	incubator_where(&sql, &args, c, 4);
	return incubator_list_run(db, &sql, &args, "sv.requested_at DESC, sv.id", shape, items,
	                          "services", e);
}
