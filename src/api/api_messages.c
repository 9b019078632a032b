/*
 * Messages per application (站内消息, issue 14): a student and the HR of
 * the enterprise write to each other in the application's thread.  Each
 * handler parses the request, calls one function of domain/message.h
 * (who may read and write, the rate limit, the contact-data rule, the
 * reports and their audit rows) and shapes the answer.
 */
#include <stdint.h>

#include "api/api.h"
#include "domain/message.h"

void api_messages_thread(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *thread = NULL;
	int64_t id;
	if (api_path_id(c, &id))
		return;
	int rc = message_thread(c->db, &c->actor, id, &thread, &e);
	api_answer(c, rc, 200, "thread", &thread, &e);
}

static const char *const send_fields[] = {"body", NULL};

void api_messages_send(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *msg = NULL;
	int64_t id, retry_after = 0;
	api_only_fields(c, send_fields);
	const char *body = api_text(c, "body", API_REQUIRED, 1, MESSAGE_MAX_CHARS);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = message_send(c->db, &c->actor, id, body, &msg, &retry_after, &e);
	api_answer(c, rc, 201, "message", &msg, &e);
	/* A throttled sender is told how long to wait, as a number the page
	 * can count down. */
	if (rc && e.kind == DERR_LIMIT && c->out)
		json_object_set_new(json_object_get(c->out, "error"), "retry_after",
		                    json_integer(retry_after));
}

static const char *const report_fields[] = {"reason", NULL};

void api_messages_report(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *report = NULL;
	int64_t id;
	api_only_fields(c, report_fields);
	const char *reason = api_text(c, "reason", API_REQUIRED, 1, 500);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = message_report(c->db, &c->actor, id, reason, &report, &e);
	api_answer(c, rc, 201, "report", &report, &e);
}

void api_messages_unread(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *unread = NULL;
	if (message_unread(c->db, &c->actor, &unread, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, unread);
}

void api_messages_reports(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t page, size, total;
	json_t *items;
	const char *status = api_query(c, "status");
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	if (message_reports_list(c->db, &c->actor, status && *status ? status : NULL, page, size,
	                         &items, &total, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, api_page(items, total, page, size));
}

static const char *const close_fields[] = {"resolution", NULL};

void api_messages_report_close(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *report = NULL;
	int64_t id;
	api_only_fields(c, close_fields);
	const char *resolution = api_text(c, "resolution", API_OPTIONAL, 1, 500);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = message_report_close(c->db, &c->actor, id, resolution, &report, &e);
	api_answer(c, rc, 200, "report", &report, &e);
}
