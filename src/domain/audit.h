/*
 * audit: the append-only audit log (who, what, when, from where, outcome).
 * The table refuses UPDATE and DELETE by trigger on both backends.
 * Never put passwords, tokens or ID numbers in `detail`.
 */
#ifndef SKYWAY_DOMAIN_AUDIT_H
#define SKYWAY_DOMAIN_AUDIT_H

#include <stdint.h>

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
 * at all.  Returns 0, or -1 with e filled (the transaction rolled back). */
struct derr;
int audit_write(struct store *db, const struct actor *actor, const char *action,
                const char *object_type, int64_t object_id, const char *detail, struct derr *e);

#endif
