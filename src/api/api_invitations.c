/*
 * Interview invitations (面试邀请) and the contact they open: HR invites
 * the student of an application, the student answers, both sides see
 * their reminders; after consent HR reads the student's phone.  Services:
 * domain/interview_invite.h, domain/contact_consent.h.
 */
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "domain/contact_consent.h"
#include "domain/incubator_rules.h"
#include "domain/interview_invite.h"

static const char *const invite_fields[] = {"starts_at", "minutes",       "format",
                                            "place",     "link",          "contact_name",
                                            "note",      "contact_phone", NULL};

/* The invitation HR sends; 0, or -1 after answering 400 naming the field. */
static int read_invite(struct api_ctx *c, struct interview_invite_input *in)
{
	*in = (struct interview_invite_input){.minutes = 30};
	api_only_fields(c, invite_fields);
	const char *starts = api_str(c, "starts_at", API_REQUIRED, 16, 32);
	api_int_in(c, "minutes", API_OPTIONAL, 5, 480, &in->minutes);
	in->format = api_str(c, "format", API_REQUIRED, 1, 10);
	in->place = api_str(c, "place", API_OPTIONAL, 2, 200);
	in->link = api_str(c, "link", API_OPTIONAL, 10, 500);
	in->contact_name = api_str(c, "contact_name", API_REQUIRED, 1, 40);
	in->contact_phone = api_str(c, "contact_phone", API_REQUIRED, 5, 20);
	in->note = api_text(c, "note", API_OPTIONAL, 1, 1000);
	/* ISO 8601 with its offset: "2026-12-08T14:00:00+08:00". */
	if (starts && incubator_time_parse(starts, &in->starts_at))
		api_fail(c, 400, "invalid", "starts_at",
		         "面试时间格式应为 2026-12-08T14:00:00+08:00（须带时区）");
	if (in->format && !interview_invite_format_valid(in->format))
		api_fail(c, 400, "invalid", "format", "面试形式应为 onsite、online 或 phone");
	if (in->contact_phone &&
	    strspn(in->contact_phone, "0123456789-+ ") != strlen(in->contact_phone))
		api_fail(c, 400, "invalid", "contact_phone", "联系电话只能包含数字、空格、+ 和 -");
	return api_failed(c) ? -1 : 0;
}

void api_invitations_create(struct api_ctx *c)
{
	struct interview_invite_input in;
	struct derr e = {0};
	json_t *out = NULL;
	int64_t id;
	if (api_path_id(c, &id) || read_invite(c, &in))
		return;
	int rc = interview_invite_create(c->db, &c->actor, id, &in, &out, &e);
	api_answer(c, rc, 201, "invitation", &out, &e);
}

void api_invitations_list(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int64_t id;
	if (api_path_id(c, &id))
		return;
	if (interview_invite_list(c->db, &c->actor, id, &out, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, out);
}

static const char *const answer_fields[] = {"answer", "note", NULL};

/* The student: accept, decline or reschedule (with the times proposed). */
void api_invitations_answer(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int64_t id;
	if (api_path_id(c, &id))
		return;
	api_only_fields(c, answer_fields);
	const char *answer = api_str(c, "answer", API_REQUIRED, 1, 20);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 500);
	if (api_failed(c))
		return;
	int rc = interview_invite_answer(c->db, &c->actor, id, answer, note, &out, &e);
	api_answer(c, rc, 200, "invitation", &out, &e);
}

void api_invitations_cancel(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int64_t id;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = interview_invite_cancel(c->db, &c->actor, id, &out, &e);
	api_answer(c, rc, 200, "invitation", &out, &e);
}

/* In-app reminders (no e-mail or SMS is sent): the caller's invitations
 * awaiting an answer and those in the next 48 hours. */
void api_invitations_upcoming(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	if (interview_invite_upcoming(c->db, &c->actor, &out, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, out);
}

/* HR: the student's full phone on this application, after consent
 * (audited). */
void api_applications_contact_withdraw(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	if (contact_consent_revoke(c->db, &c->actor, id, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200, json_pack("{s:n}", "consent"));
}

void api_applications_contact(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int64_t id;
	if (api_path_id(c, &id))
		return;
	int rc = contact_consent_phone(c->db, &c->actor, id, &out, &e);
	api_answer(c, rc, 200, "contact", &out, &e);
}
