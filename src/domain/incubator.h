/*
 * incubator: the "1 HQ + N campus bases" incubator network (一个总部 + N 所
 * 高校校内基地) and its activities (创新创业活动), issue 11.  This header
 * holds what every incubator service shares: the design notes, the state
 * machines, who sees what, and the site/room/seat records.
 *
 * The services, one file per topic (each with its header):
 *   incubator_rules.c      pure rules: China time, booking rules, overlaps,
 *                          series, due days, graduation, audiences, steps
 *   incubator_access.c     who sees which project (this header, below)
 *   incubator_sites.c      sites, zones, rooms and their rules, seats, the
 *                          floor plan and occupancy   (incubator_sites.h)
 *   incubator_bookings.c   bookings, holds, series, cancellation, no-shows,
 *                          check-in at the door       (incubator_bookings.h)
 *   incubator_projects.c   resident projects: application, review, members,
 *                          business plan, seats, graduation/exit
 *                                                     (incubator_projects.h)
 *   incubator_reports.c    monthly reports, reminders, hiring needs made
 *                          positions, milestones      (incubator_reports.h)
 *   incubator_mentors.c    mentors, their sessions and ratings
 *                                                     (incubator_mentors.h)
 *   incubator_activities.c activities, registration with a waiting list,
 *                          passes and check-in, feedback
 *                                                     (incubator_activities.h)
 *   incubator_services.c   services requested by projects (incubator_services.h)
 *   incubator_stats.c      the operator's dashboard, the national indicators,
 *                          settings                   (incubator_stats.h)
 *   demo_incubator.c       the demo's incubator (demo.h)
 *
 * Invariants every service keeps:
 *  1. It takes a store, the caller (const struct actor *) and typed
 *     arguments, and returns 0, or -1 with the reason in a struct derr.
 *  2. A write is one transaction holding its change, its audit row
 *     (audit_write()) and the rows of its answer; the commit is its last
 *     database operation, so a failure anywhere has written nothing.
 *  3. JSON handed back (json_t **out) is a new reference the caller owns.
 *  4. Permission rules on data live here, not in the api: the route table
 *     lets a role in, the service decides what that caller may see or do.
 *
 * Double booking is impossible by construction.  Two live bookings of one
 * room (held, confirmed, checked_in, no_show) never overlap and a seat
 * holds one project at a time, because the DATABASE refuses it: an
 * exclusion constraint over int8range on PostgreSQL, triggers that raise on
 * SQLite (where BEGIN IMMEDIATE serialises every write).  The services
 * also look for the overlapping booking first, to name it in the 409; a
 * concurrent insert that slips past that look is refused by the database
 * (STORE_EXCLUDED) and answered the same way.  An expired hold still holds
 * its row until a write sweeps it: every insert into a room first marks
 * that room's expired holds `expired`, in the same transaction.
 *
 * Who sees a project (incubator_access.c, one SQL condition for every list
 * and lookup):
 *   operator      every project
 *   student       the projects they are a member of
 *   mentor        the projects they are assigned to
 *   college staff projects of their college, or with one of their students
 *   anyone else   none (404: not visible is not found)
 * A project's reports, members and their contacts are seen by those who
 * see the project, so no project sees another's.  The business plan file
 * is narrower: the project's members, its mentors and operators.
 *
 * State machines (steps checked by incubator_rules.c):
 *
 *   project   applied --review--> resident --leave--> graduated | exited
 *                 \----review---> rejected
 *                 \--applicant--> withdrawn
 *
 *   booking   held --confirm--> confirmed --door QR--> checked_in
 *               \                  |  \--operator--> no_show --door QR--^
 *                \--10 min-->  expired   \--cancel--> cancelled
 *                 \--cancel--> cancelled
 *
 *   service   requested --assign--> assigned --done--> done (then rated)
 *                   \------cancel-------\-----> cancelled
 *
 *   activity  open --> closed --> finished;  open | closed --> cancelled
 *   registration  registered <--promotion-- waiting;  either --> cancelled
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_H
#define SKYWAY_DOMAIN_INCUBATOR_H

#include <jansson.h>
#include <stdint.h>

#include "domain/derr.h"
#include "domain/incubator_rules.h"
#include "domain/roles.h"
#include "store/store.h"

/* How the caller relates to a project, from least to most. */
enum incubator_view {
	INCUBATOR_VIEW_NONE = 0,
	INCUBATOR_VIEW_COLLEGE, /* staff of its college or of a member's college */
	INCUBATOR_VIEW_MENTOR,  /* one of its mentors */
	INCUBATOR_VIEW_MEMBER,  /* a member */
	INCUBATOR_VIEW_OPERATOR,
};

struct incubator_project {
	int64_t id, college_id, site_id, enterprise_id, applied_by;
	int64_t agreement_start, agreement_end;
	char status[16];
	char name[256];
	enum incubator_view view;
};

/* Appends to a WHERE clause the condition "project alias.id is visible to
 * a" (see above), binding into args; alias is a constant of the caller. */
struct buf;
void incubator_scope(const struct actor *a, const char *alias, struct buf *where,
                     struct store_args *args);
/* Loads project id as a sees it: 404 when a does not see it; with
 * at_least, 403 unless a's view is at least that.  0 and *p, or -1. */
int incubator_project_load(struct store *db, const struct actor *a, int64_t id,
                           enum incubator_view at_least, struct incubator_project *p,
                           struct derr *e);
/* The resident project a books for: project (0: a's only resident
 * project) when a is its member and it is resident.  0 and *p, or -1
 * (422 when a is in none or in several without saying which). */
int incubator_resident_project(struct store *db, const struct actor *a, int64_t project,
                               struct incubator_project *p, struct derr *e);

/* A list's filters, from the query string; 0 / NULL: not given. */
struct incubator_filter {
	int64_t site_id, zone_id, room_id, seat_id, project_id, mentor_id, college_id, activity_id;
	int64_t from, to; /* epoch seconds */
	int64_t month;    /* YYYYMM */
	const char *status, *kind, *q;
	int mine;     /* only the caller's own */
	int upcoming; /* activities not finished yet */
};

/* A list's answer and an export's rows: items (new reference). */
typedef int (*incubator_list_fn)(struct store *db, const struct actor *a,
                                 const struct incubator_filter *f, json_t **items, struct derr *e);

#endif
