/*
 * What the cooperation and internship handlers share.  The handlers parse
 * the request, call one service of domain/coop*.h or internship*.h and
 * shape its answer:
 *   api_coop_listings.c        needs and offers, counterparts
 *   api_coop_visits.c          双走进 visits, their files
 *   api_coop_meetings.c        供需对接会, wishes, the timetable, outcomes
 *   api_coop_agreements.c      agreements, milestones, order classes
 *   api_coop_internships.c     posts, placements and the rules
 *   api_coop_intern_track.c    logs, visits, evaluations, incidents
 *   api_coop_stats.c           the funnel, the figures, exports
 */
#ifndef SKYWAY_API_API_COOP_H
#define SKYWAY_API_API_COOP_H

#include "api/api.h"
#include "api/export.h"
#include "domain/coop.h"

/* Answers a service's outcome: on rc 0 {key: out} with status (takes
 * out; key NULL answers out itself), else the failure in e. */
void api_coop_reply(struct api_ctx *c, int rc, const struct derr *e, int status, const char *key,
                    json_t *out);

/* An optional boolean field: 0 and *out (unchanged when absent), -1 after
 * answering 400. */
int api_coop_bool(struct api_ctx *c, const char *field, int *out);
/* An optional array field of at most max items (the service checks the
 * items): it (borrowed), or NULL when absent or failed (400). */
const json_t *api_coop_array(struct api_ctx *c, const char *field, size_t max);

/* A sheet for a service that exports (coop_rows_fn): the request, the
 * file's name, the sheet's title and its columns. */
struct api_coop_sheet {
	struct api_ctx *c;
	const char *filename, *title;
	const struct export_column *cols;
};
/* coop_rows_fn writing the rows as the .xlsx download of sheet->c. */
int api_coop_write_sheet(void *sheet, struct store_stmt *rows);

/* Handlers (routes.c names them). */
void api_coop_listings_search(struct api_ctx *c);
void api_coop_listings_create(struct api_ctx *c);
void api_coop_listings_get(struct api_ctx *c);
void api_coop_listings_update(struct api_ctx *c);
void api_coop_listings_close(struct api_ctx *c);
void api_coop_listings_reopen(struct api_ctx *c);
void api_coop_listings_counterparts(struct api_ctx *c);
void api_coop_enterprises(struct api_ctx *c);

void api_coop_visits_list(struct api_ctx *c);
void api_coop_visits_create(struct api_ctx *c);
void api_coop_visits_get(struct api_ctx *c);
void api_coop_visits_update(struct api_ctx *c);
void api_coop_visits_people(struct api_ctx *c);
void api_coop_visits_register(struct api_ctx *c);
void api_coop_visits_checkin(struct api_ctx *c);
void api_coop_visits_minutes(struct api_ctx *c);
void api_coop_visits_cancel(struct api_ctx *c);
void api_coop_visits_followup(struct api_ctx *c);
void api_coop_visits_followup_done(struct api_ctx *c);
void api_coop_visits_photo(struct api_ctx *c);
void api_coop_files_get(struct api_ctx *c);

void api_coop_meetings_list(struct api_ctx *c);
void api_coop_meetings_create(struct api_ctx *c);
void api_coop_meetings_get(struct api_ctx *c);
void api_coop_meetings_update(struct api_ctx *c);
void api_coop_meetings_status(struct api_ctx *c);
void api_coop_meetings_join(struct api_ctx *c);
void api_coop_meetings_wishes_get(struct api_ctx *c);
void api_coop_meetings_wishes_set(struct api_ctx *c);
void api_coop_meetings_schedule(struct api_ctx *c);
void api_coop_meetings_talks(struct api_ctx *c);
void api_coop_meetings_outcome(struct api_ctx *c);

void api_coop_agreements_list(struct api_ctx *c);
void api_coop_agreements_create(struct api_ctx *c);
void api_coop_agreements_reminders(struct api_ctx *c);
void api_coop_agreements_get(struct api_ctx *c);
void api_coop_agreements_update(struct api_ctx *c);
void api_coop_agreements_scan(struct api_ctx *c);
void api_coop_agreements_sign(struct api_ctx *c);
void api_coop_agreements_terminate(struct api_ctx *c);
void api_coop_agreements_renew(struct api_ctx *c);
void api_coop_agreements_milestone(struct api_ctx *c);
void api_coop_agreements_milestone_done(struct api_ctx *c);
void api_coop_classes_list(struct api_ctx *c);
void api_coop_classes_create(struct api_ctx *c);
void api_coop_classes_get(struct api_ctx *c);
void api_coop_classes_add(struct api_ctx *c);
void api_coop_classes_remove(struct api_ctx *c);
void api_coop_classes_status(struct api_ctx *c);

void api_intern_rules(struct api_ctx *c);
void api_intern_min_wages(struct api_ctx *c);
void api_intern_staff(struct api_ctx *c);
void api_intern_posts(struct api_ctx *c);
void api_intern_posts_create(struct api_ctx *c);
void api_intern_posts_update(struct api_ctx *c);
void api_intern_posts_close(struct api_ctx *c);
void api_intern_posts_reopen(struct api_ctx *c);
void api_intern_list(struct api_ctx *c);
void api_intern_create(struct api_ctx *c);
void api_intern_get(struct api_ctx *c);
void api_intern_update(struct api_ctx *c);
void api_intern_agreement(struct api_ctx *c);
void api_intern_start(struct api_ctx *c);
void api_intern_cancel(struct api_ctx *c);
void api_intern_end(struct api_ctx *c);
void api_intern_log(struct api_ctx *c);
void api_intern_log_review(struct api_ctx *c);
void api_intern_visit(struct api_ctx *c);
void api_intern_evaluate(struct api_ctx *c);
void api_intern_incident(struct api_ctx *c);
void api_intern_incident_close(struct api_ctx *c);

void api_coop_funnel(struct api_ctx *c);
void api_coop_stats(struct api_ctx *c);
void api_coop_export(struct api_ctx *c);

#endif
