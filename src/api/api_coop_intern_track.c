/*
 * During a placement: the student's weekly log and the mentor's review,
 * the college's visits, evaluations, incidents.  Services:
 * domain/internship_track.h.
 */
#include <string.h>

#include "api/api_coop.h"
#include "domain/internship_track.h"

static const char *const log_fields[] = {"week_start", "done", "learned", "days_present", NULL};

void api_intern_log(struct api_ctx *c)
{
	struct intern_log_input in = {0};
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, log_fields);
	in.week_start = api_str(c, "week_start", API_REQUIRED, 10, 10);
	in.done = api_text(c, "done", API_REQUIRED, 5, 4000);
	in.learned = api_text(c, "learned", API_REQUIRED, 5, 4000);
	api_int_in(c, "days_present", API_REQUIRED, 0, 7, &in.days_present);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = intern_log_submit(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 200, "internship", out);
}

static const char *const review_fields[] = {"log_id", "action", "comment", NULL};

void api_intern_log_review(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, lid = 0;
	json_t *out = NULL;
	api_only_fields(c, review_fields);
	api_int(c, "log_id", API_REQUIRED, &lid);
	const char *action = api_str(c, "action", API_REQUIRED, 1, 10);
	const char *comment = api_text(c, "comment", API_OPTIONAL, 1, 2000);
	if (action && strcmp(action, "confirm") && strcmp(action, "return"))
		api_fail(c, 400, "invalid", "action",
		         "action 应为 confirm（确认）或 return（退回）");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = intern_log_review(c->db, &c->actor, id, lid, !strcmp(action, "confirm"), comment,
	                           &out, &e);
	api_coop_reply(c, rc, &e, 200, "internship", out);
}

static const char *const visit_fields[] = {"visited_on", "mode", "notes", NULL};

void api_intern_visit(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, visit_fields);
	const char *on = api_str(c, "visited_on", API_REQUIRED, 10, 10);
	const char *mode = api_str(c, "mode", API_REQUIRED, 1, 10);
	const char *notes = api_text(c, "notes", API_REQUIRED, 5, 4000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = intern_visit_add(c->db, &c->actor, id, on, mode, notes, &out, &e);
	api_coop_reply(c, rc, &e, 201, "internship", out);
}

static const char *const evaluation_fields[] = {"stage", "score", "comment", NULL};

void api_intern_evaluate(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, score = 0;
	json_t *out = NULL;
	api_only_fields(c, evaluation_fields);
	const char *stage = api_str(c, "stage", API_REQUIRED, 1, 10);
	api_int_in(c, "score", API_REQUIRED, 0, 100, &score);
	const char *comment = api_text(c, "comment", API_REQUIRED, 2, 4000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = intern_evaluate(c->db, &c->actor, id, stage, score, comment, &out, &e);
	api_coop_reply(c, rc, &e, 201, "internship", out);
}

static const char *const incident_fields[] = {"kind",     "occurred_on",  "description",
                                              "followup", "followup_due", NULL};

void api_intern_incident(struct api_ctx *c)
{
	struct intern_incident_input in = {0};
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, incident_fields);
	in.kind = api_str(c, "kind", API_REQUIRED, 1, 12);
	in.occurred_on = api_str(c, "occurred_on", API_REQUIRED, 10, 10);
	in.description = api_text(c, "description", API_REQUIRED, 5, 4000);
	in.followup = api_text(c, "followup", API_REQUIRED, 2, 2000);
	in.followup_due = api_str(c, "followup_due", API_REQUIRED, 10, 10);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = intern_incident_report(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "internship", out);
}

static const char *const close_fields[] = {"incident_id", "resolution", NULL};

void api_intern_incident_close(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, xid = 0;
	json_t *out = NULL;
	api_only_fields(c, close_fields);
	api_int(c, "incident_id", API_REQUIRED, &xid);
	const char *resolution = api_text(c, "resolution", API_REQUIRED, 2, 2000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = intern_incident_close(c->db, &c->actor, id, xid, resolution, &out, &e);
	api_coop_reply(c, rc, &e, 200, "internship", out);
}
