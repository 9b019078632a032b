/*
 * What the job-fair handlers share (api_fairs.c: events, sign-up, booths;
 * api_fair_gate.c: student registration, passes, entry; api_fair_live.c:
 * queues, live events, intentions; api_fair_interviews.c; api_fair_stats.c).
 * The rules themselves are in domain/fair.h.
 */
#ifndef SKYWAY_API_API_FAIR_H
#define SKYWAY_API_API_FAIR_H

#include "api/api.h"

/* The fair {id} as the caller may see it (drafts: operator and the host
 * college only), with its eligibility lists as arrays.  Fails 404 and
 * returns NULL otherwise.  Caller decrefs. */
json_t *fair_visible(struct api_ctx *c, int64_t *id);
/* The fair's status (borrowed from f). */
const char *fair_status_of(const json_t *f);
/* Fails 422 (field "status") unless the fair's status is one of the
 * NULL-terminated list; message says what the fair is now.  Returns -1. */
int fair_require_status(struct api_ctx *c, const json_t *f, const char *const *allowed,
                        const char *action);
/* fair_visible() and fair_require_status() at once, for handlers that
 * need nothing else of the fair (nothing is done when a field already
 * failed).  Returns 0, or -1 with the reply set. */
int fair_in_status(struct api_ctx *c, int64_t *id, const char *const *allowed, const char *action);
/* 1 when the caller runs the fair's gate and statistics: the operator or
 * staff of the host college. */
int fair_is_organiser(const struct api_ctx *c, const json_t *f);
/* Tells live subscribers of a fair that something changed at a booth
 * (enterprise 0: the fair as a whole). */
void fair_notify(int64_t fair, const char *event, int64_t enterprise);
/* Answers {"items":[...]} of a fair table in the caller's scope: HR their
 * enterprise's rows, a student their own, organisers all, anyone else 403
 * with `refusal`.  select ends "WHERE i.fair_id = ?" over a table aliased i
 * with enterprise_id and student_id; tail is its ORDER BY ... LIMIT. */
void fair_scoped_list(struct api_ctx *c, const char *select, const char *tail, const char *refusal,
                      const char *what);
/* The caller's (HR) enterprise signup status at a fair, or NULL. */
const char *fair_signup_status(struct api_ctx *c, int64_t fair, int64_t enterprise);

#endif
