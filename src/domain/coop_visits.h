/*
 * coop_visits: 双走进, visits both ways — an enterprise's people going into
 * a college (企业走进院校, to_college) and a college's teachers and students
 * going into an enterprise (院校走进企业, to_enterprise).
 *
 *   planned --minutes--> done         (minutes from the visit's start on;
 *      \                                 follow-ups once done)
 *       \--cancel (reason)--> cancelled
 *
 *  - Either party's staff or the operator plans a visit: who goes where
 *    (the two organisations), when, what for, the people named by each
 *    side, and how many may take part.
 *  - Staff of either party, and students of the college, register
 *    themselves while it is planned; check-in runs from two hours before
 *    the start to the end: a participant checks in themselves, or a
 *    party's staff checks them in.
 *  - Minutes (纪要) and follow-ups (跟进事项: what, which party owns it,
 *    who, by when) are the parties'; a follow-up is closed by its owner's
 *    staff or the operator.  Photos (coop_files) are the parties' too.
 *  - The operator's calendar holds every visit; staff see their
 *    organisation's; a student sees their college's (not cancelled), and
 *    of each only the plan and their own registration.
 */
#ifndef SKYWAY_DOMAIN_COOP_VISITS_H
#define SKYWAY_DOMAIN_COOP_VISITS_H

#include "domain/coop.h"

/* A visit as planned or edited.  The api checked shapes and lengths;
 * people is NULL or an array of {side, name, title?, account_id?}. */
struct coop_visit_input {
	const char *direction, *title, *purpose, *place;
	int64_t enterprise_id, college_id, starts_at, ends_at, capacity;
	const json_t *people;
};

/* Plans a visit (operator, or staff of one of the two organisations).
 * *out: the visit as coop_visit_get() shows it.  0, or -1 with e. */
int coop_visit_create(struct store *db, const struct actor *a, const struct coop_visit_input *in,
                      json_t **out, struct derr *e);
/* Edits planned visit id (parties and operator; the organisations stay). */
int coop_visit_update(struct store *db, const struct actor *a, int64_t id,
                      const struct coop_visit_input *in, json_t **out, struct derr *e);
/* Visit id with its people, follow-ups and photos, as the caller may see
 * it (404 for anyone else). */
int coop_visit_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                   struct derr *e);

/* The calendar: visits starting in [from, to) (0: open), by status and
 * organisation when given, in the caller's scope, by start.  *out:
 * {"items"} (at most 2000). */
struct coop_visit_query {
	int64_t from, to, org_id;
	const char *status, *direction;
};
int coop_visit_list(struct store *db, const struct actor *a, const struct coop_visit_query *q,
                    json_t **out, struct derr *e);

/* Adds the people named (array as in the input) to planned visit id. */
int coop_visit_people_add(struct store *db, const struct actor *a, int64_t id, const json_t *people,
                          json_t **out, struct derr *e);
/* The caller registers for planned visit id (409 when registered, 422
 * when full). */
int coop_visit_register(struct store *db, const struct actor *a, int64_t id, json_t **out,
                        struct derr *e);
/* Checks participant pid in (0: the caller's own registration). */
int coop_visit_checkin(struct store *db, const struct actor *a, int64_t id, int64_t pid,
                       json_t **out, struct derr *e);
/* Records (or replaces) the minutes; the visit is done. */
int coop_visit_minutes(struct store *db, const struct actor *a, int64_t id, const char *minutes,
                       json_t **out, struct derr *e);
/* Cancels planned visit id with a reason. */
int coop_visit_cancel(struct store *db, const struct actor *a, int64_t id, const char *reason,
                      json_t **out, struct derr *e);

/* A follow-up of a done visit: what, the party that owns it, who there,
 * by when ('YYYY-MM-DD'). */
struct coop_followup_input {
	const char *title, *owner_name, *due_on;
	int64_t owner_org_id;
};
int coop_followup_add(struct store *db, const struct actor *a, int64_t id,
                      const struct coop_followup_input *in, json_t **out, struct derr *e);
/* Marks follow-up fid of visit id done, with a note (its owner's staff,
 * or the operator). */
int coop_followup_done(struct store *db, const struct actor *a, int64_t id, int64_t fid,
                       const char *note, json_t **out, struct derr *e);

/* Adds a photo (the uploaded bytes) to visit id.  *out: the visit. */
int coop_visit_photo(struct store *db, const struct actor *a, int64_t id, const char *data,
                     size_t len, json_t **out, struct derr *e);

#endif
