/*
 * message: in-app messages between a student and the HR of the enterprise
 * the student applied to (issue 14).  The thread belongs to the
 * application.
 *
 * Who does what (the checks live here):
 *   - the application's student and the HR of its enterprise read and
 *     write the thread; reading marks the other side's messages read;
 *   - writing stops once the application is withdrawn or rejected (409),
 *     reading stays;
 *   - a sender writes at most MESSAGE_PER_MINUTE messages a minute and
 *     MESSAGE_PER_DAY a day (429 with the seconds to wait);
 *   - until the student consented to be contacted (contact_consent.h), a
 *     message of either side carrying contact data (contact_detect.h) is
 *     refused (422, field body);
 *   - either side reports a message of the other; the operator lists the
 *     reports, reads a thread only once it holds one (each read audited)
 *     and closes reports;
 *   - anybody else finds no thread (404), as with applications.
 */
#ifndef SKYWAY_DOMAIN_MESSAGE_H
#define SKYWAY_DOMAIN_MESSAGE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/roles.h"
#include "store/store.h"

#define MESSAGE_MAX_CHARS  1000
#define MESSAGE_PER_MINUTE 10
#define MESSAGE_PER_DAY    100

/* The thread of application id as a sees it: {"application": {...},
 * "messages": [oldest first, each with "mine"], "can_write"}.  Marks the
 * other side's messages read (the operator's read marks nothing and is
 * audited).  0 and *out (new reference), or -1 with e. */
int message_thread(struct store *db, const struct actor *a, int64_t id, json_t **out,
                   struct derr *e);

/* a writes body (trimmed, 1..MESSAGE_MAX_CHARS characters, checked by the
 * caller) to the thread of application id.  0 and *out (the message, new
 * reference), or -1 with e; on DERR_LIMIT *retry_after holds the seconds
 * to wait. */
int message_send(struct store *db, const struct actor *a, int64_t id, const char *body,
                 json_t **out, int64_t *retry_after, struct derr *e);

/* a reports message id (of the other side of a thread a belongs to) with
 * reason.  0 and *out (the report, new reference), or -1 with e (404, 422
 * own message, 409 reported before). */
int message_report(struct store *db, const struct actor *a, int64_t id, const char *reason,
                   json_t **out, struct derr *e);

/* a's unread messages: {"total": n, "applications": [{"application_id",
 * "unread"}]}; nothing for a role without threads.  0 and *out (new
 * reference), or -1 with e. */
int message_unread(struct store *db, const struct actor *a, json_t **out, struct derr *e);

/* The operator's page of reports, newest first; status "open", "closed"
 * or NULL (all; else 400 naming status).  0 with *items (new reference)
 * and *total, or -1 with e. */
int message_reports_list(struct store *db, const struct actor *a, const char *status, int64_t page,
                         int64_t size, json_t **items, int64_t *total, struct derr *e);

/* The operator closes open report id with an optional resolution.  0 and
 * *out (the report, new reference), or -1 with e (404, 409 closed). */
int message_report_close(struct store *db, const struct actor *a, int64_t id,
                         const char *resolution, json_t **out, struct derr *e);

#endif
