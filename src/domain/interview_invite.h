/*
 * interview_invite: HR invites the student of an application to an
 * interview (面试邀请, issue 14); the student accepts, declines (婉拒) or
 * asks for another time (申请改期).  Not the fairs' on-site interviews
 * (fair_interviews.h).
 *
 * Invitation states (status):
 *
 *     pending --accept--> accepted        (grants contact consent)
 *        |  \--decline--> declined
 *        |   \-reschedule-> reschedule    (note proposes times; HR sends
 *        |                                 a new invitation)
 *        +-- HR invites again --> superseded  (from pending or reschedule)
 *        +-- HR cancels / application closed --> cancelled
 *                                         (also from accepted)
 *
 * Rules:
 *   - HR of the application's enterprise invites, on an application that
 *     is not withdrawn, rejected or accepted (409), for a time to come
 *     (422, starts_at).  One invitation is open (pending or reschedule) at
 *     a time: a new one supersedes it.  An application before interview
 *     moves to interview, with its event.
 *   - Only the student of the application answers, a pending invitation
 *     whose time has not passed.
 *   - The list shows the invitations of one application to its student,
 *     HR of its enterprise, the operator and staff of the student's
 *     college; anything else is absent (404).
 * Reminders are in-app only (GET /invitations/upcoming): the platform
 * sends no e-mail or SMS.
 */
#ifndef SKYWAY_DOMAIN_INTERVIEW_INVITE_H
#define SKYWAY_DOMAIN_INTERVIEW_INVITE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* The reminders' horizon: invitations starting within it are shown. */
#define INTERVIEW_INVITE_SOON (48 * 3600)

/* What HR sends (strings borrowed; NULL: not given). */
struct interview_invite_input {
	int64_t starts_at;  /* Unix seconds */
	int64_t minutes;    /* length, 5..480 */
	const char *format; /* onsite / online / phone */
	const char *place;  /* onsite: required */
	const char *link;   /* online: required, https:// */
	const char *contact_name;
	const char *contact_phone; /* HR's own: shown to the student */
	const char *note;
};

/* Returns 1 for a known format (onsite, online, phone). */
int interview_invite_format_valid(const char *format);

/* HR of application id's enterprise invites its student.  0 and *out (the
 * invitation, new reference), or -1 with e (404 outside the enterprise,
 * 409 closed application, 422 naming starts_at / place / link). */
int interview_invite_create(struct store *db, const struct actor *a, int64_t application_id,
                            const struct interview_invite_input *in, json_t **out, struct derr *e);

/* HR cancels invitation id (pending, reschedule or accepted).  0 and *out
 * (the invitation), or -1 with e (404, 409 already closed). */
int interview_invite_cancel(struct store *db, const struct actor *a, int64_t id, json_t **out,
                            struct derr *e);

/* The student answers invitation id: answer "accept", "decline" or
 * "reschedule" (note required: the times they propose).  0 and *out, or
 * -1 with e (404 not theirs, 409 not pending or past, 422 note). */
int interview_invite_answer(struct store *db, const struct actor *a, int64_t id, const char *answer,
                            const char *note, json_t **out, struct derr *e);

/* The invitations of application id, newest first, and its contact
 * consent: *out {items, consent} (new reference).  0, or -1 with e. */
int interview_invite_list(struct store *db, const struct actor *a, int64_t application_id,
                          json_t **out, struct derr *e);

/* The caller's reminders: a student's or an enterprise's invitations
 * awaiting an answer (pending; for HR also reschedule requests) and the
 * accepted ones starting within INTERVIEW_INVITE_SOON, soonest first.
 * *out {items, count} (new reference).  0, or -1 with e. */
int interview_invite_upcoming(struct store *db, const struct actor *a, json_t **out,
                              struct derr *e);

/* Inside the caller's transaction: cancels the open and accepted
 * invitations of application id (it was withdrawn or rejected).  0, or -1
 * with e (rolled back). */
int interview_invite_close(struct store *db, const struct actor *a, int64_t application_id,
                           struct derr *e);

#endif
