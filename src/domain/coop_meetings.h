/*
 * coop_meetings: 供需对接会, talent supply–demand matching meetings.  An
 * event where colleges and enterprises meet in 1:1 talks (一对一洽谈).
 *
 *   draft -> open -> closed -> finished        (each step by the operator)
 *     \-------\--------\-----> cancelled
 *
 *  - The operator creates and edits the meeting (while draft or open).
 *  - While open, approved colleges and enterprises join (their staff, or
 *    the operator adds them), an enterprise saying how many tables it
 *    brings, and each party states its wishes: the organisations of the
 *    other kind it wants to talk to, with a priority 1 (most wanted) .. 9.
 *  - The operator builds the timetable (coop_talks.h) while open or
 *    closed; once closed the wishes are frozen; on the day (closed or
 *    finished) each side records its talks' outcomes.
 *  - Every college and enterprise sees meetings that are not drafts (to
 *    join them); wishes and talks are seen by the operator and by the
 *    parties they concern.
 */
#ifndef SKYWAY_DOMAIN_COOP_MEETINGS_H
#define SKYWAY_DOMAIN_COOP_MEETINGS_H

#include "domain/coop.h"

#define COOP_WISHES_MAX 50

struct coop_meeting_input {
	const char *name, *venue, *description;
	int64_t starts_at, ends_at, slot_minutes;
};

/* Creates a draft (operator).  *out: the meeting as coop_meeting_get()
 * shows it.  0, or -1 with e. */
int coop_meeting_create(struct store *db, const struct actor *a,
                        const struct coop_meeting_input *in, json_t **out, struct derr *e);
/* Edits meeting id while draft or open. */
int coop_meeting_update(struct store *db, const struct actor *a, int64_t id,
                        const struct coop_meeting_input *in, json_t **out, struct derr *e);
/* Moves meeting id to `to` along the diagram (409 when moved meanwhile). */
int coop_meeting_set_status(struct store *db, const struct actor *a, int64_t id, const char *to,
                            json_t **out, struct derr *e);
/* Meetings the caller may see, newest first: {"items"}. */
int coop_meeting_list(struct store *db, const struct actor *a, json_t **out, struct derr *e);
/* Meeting id with its parties, figures and the caller's own part
 * ("mine": {joined, kind, tables}). */
int coop_meeting_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e);
/* The caller's organisation joins open meeting id (the operator names
 * org_id); tables 1..10 for an enterprise (a college sends one group).
 * Joining again changes the tables. */
int coop_meeting_join(struct store *db, const struct actor *a, int64_t id, int64_t org_id,
                      int64_t tables, json_t **out, struct derr *e);
/* Replaces the caller's organisation's wishes at open meeting id: wishes
 * is an array of {org_id, priority 1..9, note?} naming parties of the
 * other kind, each once.  *out: {"items"} as coop_meeting_wishes(). */
int coop_meeting_wishes_set(struct store *db, const struct actor *a, int64_t id,
                            const json_t *wishes, json_t **out, struct derr *e);
/* Wishes at meeting id: the operator all; a party those from or to it. */
int coop_meeting_wishes(struct store *db, const struct actor *a, int64_t id, json_t **out,
                        struct derr *e);

/* ---- for coop_talks.c ---- */

struct coop_meeting {
	int64_t id, starts_at, ends_at, slot_minutes;
	char status[12];
	char name[256];
	char party_kind[12]; /* the caller's organisation joined as this; "" if not */
};
/* Meeting id as the caller may see it (a draft: the operator only; 404
 * otherwise).  0 and *m, or -1 with e. */
int coop_meeting_load(struct store *db, const struct actor *a, int64_t id, struct coop_meeting *m,
                      struct derr *e);
/* 0 when m's status is one of allowed (NULL-terminated); else 409 saying
 * what it is and that `action` cannot be done. */
int coop_meeting_require(const struct coop_meeting *m, const char *const *allowed,
                         const char *action, struct derr *e);

#endif
