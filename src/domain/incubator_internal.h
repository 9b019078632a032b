/*
 * What the incubator services (src/domain/incubator*.c) share among
 * themselves and nobody else needs: the settings, booking a room inside a
 * transaction, JSON shaping of rows, and small transaction helpers.
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_INTERNAL_H
#define SKYWAY_DOMAIN_INCUBATOR_INTERNAL_H

#include "domain/incubator.h"

/* The statuses in which a booking occupies its room (SQL list). */
#define INCUBATOR_LIVE "('held', 'confirmed', 'checked_in', 'no_show')"
/* Rows a list answers at most (the incubator's lists are small; filters
 * narrow the long ones, such as bookings by date). */
#define INCUBATOR_LIST_MAX 5000

struct incubator_settings {
	int report_due_day, remind_days, mentor_per_projects, grad_all, grad_min_months;
	int64_t grad_min_revenue, grad_min_financing, plan_max_bytes;
};
/* The operator's settings (one row).  0 and *s, or -1 with e. */
int incubator_settings_load(struct store *db, struct incubator_settings *s, struct derr *e);

/* A room with its booking rules, as the booking services check it. */
struct incubator_room {
	int64_t id, zone_id, site_id, college_id; /* college_id: the site's college, 0 at the HQ */
	int bookable, capacity;
	char name[256];
	struct incubator_rules rules;
};
/* Loads room id (404 when there is none).  0 and *r, or -1 with e. */
int incubator_room_load(struct store *db, int64_t id, struct incubator_room *r, struct derr *e);

/* One booking to make inside the caller's open transaction. */
struct incubator_booking_req {
	const struct incubator_room *room;
	int booker;         /* enum incubator_booker */
	int64_t project_id; /* the resident project booking, or 0 */
	int64_t activity_id, series_id;
	int64_t start, end;
	const char *title;
	int hold; /* 1: held for INCUBATOR_HOLD_SECONDS, to confirm */
};
/* Checks req against its room's rules (and the project's weekly quota),
 * sweeps the room's expired holds, and inserts the booking unless a live
 * one overlaps: then 409 `conflict` with *conflict (a new reference) the
 * overlapped booking without personal data ({"id","room_id","start_at",
 * "end_at","start","end","status"}).  Runs inside the caller's
 * transaction and leaves it open either way (the caller rolls back on
 * failure).  0 and *id, or -1 with e. */
int incubator_book(struct store *db, const struct actor *a, const struct incubator_booking_req *req,
                   int64_t now, int64_t *id, json_t **conflict, struct derr *e);
/* The bookings of room in [from, to) as a may see them: everyone sees
 * when the room is taken ({"id","start_at","end_at","start","end",
 * "status"}); the title, booker and project only on the caller's own (or
 * their project's) bookings and for the operator ("mine": true).  0 and
 * *items (new reference), or -1 with e. */
int incubator_room_bookings(struct store *db, const struct actor *a, int64_t room, int64_t from,
                            int64_t to, json_t **items, struct derr *e);
/* The public shape of booking id (no title, no booker): what a 409 names.
 * NULL when it cannot be read. */
json_t *incubator_booking_public(struct store *db, int64_t id);

/* ---- shaping rows ---- */

/* Adds row[iso_key] = the China-time ISO text of the integer row[key]
 * (nothing when it is null or absent). */
void incubator_iso(json_t *row, const char *key, const char *iso_key);
/* Replaces the JSON text row[key] with its value (a list kept as text). */
void incubator_decode(json_t *row, const char *key);
/* Adds row[key + "_label"], the Chinese label of row[key]. */
void incubator_label_of(json_t *row, const char *key);
/* Runs a list query built with args: 0 and *items (new reference), or -1
 * with e (the store's failure, `what`). */
int incubator_rows(struct store *db, const char *sql, const struct store_args *args, json_t **items,
                   const char *what, struct derr *e);
/* One optional condition of a list, added when given (an id other than
 * 0, a text not NULL): " AND p.site_id = ?" with its one value. */
struct incubator_cond {
	const char *sql;
	int64_t id;
	const char *text;
};
/* Appends the given ones of n conditions to sql, binding into args. */
struct buf;
void incubator_where(struct buf *sql, struct store_args *args, const struct incubator_cond *c,
                     size_t n);
/* Ends a list query: appends " ORDER BY order LIMIT INCUBATOR_LIST_MAX",
 * runs it into *items (new reference), applies shape to each row (NULL:
 * none) and releases sql.  0, or -1 with e (the store's failure, `what`). */
int incubator_list_run(struct store *db, struct buf *sql, const struct store_args *args,
                       const char *order, void (*shape)(json_t *), json_t **items, const char *what,
                       struct derr *e);
/* Begins a transaction: 0, or -1 with e. */
int incubator_begin(struct store *db, struct derr *e);
/* Rolls back whatever is open and returns -1: the end of a failed write
 * whose reason is already in e. */
int incubator_fail(struct store *db);
/* Serialises writes about one row (PostgreSQL locks it; SQLite has one
 * writer): "UPDATE table SET updated_at = updated_at WHERE id = ?" (not the
 * key, so inserts that reference the row are not blocked).  table is a
 * constant of the caller.  0, or -1 with e (404 `missing` when the row is gone). */
int incubator_lock(struct store *db, const char *table, int64_t id, const char *missing,
                   struct derr *e);
/* 0 when `SELECT COUNT(*) ...` (one '?': id) counts a row; else -1 with
 * e: 400 on field with message when none, or the store's failure. */
int incubator_exists(struct store *db, const char *count_sql, int64_t id, const char *field,
                     const char *message, struct derr *e);
/* An account's display name (for messages); "" when unknown. */
void incubator_account_name(struct store *db, int64_t id, char *out, size_t n);

#endif
