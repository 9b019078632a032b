/*
 * The services area's shared pieces (private to domain/service*.c,
 * domain/invest.c and domain/policy*.c): who may do what, dates as text,
 * the SQL that colours a case for a day.
 */
#ifndef SKYWAY_DOMAIN_SERVICE_INTERNAL_H
#define SKYWAY_DOMAIN_SERVICE_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "base/workdays.h"
#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* An officer (政务) may run the area; an operator may read it. */
static inline int svc_officer(const struct actor *a)
{
	return a->role == ROLE_OFFICER;
}
static inline int svc_staff(const struct actor *a)
{
	return a->role == ROLE_OFFICER || a->role == ROLE_OPERATOR;
}
/* DERR_FORBIDDEN unless the caller is an officer. */
int svc_need_officer(const struct actor *a, struct derr *e);
/* DERR_FORBIDDEN unless officer or operator. */
int svc_need_staff(const struct actor *a, struct derr *e);

/* A day as "YYYY-MM-DD" in out, or NULL for 0 (bind-ready). */
const char *svc_day(int32_t day, char out[11]);
/* A day as a JSON string, or null for 0. */
json_t *svc_day_json(int32_t day);
/* The day of "YYYY-MM-DD" text, 0 when NULL or malformed. */
int32_t svc_parse_day(const char *s);

/* "Today" for a case's dates: the date a step is recorded on.  on = 0
 * means today; officers may give an earlier day (service.h rule 5), not
 * before `not_before` (the last step's day, 0: none).  Returns the day, or
 * 0 with e. */
int32_t svc_step_day(const struct actor *a, int32_t on, int32_t not_before, struct derr *e);

/* The colour of a case (alias c) on a day, as SQL: four '?' all bound to
 * that day (text). */
#define SVC_COLOUR_SQL                                                                             \
	"(CASE WHEN c.clock_state IN ('running', 'paused') OR (c.clock_state = 'deciding' AND"     \
	" c.decide_by < ?) THEN (CASE WHEN c.overdue_from <= ? THEN 'overdue' WHEN c.red_from <= " \
	"?"                                                                                        \
	" THEN 'red' WHEN c.yellow_from <= ? THEN 'yellow' ELSE 'green' END) ELSE 'none' END)"
/* Binds the day of SVC_COLOUR_SQL into args. */
void svc_colour_args(struct store_args *args, const char *today);

/* Marks a material of a case provided ("uploaded" or "paper") on day; a
 * pending 容缺 one is fulfilled, and when none is pending any more the
 * case's 容缺 is done (tolerant_done).  Inside the caller's transaction. */
int svc_material_provided(struct store *db, int64_t case_id, int64_t material_id, const char *how,
                          int32_t day, struct derr *e);

/* A case as its steps need it. */
struct case_row {
	int64_t id, item_id, org_id, agent_id;
	char status[16], title[200];
	int committed;
	int32_t received_on, last_day;
	int64_t corrections, tolerant;
};
/* Loads a case the caller may see (service.h rule 6; else DERR_NOT_FOUND,
 * the transaction rolled back). */
int svc_case_load(struct store *db, const struct actor *a, int64_t id, struct case_row *c,
                  struct derr *e);
/* The applicant's side of a case: HR of its enterprise, or its agent. */
int svc_applicant_side(const struct actor *a, const struct case_row *c);
/* Records an event of a case (detail: a JSON object, taken; NULL: {}). */
int svc_case_event(struct store *db, const struct actor *a, int64_t case_id, const char *kind,
                   int32_t day, json_t *detail, struct derr *e);
/* Recomputes the case's clock with the shared calendar, writes the audit
 * row (action, detail) and commits. */
int svc_case_commit(struct store *db, const struct actor *a, int64_t case_id, const char *action,
                    const char *detail, struct derr *e);
/* Reads a case's events and limits and computes its clock as of today;
 * *committed the case's committed limit. */
struct clock_result;
int svc_case_clock(struct store *db, const struct workcal *cal, int64_t case_id, int32_t today,
                   struct clock_result *r, int *committed, struct derr *e);
/* The clock as the API shows it (new object). */
json_t *svc_clock_json(const struct clock_result *r, int committed, int statutory);
/* 1 when a case in this status is over (done, refused, withdrawn). */
int svc_case_closed(const char *status);

/* One page of a list: count_sql, then list_sql (ending "LIMIT ? OFFSET ?")
 * with args plus the page's limit and offset.  *items (new array), *total;
 * -1 with e on a store error.  what names it in the log. */
int svc_page(struct store *db, const char *count_sql, const char *list_sql, struct store_args *args,
             int64_t page, int64_t size, json_t **items, int64_t *total, const char *what,
             struct derr *e);

/* Reads one integer setting (service_settings), dflt when absent. */
int64_t svc_setting(struct store *db, const char *key, int64_t dflt);
/* 1 when the account is an active officer. */
int svc_is_officer_account(struct store *db, int64_t account_id);

/* JSON helpers: a member as an integer or string, 0/"" when absent. */
int64_t svc_int(json_t *o, const char *key);
const char *svc_str(json_t *o, const char *key);
/* Turns the integer members named (NULL-terminated) into booleans. */
void svc_booleans(json_t *row, const char *const *keys);

#endif
