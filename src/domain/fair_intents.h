/*
 * fair_intents: intentions to hire (意向签约) recorded by HR at a live fair.
 * An intent flows into the application pipeline: the student's
 * application to the position becomes an offer (录用), or one is created
 * as an offer when they had not applied.
 */
#ifndef SKYWAY_DOMAIN_FAIR_INTENTS_H
#define SKYWAY_DOMAIN_FAIR_INTENTS_H

#include "domain/fair.h"

/* HR a records the intent to hire student sid for position pid (one their
 * enterprise brought to fair id) with an optional note; the student must
 * have met them here (a ticket at their booth, or an application to
 * them).  *intent and *application: the rows written.  0, or -1 with e
 * (409 when recorded already). */
int fair_intent_create(struct store *db, const struct actor *a, int64_t id, int64_t sid,
                       int64_t pid, const char *note, int64_t *intent, int64_t *application,
                       struct derr *e);
/* The intents at fair id in the caller's scope (HR their enterprise's, a
 * student their own, organisers all; others 403), newest first.  *items
 * is a new reference.  0, or -1 with e. */
int fair_intents(struct store *db, const struct actor *a, int64_t id, json_t **items,
                 struct derr *e);

#endif
