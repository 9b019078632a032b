/*
 * contact_consent: a student's consent (同意企业联系) that the HR of one
 * application's enterprise may see their phone number (issue 14).
 *
 *   - Granted when the student accepts an interview invitation (source
 *     "interview", domain/interview_invite.h) or an offer ("offer",
 *     POST /applications/{id}/accept); at most one is active per
 *     application, the first source stays.
 *   - Withdrawn when the application is withdrawn.
 *   - Both are audited (contact.grant, contact.withdraw), and so is every
 *     full view of the phone (contact.view).
 *   - While active, HR of that enterprise sees the full phone on that
 *     application only; it stays masked everywhere else and for others.
 *
 * The grant and the withdrawal run inside the caller's transaction (the
 * change that causes them); the reads run on their own.
 */
#ifndef SKYWAY_DOMAIN_CONTACT_CONSENT_H
#define SKYWAY_DOMAIN_CONTACT_CONSENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

/* Whether application_id has an active contact consent.  No check of who
 * asks: the caller has already scoped the application.  0 and *active, or
 * -1 with e (store). */
int contact_consent_active(struct store *db, int64_t application_id, bool *active, struct derr *e);

/* Records, inside the caller's transaction, that the student of
 * application_id (student, enterprise as on the application) consents by
 * `source` ("interview" or "offer"), with its audit row; nothing when a
 * consent is already active.  0, or -1 with e (rolled back). */
int contact_consent_grant(struct store *db, const struct actor *a, int64_t application_id,
                          int64_t student, int64_t enterprise, const char *source, struct derr *e);

/* Withdraws, inside the caller's transaction, the active consent of
 * application_id, with its audit row; nothing when none is active.  0, or
 * -1 with e (rolled back). */
int contact_consent_withdraw(struct store *db, const struct actor *a, int64_t application_id,
                             struct derr *e);

/* The consent of application_id as the pages show it: {source,
 * granted_at} while active, JSON null otherwise (new reference in *out).
 * 0, or -1 with e. */
/* The student takes back their consent on their own application: HR no
 * longer sees the phone (until the student accepts another invitation).
 * Audited (contact.withdraw, detail "student").  0, or -1 with e (404 not
 * theirs, 409 no live consent). */
int contact_consent_revoke(struct store *db, const struct actor *a, int64_t application_id,
                           struct derr *e);
int contact_consent_read(struct store *db, int64_t application_id, json_t **out, struct derr *e);

/* HR of the application's enterprise reads the student's full phone while
 * consent is active; the view is audited before it is shown.  0 and *out
 * ({phone, source, granted_at}, new reference), or -1 with e (404 outside
 * the caller's enterprise, 403 without consent). */
int contact_consent_phone(struct store *db, const struct actor *a, int64_t application_id,
                          json_t **out, struct derr *e);

#endif
