/*
 * coop: school–enterprise cooperation (校企合作) and internships (岗位实习),
 * issue 12.  The area is a family of services, one file per topic, each
 * with its header:
 *
 *   coop.c             this header: who the caller is to a pair of
 *                      organisations, dates, lists kept as JSON, commits
 *   coop_files.c       uploaded files (visit photos, signed scans) outside
 *                      the database, named by SHA-256, served to the parties
 *   coop_listings.c    needs and offers (供需), Chinese search, counterparts
 *                      scored by match/coop_score
 *   coop_visits.c      双走进 visits: plan, registration, check-in, minutes,
 *                      follow-ups, photos, the calendar
 *   coop_meetings.c    供需对接会: the event, parties and their wishes
 *   coop_talks.c       its 1:1 talks: the timetable (match/timetable) and
 *                      each talk's outcome
 *   coop_agreements.c  协议: bases, 产学研, order-class and internship-base
 *                      agreements, milestones, scans, renewals
 *   coop_classes.c     订单班: order classes, their students, who was hired
 *   internship*.c      岗位实习: posts, placements checked against the
 *                      national rules (intern_rules.h), weekly logs,
 *                      visits, evaluations, incidents
 *   coop_stats.c       the funnel from first visit to hire, the figures,
 *                      the tables that export to .xlsx
 *
 * Who sees what (enforced here, in every list and every lookup):
 *   operator     everything;
 *   college      what its college is a party to, and its own students;
 *   enterprise   what its enterprise is a party to; never another
 *                enterprise's interns, agreements, visits or classes;
 *   student      their own internships (and the visits of their college,
 *                to register); nothing else of the area.
 * Needs and offers are the one public part: every college and enterprise
 * (staff) reads the open ones, as they are meant to be found.
 * Something the caller may not see answers 404 (it does not exist for
 * them); something they see but may not change answers 403.
 *
 * Invariants every service keeps (as the fair services):
 *  1. It takes a store, the caller (struct actor) and typed arguments, and
 *     returns 0, or -1 with the reason in a struct derr (derr.h).
 *  2. A write is one transaction holding its change, its audit row
 *     (audit_write()) and the rows of its answer; the commit is its last
 *     database operation, so a failure anywhere has written nothing.
 *     (An uploaded file is written before its row: a failed commit may
 *     leave an unreferenced file, never a row without its file.)
 *  3. JSON handed back (json_t **out) is a new reference the caller owns.
 *  4. Calendar dates are 'YYYY-MM-DD' text (base/date.h), "today" is
 *     Beijing's.  Lists kept in a column (majors, industries, obligations)
 *     are JSON text in the database and JSON arrays in answers.
 */
#ifndef SKYWAY_DOMAIN_COOP_H
#define SKYWAY_DOMAIN_COOP_H

#include <jansson.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* The caller's part in something between an enterprise and a college. */
enum coop_part {
	COOP_NONE = 0,
	COOP_OPERATOR,
	COOP_ENTERPRISE, /* staff of the enterprise */
	COOP_COLLEGE,    /* staff of the college */
};
enum coop_part coop_part_of(const struct actor *a, int64_t enterprise, int64_t college);

/* Appends to where " AND (...)" limiting rows to those between
 * enterprise_col and college_col that the caller is a party to (nothing
 * for the operator, "1 = 0" for anyone without an organisation), binding
 * into args. */
struct buf;
void coop_scope_sql(const struct actor *a, struct buf *where, struct store_args *args,
                    const char *enterprise_col, const char *college_col);

/* Checks that organisation id is an approved (active) organisation of
 * kind ("college" or "enterprise"): 0, or -1 with a 400 on field. */
int coop_org_check(struct store *db, int64_t id, const char *kind, const char *field,
                   struct derr *e);
/* The caller's own organisation, which writes of this area need approved:
 * 0, or -1 with a 403 (no organisation, or an enterprise awaiting review). */
int coop_actor_org_active(struct store *db, const struct actor *a, struct derr *e);

/* Today in Beijing, as a day number and as text. */
int32_t coop_today(void);
void coop_today_text(char out[DATE_TEXT]);
/* Parses a 'YYYY-MM-DD' field: 0 and *days, or -1 with a 400 on field. */
int coop_date(const char *text, const char *field, int32_t *days, struct derr *e);

/* Replaces each member named in keys (NULL-terminated) of obj — or of
 * every object of an array — that holds JSON text by the value it
 * encodes (an unreadable one by []). */
void coop_decode(json_t *obj, const char *const *keys);
/* The JSON text of a list to store ("[]" for NULL); NULL when out of
 * memory.  Caller frees. */
char *coop_encode(const json_t *list);

/* The end of a conditional change (UPDATE ... WHERE status = <as read>
 * ... RETURNING id) run in the caller's transaction, given the store's
 * answer rc: 0 when it changed a row; else rolls back and fails, 409 on
 * field with message when no row matched (someone changed it meanwhile),
 * a store failure (what) otherwise. */
int coop_changed(struct store *db, int rc, const char *field, const char *message, const char *what,
                 struct derr *e);
/* A store_rows() result: 0 with *out, or -1 (store failure). */
int coop_rows(struct store *db, json_t *rows, json_t **out, const char *what, struct derr *e);
/* One page of select + where + order (where binds args): the count of
 * all its rows, then the page; *out is {"items","total","page",
 * "page_size"}.  0, or -1 with e. */
int coop_page(struct store *db, const char *select, const char *where, const char *order,
              struct store_args *args, int64_t page, int64_t page_size, json_t **out,
              struct derr *e);

/* A string member of obj, "" when absent or not a string. */
const char *coop_str(const json_t *obj, const char *key);

/* An export's writer (the api's .xlsx): steps through rows and writes
 * each; returns 0, or -1 when the file could not be written. */
typedef int (*coop_rows_fn)(void *arg, struct store_stmt *rows);
/* Hands st (NULL: preparing it failed) to write and finalizes it. */
int coop_export(struct store *db, struct store_stmt *st, coop_rows_fn write, void *arg,
                const char *what, struct derr *e);
/* coop_export() of the statement in sql (with args); releases sql. */
int coop_export_sql(struct store *db, struct buf *sql, const struct store_args *args,
                    coop_rows_fn write, void *arg, const char *what, struct derr *e);

#endif
