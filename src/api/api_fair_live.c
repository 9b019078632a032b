/*
 * A fair while it is live: booth queues (virtual tickets), the live event
 * stream (Server-Sent Events), and intentions to hire (意向签约) that flow
 * into the application pipeline.  The services are in domain/fair_queue.h,
 * fair_view.h and fair_intents.h.
 */
#include <string.h>

#include "api/api_fair.h"
#include "domain/fair_intents.h"
#include "domain/fair_queue.h"
#include "domain/fair_view.h"

static const char *const take_fields[] = {"enterprise_id", NULL};

void api_fairs_ticket_take(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, ent = 0;
	json_t *ticket;
	api_only_fields(c, take_fields);
	api_int(c, "enterprise_id", API_REQUIRED, &ent);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_ticket_take(c->db, &c->actor, id, ent, &ticket, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 201, json_pack("{s:o}", "ticket", ticket));
}

static const char *const ticket_fields[] = {"ticket_id", NULL};

void api_fairs_ticket_cancel(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, tid = 0;
	json_t *items;
	api_only_fields(c, ticket_fields);
	api_int(c, "ticket_id", API_REQUIRED, &tid);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_ticket_cancel(c->db, &c->actor, id, tid, &items, &e))
		api_fail_derr(c, &e);
	else
		api_fairs_items(c, items);
}

void api_fairs_tickets_mine(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *items;
	if (api_path_id(c, &id))
		return;
	if (fair_tickets_mine(c->db, &c->actor, id, &items, &e))
		api_fail_derr(c, &e);
	else
		api_fairs_items(c, items);
}

/* The enterprise whose booth a call names: ?enterprise_id= or the body's
 * (0: none). */
static int64_t named_enterprise(struct api_ctx *c)
{
	int64_t named = api_query_int(c, "enterprise_id", 0, 0, INT64_MAX);
	if (!named && c->body)
		api_int(c, "enterprise_id", API_OPTIONAL, &named);
	return named;
}

void api_fairs_queue(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, named = named_enterprise(c);
	json_t *queue;
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_queue(c->db, &c->actor, id, named, &queue, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, queue);
}

static const char *const call_fields[] = {"enterprise_id", NULL};

void api_fairs_queue_call(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, named;
	json_t *ticket;
	api_only_fields(c, call_fields);
	named = named_enterprise(c);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_queue_call(c->db, &c->actor, id, named, &ticket, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "ticket", ticket));
}

static const char *const mark_fields[] = {"ticket_id", "outcome", NULL};

void api_fairs_queue_mark(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, tid = 0;
	json_t *ticket;
	api_only_fields(c, mark_fields);
	api_int(c, "ticket_id", API_REQUIRED, &tid);
	const char *outcome = api_str(c, "outcome", API_REQUIRED, 1, 10);
	if (outcome && strcmp(outcome, "seen") && strcmp(outcome, "no_show"))
		api_fail(c, 400, "invalid", "outcome",
		         "outcome 应为 seen（已面谈）或 no_show（未到）");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_queue_mark(c->db, &c->actor, id, tid, outcome, &ticket, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:o}", "ticket", ticket));
}

/* GET /fairs/{id}/live: the event stream.  Frames carry no personal data,
 * only which booth changed; clients then fetch what they may see. */
void api_fairs_live(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	if (api_path_id(c, &id))
		return;
	if (fair_subscribe(c->db, &c->actor, id, &c->stream, &e))
		api_fail_derr(c, &e);
	else
		c->out = json_null(); /* the stream is the answer */
}

/* ---- intentions to hire ---- */

static const char *const intent_fields[] = {"student_id", "position_id", "note", NULL};

void api_fairs_intent_create(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, sid = 0, pid = 0, intent = 0, app = 0;
	api_only_fields(c, intent_fields);
	api_int(c, "student_id", API_REQUIRED, &sid);
	api_int(c, "position_id", API_REQUIRED, &pid);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 500);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	if (fair_intent_create(c->db, &c->actor, id, sid, pid, note, &intent, &app, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 201,
		          json_pack("{s:I, s:I}", "intent_id", (json_int_t)intent, "application_id",
		                    (json_int_t)app));
}

void api_fairs_intents(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *items;
	if (api_path_id(c, &id))
		return;
	if (fair_intents(c->db, &c->actor, id, &items, &e))
		api_fail_derr(c, &e);
	else
		api_fairs_items(c, items);
}
