/*
 * service_rating: 好差评, the applicant's rating of a finished case (and of a
 * fair where the operator enables it), the follow-up a bad rating opens,
 * and the published indicators.
 *
 * Levels: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.  One rating
 * per subject and applicant (一事一评); a second one only after the
 * follow-up's rectification (二次评价).
 *
 * A rating of 2 or 1 opens a follow-up on the working-day clock:
 *
 *   open ──contact──▶ contacted ──rectify──▶ rectified ──second rating, or close
 *    │                 │                      │          (after the call-back)──▶ closed
 *    └─────────────────┴──────────appeal──────┘
 *                                   ▼
 *                               appealed ──review: upheld──▶ voided (the rating no longer counts)
 *                                   └──── review: not upheld ──▶ back where it was
 *
 *  1. Contact is due 1 working day after the rating, rectification
 *     rectify_days (setting, default 5) working days after it; both move
 *     when the calendar changes (servcal.h note 3).  A step done after its
 *     due day is late, and counts against "差评 handled on time".
 *  2. Call-back (回访): every bad rating by a named applicant must be called
 *     back (the 100% call-back list), at any step before it is closed.
 *  3. Appeal (申诉复核): an officer may appeal a rating as mistaken or
 *     malicious; another officer, the head of the department when it has
 *     one, reviews it.
 *  4. Officers record the steps (and may date them in the past, service.h
 *     rule 5); operators read; an enterprise sees its own ratings.
 */
#ifndef SKYWAY_DOMAIN_SERVICE_RATING_H
#define SKYWAY_DOMAIN_SERVICE_RATING_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

struct service_rating_input {
	const char *subject_kind; /* "case" or "fair" ("visit", "booking": later) */
	int64_t subject_id;
	int64_t level; /* 1..5 */
	const char *comment;
	const char *channel; /* web, mobile (HR); window, phone, sms, kiosk (officer records) */
	int named;           /* officer-recorded: the rater gave their name */
	int32_t on; /* officer-recorded: the day it was given (0: today; service.h rule 5) */
};
/* Records a rating (and opens a follow-up for a bad one; closes the
 * follow-up a second rating answers).  *out: {rating, followup|null}. */
int service_rate(struct store *db, const struct actor *a, const struct service_rating_input *in,
                 json_t **out, struct derr *e);
/* Ratings in the caller's scope (HR: their enterprise's), newest first,
 * filtered by level (0: any), department, subject kind. */
int service_ratings(struct store *db, const struct actor *a, int64_t level, int64_t department_id,
                    const char *subject_kind, int64_t page, int64_t size, json_t **items,
                    int64_t *total, struct derr *e);

enum followup_step {
	FOLLOW_CONTACT,
	FOLLOW_RECTIFY,
	FOLLOW_CALLBACK,
	FOLLOW_APPEAL,
	FOLLOW_REVIEW,
	FOLLOW_CLOSE,
};
struct followup_step_input {
	enum followup_step step;
	int32_t on;       /* 0: today */
	const char *note; /* contact, rectify, callback, close; appeal's reason; review's note */
	int upheld;       /* review */
};
/* One step of a follow-up (the diagram above). */
int service_followup_step(struct store *db, const struct actor *a, int64_t id,
                          const struct followup_step_input *in, struct derr *e);
/* One follow-up with its rating, steps, due days and `actions`. */
int service_followup(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e);
/* Follow-ups: status (or "active": not closed nor voided), "late" only,
 * "callback" only (named, not called back: the 100% list). */
int service_followups(struct store *db, const struct actor *a, const char *status, int late_only,
                      int callback_only, int64_t department_id, int64_t page, int64_t size,
                      json_t **items, int64_t *total, struct derr *e);

/* The published indicators, by "department" or "item", for ratings and
 * cases dated from..to (YYYY-MM-DD, both included): ratings by level,
 * satisfaction, 差评 handled on time, cases finished, average working days,
 * over the limit, 容缺 share.  *out: {by, from, to, rows: [...], total: {...}}. */
int service_indicators(struct store *db, const struct actor *a, const char *by, int32_t from,
                       int32_t to, json_t **out, struct derr *e);

#endif
