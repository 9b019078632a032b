/*
 * incubator_activities: 创新创业活动 — talks, training camps, salons,
 * roadshows, visits, training — with registration and attendance.
 *
 *  - Organisers: the operator, and college staff (their own activities,
 *    and those at their college's campus base).  An activity in a room
 *    books it through the same rules as any booking (incubator_book), as
 *    the organiser; moving it moves the booking, cancelling frees it.
 *  - Audience: colleges, majors (prefix: category ⊃ class ⊃ major) and
 *    "resident project members only"; empty lists do not restrict.
 *  - Registration while the activity is open and has not started: within
 *    capacity a place, else the waiting list (候补); when someone cancels
 *    (or the capacity grows) the first on the list is promoted, in the
 *    same transaction.
 *  - Check-in with a signed pass (domain/pass.h, kind "SKYA": the fair
 *    gate's passes), from an hour before the start until an hour after the
 *    end; or by registration id at the organiser's desk.  A pass of one
 *    activity does not open another.
 *  - Feedback (1–5 and words) from those who attended, once.
 *  - Attendance figures: registered, waiting, attended, feedback.
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_ACTIVITIES_H
#define SKYWAY_DOMAIN_INCUBATOR_ACTIVITIES_H

#include "domain/incubator.h"

struct incubator_activity_input {
	const char *kind; /* talk, camp, salon, roadshow, visit, training */
	const char *title, *description, *organiser, *venue;
	int64_t site_id, room_id; /* room_id: booked for the activity */
	int64_t start, end, capacity;
	const json_t *audience_colleges, *audience_majors; /* or NULL */
	int residents_only;
};

/* Creates (id 0) or edits an activity (organisers).  A room conflict is
 * 409 with *conflict as for bookings. */
int incubator_activity_save(struct store *db, const struct actor *a, int64_t id,
                            const struct incubator_activity_input *in, json_t **out,
                            json_t **conflict, struct derr *e);
/* open -> closed -> finished; open | closed -> cancelled (organisers). */
int incubator_activity_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                              json_t **out, struct derr *e);
/* Activities with their figures and the caller's registration
 * (f->upcoming, from, to, kind, status, site_id). */
int incubator_activities_list(struct store *db, const struct actor *a,
                              const struct incubator_filter *f, json_t **items, struct derr *e);
int incubator_activity_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                           struct derr *e);

/* Registers the caller: *out the registration ("registered" or
 * "waiting" with its place in the queue). */
int incubator_activity_register(struct store *db, const struct actor *a, int64_t id, json_t **out,
                                struct derr *e);
/* Cancels the caller's registration; promotes the first waiting. */
int incubator_activity_unregister(struct store *db, const struct actor *a, int64_t id, json_t **out,
                                  struct derr *e);
/* The caller's signed pass: {"registration_id","pass","expires_at"}. */
int incubator_activity_pass(struct store *db, const struct actor *a, int64_t id, json_t **out,
                            struct derr *e);
/* Organisers check in a pass, or a registration by id:
 * {"result":"checked_in"|"already","registration":{…}}. */
int incubator_activity_checkin(struct store *db, const struct actor *a, int64_t id,
                               const char *pass, int64_t registration, json_t **out,
                               struct derr *e);
/* An attendee's feedback, once. */
int incubator_activity_feedback(struct store *db, const struct actor *a, int64_t id, int64_t rating,
                                const char *text, json_t **out, struct derr *e);
/* The registrations of f->activity_id (organisers): name, college, status,
 * checked in, feedback. */
int incubator_registrations_list(struct store *db, const struct actor *a,
                                 const struct incubator_filter *f, json_t **items, struct derr *e);

#endif
