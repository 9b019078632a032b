/*
 * internship_track: what happens during a placement.
 *
 *  - The weekly log (周志): the student writes, for one week (its Monday),
 *    what was done and what was learned and how many days they were there;
 *    the enterprise's mentor named on the placement confirms it or returns
 *    it with a comment, and a returned log is written again.  Attendance is
 *    what the mentor confirms, not a phone's position.
 *
 *        submitted --confirm--> confirmed
 *            \--return (comment)--> returned --resubmit--> submitted
 *
 *    A week may be logged from the placement's first week to the week of
 *    today (not beyond its end), while it is active or ended.
 *  - Visits (走访) by the college's staff: the day, on site or online, notes.
 *  - Evaluations (考核): mid and final, one each by the mentor (the
 *    placement's mentor) and by the instructor (the placement's
 *    instructor), a score 0..100 and a comment.  Mid while active; final
 *    while active or ended.
 *  - Incidents (injury, dispute, safety, other): reported by the student
 *    or either party with a required follow-up (what and by when); closed
 *    by the college, the enterprise or the operator with its resolution.
 */
#ifndef SKYWAY_DOMAIN_INTERNSHIP_TRACK_H
#define SKYWAY_DOMAIN_INTERNSHIP_TRACK_H

#include "domain/internship.h"

struct intern_log_input {
	const char *week_start, *done, *learned;
	int64_t days_present; /* 0..7 */
};
/* The student writes (or rewrites a returned) log of placement id.
 * *out: the placement as intern_get() shows it. */
int intern_log_submit(struct store *db, const struct actor *a, int64_t id,
                      const struct intern_log_input *in, json_t **out, struct derr *e);
/* The mentor confirms (confirm 1) or returns (0, comment required) log
 * lid of placement id. */
int intern_log_review(struct store *db, const struct actor *a, int64_t id, int64_t lid, int confirm,
                      const char *comment, json_t **out, struct derr *e);
/* College staff record a visit (visited_on, mode onsite|online, notes). */
int intern_visit_add(struct store *db, const struct actor *a, int64_t id, const char *visited_on,
                     const char *mode, const char *notes, json_t **out, struct derr *e);
/* The mentor or the instructor records an evaluation (stage mid|final). */
int intern_evaluate(struct store *db, const struct actor *a, int64_t id, const char *stage,
                    int64_t score, const char *comment, json_t **out, struct derr *e);

struct intern_incident_input {
	const char *kind, *occurred_on, *description, *followup, *followup_due;
};
/* Reports an incident of placement id (the student, either party). */
int intern_incident_report(struct store *db, const struct actor *a, int64_t id,
                           const struct intern_incident_input *in, json_t **out, struct derr *e);
/* Closes incident xid with its resolution (either party, operator). */
int intern_incident_close(struct store *db, const struct actor *a, int64_t id, int64_t xid,
                          const char *resolution, json_t **out, struct derr *e);

#endif
