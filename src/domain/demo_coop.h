/*
 * demo_coop: the cooperation and internship part of the demo data, made
 * beside demo.c's (inside its transaction, after the organisations,
 * accounts and students exist), deterministic for a seed.  Dates are
 * relative to the day the demo is made: the "term" is the twelve weeks
 * before it and the weeks after.
 *
 * What it makes (at scale 1; fewer, but never none, at smaller scales):
 *  - 40 needs and offers;
 *  - 36 双走进 visits both ways over the term: those past with minutes and
 *    follow-ups (some done, some open, some overdue), those to come
 *    planned with people, one cancelled;
 *  - two 供需对接会: one finished (its talks held, with outcomes) and one
 *    in nine days, closed, its talks scheduled by the timetable solver;
 *  - 33 agreements (bases, 产学研, internship bases, three order-class ones):
 *    most active, five expiring within 60 days, two expired, drafts, one
 *    terminated; milestones, some overdue; a signed scan when there is a
 *    files folder;
 *  - 3 order classes (two running, one finished with its outcomes read
 *    from applications);
 *  - 1,200 interns: 1,050 started twelve weeks ago with their weekly
 *    logs (most confirmed, some waiting, some returned, some missing),
 *    150 near their end with mid evaluations, 60 ended last term (some
 *    hired, final evaluations); instructor visits, incidents; and 30
 *    placements refused, each with the rules it broke.  Every placement
 *    written as started keeps the rules (10% and 20%, pay, majors).
 *  - student_demo interns at hr_demo's enterprise, whose HR is the
 *    mentor: logs confirmed, one returned, last week's waiting.
 */
#ifndef SKYWAY_DOMAIN_DEMO_COOP_H
#define SKYWAY_DOMAIN_DEMO_COOP_H

#include <stdint.h>

#include "domain/demo.h"
#include "store/store.h"

/* Writes the cooperation demo data inside the caller's transaction;
 * counts into *c.  0, or -1 (the caller rolls back). */
int demo_coop_fill(struct store *db, uint64_t seed, double scale, int64_t now,
                   struct demo_counts *c);

#endif
