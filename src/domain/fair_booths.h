/*
 * fair_booths: a fair's booths (展位).  The operator allocates them to the
 * approved enterprises by industry (fair_allocate() in fair.h: each GB/T
 * 4754 section on consecutive booths, named after it), then may move an
 * enterprise to another booth (swapping with whoever holds it).
 */
#ifndef SKYWAY_DOMAIN_FAIR_BOOTHS_H
#define SKYWAY_DOMAIN_FAIR_BOOTHS_H

#include "domain/fair.h"

/* Allocates every booth of fair id afresh (operator): *allocated
 * enterprises placed on *booths booths.  0, or -1 with e (422 when more
 * enterprises are approved than there are booths). */
int fair_booths_allocate(struct store *db, const struct actor *a, int64_t id, int64_t *allocated,
                         int64_t *booths, struct derr *e);
/* Moves enterprise ent (approved) to booth booth_no of fair id; whoever
 * held it takes ent's old booth (*swapped_with, 0 for nobody); an
 * enterprise without a booth may only take a free one (409).  0, or -1. */
int fair_booth_move(struct store *db, const struct actor *a, int64_t id, int64_t ent,
                    int64_t booth_no, int64_t *swapped_with, struct derr *e);
/* The booths of fair id in order, each with its enterprise, industry,
 * tables, positions, waiting queue and the venue area it is in (the
 * fair's zones split the numbers evenly).  *items is a new reference;
 * *booths the fair's booth count.  0, or -1 with e. */
int fair_booths(struct store *db, const struct actor *a, int64_t id, json_t **items,
                int64_t *booths, struct derr *e);
/* Hands the booth list of fair id (organisers only) to write: booth,
 * zone, enterprise, industry, in the zone, tables, positions.  0, or -1. */
int fair_booths_export(struct store *db, const struct actor *a, int64_t id, fair_rows_fn write,
                       void *arg, struct derr *e);

#endif
