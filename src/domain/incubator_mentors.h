/*
 * incubator_mentors: mentors (the `mentor` role) and their sessions.
 *
 *  - The operator assigns mentors to projects and watches the ratio (the
 *    settings' mentor_per_projects: one mentor per that many resident
 *    projects; the dashboard flags it).
 *  - A session is booked by a member (with one of the project's mentors)
 *    or by the mentor, optionally in a room (booked through the same rules
 *    as any booking: incubator_book); the mentor logs it done with its
 *    outcome (or cancels it, which cancels the room too); a member rates a
 *    done session once (1–5 and a comment).
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_MENTORS_H
#define SKYWAY_DOMAIN_INCUBATOR_MENTORS_H

#include "domain/incubator.h"

/* Assigns (or, with remove, ends) mentor on project (operator).  *out:
 * the project's mentors. */
int incubator_mentor_assign(struct store *db, const struct actor *a, int64_t project,
                            int64_t mentor, int remove, json_t **out, struct derr *e);
/* Mentor accounts with their projects, sessions and average rating
 * (operator, college staff: everyone; a mentor: themselves). */
int incubator_mentors_list(struct store *db, const struct actor *a,
                           const struct incubator_filter *f, json_t **items, struct derr *e);

struct incubator_session_input {
	int64_t project_id, mentor_id; /* mentor_id: a member names one of its mentors */
	int64_t room_id;               /* 0: no room (online, or at the mentor's) */
	int64_t start, end;
	const char *topic;
};
/* Books a session (201); a room conflict is 409 with *conflict as for
 * bookings. */
int incubator_session_create(struct store *db, const struct actor *a,
                             const struct incubator_session_input *in, json_t **out,
                             json_t **conflict, struct derr *e);
/* The mentor (or the operator) logs session id: status "done" with the
 * outcome, or "cancelled". */
int incubator_session_log(struct store *db, const struct actor *a, int64_t id, const char *status,
                          const char *outcome, json_t **out, struct derr *e);
/* A member rates a done session once. */
int incubator_session_rate(struct store *db, const struct actor *a, int64_t id, int64_t rating,
                           const char *comment, json_t **out, struct derr *e);
/* Sessions a sees (of projects a sees, or a's own as mentor):
 * f->project_id, mentor_id, status. */
int incubator_sessions_list(struct store *db, const struct actor *a,
                            const struct incubator_filter *f, json_t **items, struct derr *e);

#endif
