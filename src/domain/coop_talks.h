/*
 * coop_talks: the 1:1 talks of a 供需对接会 and their outcomes.
 *
 * A talk is a pair (enterprise, college) that at least one of them wished
 * for.  The timetable is built by the fairs' interview scheduler
 * (match/timetable.h), not by a second solver: an enterprise is a "booth"
 * whose capacity is the tables it brought, a college is a "student" that
 * cannot be in two talks at once (its one delegation), a slot is one talk
 * (the meeting's slot_minutes), the travel gap is 0 (one hall).  Priority
 * within an enterprise's tables: a mutual wish first (the better of the
 * two priorities), then one-sided wishes by their priority.  Talks held
 * keep their slot (they are the solver's fixed requests), so the operator
 * may re-plan after late wishes.
 *
 *   unplaced/scheduled --(outcome)--> held
 *   any but held --(no longer wished, at a re-plan)--> cancelled
 */
#ifndef SKYWAY_DOMAIN_COOP_TALKS_H
#define SKYWAY_DOMAIN_COOP_TALKS_H

#include "domain/coop_meetings.h"

/* Builds talks from the wishes and plans them (operator; meeting open or
 * closed).  *out: {requests, placed, slots, unplaced_by_reason: {reason:
 * n}} (reasons as match/timetable's sched_reason_name()).  0, or -1. */
int coop_meeting_schedule(struct store *db, const struct actor *a, int64_t id, json_t **out,
                          struct derr *e);
/* The planning itself, inside the caller's open transaction (the demo
 * data uses it too): talks from m's wishes, then the timetable; *out as
 * for coop_meeting_schedule().  0, or -1 with e. */
int coop_talks_plan(struct store *db, const struct coop_meeting *m, json_t **out, struct derr *e);
/* The talks of meeting id in the caller's scope, by slot: {"items"}. */
int coop_meeting_talks(struct store *db, const struct actor *a, int64_t id, json_t **out,
                       struct derr *e);
/* Records one side's outcome of talk tid: interest (high, medium, low,
 * none) and optionally the next step.  A party records its own side; the
 * operator names side ("enterprise" or "college").  Meeting closed or
 * finished; the talk scheduled or held; it is held afterwards.  *out: the
 * talk. */
int coop_talk_outcome(struct store *db, const struct actor *a, int64_t id, int64_t tid,
                      const char *side, const char *interest, const char *next_step, json_t **out,
                      struct derr *e);

#endif
