/*
 * audit: the append-only audit log (who, what, when, from where, outcome).
 * The table refuses UPDATE and DELETE by trigger on both backends.
 * Never put passwords, tokens or ID numbers in `detail`.
 */
#ifndef SKYWAY_DOMAIN_AUDIT_H
#define SKYWAY_DOMAIN_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/listing.h"
#include "domain/roles.h"
#include "store/store.h"

/* Records one event.  actor may be NULL (or have id 0) for anonymous
 * events; then `login` names who it was about (failed logins).  outcome
 * is "ok", "denied" or "failed".  object_id may be 0 (none).  Returns a
 * store code; a failure is logged, not fatal. */
int audit_record(struct store *db, const struct actor *actor, const char *login, const char *action,
                 const char *object_type, int64_t object_id, const char *address,
                 const char *outcome, const char *detail);

/* Records one event by actor (its id and address) about an object, as
 * part of the caller's transaction: a domain function writes its audit row
 * before it commits, so a change and its audit row land together or not
 * at all.  An actor with id 0 is anonymous; its login (if any) names who
 * it was ("(console)", a registration).  Returns 0, or -1 with e filled
 * (the transaction rolled back). */
int audit_write(struct store *db, const struct actor *actor, const char *action,
                const char *object_type, int64_t object_id, const char *detail, struct derr *e);

/* What the operator searches the log for; NULL / 0: any. */
struct audit_filter {
	const char *login;  /* contains */
	const char *action; /* exact */
	const char *object_type;
	const char *outcome; /* "ok", "denied" or "failed" (else 400, field outcome) */
	int64_t from, to;    /* epoch seconds, inclusive */
};
/* One page of events, newest first.  Returns 0 with *items (new array) and
 * *total; -1 with e. */
int audit_list(struct store *db, const struct audit_filter *f, int64_t page, int64_t size,
               json_t **items, int64_t *total, struct derr *e);
/* Every event the filter selects, newest first, handed to write; the
 * export itself is then recorded (audit.export) for actor.  Returns 0, or
 * -1 with e. */
int audit_export(struct store *db, const struct actor *actor, const struct audit_filter *f,
                 listing_rows_fn write, void *arg, struct derr *e);

#endif
