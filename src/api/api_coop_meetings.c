/*
 * 供需对接会: meetings, joining, wishes, the timetable and each talk's
 * outcome.  Services: domain/coop_meetings.h, domain/coop_talks.h.
 */
#include "api/api_coop.h"
#include "domain/coop_talks.h"

void api_coop_meetings_list(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int rc = coop_meeting_list(c->db, &c->actor, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const meeting_fields[] = {"name",    "venue",        "description", "starts_at",
                                             "ends_at", "slot_minutes", NULL};

static int read_meeting(struct api_ctx *c, struct coop_meeting_input *in)
{
	*in = (struct coop_meeting_input){.slot_minutes = 20};
	api_only_fields(c, meeting_fields);
	in->name = api_str(c, "name", API_REQUIRED, 2, 80);
	in->venue = api_str(c, "venue", API_REQUIRED, 2, 100);
	in->description = api_text(c, "description", API_OPTIONAL, 1, 4000);
	api_int_in(c, "starts_at", API_REQUIRED, 1, INT64_C(253402300799), &in->starts_at);
	api_int_in(c, "ends_at", API_REQUIRED, 1, INT64_C(253402300799), &in->ends_at);
	api_int_in(c, "slot_minutes", API_OPTIONAL, 5, 120, &in->slot_minutes);
	return api_failed(c) ? -1 : 0;
}

void api_coop_meetings_create(struct api_ctx *c)
{
	struct coop_meeting_input in;
	struct derr e = {0};
	json_t *out = NULL;
	if (read_meeting(c, &in))
		return;
	int rc = coop_meeting_create(c->db, &c->actor, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "meeting", out);
}

void api_coop_meetings_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_meeting_get(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, "meeting", out);
}

void api_coop_meetings_update(struct api_ctx *c)
{
	struct coop_meeting_input in;
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id) || read_meeting(c, &in))
		return;
	int rc = coop_meeting_update(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 200, "meeting", out);
}

static const char *const status_fields[] = {"to", NULL};

void api_coop_meetings_status(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, status_fields);
	const char *to = api_str(c, "to", API_REQUIRED, 1, 20);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_meeting_set_status(c->db, &c->actor, id, to, &out, &e);
	api_coop_reply(c, rc, &e, 200, "meeting", out);
}

static const char *const join_fields[] = {"org_id", "tables", NULL};

void api_coop_meetings_join(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, org = 0, tables = 1;
	json_t *out = NULL;
	api_only_fields(c, join_fields);
	api_int_in(c, "org_id", API_OPTIONAL, 1, INT64_MAX, &org);
	api_int_in(c, "tables", API_OPTIONAL, 1, 10, &tables);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_meeting_join(c->db, &c->actor, id, org, tables, &out, &e);
	api_coop_reply(c, rc, &e, 200, "meeting", out);
}

void api_coop_meetings_wishes_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_meeting_wishes(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const wishes_fields[] = {"wishes", NULL};

void api_coop_meetings_wishes_set(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, wishes_fields);
	const json_t *wishes = api_coop_array(c, "wishes", COOP_WISHES_MAX);
	if (!api_failed(c) && !wishes)
		api_fail(c, 400, "missing", "wishes", "请提交洽谈意向（可为空数组）");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_meeting_wishes_set(c->db, &c->actor, id, wishes, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

void api_coop_meetings_schedule(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = coop_meeting_schedule(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

void api_coop_meetings_talks(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_meeting_talks(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const outcome_fields[] = {"talk_id", "interest", "next_step", "side", NULL};

void api_coop_meetings_outcome(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, tid = 0;
	json_t *out = NULL;
	api_only_fields(c, outcome_fields);
	api_int(c, "talk_id", API_REQUIRED, &tid);
	const char *interest = api_str(c, "interest", API_REQUIRED, 1, 10);
	const char *next = api_text(c, "next_step", API_OPTIONAL, 1, 1000);
	const char *side = api_str(c, "side", API_OPTIONAL, 1, 12);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_talk_outcome(c->db, &c->actor, id, tid, side, interest, next, &out, &e);
	api_coop_reply(c, rc, &e, 200, "talk", out);
}
