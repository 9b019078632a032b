/*
 * application: applications (投递) and their pipeline.  The states and who
 * moves them are drawn in recruit.h; every change is kept in
 * application_events with its time and actor.
 *
 * Who sees what (the checks live here):
 *   - a student their own applications;
 *   - HR the applications to their enterprise's positions;
 *   - college staff their own students' (reading only);
 *   - the operator every one.
 * An application outside the caller's scope is as absent as a missing one
 * (DERR_NOT_FOUND).
 *
 * Every write is one transaction holding the change, its event, its audit
 * row and the application as the answer shows it; the recommendation
 * snapshot hears of it after the commit.
 */
#ifndef SKYWAY_DOMAIN_APPLICATION_H
#define SKYWAY_DOMAIN_APPLICATION_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/listing.h"
#include "domain/roles.h"
#include "store/store.h"

/* The version of the consent text a student agrees to by applying
 * (applying lets this enterprise see the résumé, PIPL). */
#define APPLICATION_CONSENT_VERSION "2026-11"

/* Student a applies to position: the position must be open and its rules
 * (deadline, degree, majors, graduation year) met, else 422 naming the
 * rule's field.  0 and *out (the application, new reference), or -1
 * with e (422 without a profile, 404 not open, 409 applied before). */
int application_apply(struct store *db, const struct actor *a, int64_t position, json_t **out,
                      struct derr *e);

/* Application id with its history ("history": every change, oldest first),
 * when a may see it.  0 and *out (new reference), or -1 with e. */
int application_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                    struct derr *e);

/* Moves application id to status `to` (with an optional note): HR of its
 * enterprise or the operator forward or to rejected; its student to
 * withdrawn or accepted (one accepted offer per student).  0 and *out (the
 * application after it), or -1 with e (404, 422 not allowed, 409 changed
 * meanwhile). */
int application_move(struct store *db, const struct actor *a, int64_t id, const char *to,
                     const char *note, json_t **out, struct derr *e);

/* Moves application id from `from` to `to` with its event, inside the
 * caller's transaction, without checking who may (the caller has): for a
 * change another write brings (an interview invitation moves it to
 * interview).  0 done, 1 when it is no longer in `from`, -1 (store; the
 * caller rolls back). */
int application_step(struct store *db, const struct actor *a, int64_t id, const char *from,
                     const char *to, const char *note);

/* Inside the caller's transaction: holds application id while it is still
 * in `status` (a row lock on PostgreSQL, which waits for a concurrent move
 * and re-reads; SQLite's writes are serialised), so a write that depends
 * on a status read before the transaction cannot land after a move.  0
 * held, 1 when it is no longer in `status`, -1 (store; the caller rolls
 * back). */
int application_hold(struct store *db, int64_t id, const char *status);

/* HR opened application id: a submitted one becomes viewed (已查看); any
 * other is left as it is.  0 and *out (the application), or -1 with e. */
int application_viewed(struct store *db, const struct actor *a, int64_t id, json_t **out,
                       struct derr *e);

/* HR: moves every application of ids (a JSON array of integers) to `to`,
 * all or nothing; a refusal (422, field "ids") names the first one that
 * cannot move and why.  0 and *updated, or -1 with e. */
int application_bulk(struct store *db, const struct actor *a, json_t *ids, const char *to,
                     const char *note, int64_t *updated, struct derr *e);

/* A list's filters; 0 or NULL: not given. */
struct application_filter {
	int64_t position_id;
	const char *status;
};
/* A page of the applications in a's scope, newest first, printed: its
 * rows appended to items as a JSON array (store_rows_json), *total the
 * number in the scope.  0, or -1 with e (400 for an unknown status). */
int application_list(struct store *db, const struct actor *a, const struct application_filter *f,
                     int64_t page, int64_t size, struct buf *items, int64_t *total, struct derr *e);
/* Every row of the same list to write (listing.h), then the audit row of
 * the export.  0, or -1 with e. */
int application_export(struct store *db, const struct actor *a, const struct application_filter *f,
                       listing_rows_fn write, void *arg, struct derr *e);

#endif
