/* Activities, registration with a waiting list, passes, feedback; see incubator_activities.h. */
#include "domain/incubator_activities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/incubator_internal.h"
#include "domain/pass.h"

static const struct pass_kind activity_passes = {
    "SKYA",
    "incubator-activity",
    "other_activity",
    {"有效", "不是本平台的活动签到码", "签到码校验失败（伪造或被篡改）", "这是其他活动的签到码",
     "签到码已过期"},
};

/* Figures of each activity; the first '?' is the caller's account (their
 * own registration). */
#define ACTIVITY_SELECT                                                                            \
	"SELECT v.id, v.kind, v.title, v.description, v.organiser, v.site_id, st.name AS site,"    \
	" v.room_id, r.name AS room, v.booking_id, v.venue, v.starts_at, v.ends_at, v.capacity,"   \
	" v.audience_colleges, v.audience_majors, v.residents_only, v.status, v.created_by,"       \
	" (SELECT COUNT(*) FROM incubator_registrations g WHERE g.activity_id = v.id AND"          \
	" g.status = 'registered') AS registered, (SELECT COUNT(*) FROM incubator_registrations g" \
	" WHERE g.activity_id = v.id AND g.status = 'waiting') AS waiting, (SELECT COUNT(*) FROM"  \
	" incubator_registrations g WHERE g.activity_id = v.id AND g.checked_in_at IS NOT NULL)"   \
	" AS attended, (SELECT COUNT(*) FROM incubator_registrations g WHERE g.activity_id ="      \
	" v.id AND g.rating IS NOT NULL) AS feedbacks, (SELECT ROUND(AVG(g.rating), 1) FROM"       \
	" incubator_registrations g WHERE g.activity_id = v.id) AS rating, (SELECT g.status FROM"  \
	" incubator_registrations g WHERE g.activity_id = v.id AND g.account_id = ?) AS"           \
	" my_status FROM incubator_activities v LEFT JOIN incubator_sites st ON st.id = v.site_id" \
	" LEFT JOIN incubator_rooms r ON r.id = v.room_id"

static void shape(json_t *row)
{
	incubator_iso(row, "starts_at", "start");
	incubator_iso(row, "ends_at", "end");
	incubator_label_of(row, "kind");
	incubator_label_of(row, "status");
	incubator_decode(row, "audience_colleges");
	incubator_decode(row, "audience_majors");
	json_object_set_new(
	    row, "residents_only",
	    json_boolean(json_integer_value(json_object_get(row, "residents_only"))));
	json_t *r = json_object_get(row, "rating");
	if (json_is_string(r)) /* numeric through libpq */
		json_object_set_new(row, "rating", json_real(atof(json_string_value(r))));
}

/* An activity as its changes check it. */
struct activity {
	int64_t id, room_id, booking_id, starts_at, ends_at, capacity, created_by;
	int64_t site_college; /* the college of its base, or 0 */
	char status[16];
	int organiser;
};

static int activity_load(struct store *db, const struct actor *a, int64_t id, int organisers_only,
                         struct activity *v, struct derr *e)
{
	struct store_stmt *st = store_query(
	    db,
	    "SELECT v.id, COALESCE(v.room_id, 0), COALESCE(v.booking_id, 0), v.starts_at,"
	    " v.ends_at, v.capacity, COALESCE(v.created_by, 0), COALESCE(s.college_id, 0),"
	    " v.status FROM incubator_activities v LEFT JOIN incubator_sites s ON"
	    " s.id = v.site_id WHERE v.id = ?",
	    "i", id);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		int64_t *f[] = {&v->id,      &v->room_id,  &v->booking_id, &v->starts_at,
		                &v->ends_at, &v->capacity, &v->created_by, &v->site_college};
		for (int i = 0; i < 8; i++)
			*f[i] = store_column_int64(st, i);
		snprintf(v->status, sizeof(v->status), "%s", store_column_text(st, 8));
	}
	store_finalize(st);
	if (rc == STORE_DONE)
		return derr_set(e, DERR_NOT_FOUND, NULL, "活动不存在");
	if (rc != STORE_ROW)
		return derr_store(e, db, "activity load");
	v->organiser =
	    a->role == ROLE_OPERATOR ||
	    (a->role == ROLE_COLLEGE &&
	     (v->created_by == a->id || (v->site_college && v->site_college == a->org_id)));
	if (organisers_only && !v->organiser)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有活动的组织方可以执行此操作");
	return 0;
}

static int activity_read(struct store *db, const struct actor *a, int64_t id, json_t **out,
                         struct derr *e)
{
	if (derr_found(db, store_row(db, ACTIVITY_SELECT " WHERE v.id = ?", "ii", a->id, id), out,
	               "activity", DERR_NOT_FOUND, NULL, "活动不存在", e))
		return -1;
	shape(*out);
	return 0;
}

/* Promotes waiting registrations while the activity has room, first come
 * first served (inside the caller's transaction, the activity locked). */
static int promote(struct store *db, int64_t id, int64_t capacity, int64_t now, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM incubator_registrations WHERE activity_id = ? AND"
	                " status = 'registered'",
	                "i", id) != STORE_ROW)
		return derr_store(e, db, "promote count");
	for (; n < capacity; n++) {
		int64_t next = 0;
		int rc =
		    store_int64(db, &next,
		                "SELECT id FROM incubator_registrations WHERE activity_id = ? AND"
		                " status = 'waiting' ORDER BY id LIMIT 1",
		                "i", id);
		if (rc == STORE_DONE)
			break;
		if (rc != STORE_ROW ||
		    store_run(db,
		              "UPDATE incubator_registrations SET status = 'registered',"
		              " promoted_at = ? WHERE id = ?",
		              "ii", now, next) != STORE_OK)
			return derr_store(e, db, "promote");
	}
	return 0;
}

/* Checks what the api could not. */
static int input_check(struct store *db, const struct actor *a,
                       const struct incubator_activity_input *in, struct incubator_room *room,
                       int64_t *site, struct derr *e)
{
	*site = in->site_id;
	if (in->end <= in->start)
		return derr_set(e, DERR_INVALID, "end", "结束时间应晚于开始时间");
	if (in->room_id) {
		if (incubator_room_load(db, in->room_id, room, e))
			return -1;
		if (in->site_id && in->site_id != room->site_id)
			return derr_set(e, DERR_INVALID, "room_id", "房间不在所选基地");
		*site = room->site_id;
		if (in->capacity > room->capacity)
			return derr_codef(e, DERR_RULE, NULL, "capacity", "该房间最多容纳 %d 人",
			                  room->capacity);
	} else if (in->site_id &&
	           incubator_exists(db, "SELECT COUNT(*) FROM incubator_sites WHERE id = ?",
	                            in->site_id, "site_id", "孵化基地不存在", e)) {
		return -1;
	}
	if (a->role == ROLE_COLLEGE && *site) {
		int64_t college = 0;
		if (store_int64(db, &college,
		                "SELECT COALESCE(college_id, 0) FROM incubator_sites WHERE id = ?",
		                "i", *site) != STORE_ROW)
			return derr_store(e, db, "activity site");
		if (college != a->org_id)
			return derr_set(e, DERR_FORBIDDEN, "site_id",
			                "院校只能在本校的校内基地组织活动");
	}
	return 0;
}

int incubator_activity_save(struct store *db, const struct actor *a, int64_t id,
                            const struct incubator_activity_input *in, json_t **out,
                            json_t **conflict, struct derr *e)
{
	struct incubator_room room;
	struct activity v = {0};
	int64_t site = 0, booking = 0, now = now_seconds();
	*out = *conflict = NULL;
	if (a->role != ROLE_OPERATOR && a->role != ROLE_COLLEGE)
		return derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营或院校可以组织活动");
	if ((id && activity_load(db, a, id, 1, &v, e)) || input_check(db, a, in, &room, &site, e))
		return -1;
	if (id && strcmp(v.status, "open") && strcmp(v.status, "closed"))
		return derr_codef(e, DERR_RULE, NULL, "status", "活动%s，不能修改",
		                  incubator_label(v.status));
	char *colleges =
	    in->audience_colleges ? json_dumps(in->audience_colleges, JSON_COMPACT) : strdup("[]");
	char *majors =
	    in->audience_majors ? json_dumps(in->audience_majors, JSON_COMPACT) : strdup("[]");
	int rc = colleges && majors && !incubator_begin(db, e) ? STORE_OK : STORE_ERROR;
	if (rc == STORE_OK && id)
		rc = store_run(
		    db,
		    "UPDATE incubator_activities SET kind = ?, title = ?, description = ?,"
		    " organiser = ?, site_id = ?, room_id = ?, venue = ?, starts_at = ?,"
		    " ends_at = ?, capacity = ?, audience_colleges = ?, audience_majors = ?,"
		    " residents_only = ?, updated_at = ? WHERE id = ?",
		    "ttttIItiiittiii", in->kind, in->title, in->description ? in->description : "",
		    in->organiser, site, in->room_id, in->venue ? in->venue : "", in->start,
		    in->end, in->capacity, colleges, majors, (int64_t)in->residents_only, now, id);
	else if (rc == STORE_OK)
		rc = store_int64(
		         db, &id,
		         "INSERT INTO incubator_activities (kind, title, description, organiser,"
		         " site_id, room_id, venue, starts_at, ends_at, capacity,"
		         " audience_colleges, audience_majors, residents_only, created_by,"
		         " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		         " ?, ?, ?, ?) RETURNING id",
		         "ttttIItiiittiiii", in->kind, in->title,
		         in->description ? in->description : "", in->organiser, site, in->room_id,
		         in->venue ? in->venue : "", in->start, in->end, in->capacity, colleges,
		         majors, (int64_t)in->residents_only, a->id, now, now) == STORE_ROW
		         ? STORE_OK
		         : STORE_ERROR;
	free(colleges);
	free(majors);
	if (rc != STORE_OK)
		return derr_store(e, db, "activity save");
	/* The room follows the activity: the old booking goes, a new one is
	 * made under the room's rules (the same room and time again is a new
	 * booking too: simpler than comparing, and the old one is freed
	 * first). */
	if (v.booking_id &&
	    store_run(
	        db,
	        "UPDATE incubator_bookings SET status = 'cancelled', cancelled_at = ?,"
	        " cancelled_by = ?, updated_at = ? WHERE id = ? AND status IN " INCUBATOR_LIVE,
	        "iiii", now, a->id, now, v.booking_id) != STORE_OK)
		return derr_store(e, db, "activity booking");
	if (in->room_id) {
		struct incubator_booking_req req = {
		    .room = &room,
		    .booker = a->role == ROLE_OPERATOR ? INCUBATOR_OPERATOR : INCUBATOR_COLLEGE,
		    .activity_id = id,
		    .start = in->start,
		    .end = in->end,
		    .title = in->title};
		if (incubator_book(db, a, &req, now, &booking, conflict, e))
			return incubator_fail(db);
	}
	if (store_run(db, "UPDATE incubator_activities SET booking_id = ? WHERE id = ?", "Ii",
	              booking, id) != STORE_OK ||
	    promote(db, id, in->capacity, now, e))
		return derr_store(e, db, "activity booking");
	if (audit_write(db, a, v.id ? "incubator.activity.update" : "incubator.activity.create",
	                "incubator_activity", id, NULL, e) ||
	    activity_read(db, a, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "activity save", e);
}

int incubator_activity_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                              json_t **out, struct derr *e)
{
	static const char *const steps[] = {
	    "open>closed",      "closed>open", "closed>finished", "open>finished", "open>cancelled",
	    "closed>cancelled", NULL};
	struct activity v;
	char step[40];
	int64_t now = now_seconds();
	*out = NULL;
	if (activity_load(db, a, id, 1, &v, e))
		return -1;
	snprintf(step, sizeof(step), "%s>%s", v.status, to);
	int ok = 0;
	for (int i = 0; steps[i]; i++)
		ok |= !strcmp(steps[i], step);
	if (!ok)
		return derr_codef(e, DERR_RULE, NULL, "to", "活动%s，不能改为%s",
		                  incubator_label(v.status), incubator_label(to));
	if (incubator_begin(db, e))
		return -1;
	if (store_run(db, "UPDATE incubator_activities SET status = ?, updated_at = ? WHERE id = ?",
	              "tii", to, now, id) != STORE_OK ||
	    (!strcmp(to, "cancelled") && v.booking_id &&
	     store_run(db,
	               "UPDATE incubator_bookings SET status = 'cancelled', cancelled_at = ?,"
	               " cancelled_by = ?, updated_at = ? WHERE id = ? AND status IN ('held',"
	               " 'confirmed')",
	               "iiii", now, a->id, now, v.booking_id) != STORE_OK))
		return derr_store(e, db, "activity status");
	if (audit_write(db, a, "incubator.activity.status", "incubator_activity", id, to, e) ||
	    activity_read(db, a, id, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "activity status", e);
}

int incubator_activities_list(struct store *db, const struct actor *a,
                              const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct buf sql;
	struct store_args args = {0};
	buf_init(&sql);
	buf_adds(&sql, ACTIVITY_SELECT " WHERE 1 = 1");
	store_args_int(&args, a->id);
	if (f->upcoming) {
		buf_adds(&sql, " AND v.ends_at > ? AND v.status IN ('open', 'closed')");
		store_args_int(&args, now_seconds());
	}
	const struct incubator_cond c[] = {{" AND v.ends_at > ?", f->from, NULL},
	                                   {" AND v.starts_at < ?", f->to, NULL},
	                                   {" AND v.site_id = ?", f->site_id, NULL},
	                                   {" AND v.kind = ?", 0, f->kind},
	                                   {" AND v.status = ?", 0, f->status}};
	incubator_where(&sql, &args, c, 5);
	return incubator_list_run(db, &sql, &args,
	                          f->upcoming ? "v.starts_at, v.id" : "v.starts_at DESC, v.id",
	                          shape, items, "activities", e);
}

int incubator_activity_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                           struct derr *e)
{
	struct activity v;
	*out = NULL;
	if (activity_load(db, a, id, 0, &v, e) || activity_read(db, a, id, out, e))
		return -1;
	json_object_set_new(*out, "organiser_view", json_boolean(v.organiser));
	return 0;
}

/* ---- registration ---- */

#define REG_SELECT                                                                                 \
	"SELECT g.id, g.activity_id, g.account_id, ac.display_name AS name, co.name AS college,"   \
	" mj.name AS major, g.status, g.registered_at, g.promoted_at, g.cancelled_at,"             \
	" g.checked_in_at, g.rating, g.feedback, g.feedback_at, (SELECT COUNT(*) FROM"             \
	" incubator_registrations w WHERE w.activity_id = g.activity_id AND w.status ="            \
	" 'waiting' AND g.status = 'waiting' AND w.id <= g.id) AS queue_place FROM"                \
	" incubator_registrations g JOIN accounts ac ON ac.id = g.account_id LEFT JOIN"            \
	" students s ON s.account_id = g.account_id LEFT JOIN organizations co ON"                 \
	" co.id = COALESCE(s.college_id, ac.org_id) LEFT JOIN dict_majors mj ON"                   \
	" mj.code = s.major_code"

static int reg_read(struct store *db, int64_t id, json_t **out, struct derr *e)
{
	if (derr_found(db, store_row(db, REG_SELECT " WHERE g.id = ?", "i", id), out,
	               "registration", DERR_NOT_FOUND, NULL, "报名记录不存在", e))
		return -1;
	incubator_label_of(*out, "status");
	return 0;
}

/* NULL when a may attend activity id; else the refusal (the audience). */
static int audience_check(struct store *db, const struct actor *a, int64_t id, struct derr *e)
{
	json_t *row;
	if (derr_found(
	        db,
	        store_row(db,
	                  "SELECT v.audience_colleges, v.audience_majors, v.residents_only,"
	                  " COALESCE(s.college_id, ac.org_id, 0) AS college, s.major_code,"
	                  " (SELECT COUNT(*) FROM incubator_members m JOIN incubator_projects"
	                  " p ON p.id = m.project_id WHERE m.account_id = ac.id AND"
	                  " p.status = 'resident') AS resident FROM incubator_activities v,"
	                  " accounts ac LEFT JOIN students s ON s.account_id = ac.id WHERE"
	                  " v.id = ? AND ac.id = ?",
	                  "ii", id, a->id),
	        &row, "audience", DERR_NOT_FOUND, NULL, "活动不存在", e))
		return -1;
	incubator_decode(row, "audience_colleges");
	incubator_decode(row, "audience_majors");
	const char *field = NULL;
	const char *why = incubator_audience_refusal(
	    json_object_get(row, "audience_colleges"), json_object_get(row, "audience_majors"),
	    (int)json_integer_value(json_object_get(row, "residents_only")),
	    json_integer_value(json_object_get(row, "college")),
	    json_string_value(json_object_get(row, "major_code")),
	    json_integer_value(json_object_get(row, "resident")) > 0, &field);
	json_decref(row);
	return why ? derr_set(e, DERR_RULE, field, why) : 0;
}

int incubator_activity_register(struct store *db, const struct actor *a, int64_t id, json_t **out,
                                struct derr *e)
{
	struct activity v;
	int64_t n = 0, reg = 0, now = now_seconds();
	*out = NULL;
	if (activity_load(db, a, id, 0, &v, e))
		return -1;
	if (strcmp(v.status, "open") || v.starts_at <= now)
		return derr_code(e, DERR_RULE, "closed", "status", "活动报名已截止");
	if (audience_check(db, a, id, e))
		return -1;
	/* The activity's row lock: the count and the insert as one step. */
	if (incubator_begin(db, e) ||
	    incubator_lock(db, "incubator_activities", id, "活动不存在", e))
		return incubator_fail(db);
	int rc = store_int64(db, &reg,
	                     "SELECT id FROM incubator_registrations WHERE activity_id = ? AND"
	                     " account_id = ? AND status <> 'cancelled'",
	                     "ii", id, a->id);
	if (rc == STORE_ROW) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, NULL, "已经报名这个活动");
	}
	if (rc != STORE_DONE ||
	    store_int64(db, &n,
	                "SELECT COUNT(*) FROM incubator_registrations WHERE activity_id = ? AND"
	                " status = 'registered'",
	                "i", id) != STORE_ROW)
		return derr_store(e, db, "register");
	const char *status = n < v.capacity ? "registered" : "waiting";
	/* One row per person, and the queue is the order of the rows' ids: a
	 * cancelled registration that comes back is a new row, at the end
	 * (the audit log keeps the earlier one). */
	if (store_run(db,
	              "DELETE FROM incubator_registrations WHERE activity_id = ? AND account_id = ?"
	              " AND status = 'cancelled'",
	              "ii", id, a->id) != STORE_OK)
		return derr_store(e, db, "register");
	rc = store_int64(db, &reg,
	                 "INSERT INTO incubator_registrations (activity_id, account_id, status,"
	                 " registered_at) VALUES (?, ?, ?, ?) RETURNING id",
	                 "iiti", id, a->id, status, now);
	if (rc != STORE_ROW)
		return derr_store(e, db, "register");
	if (audit_write(db, a, "incubator.activity.register", "incubator_activity", id, status,
	                e) ||
	    reg_read(db, reg, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "register", e);
}

int incubator_activity_unregister(struct store *db, const struct actor *a, int64_t id, json_t **out,
                                  struct derr *e)
{
	struct activity v;
	int64_t reg = 0, now = now_seconds();
	*out = NULL;
	if (activity_load(db, a, id, 0, &v, e))
		return -1;
	if (v.starts_at <= now)
		return derr_code(e, DERR_RULE, "started", "status", "活动已开始，不能取消报名");
	if (incubator_begin(db, e) ||
	    incubator_lock(db, "incubator_activities", id, "活动不存在", e))
		return incubator_fail(db);
	int rc = store_int64(db, &reg,
	                     "UPDATE incubator_registrations SET status = 'cancelled',"
	                     " cancelled_at = ? WHERE activity_id = ? AND account_id = ? AND status"
	                     " <> 'cancelled' RETURNING id",
	                     "iii", now, id, a->id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, "没有报名这个活动");
	}
	if (rc != STORE_ROW || promote(db, id, v.capacity, now, e))
		return derr_store(e, db, "unregister");
	if (audit_write(db, a, "incubator.activity.unregister", "incubator_activity", id, NULL,
	                e) ||
	    reg_read(db, reg, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "unregister", e);
}

int incubator_activity_pass(struct store *db, const struct actor *a, int64_t id, json_t **out,
                            struct derr *e)
{
	struct activity v;
	char pass[PASS_MAX];
	json_t *reg;
	*out = NULL;
	if (activity_load(db, a, id, 0, &v, e) ||
	    derr_found(db,
	               store_row(db,
	                         "SELECT id FROM incubator_registrations WHERE activity_id = ? AND"
	                         " account_id = ? AND status = 'registered'",
	                         "ii", id, a->id),
	               &reg, "activity pass", DERR_NOT_FOUND, NULL,
	               "没有这个活动的报名（候补中没有签到码）", e))
		return -1;
	int64_t rid = json_integer_value(json_object_get(reg, "id"));
	json_decref(reg);
	int64_t expires = v.ends_at + 3600;
	if (pass_make(&activity_passes, id, rid, expires, pass))
		return derr_code(e, DERR_UNAVAILABLE, "no_data_key", NULL,
		                 "未配置数据密钥，无法生成签到码");
	*out = json_pack("{s:I, s:s, s:I}", "registration_id", (json_int_t)rid, "pass", pass,
	                 "expires_at", (json_int_t)expires);
	return 0;
}

int incubator_activity_checkin(struct store *db, const struct actor *a, int64_t id,
                               const char *pass, int64_t registration, json_t **out, struct derr *e)
{
	struct activity v;
	json_t *reg;
	int64_t now = now_seconds(), got = 0;
	*out = NULL;
	if (activity_load(db, a, id, 1, &v, e))
		return -1;
	if (!strcmp(v.status, "cancelled"))
		return derr_set(e, DERR_RULE, "status", "活动已取消");
	if (now < v.starts_at - 3600 || now > v.ends_at + 3600)
		return derr_code(e, DERR_RULE, "not_now", "status",
		                 "不在活动签到时间内（开始前 1 小时至结束后 1 小时）");
	if (pass) {
		enum pass_result r = pass_check(&activity_passes, pass, id, now, &registration);
		if (r != PASS_OK)
			return derr_code(e, DERR_RULE, pass_reason(&activity_passes, r), "pass",
			                 pass_message(&activity_passes, r));
	}
	if (reg_read(db, registration, &reg, e))
		return -1;
	int ok = json_integer_value(json_object_get(reg, "activity_id")) == id;
	int registered = !strcmp(json_string_value(json_object_get(reg, "status")), "registered");
	int already = json_is_integer(json_object_get(reg, "checked_in_at"));
	if (!ok || !registered) {
		json_decref(reg);
		return !ok ? derr_set(e, DERR_NOT_FOUND, "registration_id", "报名记录不存在")
		           : derr_set(e, DERR_RULE, "registration_id",
		                      "该报名未确认（候补或已取消）");
	}
	if (already) {
		*out = json_pack("{s:s, s:o}", "result", "already", "registration", reg);
		return 0;
	}
	json_decref(reg);
	if (incubator_begin(db, e))
		return -1;
	int rc =
	    store_int64(db, &got,
	                "UPDATE incubator_registrations SET checked_in_at = ?, checked_in_by = ?"
	                " WHERE id = ? AND checked_in_at IS NULL RETURNING id",
	                "iii", now, a->id, registration);
	if (rc == STORE_DONE) { /* a second desk scanned it meanwhile */
		store_rollback(db);
		if (reg_read(db, registration, &reg, e))
			return -1;
		*out = json_pack("{s:s, s:o}", "result", "already", "registration", reg);
		return 0;
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "activity checkin");
	if (audit_write(db, a, "incubator.activity.checkin", "incubator_activity", id, NULL, e) ||
	    reg_read(db, registration, &reg, e))
		return incubator_fail(db);
	*out = json_pack("{s:s, s:o}", "result", "checked_in", "registration", reg);
	return derr_commit(db, out, "activity checkin", e);
}

int incubator_activity_feedback(struct store *db, const struct actor *a, int64_t id, int64_t rating,
                                const char *text, json_t **out, struct derr *e)
{
	struct activity v;
	int64_t reg = 0, now = now_seconds();
	*out = NULL;
	if (activity_load(db, a, id, 0, &v, e))
		return -1;
	if (rating < 1 || rating > 5)
		return derr_set(e, DERR_INVALID, "rating", "评分应为 1–5");
	if (incubator_begin(db, e))
		return -1;
	int rc = store_int64(db, &reg,
	                     "UPDATE incubator_registrations SET rating = ?, feedback = ?,"
	                     " feedback_at = ? WHERE activity_id = ? AND account_id = ? AND"
	                     " checked_in_at IS NOT NULL AND rating IS NULL RETURNING id",
	                     "itiii", rating, text, now, id, a->id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_RULE, "rating", "只有签到参加的人可以评价一次");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "feedback");
	if (audit_write(db, a, "incubator.activity.feedback", "incubator_activity", id, NULL, e) ||
	    reg_read(db, reg, out, e))
		return incubator_fail(db);
	return derr_commit(db, out, "feedback", e);
}

int incubator_registrations_list(struct store *db, const struct actor *a,
                                 const struct incubator_filter *f, json_t **items, struct derr *e)
{
	struct activity v;
	struct store_args args = {0};
	*items = NULL;
	if (activity_load(db, a, f->activity_id, 1, &v, e))
		return -1;
	store_args_int(&args, f->activity_id);
	const char *sql = REG_SELECT
	    " WHERE g.activity_id = ? ORDER BY CASE g.status WHEN 'registered' THEN 0 WHEN"
	    " 'waiting' THEN 1 ELSE 2 END, g.id";
	if (f->status) {
		store_args_text(&args, f->status);
		sql = REG_SELECT " WHERE g.activity_id = ? AND g.status = ? ORDER BY g.id";
	}
	if (incubator_rows(db, sql, &args, items, "registrations", e))
		return -1;
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) incubator_label_of(row, "status");
	return 0;
}
