/* Job fairs as pages show them, and the live stream; see fair_view.h. */
#include "domain/fair_view.h"

#include <string.h>

#include "base/buf.h"
#include "domain/fair_internal.h"

#define STREAMS_PER_ACCOUNT 4

/* The fair with its counts, for the pages that show them. */
#define FAIR_SELECT                                                                                \
	"SELECT f.id, f.kind, f.name, f.host_college_id, h.name AS host_college, f.venue,"         \
	" f.starts_at, f.ends_at, f.booths, f.capacity, f.zones, f.elig_colleges, f.elig_majors,"  \
	" f.elig_years, f.ticket_limit, f.slot_minutes, f.gap_minutes, f.description, f.status,"   \
	" f.is_demo, f.created_at, f.updated_at,"                                                  \
	" (SELECT COUNT(*) FROM fair_enterprises fe WHERE fe.fair_id = f.id"                       \
	"   AND fe.status = 'approved') AS enterprises,"                                           \
	" (SELECT COUNT(*) FROM fair_enterprises fe WHERE fe.fair_id = f.id"                       \
	"   AND fe.status = 'pending') AS pending_signups,"                                        \
	" (SELECT COUNT(*) FROM fair_positions fp JOIN fair_enterprises fe ON"                     \
	"   fe.fair_id = fp.fair_id AND fe.enterprise_id = fp.enterprise_id"                       \
	"   WHERE fp.fair_id = f.id AND fe.status = 'approved') AS positions,"                     \
	" (SELECT COUNT(*) FROM fair_students fs WHERE fs.fair_id = f.id) AS registered,"          \
	" (SELECT COUNT(*) FROM fair_students fs WHERE fs.fair_id = f.id"                          \
	"   AND fs.entered_at IS NOT NULL) AS entered"                                             \
	" FROM fairs f JOIN organizations h ON h.id = f.host_college_id"

/* Replaces a JSON-text column with its parsed value under a new name. */
static void parse_list(json_t *row, const char *column, const char *name)
{
	const char *text = json_string_value(json_object_get(row, column));
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	json_object_set_new(row, name, json_is_array(v) ? v : json_array());
	if (v && !json_is_array(v))
		json_decref(v);
	if (strcmp(column, name))
		json_object_del(row, column);
}

static void shape_fair(json_t *f)
{
	parse_list(f, "zones", "zones");
	parse_list(f, "elig_colleges", "eligible_colleges");
	parse_list(f, "elig_majors", "eligible_majors");
	parse_list(f, "elig_years", "eligible_years");
	const char *status = json_string_value(json_object_get(f, "status"));
	json_object_set_new(f, "status_label", json_string(fair_status_label(status)));
}

/* A student's registration and whether they may register. */
static int add_student_part(struct store *db, const struct actor *a, json_t *f, struct derr *e)
{
	json_t *reg;
	if (fair_my_registration(db, a, json_integer_value(json_object_get(f, "id")), &reg, e))
		return -1;
	json_object_set_new(f, "my_registration", reg);
	json_t *s = store_row(db,
	                      "SELECT college_id, major_code, grad_year FROM students WHERE"
	                      " account_id = ? AND closed_at IS NULL",
	                      "i", a->id);
	if (!s)
		return derr_store(e, db, "fair: my profile");
	const char *field = NULL, *why = "请先完善学生档案";
	if (json_is_object(s))
		why = fair_ineligible(json_object_get(f, "eligible_colleges"),
		                      json_object_get(f, "eligible_majors"),
		                      json_object_get(f, "eligible_years"),
		                      json_integer_value(json_object_get(s, "college_id")),
		                      json_string_value(json_object_get(s, "major_code")),
		                      json_integer_value(json_object_get(s, "grad_year")), &field);
	json_object_set_new(f, "eligible", json_boolean(!why));
	json_object_set_new(f, "ineligible_reason", why ? json_string(why) : json_null());
	json_decref(s);
	return 0;
}

/* An enterprise's sign-up, its booth and the positions it brings. */
static int add_enterprise_part(struct store *db, const struct actor *a, json_t *f, struct derr *e)
{
	int64_t id = json_integer_value(json_object_get(f, "id"));
	json_t *su = store_row(db,
	                       "SELECT fe.status, fe.reason, fe.tables_needed, fe.applied_at,"
	                       " b.booth_no, b.zone, (SELECT COUNT(*) FROM fair_positions fp"
	                       " WHERE fp.fair_id = fe.fair_id AND fp.enterprise_id ="
	                       " fe.enterprise_id) AS positions FROM fair_enterprises fe"
	                       " LEFT JOIN fair_booths b ON b.fair_id = fe.fair_id AND"
	                       " b.enterprise_id = fe.enterprise_id"
	                       " WHERE fe.fair_id = ? AND fe.enterprise_id = ?",
	                       "ii", id, a->org_id);
	if (!su)
		return derr_store(e, db, "fair: my signup");
	json_object_set_new(f, "my_signup", su);
	if (!json_is_object(su))
		return 0;
	/* The positions brought, for editing the sign-up. */
	json_t *rows = store_rows(db,
	                          "SELECT position_id FROM fair_positions WHERE fair_id = ?"
	                          " AND enterprise_id = ? ORDER BY position_id",
	                          "ii", id, a->org_id);
	if (!rows)
		return derr_store(e, db, "fair: my positions");
	json_t *list = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_array_append(list, json_object_get(r, "position_id"));
	json_decref(rows);
	json_object_set_new(su, "position_ids", list);
	return 0;
}

static int add_mine(struct store *db, const struct actor *a, json_t *f, struct derr *e)
{
	if (a->role == ROLE_STUDENT)
		return add_student_part(db, a, f, e);
	if (a->role == ROLE_ENTERPRISE)
		return add_enterprise_part(db, a, f, e);
	return 0;
}

int fair_read(struct store *db, const struct actor *a, int64_t id, int full, json_t **out,
              struct derr *e)
{
	json_t *f;
	*out = NULL;
	if (derr_found(db, store_row(db, FAIR_SELECT " WHERE f.id = ?", "i", id), &f, "fair read",
	               DERR_NOT_FOUND, NULL, "招聘会不存在", e))
		return -1;
	shape_fair(f);
	if (full) {
		json_t *history = NULL;
		if (add_mine(db, a, f, e) ||
		    !(history = store_rows(db,
		                           "SELECT e.from_status, e.to_status, e.at, a.display_name"
		                           " AS actor FROM fair_events e LEFT JOIN accounts a ON"
		                           " a.id = e.actor_id WHERE e.fair_id = ? ORDER BY e.id",
		                           "i", id))) {
			json_decref(f);
			return derr_store(e, db, "fair history");
		}
		json_object_set_new(f, "history", history);
	}
	*out = f;
	return 0;
}

int fair_list(struct store *db, const struct actor *a, const char *status, json_t **items,
              struct derr *e)
{
	struct store_args args = {0};
	struct buf sql = BUF_INIT;
	*items = NULL;
	if (status && !fair_status_valid(status))
		return derr_set(e, DERR_INVALID, "status", "未知的招聘会状态");
	buf_adds(&sql, FAIR_SELECT " WHERE 1 = 1");
	if (status) {
		buf_adds(&sql, " AND f.status = ?");
		store_args_text(&args, status);
	}
	if (a->role == ROLE_COLLEGE) {
		buf_adds(&sql, " AND (f.status <> 'draft' OR f.host_college_id = ?)");
		store_args_int(&args, a->org_id);
	} else if (a->role != ROLE_OPERATOR) {
		buf_adds(&sql, " AND f.status <> 'draft'");
	}
	buf_adds(&sql, " ORDER BY f.starts_at DESC, f.id DESC LIMIT 200");
	json_t *list = buf_failed(&sql) ? NULL : store_rows_args(db, sql.data, &args);
	buf_release(&sql);
	if (!list)
		return derr_store(e, db, "fairs");
	size_t i;
	json_t *f;
	json_array_foreach(list, i, f)
	{
		shape_fair(f);
		if (add_mine(db, a, f, e)) {
			json_decref(list);
			return -1;
		}
	}
	*items = list;
	return 0;
}

int fair_get(struct store *db, const struct actor *a, int64_t id, json_t **fair, struct derr *e)
{
	struct fair f;
	*fair = NULL;
	if (fair_load_for(db, a, id, FAIR_ANYONE, &f, e))
		return -1;
	return fair_read(db, a, id, 1, fair, e);
}

int fair_subscribe(struct store *db, const struct actor *a, int64_t id, struct hub_sub **sub,
                   struct derr *e)
{
	struct fair f;
	enum hub_refusal why;
	*sub = NULL;
	if (fair_load_for(db, a, id, FAIR_ANYONE, &f, e))
		return -1;
	/* Students and HR hold a few streams each (a phone and a laptop, a
	 * second tab); organisers run the venue's screens, without a limit. */
	int screens = a->role == ROLE_OPERATOR || a->role == ROLE_COLLEGE;
	*sub = hub_subscribe(id, a->id, screens ? 0 : STREAMS_PER_ACCOUNT, &why);
	if (*sub)
		return 0;
	if (why == HUB_CLOSING)
		return derr_set(e, DERR_UNAVAILABLE, NULL, "服务器正在重启，请稍后刷新");
	return derr_internal(e, "subscribe");
}

int fair_scoped_rows(struct store *db, const struct actor *a, int64_t id, const char *select,
                     const char *tail, const char *refusal, json_t **items, struct derr *e)
{
	struct fair f;
	struct store_args args = {0};
	struct buf sql = BUF_INIT;
	int64_t sid = 0;
	*items = NULL;
	if (fair_load_for(db, a, id, FAIR_ANYONE, &f, e))
		return -1;
	buf_adds(&sql, select);
	store_args_int(&args, id);
	if (a->role == ROLE_ENTERPRISE) {
		buf_adds(&sql, " AND i.enterprise_id = ?");
		store_args_int(&args, a->org_id);
	} else if (a->role == ROLE_STUDENT) {
		if (fair_own_student(db, a, &sid, e))
			goto out;
		buf_adds(&sql, " AND i.student_id = ?");
		store_args_int(&args, sid);
	} else if (!f.organiser) {
		derr_set(e, DERR_FORBIDDEN, NULL, refusal);
		goto out;
	}
	buf_adds(&sql, tail);
	if (buf_failed(&sql) || !(*items = store_rows_args(db, sql.data, &args)))
		derr_store(e, db, "fair list");
out:
	buf_release(&sql);
	return *items ? 0 : -1;
}
