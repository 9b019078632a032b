/*
 * incubator_reports: what resident projects report and plan.
 *
 *  - Monthly reports (月报): revenue, staff and of whom students and
 *    graduates, financing received, IP (patents, software copyrights),
 *    awards, needs (funding, space, hiring).  Filed by a member for a
 *    month that has ended (not before the agreement's month), once, then
 *    corrected until the due day: the settings' report_due_day of the next
 *    month (China time).  A report filed after it is flagged late.
 *  - Reminders: for each resident project, the months since its agreement
 *    started without a report, due soon (within remind_days) or overdue.
 *    The pages show them; nothing is mailed.
 *  - A hiring need becomes a draft position of the project's registered
 *    enterprise with one call (domain/position.h's position_insert, the
 *    recruitment side's own writer), once per need.
 *  - Milestones: titled dates a project sets itself and marks done.
 *
 * Money is in yuan (integers).
 */
#ifndef SKYWAY_DOMAIN_INCUBATOR_REPORTS_H
#define SKYWAY_DOMAIN_INCUBATOR_REPORTS_H

#include "domain/incubator.h"

struct incubator_report_input {
	int month; /* YYYYMM */
	int64_t revenue, staff, staff_students, staff_graduates, financing;
	int64_t patents, software_copyrights;
	const char *financing_note, *awards, *need_funding, *need_space;
	const json_t *need_hiring; /* [{"title","headcount","kind"}], or NULL */
};

/* Files (201, *created 1) or corrects (200) project id's report of
 * in->month (members). */
int incubator_report_submit(struct store *db, const struct actor *a, int64_t project,
                            const struct incubator_report_input *in, int *created, json_t **out,
                            struct derr *e);
/* One report (those who see its project). */
int incubator_report_get(struct store *db, const struct actor *a, int64_t id, json_t **out,
                         struct derr *e);
/* Reports a sees (f->project_id, month, site_id, status "late"). */
int incubator_reports_list(struct store *db, const struct actor *a,
                           const struct incubator_filter *f, json_t **items, struct derr *e);
/* Reports due or overdue for the projects a sees: [{"project_id",
 * "project","month","due_at","state":"due_soon"|"overdue"}]. */
int incubator_reminders(struct store *db, const struct actor *a, const struct incubator_filter *f,
                        json_t **items, struct derr *e);
/* Makes hiring need `index` of report id a draft position (members, the
 * operator): *out {"position_id", "position": {...}}.  422 when the
 * project has no registered enterprise; 409 when made already. */
int incubator_report_hire(struct store *db, const struct actor *a, int64_t id, int64_t index,
                          json_t **out, struct derr *e);

/* Milestones of a project: create (id 0) or edit (members, operator). */
int incubator_milestone_save(struct store *db, const struct actor *a, int64_t project, int64_t id,
                             const char *title, int64_t due_at, int64_t done_at, const char *note,
                             json_t **out, struct derr *e);

#endif
