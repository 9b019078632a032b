/* Mentors, sessions and ratings; see incubator_mentors.h. */
#include "domain/incubator_mentors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/incubator_internal.h"

#define SESSION_SELECT                                                                             \
	"SELECT ms.id, ms.project_id, p.name AS project, ms.mentor_id, ac.display_name AS mentor," \
	" ms.starts_at, ms.ends_at, ms.booking_id, r.name AS room, ms.topic, ms.status,"           \
	" ms.outcome, ms.rating, ms.rating_comment, ms.rated_at, ms.created_at FROM"               \
	" incubator_mentor_sessions ms JOIN incubator_projects p ON p.id = ms.project_id"          \
	" JOIN accounts ac ON ac.id = ms.mentor_id LEFT JOIN incubator_bookings b ON"              \
	" b.id = ms.booking_id LEFT JOIN incubator_rooms r ON r.id = b.room_id"

static void shape(json_t *row)
{
	incubator_iso(row, "starts_at", "start");
	incubator_iso(row, "ends_at", "end");
	incubator_label_of(row, "status");
}

static int session_read(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	if (derr_found(db, store_row(db, SESSION_SELECT " WHERE ms.id = ?", "i", id), out,
	               "session", DERR_NOT_FOUND, NULL, "辅导记录不存在", e))
		return -1;
	shape(*out);
	return 0;
}

int incubator_mentor_assign(struct store *db, const struct actor *a, int64_t project,
                            int64_t mentor, int remove, json_t **out, struct derr *e)
{
	struct incubator_project p;
	*out = NULL;
	if (incubator_project_load(db, a, project, INCUBATOR_VIEW_OPERATOR, &p, e) ||
	    incubator_exists(db, "SELECT COUNT(*) FROM accounts WHERE id = ? AND role = 'mentor'",
	                     mentor, "mentor_id", "导师账号不存在", e) ||
	    incubator_begin(db, e))
		return -1;
	int rc = remove ? store_run(db,
	                            "DELETE FROM incubator_mentors WHERE project_id = ? AND"
	                            " mentor_id = ?",
	                            "ii", project, mentor)
	                : store_run(db,
	                            "INSERT INTO incubator_mentors (project_id, mentor_id,"
	                            " assigned_by, assigned_at) VALUES (?, ?, ?, ?)",
	                            "iiii", project, mentor, a->id, now_seconds());
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "mentor_id", "该导师已在指导这个项目");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "mentor assign");
	*out = store_rows(db,
	                  "SELECT mm.mentor_id, ac.display_name AS name, mm.assigned_at FROM"
	                  " incubator_mentors mm JOIN accounts ac ON ac.id = mm.mentor_id WHERE"
	                  " mm.project_id = ? ORDER BY mm.assigned_at",
	                  "i", project);
	if (!*out)
		return derr_store(e, db, "mentor list");
	if (audit_write(db, a, remove ? "incubator.mentor.remove" : "incubator.mentor.assign",
	                "incubator_project", project, NULL, e)) {
		json_decref(*out);
		*out = NULL;
		return incubator_fail(db);
	}
	return derr_commit(db, out, "mentor assign", e);
}

int incubator_mentors_list(struct store *db, const struct actor *a,
                           const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct store_args args = {0};
	struct buf sql;
	buf_init(&sql);
	buf_adds(&sql,
	         "SELECT ac.id AS mentor_id, ac.display_name AS name, (SELECT COUNT(*) FROM"
	         " incubator_mentors mm JOIN incubator_projects p ON p.id = mm.project_id WHERE"
	         " mm.mentor_id = ac.id AND p.status = 'resident') AS projects, (SELECT COUNT(*)"
	         " FROM incubator_mentor_sessions ms WHERE ms.mentor_id = ac.id) AS sessions,"
	         " (SELECT COUNT(*) FROM incubator_mentor_sessions ms WHERE ms.mentor_id = ac.id"
	         " AND ms.status = 'done') AS sessions_done, (SELECT ROUND(AVG(ms.rating), 1) FROM"
	         " incubator_mentor_sessions ms WHERE ms.mentor_id = ac.id AND ms.rating IS NOT"
	         " NULL) AS rating FROM accounts ac WHERE ac.role = 'mentor' AND ac.status ="
	         " 'active'");
	if (a->role == ROLE_MENTOR || f->mentor_id) {
		buf_adds(&sql, " AND ac.id = ?");
		store_args_int(&args, a->role == ROLE_MENTOR ? a->id : f->mentor_id);
	} else if (a->role != ROLE_OPERATOR && a->role != ROLE_COLLEGE) {
		buf_adds(&sql, " AND 1 = 0");
	}
	buf_adds(&sql, " ORDER BY ac.id");
	int rc = buf_failed(&sql) ? derr_internal(e, "mentors: out of memory")
	                          : incubator_rows(db, sql.data, &args, items, "mentors", e);
	buf_release(&sql);
	if (rc)
		return -1;
	/* ROUND(AVG) is numeric on PostgreSQL, text through libpq: a number
	 * for both backends. */
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row)
	{
		json_t *r = json_object_get(row, "rating");
		if (json_is_string(r))
			json_object_set_new(row, "rating", json_real(atof(json_string_value(r))));
	}
	return 0;
}

/* 1 when mentor is assigned to project. */
static int mentors(struct store *db, int64_t project, int64_t mentor, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM incubator_mentors WHERE project_id = ? AND"
	                " mentor_id = ?",
	                "ii", project, mentor) != STORE_ROW)
		return derr_store(e, db, "mentor of");
	return n > 0;
}

int incubator_session_create(struct store *db, const struct actor *a,
                             const struct incubator_session_input *in, json_t **out,
                             json_t **conflict, struct derr *e)
{
	struct incubator_project p;
	struct incubator_room room;
	int64_t mentor = a->role == ROLE_MENTOR ? a->id : in->mentor_id, booking = 0, id = 0;
	int64_t now = now_seconds();
	*out = *conflict = NULL;
	if (incubator_project_load(db, a, in->project_id, INCUBATOR_VIEW_MENTOR, &p, e))
		return -1;
	if (strcmp(p.status, "resident"))
		return derr_set(e, DERR_RULE, "project_id", "只有在孵项目可以预约导师辅导");
	int is = mentor ? mentors(db, in->project_id, mentor, e) : 0;
	if (is < 0)
		return -1;
	if (!is)
		return derr_set(e, DERR_INVALID, "mentor_id", "请选择本项目的导师");
	if (in->end <= in->start)
		return derr_set(e, DERR_INVALID, "end", "结束时间应晚于开始时间");
	if (in->start < now)
		return derr_code(e, DERR_RULE, "in_past", "start", "开始时间已经过去");
	if (in->room_id && incubator_room_load(db, in->room_id, &room, e))
		return -1;
	if (incubator_begin(db, e))
		return -1;
	if (in->room_id) {
		char title[300];
		snprintf(title, sizeof(title), "导师辅导：%s", in->topic);
		struct incubator_booking_req req = {
		    .room = &room,
		    .booker = a->role == ROLE_MENTOR ? INCUBATOR_MENTOR : INCUBATOR_RESIDENT,
		    .project_id = a->role == ROLE_MENTOR ? 0 : in->project_id,
		    .start = in->start,
		    .end = in->end,
		    .title = title};
		if (incubator_book(db, a, &req, now, &booking, conflict, e))
			return incubator_fail(db);
	}
	if (store_int64(db, &id,
	                "INSERT INTO incubator_mentor_sessions (project_id, mentor_id, starts_at,"
	                " ends_at, booking_id, topic, created_by, created_at, updated_at) VALUES"
	                " (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                "iiiiItiii", in->project_id, mentor, in->start, in->end, booking, in->topic,
	                a->id, now, now) != STORE_ROW)
		return derr_store(e, db, "session");
	if (audit_write(db, a, "incubator.session.create", "incubator_project", in->project_id,
	                NULL, e) ||
	    session_read(db, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "session", e);
}

/* Loads session id's project, mentor, status and booking. */
static int session_load(struct store *db, int64_t id, int64_t *project, int64_t *mentor,
                        int64_t *booking, char status[16], struct derr *e)
{
	json_t *row;
	if (derr_found(db,
	               store_row(db,
	                         "SELECT project_id, mentor_id, COALESCE(booking_id, 0) AS booking,"
	                         " status, rating FROM incubator_mentor_sessions WHERE id = ?",
	                         "i", id),
	               &row, "session", DERR_NOT_FOUND, NULL, "辅导记录不存在", e))
		return -1;
	*project = json_integer_value(json_object_get(row, "project_id"));
	*mentor = json_integer_value(json_object_get(row, "mentor_id"));
	*booking = json_integer_value(json_object_get(row, "booking"));
	snprintf(status, 16, "%s", json_string_value(json_object_get(row, "status")));
	if (json_is_integer(json_object_get(row, "rating")))
		snprintf(status, 16, "rated");
	json_decref(row);
	return 0;
}

int incubator_session_log(struct store *db, const struct actor *a, int64_t id, const char *status,
                          const char *outcome, json_t **out, struct derr *e)
{
	int64_t project, mentor, booking;
	char now_status[16];
	*out = NULL;
	if (session_load(db, id, &project, &mentor, &booking, now_status, e))
		return -1;
	if (a->id != mentor && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有该导师可以记录辅导");
	if (strcmp(now_status, "planned"))
		return derr_set(e, DERR_CONFLICT, "status", "该辅导已记录或已取消");
	int done = !strcmp(status, "done");
	if (done && (!outcome || !*outcome))
		return derr_set(e, DERR_INVALID, "outcome", "请填写辅导成果");
	if (incubator_begin(db, e))
		return -1;
	int64_t now = now_seconds();
	if (store_run(db,
	              "UPDATE incubator_mentor_sessions SET status = ?, outcome = ?, updated_at = ?"
	              " WHERE id = ?",
	              "ttii", done ? "done" : "cancelled", outcome, now, id) != STORE_OK ||
	    (!done && booking &&
	     store_run(db,
	               "UPDATE incubator_bookings SET status = 'cancelled', cancelled_at = ?,"
	               " cancelled_by = ?, updated_at = ? WHERE id = ? AND status IN ('held',"
	               " 'confirmed')",
	               "iiii", now, a->id, now, booking) != STORE_OK))
		return derr_store(e, db, "session log");
	if (audit_write(db, a, "incubator.session.log", "incubator_project", project, status, e) ||
	    session_read(db, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "session log", e);
}

int incubator_session_rate(struct store *db, const struct actor *a, int64_t id, int64_t rating,
                           const char *comment, json_t **out, struct derr *e)
{
	struct incubator_project p;
	int64_t project, mentor, booking;
	char status[16];
	*out = NULL;
	if (session_load(db, id, &project, &mentor, &booking, status, e) ||
	    incubator_project_load(db, a, project, INCUBATOR_VIEW_MEMBER, &p, e))
		return -1;
	if (!strcmp(status, "rated"))
		return derr_set(e, DERR_CONFLICT, "rating", "已经评价过这次辅导");
	if (strcmp(status, "done"))
		return derr_set(e, DERR_RULE, "rating", "辅导完成后才能评价");
	if (rating < 1 || rating > 5)
		return derr_set(e, DERR_INVALID, "rating", "评分应为 1–5");
	if (incubator_begin(db, e))
		return -1;
	if (store_run(db,
	              "UPDATE incubator_mentor_sessions SET rating = ?, rating_comment = ?,"
	              " rated_at = ?, updated_at = ? WHERE id = ? AND rating IS NULL",
	              "itiii", rating, comment, now_seconds(), now_seconds(), id) != STORE_OK)
		return derr_store(e, db, "session rate");
	if (audit_write(db, a, "incubator.session.rate", "incubator_project", project, NULL, e) ||
	    session_read(db, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "session rate", e);
}

int incubator_sessions_list(struct store *db, const struct actor *a,
                            const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct buf sql;
	struct store_args args = {0};
	buf_init(&sql);
	buf_adds(&sql, SESSION_SELECT " WHERE 1 = 1");
	incubator_scope(a, "p", &sql, &args);
	const struct incubator_cond c[] = {{" AND ms.project_id = ?", f->project_id, NULL},
	                                   {" AND ms.mentor_id = ?", f->mentor_id, NULL},
	                                   {" AND ms.status = ?", 0, f->status}};
	incubator_where(&sql, &args, c, 3);
	return incubator_list_run(db, &sql, &args, "ms.starts_at DESC, ms.id", shape, items,
	                          "sessions", e);
}
