/* Sites, zones, rooms, seats, the floor plan and occupancy; see incubator_sites.h. */
#include "domain/incubator_sites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "domain/audit.h"
#include "domain/incubator_internal.h"

static int operator_only(const struct actor *a, struct derr *e)
{
	return a->role == ROLE_OPERATOR
	           ? 0
	           : derr_set(e, DERR_FORBIDDEN, NULL, "只有平台运营可以管理孵化场地");
}

/* 1 when a may see which project holds a seat. */
static int sees_holders(const struct actor *a)
{
	return a->role == ROLE_OPERATOR || a->role == ROLE_COLLEGE;
}

/* Runs an insert (id 0, answering RETURNING id) or an update (id) of one
 * place, then its audit row, its row as lists show it (list_fn, filtered
 * by the id through set_id) and the commit.  what names it for the audit
 * ("incubator.room") and for 404/409 words. */
struct saved {
	const char *action, *object, *missing, *taken, *taken_field;
};

static int save_finish(struct store *db, const struct actor *a, const struct saved *s, int rc,
                       int64_t id, incubator_list_fn list, struct incubator_filter *f,
                       int64_t *f_id, json_t **out, struct derr *e)
{
	json_t *items = NULL;
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, s->taken_field, s->taken);
	}
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_set(e, DERR_NOT_FOUND, NULL, s->missing);
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, s->action);
	*f_id = id;
	if (audit_write(db, a, s->action, s->object, id, NULL, e) || list(db, a, f, &items, e))
		return incubator_fail(db);
	*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return derr_commit(db, out, s->action, e);
}

/* 0 when the college exists (kind college). */
static int college_exists(struct store *db, int64_t id, const char *field, struct derr *e)
{
	int64_t n = 0;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = 'college'", "i",
	                id) != STORE_ROW)
		return derr_store(e, db, "college");
	return n ? 0 : derr_set(e, DERR_INVALID, field, "院校不存在");
}

int incubator_site_save(struct store *db, const struct actor *a, int64_t id,
                        const struct incubator_site_input *in, json_t **out, struct derr *e)
{
	static const struct saved s = {"incubator.site", "incubator_site", "孵化基地不存在",
	                               "已有同名的孵化基地", "name"};
	struct incubator_filter f = {0};
	int64_t got = 0, now = now_seconds();
	*out = NULL;
	if (operator_only(a, e))
		return -1;
	int hq = !strcmp(in->kind, "hq");
	if (hq && in->college_id)
		return derr_set(e, DERR_INVALID, "college_id", "总部基地不属于院校");
	if (!hq && !in->college_id)
		return derr_set(e, DERR_INVALID, "college_id", "校内基地须选择所在院校");
	if (!hq && college_exists(db, in->college_id, "college_id", e))
		return -1;
	if (incubator_begin(db, e))
		return -1;
	int rc = id ? store_int64(db, &got,
	                          "UPDATE incubator_sites SET kind = ?, name = ?, college_id = ?,"
	                          " address = ?, area_m2 = ?, updated_at = ? WHERE id = ?"
	                          " RETURNING id",
	                          "ttItiii", in->kind, in->name, in->college_id,
	                          in->address ? in->address : "", in->area_m2, now, id)
	            : store_int64(db, &got,
	                          "INSERT INTO incubator_sites (kind, name, college_id, address,"
	                          " area_m2, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	                          " RETURNING id",
	                          "ttItiii", in->kind, in->name, in->college_id,
	                          in->address ? in->address : "", in->area_m2, now, now);
	return save_finish(db, a, &s, rc, got, incubator_sites_list, &f, &f.site_id, out, e);
}

/* The zone's plan size, 404 when there is no such zone. */
static int zone_plan(struct store *db, int64_t zone, int64_t *w, int64_t *h, struct derr *e)
{
	json_t *z;
	if (derr_found(
	        db,
	        store_row(db, "SELECT plan_w, plan_h FROM incubator_zones WHERE id = ?", "i", zone),
	        &z, "zone", DERR_INVALID, "zone_id", "功能区不存在", e))
		return -1;
	*w = json_integer_value(json_object_get(z, "plan_w"));
	*h = json_integer_value(json_object_get(z, "plan_h"));
	json_decref(z);
	return 0;
}

/* Checks a place against its zone's plan. */
static int place_check(struct store *db, int64_t zone, const struct incubator_place *p,
                       struct derr *e)
{
	int64_t w, h;
	if (zone_plan(db, zone, &w, &h, e))
		return -1;
	if (p->x < 0 || p->y < 0 || p->w < 1 || p->h < 1 || p->x + p->w > w || p->y + p->h > h)
		return derr_codef(e, DERR_INVALID, NULL, "x", "位置超出平面图（%lld × %lld 米）",
		                  (long long)w, (long long)h);
	return 0;
}

int incubator_zone_save(struct store *db, const struct actor *a, int64_t id,
                        const struct incubator_zone_input *in, json_t **out, struct derr *e)
{
	static const struct saved s = {"incubator.zone", "incubator_zone", "功能区不存在",
	                               "该基地已有同名的功能区", "name"};
	struct incubator_filter f = {0};
	int64_t got = 0, n = 0;
	*out = NULL;
	if (operator_only(a, e))
		return -1;
	if (store_int64(db, &n, "SELECT COUNT(*) FROM incubator_sites WHERE id = ?", "i",
	                in->site_id) != STORE_ROW)
		return derr_store(e, db, "zone site");
	if (!n)
		return derr_set(e, DERR_INVALID, "site_id", "孵化基地不存在");
	if (incubator_begin(db, e))
		return -1;
	const char *purpose = in->purpose ? in->purpose : "";
	int rc =
	    id ? store_int64(db, &got,
	                     "UPDATE incubator_zones SET site_id = ?, name = ?, purpose = ?,"
	                     " area_m2 = ?, plan_w = ?, plan_h = ?, sort = ? WHERE id = ?"
	                     " RETURNING id",
	                     "ittiiiii", in->site_id, in->name, purpose, in->area_m2, in->plan_w,
	                     in->plan_h, in->sort, id)
	       : store_int64(db, &got,
	                     "INSERT INTO incubator_zones (site_id, name, purpose, area_m2,"
	                     " plan_w, plan_h, sort) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                     "ittiiii", in->site_id, in->name, purpose, in->area_m2, in->plan_w,
	                     in->plan_h, in->sort);
	return save_finish(db, a, &s, rc, got, incubator_zones_list, &f, &f.zone_id, out, e);
}

/* A list of strings as the JSON text a column keeps. */
static char *list_text(const json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT) : strdup("[]");
}

int incubator_room_save(struct store *db, const struct actor *a, int64_t id,
                        const struct incubator_room_input *in, json_t **out, struct derr *e)
{
	static const struct saved s = {"incubator.room", "incubator_room", "房间不存在",
	                               "该功能区已有同名的房间", "name"};
	struct incubator_filter f = {.status = "all"};
	const struct incubator_rules *r = &in->rules;
	int64_t got = 0;
	*out = NULL;
	if (operator_only(a, e) || place_check(db, in->zone_id, &in->at, e) ||
	    incubator_rules_check(r, e))
		return -1;
	char *equipment = list_text(in->equipment);
	if (!equipment)
		return derr_internal(e, "room equipment: out of memory");
	int rc = incubator_begin(db, e) ? STORE_ERROR : STORE_OK;
	if (rc == STORE_OK && id)
		rc = store_int64(
		    db, &got,
		    "UPDATE incubator_rooms SET zone_id = ?, kind = ?, name = ?, area_m2 = ?,"
		    " capacity = ?, equipment = ?, x = ?, y = ?, w = ?, h = ?, bookable = ?,"
		    " book_roles = ?, open_from = ?, open_to = ?, open_days = ?, slot_minutes = ?,"
		    " max_minutes = ?, advance_days = ?, week_quota_minutes = ? WHERE id = ?"
		    " RETURNING id",
		    "ittiitiiiiiiiiiiiiii", in->zone_id, in->kind, in->name, in->area_m2,
		    in->capacity, equipment, in->at.x, in->at.y, in->at.w, in->at.h,
		    (int64_t)in->bookable, (int64_t)r->book_roles, (int64_t)r->open_from,
		    (int64_t)r->open_to, (int64_t)r->open_days, (int64_t)r->slot_minutes,
		    (int64_t)r->max_minutes, (int64_t)r->advance_days,
		    (int64_t)r->week_quota_minutes, id);
	else if (rc == STORE_OK)
		rc = store_int64(db, &got,
		                 "INSERT INTO incubator_rooms (zone_id, kind, name, area_m2, "
		                 "capacity, equipment,"
		                 " x, y, w, h, bookable, book_roles, open_from, open_to, "
		                 "open_days, slot_minutes,"
		                 " max_minutes, advance_days, week_quota_minutes) VALUES (?, ?, ?, "
		                 "?, ?, ?, ?, ?,"
		                 " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		                 "ittiitiiiiiiiiiiiii", in->zone_id, in->kind, in->name,
		                 in->area_m2, in->capacity, equipment, in->at.x, in->at.y, in->at.w,
		                 in->at.h, (int64_t)in->bookable, (int64_t)r->book_roles,
		                 (int64_t)r->open_from, (int64_t)r->open_to, (int64_t)r->open_days,
		                 (int64_t)r->slot_minutes, (int64_t)r->max_minutes,
		                 (int64_t)r->advance_days, (int64_t)r->week_quota_minutes);
	free(equipment);
	return save_finish(db, a, &s, rc, got, incubator_rooms_list, &f, &f.room_id, out, e);
}

int incubator_seat_save(struct store *db, const struct actor *a, int64_t id,
                        const struct incubator_seat_input *in, json_t **out, struct derr *e)
{
	static const struct saved s = {"incubator.seat", "incubator_seat", "工位不存在",
	                               "该功能区已有同名的工位", "label"};
	struct incubator_filter f = {0};
	int64_t got = 0;
	*out = NULL;
	if (operator_only(a, e) || place_check(db, in->zone_id, &in->at, e))
		return -1;
	char *equipment = list_text(in->equipment);
	if (!equipment)
		return derr_internal(e, "seat equipment: out of memory");
	int rc = incubator_begin(db, e) ? STORE_ERROR : STORE_OK;
	if (rc == STORE_OK && id)
		rc = store_int64(db, &got,
		                 "UPDATE incubator_seats SET zone_id = ?, kind = ?, label = ?,"
		                 " area_m2 = ?, capacity = ?, equipment = ?, x = ?, y = ?, w = ?,"
		                 " h = ?, prize_reserved = ? WHERE id = ? RETURNING id",
		                 "ittiitiiiiii", in->zone_id, in->kind, in->label, in->area_m2,
		                 in->capacity, equipment, in->at.x, in->at.y, in->at.w, in->at.h,
		                 (int64_t)in->prize_reserved, id);
	else if (rc == STORE_OK)
		rc = store_int64(
		    db, &got,
		    "INSERT INTO incubator_seats (zone_id, kind, label, area_m2, capacity,"
		    " equipment, x, y, w, h, prize_reserved) VALUES (?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?) RETURNING id",
		    "ittiitiiiii", in->zone_id, in->kind, in->label, in->area_m2, in->capacity,
		    equipment, in->at.x, in->at.y, in->at.w, in->at.h, (int64_t)in->prize_reserved);
	free(equipment);
	return save_finish(db, a, &s, rc, got, incubator_seats_list, &f, &f.seat_id, out, e);
}

/* ---- lists ---- */

/* A list: select, then f's conditions, then the order (incubator_list_run). */
static int run_list(struct store *db, const char *select, const struct incubator_cond *c, size_t n,
                    struct store_args *args, const char *order, void (*shape)(json_t *),
                    json_t **items, const char *what, struct derr *e)
{
	struct buf sql;
	buf_init(&sql);
	buf_adds(&sql, select);
	incubator_where(&sql, args, c, n);
	return incubator_list_run(db, &sql, args, order, shape, items, what, e);
}

static void shape_site(json_t *row)
{
	incubator_label_of(row, "kind");
}

int incubator_sites_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                         json_t **items, struct derr *e)
{
	struct store_args args = {0};
	const struct incubator_cond c[] = {{" AND s.id = ?", f->site_id, NULL},
	                                   {" AND s.college_id = ?", f->college_id, NULL},
	                                   {" AND s.kind = ?", 0, f->kind}};
	return run_list(
	    db,
	    "SELECT s.id, s.kind, s.name, s.college_id, c.name AS college, s.address,"
	    " s.area_m2, (SELECT COUNT(*) FROM incubator_zones z WHERE z.site_id = s.id)"
	    " AS zones, (SELECT COUNT(*) FROM incubator_rooms r JOIN incubator_zones z ON"
	    " z.id = r.zone_id WHERE z.site_id = s.id) AS rooms, (SELECT COUNT(*) FROM"
	    " incubator_seats t JOIN incubator_zones z ON z.id = t.zone_id WHERE"
	    " z.site_id = s.id) AS seats, (SELECT COUNT(*) FROM incubator_projects p"
	    " WHERE p.site_id = s.id AND p.status = 'resident') AS residents"
	    " FROM incubator_sites s LEFT JOIN organizations c ON c.id = s.college_id"
	    " WHERE 1 = 1",
	    c, 3, &args, "CASE s.kind WHEN 'hq' THEN 0 ELSE 1 END, s.id", shape_site, items,
	    "sites", e);
}

int incubator_zones_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                         json_t **items, struct derr *e)
{
	struct store_args args = {0};
	const struct incubator_cond c[] = {{" AND z.id = ?", f->zone_id, NULL},
	                                   {" AND z.site_id = ?", f->site_id, NULL}};
	return run_list(db,
	                "SELECT z.id, z.site_id, s.name AS site, z.name, z.purpose, z.area_m2,"
	                " z.plan_w, z.plan_h, z.sort, (SELECT COUNT(*) FROM incubator_rooms r WHERE"
	                " r.zone_id = z.id) AS rooms, (SELECT COUNT(*) FROM incubator_seats t WHERE"
	                " t.zone_id = z.id) AS seats FROM incubator_zones z JOIN incubator_sites s"
	                " ON s.id = z.site_id WHERE 1 = 1",
	                c, 2, &args, "z.site_id, z.sort, z.id", NULL, items, "zones", e);
}

#define ROOM_SELECT                                                                                \
	"SELECT r.id, r.name, s.name AS site, z.name AS zone, r.capacity, s.id AS site_id,"        \
	" z.id AS zone_id, r.kind, r.area_m2, r.equipment, r.bookable, r.book_roles,"              \
	" r.open_from, r.open_to, r.open_days, r.slot_minutes, r.max_minutes, r.advance_days,"     \
	" r.week_quota_minutes, r.x, r.y, r.w, r.h FROM incubator_rooms r JOIN incubator_zones z"  \
	" ON z.id = r.zone_id JOIN incubator_sites s ON s.id = z.site_id"

/* The masks of a room row as lists: book_roles as names, open_days as
 * ISO weekdays (1 Monday .. 7 Sunday). */
static void shape_room(json_t *row)
{
	json_t *roles = json_array(), *days = json_array();
	int64_t mask = json_integer_value(json_object_get(row, "book_roles"));
	for (int i = 0; i < 4; i++)
		if (mask & 1 << i)
			json_array_append_new(roles, json_string(incubator_booker_name(1 << i)));
	mask = json_integer_value(json_object_get(row, "open_days"));
	for (int i = 0; i < 7; i++)
		if (mask & 1 << i)
			json_array_append_new(days, json_integer(i + 1));
	json_object_set_new(row, "book_roles", roles);
	json_object_set_new(row, "open_days", days);
	/* Opening hours as the forms take them: "08:00". */
	const char *const hours[] = {"open_from", "open_to"};
	for (int i = 0; i < 2; i++) {
		char hm[8];
		int64_t m = json_integer_value(json_object_get(row, hours[i]));
		snprintf(hm, sizeof(hm), "%02d:%02d", (int)(m / 60), (int)(m % 60));
		json_object_set_new(row, hours[i], json_string(hm));
	}
	json_object_set_new(row, "bookable",
	                    json_boolean(json_integer_value(json_object_get(row, "bookable"))));
	incubator_decode(row, "equipment");
	incubator_label_of(row, "kind");
}

int incubator_rooms_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                         json_t **items, struct derr *e)
{
	struct store_args args = {0};
	/* Rooms not open to booking: for the operator asking ?status=all. */
	int all =
	    f->room_id || (a->role == ROLE_OPERATOR && f->status && !strcmp(f->status, "all"));
	const struct incubator_cond c[] = {{" AND r.id = ?", f->room_id, NULL},
	                                   {" AND z.id = ?", f->zone_id, NULL},
	                                   {" AND s.id = ?", f->site_id, NULL},
	                                   {" AND r.kind = ?", 0, f->kind},
	                                   {" AND r.bookable = ?", all ? 0 : 1, NULL}};
	return run_list(db, ROOM_SELECT " WHERE 1 = 1", c, 5, &args, "s.id, z.sort, z.id, r.id",
	                shape_room, items, "rooms", e);
}

/* Seats with their holder now and the start of a later assignment. */
#define SEAT_SELECT                                                                                \
	"SELECT t.id, t.label, t.kind, t.area_m2, t.capacity, t.equipment, t.x, t.y, t.w, t.h,"    \
	" t.prize_reserved, z.id AS zone_id, z.name AS zone, s.id AS site_id, s.name AS site,"     \
	" (SELECT sa.id FROM incubator_seat_assignments sa WHERE sa.seat_id = t.id AND"            \
	" sa.status = 'active' AND sa.start_at <= ? AND sa.end_at > ?) AS assignment_id,"          \
	" (SELECT MIN(sa.start_at) FROM incubator_seat_assignments sa WHERE sa.seat_id = t.id"     \
	" AND sa.status = 'active' AND sa.start_at > ?) AS next_start"                             \
	" FROM incubator_seats t JOIN incubator_zones z ON z.id = t.zone_id"                       \
	" JOIN incubator_sites s ON s.id = z.site_id"

/* Sets row's "next" to the seat's first assignment starting after `at` (its
 * id, so that the operator can cancel a booked-ahead seat, project, start,
 * end). */
static int seat_next(struct store *db, json_t *row, int64_t at, struct derr *e)
{
	json_t *next =
	    store_row(db,
	              "SELECT sa.id AS assignment_id, p.id AS project_id, p.name AS project,"
	              " sa.start_at, sa.end_at FROM incubator_seat_assignments sa JOIN"
	              " incubator_projects p ON p.id = sa.project_id WHERE sa.seat_id = ? AND"
	              " sa.status = 'active' AND sa.start_at > ? ORDER BY sa.start_at LIMIT 1",
	              "ii", json_integer_value(json_object_get(row, "id")), at);
	if (!next)
		return derr_store(e, db, "seat next");
	json_object_set_new(row, "next", next);
	return 0;
}

/* Adds each seat's state at `at` (and, for a caller who may see it, its
 * holder and next holder); drops the rows whose state is not `only` (NULL:
 * keep all). */
static int shape_seats(struct store *db, const struct actor *a, json_t *items, const char *only,
                       int64_t at, struct derr *e)
{
	for (size_t i = 0; i < json_array_size(items);) {
		json_t *row = json_array_get(items, i);
		json_t *asg = json_object_get(row, "assignment_id");
		const char *state = json_is_integer(asg) ? "occupied"
		                    : json_is_integer(json_object_get(row, "next_start")) ? "held"
		                    : json_integer_value(json_object_get(row, "prize_reserved"))
		                        ? "reserved"
		                        : "free";
		if (only && strcmp(only, state)) {
			json_array_remove(items, i);
			continue;
		}
		json_object_set_new(row, "state", json_string(state));
		incubator_label_of(row, "state");
		incubator_label_of(row, "kind");
		incubator_decode(row, "equipment");
		json_object_set_new(
		    row, "prize_reserved",
		    json_boolean(json_integer_value(json_object_get(row, "prize_reserved"))));
		if (sees_holders(a) && json_is_integer(asg)) {
			json_t *p =
			    store_row(db,
			              "SELECT p.id AS project_id, p.name AS project, sa.start_at,"
			              " sa.end_at FROM incubator_seat_assignments sa JOIN"
			              " incubator_projects p ON p.id = sa.project_id WHERE"
			              " sa.id = ?",
			              "i", json_integer_value(asg));
			if (!p)
				return derr_store(e, db, "seat holder");
			json_object_update(row, p);
			json_decref(p);
		} else if (!sees_holders(a)) {
			json_object_del(row, "assignment_id");
		}
		if (sees_holders(a) && json_is_integer(json_object_get(row, "next_start")) &&
		    seat_next(db, row, at, e))
			return -1;
		i++;
	}
	return 0;
}

/* The seats of f with their states at time `at`. */
static int seats_at(struct store *db, const struct actor *a, const struct incubator_filter *f,
                    int64_t at, json_t **items, struct derr *e)
{
	struct store_args args = {0};
	store_args_int(&args, at);
	store_args_int(&args, at);
	store_args_int(&args, at);
	const struct incubator_cond c[] = {{" AND t.id = ?", f->seat_id, NULL},
	                                   {" AND z.id = ?", f->zone_id, NULL},
	                                   {" AND s.id = ?", f->site_id, NULL},
	                                   {" AND t.kind = ?", 0, f->kind}};
	if (run_list(db, SEAT_SELECT " WHERE 1 = 1", c, 4, &args, "s.id, z.sort, z.id, t.id", NULL,
	             items, "seats", e))
		return -1;
	if (shape_seats(db, a, *items, f->status, at, e)) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}

int incubator_seats_list(struct store *db, const struct actor *a, const struct incubator_filter *f,
                         json_t **items, struct derr *e)
{
	return seats_at(db, a, f, now_seconds(), items, e);
}

/* Adds one seat's figures to a site or zone total. */
static void tally(json_t *total, json_t *seat)
{
	const char *state = json_string_value(json_object_get(seat, "state"));
	const char *keys[] = {"seats", state, NULL};
	for (int k = 0; keys[k]; k++)
		json_object_set_new(
		    total, keys[k],
		    json_integer(json_integer_value(json_object_get(total, keys[k])) + 1));
	if (!strcmp(state, "occupied")) {
		int64_t area = json_integer_value(json_object_get(seat, "area_m2"));
		json_object_set_new(
		    total, "occupied_area_m2",
		    json_integer(json_integer_value(json_object_get(total, "occupied_area_m2")) +
		                 area));
	}
}

static json_t *total_row(const char *level, json_t *seat)
{
	json_t *t = json_pack("{s:s, s:O, s:O, s:i, s:i, s:i, s:i, s:i, s:i}", "level", level,
	                      "site_id", json_object_get(seat, "site_id"), "site",
	                      json_object_get(seat, "site"), "seats", 0, "occupied", 0, "held", 0,
	                      "reserved", 0, "free", 0, "occupied_area_m2", 0);
	if (!strcmp(level, "zone")) {
		json_object_set(t, "zone_id", json_object_get(seat, "zone_id"));
		json_object_set(t, "zone", json_object_get(seat, "zone"));
	}
	return t;
}

int incubator_occupancy(struct store *db, const struct actor *a, const struct incubator_filter *f,
                        json_t **items, struct derr *e)
{
	struct incubator_filter all = {.site_id = f->site_id};
	json_t *seats, *site = NULL, *zone = NULL;
	if (incubator_seats_list(db, a, &all, &seats, e))
		return -1;
	*items = json_array();
	/* Seats come ordered by site, then zone: a total closes when the next
	 * seat is elsewhere. */
	size_t i;
	json_t *s;
	json_array_foreach(seats, i, s)
	{
		if (!site ||
		    !json_equal(json_object_get(site, "site_id"), json_object_get(s, "site_id"))) {
			site = total_row("site", s);
			json_array_append_new(*items, site);
		}
		if (!zone ||
		    !json_equal(json_object_get(zone, "zone_id"), json_object_get(s, "zone_id"))) {
			zone = total_row("zone", s);
			json_array_append_new(*items, zone);
		}
		tally(site, s);
		tally(zone, s);
	}
	json_array_foreach(*items, i, s)
	{
		int64_t n = json_integer_value(json_object_get(s, "seats"));
		int64_t used = json_integer_value(json_object_get(s, "occupied"));
		json_object_set_new(s, "rate_percent",
		                    json_integer(n ? (used * 100 + n / 2) / n : 0));
	}
	json_decref(seats);
	return 0;
}

/* ---- one room, the floor plan ---- */

int incubator_room_get(struct store *db, const struct actor *a, int64_t id, int64_t from,
                       int64_t to, json_t **out, struct derr *e)
{
	struct incubator_filter f = {.room_id = id};
	json_t *items, *bookings;
	*out = NULL;
	if (incubator_rooms_list(db, a, &f, &items, e))
		return -1;
	if (!json_array_size(items)) {
		json_decref(items);
		return derr_set(e, DERR_NOT_FOUND, NULL, "房间不存在");
	}
	if (!from) {
		from = incubator_week_start(now_seconds());
		to = from + 7 * 86400;
	}
	if (incubator_room_bookings(db, a, id, from, to, &bookings, e)) {
		json_decref(items);
		return -1;
	}
	*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	json_object_set_new(*out, "bookings", bookings);
	json_object_set_new(*out, "from", json_integer(from));
	json_object_set_new(*out, "to", json_integer(to));
	return 0;
}

/* Each room of zone gets its state at `at`. */
static int rooms_state(struct store *db, json_t *rooms, int64_t zone, int64_t at, struct derr *e)
{
	json_t *live =
	    store_rows(db,
	               "SELECT b.room_id, b.status, b.hold_until FROM incubator_bookings b"
	               " JOIN incubator_rooms r ON r.id = b.room_id WHERE r.zone_id = ?"
	               " AND b.status IN " INCUBATOR_LIVE " AND b.start_at <= ? AND b.end_at > ?",
	               "iii", zone, at, at);
	if (!live)
		return derr_store(e, db, "plan rooms");
	size_t i, j;
	json_t *room, *b;
	json_array_foreach(rooms, i, room)
	{
		const char *state = "free";
		json_array_foreach(live, j, b)
		{
			if (!json_equal(json_object_get(b, "room_id"), json_object_get(room, "id")))
				continue;
			if (strcmp(json_string_value(json_object_get(b, "status")), "held"))
				state = "occupied";
			else if (json_integer_value(json_object_get(b, "hold_until")) > at)
				state = "held";
		}
		json_object_set_new(room, "state", json_string(state));
		incubator_label_of(room, "state");
	}
	json_decref(live);
	return 0;
}

int incubator_plan(struct store *db, const struct actor *a, int64_t zone_id, int64_t at,
                   json_t **out, struct derr *e)
{
	struct incubator_filter f = {.zone_id = zone_id, .status = "all"},
	                        seats_f = {.zone_id = zone_id};
	struct actor as_operator = *a;
	json_t *zones, *rooms = NULL, *seats = NULL;
	*out = NULL;
	if (incubator_zones_list(db, a, &f, &zones, e))
		return -1;
	if (!json_array_size(zones)) {
		json_decref(zones);
		return derr_set(e, DERR_NOT_FOUND, NULL, "功能区不存在");
	}
	/* The plan shows every room, bookable or not. */
	as_operator.role = ROLE_OPERATOR;
	if (incubator_rooms_list(db, &as_operator, &f, &rooms, e) ||
	    rooms_state(db, rooms, zone_id, at, e) || seats_at(db, a, &seats_f, at, &seats, e)) {
		json_decref(zones);
		json_decref(rooms);
		return -1;
	}
	*out = json_incref(json_array_get(zones, 0));
	json_decref(zones);
	json_object_set_new(*out, "at", json_integer(at));
	json_object_set_new(*out, "rooms", rooms);
	json_object_set_new(*out, "seats", seats);
	return 0;
}

/* ---- seat assignments ---- */

#define ASSIGNMENT_SELECT                                                                          \
	"SELECT sa.id, sa.seat_id, t.label AS seat, t.kind AS seat_kind, sa.project_id,"           \
	" p.name AS project, sa.start_at, sa.end_at, sa.status FROM incubator_seat_assignments sa" \
	" JOIN incubator_seats t ON t.id = sa.seat_id JOIN incubator_projects p ON"                \
	" p.id = sa.project_id"

int incubator_seat_assign(struct store *db, const struct actor *a, int64_t seat, int64_t project,
                          int64_t start, int64_t end, json_t **out, struct derr *e)
{
	struct incubator_project p;
	int64_t id = 0, n = 0;
	*out = NULL;
	if (operator_only(a, e) ||
	    incubator_project_load(db, a, project, INCUBATOR_VIEW_OPERATOR, &p, e))
		return -1;
	if (strcmp(p.status, "resident"))
		return derr_set(e, DERR_RULE, "project_id", "只能为在孵项目分配工位");
	if (!start) {
		start = p.agreement_start;
		end = p.agreement_end;
	}
	if (!start || !end || end <= start)
		return derr_set(e, DERR_INVALID, "end", "请给出分配的起止时间，结束晚于开始");
	if (store_int64(db, &n, "SELECT COUNT(*) FROM incubator_seats WHERE id = ?", "i", seat) !=
	    STORE_ROW)
		return derr_store(e, db, "seat");
	if (!n)
		return derr_set(e, DERR_NOT_FOUND, NULL, "工位不存在");
	if (incubator_begin(db, e) ||
	    incubator_lock(db, "incubator_projects", project, "入驻项目不存在", e))
		return incubator_fail(db);
	int rc =
	    store_int64(db, &id,
	                "INSERT INTO incubator_seat_assignments (seat_id, project_id, start_at,"
	                " end_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)"
	                " RETURNING id",
	                "iiiiii", seat, project, start, end, a->id, now_seconds());
	if (rc == STORE_EXCLUDED) {
		store_rollback(db);
		json_t *holder =
		    store_row(db,
		              "SELECT p.name FROM incubator_seat_assignments sa JOIN"
		              " incubator_projects p ON p.id = sa.project_id WHERE"
		              " sa.seat_id = ? AND sa.status = 'active' AND"
		              " sa.start_at < ? AND sa.end_at > ? ORDER BY sa.start_at",
		              "iii", seat, end, start);
		const char *name = json_string_value(json_object_get(holder, "name"));
		derr_codef(e, DERR_CONFLICT, NULL, "seat_id", "该工位在此期间已分配给“%s”",
		           name ? name : "其他项目");
		json_decref(holder);
		return -1;
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "seat assign");
	if (audit_write(db, a, "incubator.seat.assign", "incubator_project", project, NULL, e) ||
	    derr_found(db, store_row(db, ASSIGNMENT_SELECT " WHERE sa.id = ?", "i", id), out,
	               "seat assign", DERR_INTERNAL, NULL, "", e))
		return incubator_fail(db);
	return derr_commit(db, out, "seat assign", e);
}

int incubator_seat_release(struct store *db, const struct actor *a, int64_t id, json_t **out,
                           struct derr *e)
{
	json_t *row;
	int64_t now = now_seconds();
	*out = NULL;
	if (operator_only(a, e) ||
	    derr_found(db, store_row(db, ASSIGNMENT_SELECT " WHERE sa.id = ?", "i", id), &row,
	               "seat release", DERR_NOT_FOUND, NULL, "工位分配不存在", e))
		return -1;
	int64_t start = json_integer_value(json_object_get(row, "start_at"));
	int64_t end = json_integer_value(json_object_get(row, "end_at"));
	int active = !strcmp(json_string_value(json_object_get(row, "status")), "active");
	int64_t project = json_integer_value(json_object_get(row, "project_id"));
	json_decref(row);
	if (!active || end <= now)
		return derr_set(e, DERR_RULE, NULL, "该分配已经结束");
	if (incubator_begin(db, e))
		return -1;
	/* Not started yet: cancelled; else it ends now. */
	int rc = start >= now ? store_run(db,
	                                  "UPDATE incubator_seat_assignments SET status ="
	                                  " 'cancelled' WHERE id = ?",
	                                  "i", id)
	                      : store_run(db,
	                                  "UPDATE incubator_seat_assignments SET end_at = ? WHERE"
	                                  " id = ?",
	                                  "ii", now, id);
	if (rc != STORE_OK)
		return derr_store(e, db, "seat release");
	if (audit_write(db, a, "incubator.seat.release", "incubator_project", project, NULL, e) ||
	    derr_found(db, store_row(db, ASSIGNMENT_SELECT " WHERE sa.id = ?", "i", id), out,
	               "seat release", DERR_INTERNAL, NULL, "", e))
		return incubator_fail(db);
	return derr_commit(db, out, "seat release", e);
}

int incubator_seats_free(struct store *db, int64_t project, int64_t now, struct derr *e)
{
	if (store_run(db,
	              "UPDATE incubator_seat_assignments SET status = 'cancelled' WHERE"
	              " project_id = ? AND status = 'active' AND start_at >= ?",
	              "ii", project, now) != STORE_OK ||
	    store_run(db,
	              "UPDATE incubator_seat_assignments SET end_at = ? WHERE project_id = ? AND"
	              " status = 'active' AND start_at < ? AND end_at > ?",
	              "iiii", now, project, now, now) != STORE_OK)
		return derr_store(e, db, "seats free");
	return 0;
}
