/*
 * 双走进 visits: the calendar, one visit, its plan, registration, check-in,
 * minutes, follow-ups and photos; and the files of the area.  Services:
 * domain/coop_visits.h, domain/coop_files.h.
 */
#include <string.h>

#include "api/api_coop.h"
#include "domain/coop_files.h"
#include "domain/coop_visits.h"

void api_coop_visits_list(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	struct coop_visit_query q = {.from = api_query_int(c, "from", 0, 0, INT64_C(253402300799)),
	                             .to = api_query_int(c, "to", 0, 0, INT64_C(253402300799)),
	                             .org_id = api_query_int(c, "org_id", 0, 1, INT64_MAX),
	                             .status = api_query(c, "status"),
	                             .direction = api_query(c, "direction")};
	if (api_failed(c))
		return;
	int rc = coop_visit_list(c->db, &c->actor, &q, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const visit_fields[] = {"direction", "enterprise_id", "college_id", "title",
                                           "purpose",   "place",         "starts_at",  "ends_at",
                                           "capacity",  "people",        NULL};

/* The people named in a plan: each {side, name, title?, account_id?}. */
static const json_t *read_people(struct api_ctx *c)
{
	const json_t *people = api_coop_array(c, "people", 100);
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p)
	{
		const char *side = json_string_value(json_object_get(p, "side"));
		const char *name = json_string_value(json_object_get(p, "name"));
		json_t *title = json_object_get(p, "title"),
		       *acct = json_object_get(p, "account_id");
		size_t known = 2 + (title != NULL) + (acct != NULL);
		if (!json_is_object(p) || json_object_size(p) != known || !side ||
		    (strcmp(side, "enterprise") && strcmp(side, "college")) || !name || !*name ||
		    json_string_length(json_object_get(p, "name")) > 120 ||
		    (title && (!json_is_string(title) || json_string_length(title) > 120)) ||
		    (acct && (!json_is_integer(acct) || json_integer_value(acct) < 1))) {
			api_fail(c, 400, "invalid", "people",
			         arena_printf(c->arena,
			                      "第 %zu 位参与人应为 {side: enterprise|college, name,"
			                      " title?, account_id?}",
			                      i + 1));
			return NULL;
		}
	}
	return people;
}

static int read_visit(struct api_ctx *c, struct coop_visit_input *in)
{
	*in = (struct coop_visit_input){.capacity = 30};
	api_only_fields(c, visit_fields);
	in->direction = api_str(c, "direction", API_REQUIRED, 1, 20);
	if (in->direction && strcmp(in->direction, "to_college") &&
	    strcmp(in->direction, "to_enterprise"))
		api_fail(c, 400, "invalid", "direction",
		         "方向应为 to_college（企业走进院校）或 to_enterprise（院校走进企业）");
	api_int(c, "enterprise_id", API_REQUIRED, &in->enterprise_id);
	api_int(c, "college_id", API_REQUIRED, &in->college_id);
	in->title = api_str(c, "title", API_REQUIRED, 2, 80);
	in->purpose = api_text(c, "purpose", API_OPTIONAL, 1, 2000);
	in->place = api_str(c, "place", API_OPTIONAL, 1, 200);
	api_int_in(c, "starts_at", API_REQUIRED, 1, INT64_C(253402300799), &in->starts_at);
	api_int_in(c, "ends_at", API_REQUIRED, 1, INT64_C(253402300799), &in->ends_at);
	api_int_in(c, "capacity", API_OPTIONAL, 1, 500, &in->capacity);
	in->people = read_people(c);
	return api_failed(c) ? -1 : 0;
}

void api_coop_visits_create(struct api_ctx *c)
{
	struct coop_visit_input in;
	struct derr e = {0};
	json_t *out = NULL;
	if (read_visit(c, &in))
		return;
	int rc = coop_visit_create(c->db, &c->actor, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "visit", out);
}

void api_coop_visits_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_visit_get(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, "visit", out);
}

void api_coop_visits_update(struct api_ctx *c)
{
	struct coop_visit_input in;
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id) || read_visit(c, &in))
		return;
	int rc = coop_visit_update(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 200, "visit", out);
}

static const char *const people_fields[] = {"people", NULL};

void api_coop_visits_people(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, people_fields);
	const json_t *people = read_people(c);
	if (!api_failed(c) && !json_array_size(people))
		api_fail(c, 400, "missing", "people", "请列出参与人");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_visit_people_add(c->db, &c->actor, id, people, &out, &e);
	api_coop_reply(c, rc, &e, 200, "visit", out);
}

void api_coop_visits_register(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = coop_visit_register(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, "visit", out);
}

static const char *const checkin_fields[] = {"participant_id", NULL};

void api_coop_visits_checkin(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, pid = 0;
	json_t *out = NULL;
	api_only_fields(c, checkin_fields);
	api_int_in(c, "participant_id", API_OPTIONAL, 1, INT64_MAX, &pid);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_visit_checkin(c->db, &c->actor, id, pid, &out, &e);
	api_coop_reply(c, rc, &e, 200, "visit", out);
}

static const char *const minutes_fields[] = {"minutes", NULL};

void api_coop_visits_minutes(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, minutes_fields);
	const char *minutes = api_text(c, "minutes", API_REQUIRED, 10, 20000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_visit_minutes(c->db, &c->actor, id, minutes, &out, &e);
	api_coop_reply(c, rc, &e, 200, "visit", out);
}

static const char *const reason_fields[] = {"reason", NULL};

void api_coop_visits_cancel(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, reason_fields);
	const char *reason = api_text(c, "reason", API_REQUIRED, 2, 500);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_visit_cancel(c->db, &c->actor, id, reason, &out, &e);
	api_coop_reply(c, rc, &e, 200, "visit", out);
}

static const char *const followup_fields[] = {"title", "owner_org_id", "owner_name", "due_on",
                                              NULL};

void api_coop_visits_followup(struct api_ctx *c)
{
	struct coop_followup_input in = {0};
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, followup_fields);
	in.title = api_str(c, "title", API_REQUIRED, 2, 200);
	api_int(c, "owner_org_id", API_REQUIRED, &in.owner_org_id);
	in.owner_name = api_str(c, "owner_name", API_REQUIRED, 1, 40);
	in.due_on = api_str(c, "due_on", API_REQUIRED, 10, 10);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_followup_add(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "visit", out);
}

static const char *const followup_done_fields[] = {"followup_id", "note", NULL};

void api_coop_visits_followup_done(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, fid = 0;
	json_t *out = NULL;
	api_only_fields(c, followup_done_fields);
	api_int(c, "followup_id", API_REQUIRED, &fid);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 2000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_followup_done(c->db, &c->actor, id, fid, note, &out, &e);
	api_coop_reply(c, rc, &e, 200, "visit", out);
}

void api_coop_visits_photo(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_visit_photo(c->db, &c->actor, id, c->upload, c->upload_len, &out, &e);
	api_coop_reply(c, rc, &e, 201, "visit", out);
}

void api_coop_files_get(struct api_ctx *c)
{
	struct derr e = {0};
	struct coop_file f;
	int64_t id;
	if (api_path_id(c, &id))
		return;
	if (coop_file_open(c->db, &c->actor, id, &f, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	/* A scan of an internship agreement carries the student's personal
	 * data: each view is audited, as every full view of it is. */
	if (!strcmp(f.owner_type, "internship"))
		api_audit(c, "internship.agreement_view", "internship", f.owner_id, "ok", NULL);
	c->raw_fd = f.fd;
	c->raw_len = f.bytes;
	c->raw_type = arena_printf(c->arena, "%s", f.mime);
	if (!strcmp(f.mime, "application/pdf"))
		c->raw_filename = arena_printf(c->arena, "coop-file-%lld.pdf", (long long)id);
	c->status = 200;
}
