/*
 * fair_view: job fairs as pages show them (the list, one fair with its
 * history and the caller's own part) and the fair's live stream.  The
 * rules are in fair.h.
 */
#ifndef SKYWAY_DOMAIN_FAIR_VIEW_H
#define SKYWAY_DOMAIN_FAIR_VIEW_H

#include "base/hub.h"
#include "domain/fair.h"

/* The fairs a may see (drafts: the operator, and college staff their own
 * college's), newest first, at most 200, each with its counts and the
 * caller's own part; status (NULL: any) filters (400 when unknown).
 * *items is a new reference.  0, or -1 with e. */
int fair_list(struct store *db, const struct actor *a, const char *status, json_t **items,
              struct derr *e);
/* Fair id as a may see it, with counts, the caller's own part (a
 * student's registration and eligibility, an enterprise's sign-up with
 * its booth and positions) and the status history.  *fair is a new
 * reference.  0, or -1 with e (404 when not visible). */
int fair_get(struct store *db, const struct actor *a, int64_t id, json_t **fair, struct derr *e);
/* Subscribes a to the live events of fair id (hub.h): students and HR hold
 * a few streams each (a fifth ends the oldest), organisers any number.
 * *sub is the caller's to unsubscribe.  0, or -1 with e (503 while the
 * server stops). */
int fair_subscribe(struct store *db, const struct actor *a, int64_t id, struct hub_sub **sub,
                   struct derr *e);

#endif
