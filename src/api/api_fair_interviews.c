/*
 * Interviews at a fair: invitations, the caller's interviews, the steps a
 * student or HR take on one, and the timetable.  The services are in
 * domain/fair_interviews.h.
 */
#include "api/api_fair.h"
#include "domain/fair_interviews.h"

static const char *const invite_fields[] = {"student_id", "position_id", "priority", NULL};

void api_fairs_interview_invite(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, sid = 0, pid = 0, prio = 1, iid = 0;
	api_only_fields(c, invite_fields);
	api_int(c, "student_id", API_REQUIRED, &sid);
	api_int(c, "position_id", API_REQUIRED, &pid);
	api_int_in(c, "priority", API_OPTIONAL, 1, 9, &prio);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_interview_invite(c->db, &c->actor, id, sid, pid, prio, &iid, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 201, json_pack("{s:I}", "interview_id", (json_int_t)iid));
}

void api_fairs_interviews(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *items;
	if (api_path_id(c, &id))
		return;
	if (fair_interviews(c->db, &c->actor, id, &items, &e))
		api_fail_derr(c, &e);
	else
		api_fairs_items(c, items);
}

static const char *const one_fields[] = {"interview_id", NULL};

/* Takes step on the body's interview_id and answers the interview. */
static void interview_step(struct api_ctx *c, enum fair_interview_step step)
{
	struct derr e = {0};
	int64_t id, iid = 0;
	json_t *interview;
	api_only_fields(c, one_fields);
	api_int(c, "interview_id", API_REQUIRED, &iid);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_interview_step(c->db, &c->actor, id, iid, step, &interview, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "interview", interview));
}

void api_fairs_interview_confirm(struct api_ctx *c)
{
	interview_step(c, FAIR_INTERVIEW_CONFIRM);
}

void api_fairs_interview_cancel(struct api_ctx *c)
{
	interview_step(c, FAIR_INTERVIEW_CANCEL);
}

void api_fairs_interview_done(struct api_ctx *c)
{
	interview_step(c, FAIR_INTERVIEW_DONE);
}

void api_fairs_schedule(struct api_ctx *c)
{
	struct derr e = {0};
	struct fair_schedule r;
	int64_t id;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	if (fair_schedule(c->db, &c->actor, id, &r, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200,
		          json_pack("{s:i, s:i, s:i, s:o}", "requests", r.requests, "placed",
		                    r.placed, "slots", r.slots, "unplaced_by_reason",
		                    r.unplaced_by_reason));
}
