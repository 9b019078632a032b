/*
 * coop_stats: cooperation measured from first contact to hire, and the
 * figures the operator and each college (and each enterprise, for its own
 * part) watch.
 *
 * The funnel counts, per enterprise–college pair, each stage's acts:
 *   visits        双走进 visits that took place (done)
 *   talks         供需对接会 talks held
 *   agreements    agreements signed (any state but draft)
 *   order_classes order classes (not cancelled) and class_students in them
 *   placements    internships started (active or ended)
 *   offers        the recruitment side's applications from the college's
 *                 students to the enterprise now offered or accepted
 *   hires         distinct students hired: an accepted application, an
 *                 internship ended hired, or an order class outcome hired
 * Only pairs with at least one cooperation act (visit, talk, agreement,
 * class, placement) are listed: offers alone are recruitment, not
 * cooperation.  by=enterprise and by=college sum the pairs per
 * organisation; by=pair lists them.
 */
#ifndef SKYWAY_DOMAIN_COOP_STATS_H
#define SKYWAY_DOMAIN_COOP_STATS_H

#include "domain/coop.h"

/* The funnel in the caller's scope (operator all; a college or an
 * enterprise the pairs it is in).  by: "enterprise", "college" or "pair".
 * *out: {"by", "items": [{..., visits, talks, agreements, order_classes,
 * class_students, placements, offers, hires}], "totals"}. */
int coop_funnel(struct store *db, const struct actor *a, const char *by, json_t **out,
                struct derr *e);

/* The figures in the caller's scope: visits, meetings, agreements (by
 * state, expiring within COOP_RENEWAL_DAYS), order classes, internships
 * by status with overdue logs and evaluations, open incidents, rule
 * refusals by rule, and the placements most overdue. */
int coop_stats(struct store *db, const struct actor *a, json_t **out, struct derr *e);

/* One table for .xlsx ("funnel", "agreements", "internships",
 * "refusals", "visits"): its rows handed to write.  400 on field "table"
 * for another name. */
int coop_stats_table(struct store *db, const struct actor *a, const char *table, coop_rows_fn write,
                     void *arg, struct derr *e);

#endif
