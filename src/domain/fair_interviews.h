/*
 * fair_interviews: interviews at a fair.  HR invite applicants to
 * positions they bring; the scheduler (src/match/timetable.h) builds the
 * timetable over every booth at once; students confirm, and confirmed (or
 * held) interviews never move when it is re-planned.
 *
 * Slot s of a fair starts at starts_at + s × slot_minutes; the travel gap
 * between booths is gap_minutes rounded up to whole slots.
 */
#ifndef SKYWAY_DOMAIN_FAIR_INTERVIEWS_H
#define SKYWAY_DOMAIN_FAIR_INTERVIEWS_H

#include "domain/fair.h"

/* HR a (sign-up approved) invites student sid, who applied to position pid
 * brought to fair id, with priority 1 (most wanted) .. 9; the application
 * moves to 面试 unless it is further.  *interview: the row written.  0, or
 * -1 with e (409 when invited already). */
int fair_interview_invite(struct store *db, const struct actor *a, int64_t id, int64_t sid,
                          int64_t pid, int64_t priority, int64_t *interview, struct derr *e);
/* The interviews at fair id in the caller's scope (as fair_intents()), in
 * timetable order.  *items is a new reference.  0, or -1 with e. */
int fair_interviews(struct store *db, const struct actor *a, int64_t id, json_t **items,
                    struct derr *e);

/* What a caller does to one interview. */
enum fair_interview_step {
	FAIR_INTERVIEW_CONFIRM, /* the student: a scheduled one will not move */
	FAIR_INTERVIEW_CANCEL,  /* the student or HR */
	FAIR_INTERVIEW_DONE,    /* HR: it was held */
};
/* Takes step on interview iid of fair id, which must be the caller's (HR:
 * their enterprise's, a student: their own; else 404).  *interview: the
 * interview as listed (new reference).  0, or -1 with e (409 when its
 * status does not allow the step). */
int fair_interview_step(struct store *db, const struct actor *a, int64_t id, int64_t iid,
                        enum fair_interview_step step, json_t **interview, struct derr *e);

/* What a timetable run did. */
struct fair_schedule {
	int requests, placed, slots;
	json_t *unplaced_by_reason; /* {reason: count}; the caller's reference */
};
/* Plans every open interview of fair id (the operator, or HR whose sign-up
 * stands: it moves other booths' unconfirmed interviews too).  0 and *r,
 * or -1 with e. */
int fair_schedule(struct store *db, const struct actor *a, int64_t id, struct fair_schedule *r,
                  struct derr *e);

#endif
