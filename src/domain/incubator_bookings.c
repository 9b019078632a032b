/* Room bookings: holds, series, cancellation, no-shows, check-in; see incubator_bookings.h. */
#include "domain/incubator_bookings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/vec.h"
#include "domain/audit.h"
#include "domain/incubator_internal.h"

/* A hold whose time ran out reads as expired before a write sweeps it. */
#define STATUS_NOW                                                                                 \
	"CASE WHEN b.status = 'held' AND b.hold_until <= ? THEN 'expired' ELSE b.status END"

/* The booking as its owner sees it; the first '?' is now (STATUS_NOW). */
#define BOOKING_SELECT                                                                             \
	"SELECT b.id, b.room_id, r.name AS room, z.name AS zone, s.name AS site, b.start_at,"      \
	" b.end_at, " STATUS_NOW " AS status, b.hold_until, b.title, b.booked_by,"                 \
	" ac.display_name AS booker, b.booker_kind, b.project_id, p.name AS project,"              \
	" b.activity_id, b.series_id, b.checked_in_at, b.cancelled_at, b.created_at"               \
	" FROM incubator_bookings b JOIN incubator_rooms r ON r.id = b.room_id"                    \
	" JOIN incubator_zones z ON z.id = r.zone_id JOIN incubator_sites s ON s.id = z.site_id"   \
	" JOIN accounts ac ON ac.id = b.booked_by"                                                 \
	" LEFT JOIN incubator_projects p ON p.id = b.project_id"

/* Bookings that are the caller's: theirs, or their projects'. */
#define MINE                                                                                       \
	" (b.booked_by = ? OR b.project_id IN (SELECT project_id FROM incubator_members WHERE "    \
	"account_id = ?))"

static const struct pass_kind door_passes = {
    "SKYR",
    "incubator-door",
    "other_room",
    {"有效", "不是本平台的房间签到码", "签到码校验失败（伪造或被篡改）", "这是其他房间的签到码",
     "签到码已过期，请联系平台更换门牌"},
};

static void shape(json_t *row)
{
	incubator_iso(row, "start_at", "start");
	incubator_iso(row, "end_at", "end");
	incubator_label_of(row, "status");
}

int incubator_room_load(struct store *db, int64_t id, struct incubator_room *r, struct derr *e)
{
	struct store_stmt *st = store_query(
	    db,
	    "SELECT r.id, r.zone_id, z.site_id, COALESCE(s.college_id, 0), r.bookable, r.capacity,"
	    " r.book_roles, r.open_from, r.open_to, r.open_days, r.slot_minutes, r.max_minutes,"
	    " r.advance_days, r.week_quota_minutes, r.name FROM incubator_rooms r JOIN"
	    " incubator_zones z ON z.id = r.zone_id JOIN incubator_sites s ON s.id = z.site_id"
	    " WHERE r.id = ?",
	    "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		int64_t v[14];
		for (int i = 0; i < 14; i++)
			v[i] = store_column_int64(st, i);
		*r = (struct incubator_room){
		    .id = v[0],
		    .zone_id = v[1],
		    .site_id = v[2],
		    .college_id = v[3],
		    .bookable = (int)v[4],
		    .capacity = (int)v[5],
		    .rules = {(int)v[6], (int)v[7], (int)v[8], (int)v[9], (int)v[10], (int)v[11],
		              (int)v[12], (int)v[13]},
		};
		snprintf(r->name, sizeof(r->name), "%s", store_column_text(st, 14));
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, "room_id", "房间不存在");
	return rc == STORE_ROW ? 0 : derr_store(e, db, "room load");
}

json_t *incubator_booking_public(struct store *db, int64_t id)
{
	json_t *row = store_row(db,
	                        "SELECT b.id, b.room_id, b.start_at, b.end_at, " STATUS_NOW
	                        " AS status FROM incubator_bookings b WHERE b.id = ?",
	                        "ii", now_seconds(), id);
	if (json_is_object(row))
		shape(row);
	return row;
}

/* The first live booking of the room overlapping [start, end), public
 * shape; json_null() when none; NULL on a store failure. */
static json_t *overlapped(struct store *db, int64_t room, int64_t start, int64_t end)
{
	int64_t id = 0;
	int rc = store_int64(
	    db, &id,
	    "SELECT id FROM incubator_bookings WHERE room_id = ? AND status IN " INCUBATOR_LIVE
	    " AND start_at < ? AND end_at > ? ORDER BY start_at, id LIMIT 1",
	    "iii", room, end, start);
	if (rc == STORE_DONE)
		return json_null();
	return rc == STORE_ROW ? incubator_booking_public(db, id) : NULL;
}

static int conflict_of(struct store *db, json_t *c, json_t **conflict, struct derr *e)
{
	char from[INCUBATOR_TIME_MAX], to[INCUBATOR_TIME_MAX];
	if (!c)
		return derr_store(e, db, "booking conflict");
	incubator_time_format(json_integer_value(json_object_get(c, "start_at")), from);
	incubator_time_format(json_integer_value(json_object_get(c, "end_at")), to);
	*conflict = c;
	/* "2026-12-08T14:00" and "15:00": the day and the hours. */
	return derr_codef(e, DERR_CONFLICT, "conflict", "start",
	                  "该时段与已有预约冲突（预约号 %lld，%.10s %.5s–%.5s）",
	                  (long long)json_integer_value(json_object_get(c, "id")), from, from + 11,
	                  to + 11);
}

int incubator_book(struct store *db, const struct actor *a, const struct incubator_booking_req *req,
                   int64_t now, int64_t *id, json_t **conflict, struct derr *e)
{
	const struct incubator_room *room = req->room;
	int64_t used = 0;
	*id = 0;
	*conflict = NULL;
	if (!room->bookable && req->booker != INCUBATOR_OPERATOR)
		return derr_set(e, DERR_RULE, "room_id", "该房间不开放预约");
	if (incubator_booking_check(&room->rules, req->booker, req->start, req->end, now, e))
		return -1;
	if (req->project_id && req->booker == INCUBATOR_RESIDENT) {
		int64_t week = incubator_week_start(req->start);
		/* The project's row lock makes the count and the insert one step
		 * among its members' concurrent bookings. */
		if (incubator_lock(db, "incubator_projects", req->project_id, "入驻项目不存在", e))
			return -1;
		if (store_int64(
		        db, &used,
		        "SELECT COALESCE(SUM(end_at - start_at), 0) FROM incubator_bookings"
		        " WHERE project_id = ? AND room_id = ? AND status IN " INCUBATOR_LIVE
		        " AND start_at >= ? AND start_at < ? AND NOT (status = 'held' AND"
		        " hold_until <= ?)",
		        "iiiii", req->project_id, room->id, week, week + 7 * 86400,
		        now) != STORE_ROW)
			return derr_store(e, db, "booking quota");
		if (incubator_quota_check(&room->rules, used, req->start, req->end, e))
			return -1;
	}
	/* Expired holds give their slot back before anything is inserted. */
	if (store_run(db,
	              "UPDATE incubator_bookings SET status = 'expired', updated_at = ? WHERE"
	              " room_id = ? AND status = 'held' AND hold_until <= ?",
	              "iii", now, room->id, now) != STORE_OK)
		return derr_store(e, db, "booking sweep");
	json_t *c = overlapped(db, room->id, req->start, req->end);
	if (!json_is_null(c))
		return conflict_of(db, c, conflict, e);
	/* The database has the last word: a concurrent booking that our look
	 * could not see yet is refused here (STORE_EXCLUDED), and the savepoint
	 * keeps the transaction usable to name it. */
	if (store_exec(db, "SAVEPOINT incubator_book") != STORE_OK)
		return derr_store(e, db, "booking savepoint");
	int rc = store_int64(
	    db, id,
	    "INSERT INTO incubator_bookings (room_id, start_at, end_at, status, hold_until, title,"
	    " booked_by, booker_kind, project_id, activity_id, series_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iiitItitIIIii", room->id, req->start, req->end, req->hold ? "held" : "confirmed",
	    req->hold ? now + INCUBATOR_HOLD_SECONDS : 0, req->title, a->id,
	    incubator_booker_name(req->booker), req->project_id, req->activity_id, req->series_id,
	    now, now);
	if (rc == STORE_EXCLUDED) {
		*id = 0;
		if (store_exec(db, "ROLLBACK TO SAVEPOINT incubator_book") != STORE_OK)
			return derr_store(e, db, "booking savepoint");
		return conflict_of(db, overlapped(db, room->id, req->start, req->end), conflict, e);
	}
	if (rc != STORE_ROW || store_exec(db, "RELEASE SAVEPOINT incubator_book") != STORE_OK)
		return derr_store(e, db, "booking insert");
	return 0;
}

/* Who a is as a booker, and for which resident project. */
static int booker_of(struct store *db, const struct actor *a, int64_t project, int *booker,
                     int64_t *project_out, struct derr *e)
{
	struct incubator_project p;
	*project_out = 0;
	switch (a->role) {
	case ROLE_OPERATOR:
		*booker = INCUBATOR_OPERATOR;
		if (project &&
		    incubator_project_load(db, a, project, INCUBATOR_VIEW_OPERATOR, &p, e))
			return -1;
		*project_out = project;
		return 0;
	case ROLE_MENTOR:
		*booker = INCUBATOR_MENTOR;
		return 0;
	case ROLE_COLLEGE:
		*booker = INCUBATOR_COLLEGE;
		return 0;
	case ROLE_STUDENT:
		*booker = INCUBATOR_RESIDENT;
		if (incubator_resident_project(db, a, project, &p, e))
			return -1;
		*project_out = p.id;
		return 0;
	default:
		return derr_set(e, DERR_FORBIDDEN, NULL, "没有预约孵化场地的权限");
	}
}

/* Booking id as its owner sees it, inside or outside a transaction. */
static json_t *booking_full(struct store *db, int64_t id)
{
	json_t *row = store_row(db, BOOKING_SELECT " WHERE b.id = ?", "ii", now_seconds(), id);
	if (json_is_object(row))
		shape(row);
	return row;
}

int incubator_booking_create(struct store *db, const struct actor *a,
                             const struct incubator_booking_input *in, json_t **out,
                             json_t **conflict, struct derr *e)
{
	struct incubator_room room;
	struct incubator_booking_req req = {.room = &room,
	                                    .start = in->start,
	                                    .end = in->end,
	                                    .title = in->title,
	                                    .hold = in->hold};
	int64_t id = 0;
	*out = *conflict = NULL;
	if (incubator_room_load(db, in->room_id, &room, e) ||
	    booker_of(db, a, in->project_id, &req.booker, &req.project_id, e) ||
	    incubator_begin(db, e) ||
	    incubator_book(db, a, &req, now_seconds(), &id, conflict, e) ||
	    audit_write(db, a, in->hold ? "incubator.booking.hold" : "incubator.booking.create",
	                "incubator_booking", id, NULL, e) ||
	    derr_found(db, booking_full(db, id), out, "booking", DERR_INTERNAL, NULL, "", e))
		return incubator_fail(db);
	return derr_commit(db, out, "booking create", e);
}

/* One occurrence the series could not book, for the report. */
static json_t *refused(const struct incubator_slot *o, const struct derr *why, json_t *conflict)
{
	json_t *r =
	    json_pack("{s:I, s:I, s:s, s:s, s:o}", "start_at", (json_int_t)o->start, "end_at",
	              (json_int_t)o->end, "code", why->code ? why->code : derr_kind_code(why->kind),
	              "message", why->message ? why->message : "", "conflict",
	              conflict ? conflict : json_null());
	shape(r);
	return r;
}

/* The live bookings of room over the series' span (taken: rows with
 * "id", "start_at", "end_at", a new reference) and, per occurrence, the
 * index of the booking it overlaps or -1 (incubator_series_conflicts). */
static int series_taken(struct store *db, int64_t room, const struct incubator_slot *occ, int n,
                        int64_t now, long *hit, json_t **taken, struct derr *e)
{
	*taken = store_rows(db,
	                    "SELECT id, start_at, end_at FROM incubator_bookings WHERE room_id = ?"
	                    " AND status IN " INCUBATOR_LIVE " AND NOT (status = 'held' AND"
	                    " hold_until <= ?) AND start_at < ? AND end_at > ?",
	                    "iiii", room, now, occ[n - 1].end, occ[0].start);
	if (!*taken)
		return derr_store(e, db, "series taken");
	size_t m = json_array_size(*taken);
	struct incubator_slot *t = malloc((m ? m : 1) * sizeof(*t));
	if (!t)
		return derr_internal(e, "series: out of memory");
	for (size_t i = 0; i < m; i++) {
		json_t *row = json_array_get(*taken, i);
		t[i] = (struct incubator_slot){json_integer_value(json_object_get(row, "start_at")),
		                               json_integer_value(json_object_get(row, "end_at"))};
	}
	long rc = incubator_series_conflicts(occ, (size_t)n, t, m, hit);
	free(t);
	return rc < 0 ? derr_internal(e, "series: out of memory") : 0;
}

int incubator_booking_series(struct store *db, const struct actor *a,
                             const struct incubator_booking_input *in, json_t **out, struct derr *e)
{
	struct incubator_room room;
	struct incubator_slot occ[INCUBATOR_SERIES_MAX];
	struct incubator_booking_req req = {.room = &room, .title = in->title};
	int64_t now = now_seconds(), series = 0;
	*out = NULL;
	int n = incubator_series_expand(in->start, in->end, in->until, occ, INCUBATOR_SERIES_MAX);
	if (in->end <= in->start)
		return derr_set(e, DERR_INVALID, "end", "结束时间应晚于开始时间");
	if (n < 0)
		return derr_codef(e, DERR_INVALID, NULL, "until",
		                  "重复截止日期应晚于首次开始，且最多 %d 次", INCUBATOR_SERIES_MAX);
	if (incubator_room_load(db, in->room_id, &room, e) ||
	    booker_of(db, a, in->project_id, &req.booker, &req.project_id, e) ||
	    incubator_begin(db, e))
		return incubator_fail(db);
	if (store_int64(db, &series,
	                "INSERT INTO incubator_series (room_id, title, first_start, until_at,"
	                " booked_by, project_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	                " RETURNING id",
	                "itiiiIi", room.id, in->title, in->start, in->until, a->id, req.project_id,
	                now) != STORE_ROW)
		return derr_store(e, db, "series");
	req.series_id = series;
	json_t *created = json_array(), *conflicts = json_array();
	*out = json_pack("{s:I, s:o, s:o}", "series_id", (json_int_t)series, "created", created,
	                 "conflicts", conflicts);
	long hit[INCUBATOR_SERIES_MAX];
	json_t *taken = NULL;
	if (series_taken(db, room.id, occ, n, now, hit, &taken, e))
		goto fail;
	for (int i = 0; i < n; i++) {
		struct derr why = {0};
		json_t *conflict = NULL, *row;
		int64_t id;
		req.start = occ[i].start;
		req.end = occ[i].end;
		if (hit[i] >= 0) { /* overlaps a booking already there: name it */
			conflict = incubator_booking_public(
			    db, json_integer_value(
			            json_object_get(json_array_get(taken, (size_t)hit[i]), "id")));
			conflict_of(db, conflict, &conflict, &why);
		} else if (incubator_book(db, a, &req, now, &id, &conflict, &why) == 0) {
			if (!(row = booking_full(db, id)) || json_array_append_new(created, row)) {
				derr_store(e, db, "series booking");
				goto fail;
			}
			continue;
		}
		if (why.kind == DERR_INTERNAL) {
			json_decref(conflict);
			*e = why;
			goto fail;
		}
		json_array_append_new(conflicts, refused(&occ[i], &why, conflict));
	}
	json_decref(taken);
	taken = NULL; /* fail: below decrefs it too */
	if (!json_array_size(created)) {
		store_rollback(db); /* *out keeps the report */
		json_object_set_new(*out, "series_id", json_null());
		return derr_set(e, DERR_CONFLICT, "start", "所有场次都无法预约，详见冲突报告");
	}
	char detail[64];
	snprintf(detail, sizeof(detail), "%zu booked, %zu refused", json_array_size(created),
	         json_array_size(conflicts));
	if (audit_write(db, a, "incubator.booking.series", "incubator_series", series, detail, e))
		goto fail;
	return derr_commit(db, out, "series", e);
fail:
	json_decref(taken);
	json_decref(*out);
	*out = NULL;
	return incubator_fail(db);
}

/* ---- changes to one booking ---- */

/* A booking as its changes check it. */
struct booking {
	int64_t id, room_id, booked_by, project_id, activity_id, start_at, end_at, hold_until;
	int64_t college_id; /* the college of the room's base, 0 at the HQ */
	char status[16];
	int mine; /* a's own, or a's project's */
};

static int booking_load(struct store *db, const struct actor *a, int64_t id, struct booking *b,
                        struct derr *e)
{
	struct store_stmt *st = store_query(
	    db,
	    "SELECT b.id, b.room_id, b.booked_by, COALESCE(b.project_id, 0),"
	    " COALESCE(b.activity_id, 0), b.start_at, b.end_at, COALESCE(b.hold_until, 0),"
	    " COALESCE(s.college_id, 0), b.status, CASE WHEN" MINE " THEN 1 ELSE 0 END"
	    " FROM incubator_bookings b JOIN incubator_rooms r ON r.id = b.room_id"
	    " JOIN incubator_zones z ON z.id = r.zone_id JOIN incubator_sites s ON"
	    " s.id = z.site_id WHERE b.id = ?",
	    "iii", a->id, a->id, id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		int64_t *v[] = {&b->id,         &b->room_id,     &b->booked_by,
		                &b->project_id, &b->activity_id, &b->start_at,
		                &b->end_at,     &b->hold_until,  &b->college_id};
		for (int i = 0; i < 9; i++)
			*v[i] = store_column_int64(st, i);
		snprintf(b->status, sizeof(b->status), "%s", store_column_text(st, 9));
		b->mine = (int)store_column_int64(st, 10);
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "预约不存在");
	if (rc != STORE_ROW)
		return derr_store(e, db, "booking load");
	if (!strcmp(b->status, "held") && b->hold_until <= now_seconds())
		snprintf(b->status, sizeof(b->status), "expired");
	return 0;
}

/* Moves booking b from its status to `to` (only from the status read:
 * 409 when someone moved it meanwhile), with extra "col = ?" assignments
 * (set, one int64 each), its audit row and the answer. */
static int booking_step(struct store *db, const struct actor *a, const struct booking *b,
                        const char *to, const char *set, int64_t v1, const char *title,
                        const char *action, json_t **out, struct derr *e)
{
	char sql[384];
	int64_t got = 0;
	if (!incubator_booking_step_ok(b->status, to))
		return derr_codef(e, DERR_CONFLICT, NULL, "status", "预约%s，不能改为%s",
		                  incubator_label(b->status), incubator_label(to));
	/* set names a column of the caller (a constant), never input. */
	snprintf(sql, sizeof(sql),
	         "UPDATE incubator_bookings SET status = ?, title = COALESCE(?, title),"
	         " updated_at = ?, %s = ? WHERE id = ? AND status = ? RETURNING id",
	         set ? set : "hold_until");
	int rc = incubator_begin(db, e)
	             ? STORE_ERROR
	             : store_int64(db, &got, sql, "ttiIit", to, title, now_seconds(),
	                           set ? v1 : b->hold_until, b->id, b->status);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "status", "预约状态刚被修改，请刷新");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, action);
	if (audit_write(db, a, action, "incubator_booking", b->id, to, e) ||
	    derr_found(db, booking_full(db, b->id), out, action, DERR_INTERNAL, NULL, "", e))
		return incubator_fail(db);
	return derr_commit(db, out, action, e);
}

int incubator_booking_confirm(struct store *db, const struct actor *a, int64_t id,
                              const char *title, json_t **out, struct derr *e)
{
	struct booking b;
	*out = NULL;
	if (booking_load(db, a, id, &b, e))
		return -1;
	if (b.booked_by != a->id)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有预约人可以确认锁定的时段");
	if (!strcmp(b.status, "expired"))
		return derr_code(e, DERR_CONFLICT, "expired", "status",
		                 "锁定已超过 10 分钟，时段已释放，请重新预约");
	return booking_step(db, a, &b, "confirmed", NULL, 0, title, "incubator.booking.confirm",
	                    out, e);
}

int incubator_booking_cancel(struct store *db, const struct actor *a, int64_t id, json_t **out,
                             struct derr *e)
{
	struct booking b;
	*out = NULL;
	if (booking_load(db, a, id, &b, e))
		return -1;
	if (!b.mine && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只能取消自己或本项目的预约");
	if (b.activity_id && a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_RULE, NULL, "这是活动的场地预约，请取消活动");
	if (a->role != ROLE_OPERATOR && b.start_at <= now_seconds())
		return derr_code(e, DERR_RULE, "started", "status", "预约已开始，不能取消");
	return booking_step(db, a, &b, "cancelled", "cancelled_by", a->id, NULL,
	                    "incubator.booking.cancel", out, e);
}

int incubator_booking_no_show(struct store *db, const struct actor *a, int64_t id, json_t **out,
                              struct derr *e)
{
	struct booking b;
	*out = NULL;
	if (booking_load(db, a, id, &b, e))
		return -1;
	if (a->role != ROLE_OPERATOR && !(a->role == ROLE_COLLEGE && b.college_id == a->org_id))
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有场地管理方可以标记未到场");
	if (b.start_at > now_seconds())
		return derr_code(e, DERR_RULE, "not_started", "status", "预约尚未开始");
	return booking_step(db, a, &b, "no_show", NULL, 0, NULL, "incubator.booking.no_show", out,
	                    e);
}

int incubator_booking_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                          struct derr *e)
{
	struct booking b;
	*out = NULL;
	if (booking_load(db, a, id, &b, e))
		return -1;
	json_t *row = b.mine || a->role == ROLE_OPERATOR ? booking_full(db, id)
	                                                 : incubator_booking_public(db, id);
	return derr_found(db, row, out, "booking get", DERR_NOT_FOUND, NULL, "预约不存在", e);
}

/* ---- lists ---- */

int incubator_bookings_list(struct store *db, const struct actor *a,
                            const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct buf sql;
	struct store_args args = {0};
	int64_t from = f->from, to = f->to;
	if (!from)
		from = incubator_week_start(now_seconds());
	if (!to)
		to = from + 35 * 86400;
	buf_init(&sql);
	buf_adds(&sql, BOOKING_SELECT " WHERE b.start_at < ? AND b.end_at > ?");
	store_args_int(&args, now_seconds());
	store_args_int(&args, to);
	store_args_int(&args, from);
	if (a->role != ROLE_OPERATOR || f->mine) {
		buf_adds(&sql, " AND" MINE);
		store_args_int(&args, a->id);
		store_args_int(&args, a->id);
	}
	const struct incubator_cond c[] = {{" AND b.room_id = ?", f->room_id, NULL},
	                                   {" AND b.project_id = ?", f->project_id, NULL},
	                                   {" AND s.id = ?", f->site_id, NULL}};
	incubator_where(&sql, &args, c, 3);
	if (f->status) {
		buf_adds(&sql, " AND " STATUS_NOW " = ?");
		store_args_int(&args, now_seconds());
		store_args_text(&args, f->status);
	}
	return incubator_list_run(db, &sql, &args, "b.start_at, b.id", shape, items, "bookings", e);
}

int incubator_room_bookings(struct store *db, const struct actor *a, int64_t room, int64_t from,
                            int64_t to, json_t **items, struct derr *e)
{
	int64_t now = now_seconds();
	*items = store_rows(
	    db,
	    "SELECT b.id, b.start_at, b.end_at, " STATUS_NOW " AS status,"
	    " CASE WHEN" MINE " THEN 1 ELSE 0 END AS mine"
	    " FROM incubator_bookings b WHERE b.room_id = ? AND b.status IN " INCUBATOR_LIVE
	    " AND b.start_at < ? AND b.end_at > ? ORDER BY b.start_at",
	    "iiiiii", now, a->id, a->id, room, to, from);
	if (!*items)
		return derr_store(e, db, "room bookings");
	for (size_t i = 0; i < json_array_size(*items);) {
		json_t *row = json_array_get(*items, i);
		if (!strcmp(json_string_value(json_object_get(row, "status")), "expired")) {
			json_array_remove(*items, i); /* no longer takes the room */
			continue;
		}
		int own =
		    json_integer_value(json_object_get(row, "mine")) || a->role == ROLE_OPERATOR;
		json_object_set_new(row, "mine", json_boolean(own));
		if (own) {
			json_t *full =
			    booking_full(db, json_integer_value(json_object_get(row, "id")));
			if (!full)
				return derr_store(e, db, "room booking");
			json_object_update(row, full);
			json_decref(full);
		}
		shape(row);
		i++;
	}
	return 0;
}

/* ---- the door ---- */

int incubator_door_pass(struct store *db, const struct actor *a, int64_t room, json_t **out,
                        struct derr *e)
{
	struct incubator_room r;
	char pass[PASS_MAX];
	*out = NULL;
	if (a->role != ROLE_OPERATOR)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营可以制作门牌");
	if (incubator_room_load(db, room, &r, e))
		return -1;
	/* A printed sign lasts: until the end of next year. */
	int64_t expires =
	    incubator_month_start((incubator_month_of(now_seconds()) / 100 + 2) * 100 + 1);
	if (pass_make(&door_passes, room, 0, expires, pass))
		return derr_code(e, DERR_UNAVAILABLE, "no_data_key", NULL,
		                 "未配置数据密钥，无法制作签到码");
	*out = json_pack("{s:I, s:s, s:s, s:I}", "room_id", (json_int_t)room, "room", r.name,
	                 "pass", pass, "expires_at", (json_int_t)expires);
	return 0;
}

/* The room a door sign opens, without knowing it first: the scope is
 * read from the pass, then the whole pass is checked for that scope. */
static int door_room(const char *pass, int64_t now, int64_t *room, struct derr *e)
{
	int64_t scope = 0, subject;
	const char *p = pass && !strncmp(pass, "SKYR.", 5) ? pass + 5 : NULL;
	while (p && *p >= '0' && *p <= '9' && scope < 1000000000000000LL)
		scope = scope * 10 + (*p++ - '0');
	enum pass_result r = pass_check(&door_passes, pass, scope, now, &subject);
	if (r != PASS_OK)
		return derr_code(e, DERR_RULE, pass_reason(&door_passes, r), "pass",
		                 pass_message(&door_passes, r));
	*room = scope;
	return 0;
}

int incubator_booking_checkin(struct store *db, const struct actor *a, const char *pass,
                              json_t **out, struct derr *e)
{
	struct booking b;
	int64_t room = 0, id = 0, now = now_seconds();
	*out = NULL;
	if (door_room(pass, now, &room, e))
		return -1;
	/* The caller's booking of that room running now (from 15 minutes
	 * before its start). */
	int rc = store_int64(db, &id,
	                     "SELECT b.id FROM incubator_bookings b WHERE b.room_id = ? AND"
	                     " b.status IN ('confirmed', 'no_show', 'checked_in') AND"
	                     " b.start_at - 900 <= ? AND b.end_at > ? AND" MINE
	                     " ORDER BY b.start_at LIMIT 1",
	                     "iiiii", room, now, now, a->id, a->id);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, "pass", "您在该房间现在没有预约");
	if (rc != STORE_ROW || booking_load(db, a, id, &b, e))
		return rc != STORE_ROW ? derr_store(e, db, "checkin") : -1;
	json_t *booking;
	if (!strcmp(b.status, "checked_in")) {
		if (derr_found(db, booking_full(db, id), &booking, "checkin", DERR_NOT_FOUND, NULL,
		               "预约不存在", e))
			return -1;
		*out = json_pack("{s:s, s:o}", "result", "already", "booking", booking);
		return 0;
	}
	if (booking_step(db, a, &b, "checked_in", "checked_in_at", now, NULL,
	                 "incubator.booking.checkin", &booking, e))
		return -1;
	*out = json_pack("{s:s, s:o}", "result", "checked_in", "booking", booking);
	return 0;
}
