/*
 * Activities (创新创业活动): organising, registration with a waiting
 * list, the signed pass and check-in, feedback; and mentors' sessions.
 * The services are in domain/incubator_activities.h and
 * incubator_mentors.h.
 */
#include <string.h>

#include "api/api_incubator.h"
#include "domain/incubator_activities.h"
#include "domain/incubator_mentors.h"

void api_incubator_activities(struct api_ctx *c)
{
	api_incubator_list(c, incubator_activities_list);
}

static const char *const activity_fields[] = {"kind",
                                              "title",
                                              "description",
                                              "organiser",
                                              "venue",
                                              "site_id",
                                              "room_id",
                                              "start",
                                              "end",
                                              "capacity",
                                              "audience_colleges",
                                              "audience_majors",
                                              "residents_only",
                                              NULL};

static void activity_save(struct api_ctx *c, int64_t id)
{
	static const char *const kinds[] = {"talk",  "camp",     "salon", "roadshow",
	                                    "visit", "training", NULL};
	struct derr e = {0};
	struct incubator_activity_input in = {0};
	json_t *out, *conflict;
	api_only_fields(c, activity_fields);
	in.kind = api_str(c, "kind", API_REQUIRED, 4, 8);
	in.title = api_str(c, "title", API_REQUIRED, 2, 80);
	in.description = api_text(c, "description", API_OPTIONAL, 1, 4000);
	in.organiser = api_str(c, "organiser", API_REQUIRED, 2, 60);
	in.venue = api_str(c, "venue", API_OPTIONAL, 1, 80);
	api_int(c, "site_id", API_OPTIONAL, &in.site_id);
	api_int(c, "room_id", API_OPTIONAL, &in.room_id);
	api_incubator_time(c, "start", API_REQUIRED, &in.start);
	api_incubator_time(c, "end", API_REQUIRED, &in.end);
	api_int_in(c, "capacity", API_REQUIRED, 1, 100000, &in.capacity);
	in.audience_colleges = api_int_array(c, "audience_colleges", 50, 1, INT64_MAX);
	in.audience_majors = api_str_array(c, "audience_majors", 50, 6);
	in.residents_only = api_incubator_bool(c, "residents_only", 0);
	int k = 0;
	while (!api_failed(c) && kinds[k] && strcmp(kinds[k], in.kind))
		k++;
	if (!api_failed(c) && !kinds[k])
		api_fail(c, 400, "invalid", "kind",
		         "kind 应为 talk、camp、salon、roadshow、visit 或 training");
	if (api_failed(c))
		return;
	int rc = incubator_activity_save(c->db, &c->actor, id, &in, &out, &conflict, &e);
	api_incubator_reply_booking(c, rc, &e, id ? 200 : 201, "activity", out, conflict);
}

void api_incubator_activity_create(struct api_ctx *c)
{
	activity_save(c, 0);
}

void api_incubator_activity_update(struct api_ctx *c)
{
	int64_t id;
	if (!api_path_id(c, &id))
		activity_save(c, id);
}

void api_incubator_activity_get(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_activity_get, 200, "activity");
}

static const char *const status_fields[] = {"to", NULL};

void api_incubator_activity_status(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	api_only_fields(c, status_fields);
	const char *to = api_str(c, "to", API_REQUIRED, 4, 9);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_activity_status(c->db, &c->actor, id, to, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "activity", out);
}

void api_incubator_activity_register(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_activity_register, 201, "registration");
}

void api_incubator_activity_unregister(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_activity_unregister, 200, "registration");
}

void api_incubator_activity_pass(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	if (api_path_id(c, &id))
		return;
	if (incubator_activity_pass(c->db, &c->actor, id, &out, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_keep(c, out);
	if (!api_incubator_qr(c, out, "pass"))
		api_reply(c, 200, json_pack("{s:O}", "pass", out));
}

static const char *const checkin_fields[] = {"pass", "registration_id", NULL};

void api_incubator_activity_checkin(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, reg = 0;
	json_t *out;
	api_only_fields(c, checkin_fields);
	const char *pass = api_str(c, "pass", API_OPTIONAL, 1, 2000);
	api_int(c, "registration_id", API_OPTIONAL, &reg);
	if (!api_failed(c) && !pass == !reg)
		api_fail(c, 400, "missing", "pass", "请扫描签到码，或给出报名编号（二选一）");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_activity_checkin(c->db, &c->actor, id, pass, reg, &out, &e);
	api_incubator_reply(c, rc, &e, 200, NULL, out);
}

static const char *const feedback_fields[] = {"rating", "feedback", NULL};

void api_incubator_activity_feedback(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, rating = 0;
	json_t *out;
	api_only_fields(c, feedback_fields);
	api_int_in(c, "rating", API_REQUIRED, 1, 5, &rating);
	const char *text = api_text(c, "feedback", API_OPTIONAL, 1, 1000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_activity_feedback(c->db, &c->actor, id, rating, text, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "registration", out);
}

/* The list of one activity's registrations: its id is the path's. */
void api_incubator_activity_registrations(struct api_ctx *c)
{
	struct incubator_filter f;
	struct derr e = {0};
	json_t *items;
	api_incubator_filter(c, &f);
	if (api_failed(c) || api_path_id(c, &f.activity_id))
		return;
	if (incubator_registrations_list(c->db, &c->actor, &f, &items, &e))
		api_fail_derr(c, &e);
	else
		api_incubator_page(c, items);
}

/* ---- mentors ---- */

void api_incubator_mentors(struct api_ctx *c)
{
	api_incubator_list(c, incubator_mentors_list);
}

void api_incubator_sessions(struct api_ctx *c)
{
	api_incubator_list(c, incubator_sessions_list);
}

static const char *const session_fields[] = {"project_id", "mentor_id", "room_id", "start",
                                             "end",        "topic",     NULL};

void api_incubator_session_create(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_session_input in = {0};
	json_t *out, *conflict;
	api_only_fields(c, session_fields);
	api_int(c, "project_id", API_REQUIRED, &in.project_id);
	api_int(c, "mentor_id", API_OPTIONAL, &in.mentor_id);
	api_int(c, "room_id", API_OPTIONAL, &in.room_id);
	api_incubator_time(c, "start", API_REQUIRED, &in.start);
	api_incubator_time(c, "end", API_REQUIRED, &in.end);
	in.topic = api_str(c, "topic", API_REQUIRED, 2, 80);
	if (api_failed(c))
		return;
	int rc = incubator_session_create(c->db, &c->actor, &in, &out, &conflict, &e);
	api_incubator_reply_booking(c, rc, &e, 201, "session", out, conflict);
}

static const char *const log_fields[] = {"status", "outcome", NULL};

void api_incubator_session_log(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	api_only_fields(c, log_fields);
	const char *status = api_str(c, "status", API_REQUIRED, 4, 9);
	const char *outcome = api_text(c, "outcome", API_OPTIONAL, 1, 2000);
	if (!api_failed(c) && strcmp(status, "done") && strcmp(status, "cancelled"))
		api_fail(c, 400, "invalid", "status", "status 应为 done 或 cancelled");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_session_log(c->db, &c->actor, id, status, outcome, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "session", out);
}

static const char *const rate_fields[] = {"rating", "comment", NULL};

void api_incubator_session_rate(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, rating = 0;
	json_t *out;
	api_only_fields(c, rate_fields);
	api_int_in(c, "rating", API_REQUIRED, 1, 5, &rating);
	const char *comment = api_text(c, "comment", API_OPTIONAL, 1, 500);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_session_rate(c->db, &c->actor, id, rating, comment, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "session", out);
}
