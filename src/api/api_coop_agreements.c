/*
 * Agreements (协议) with their milestones, scans and renewals, and order
 * classes (订单班).  Services: domain/coop_agreements.h, coop_classes.h.
 */
#include <string.h>

#include "api/api_coop.h"
#include "domain/coop_agreements.h"
#include "domain/coop_classes.h"

void api_coop_agreements_list(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	struct coop_agreement_query q = {.kind = api_query(c, "kind"),
	                                 .state = api_query(c, "state"),
	                                 .q = api_query(c, "q"),
	                                 .org_id = api_query_int(c, "org_id", 0, 1, INT64_MAX),
	                                 .expiring_within =
	                                     api_query_int(c, "expiring_within", 0, 1, 3650)};
	api_paging(c, &q.page, &q.page_size);
	if (api_failed(c))
		return;
	int rc = coop_agreement_list(c->db, &c->actor, &q, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const agreement_fields[] = {"kind",       "title",       "summary",
                                               "starts_on",  "ends_on",     "enterprise_id",
                                               "college_id", "obligations", NULL};

static int read_agreement(struct api_ctx *c, struct coop_agreement_input *in)
{
	*in = (struct coop_agreement_input){0};
	api_only_fields(c, agreement_fields);
	in->kind = api_str(c, "kind", API_REQUIRED, 1, 20);
	in->title = api_str(c, "title", API_REQUIRED, 2, 120);
	in->summary = api_text(c, "summary", API_OPTIONAL, 1, 4000);
	in->starts_on = api_str(c, "starts_on", API_REQUIRED, 10, 10);
	in->ends_on = api_str(c, "ends_on", API_REQUIRED, 10, 10);
	api_int(c, "enterprise_id", API_REQUIRED, &in->enterprise_id);
	api_int(c, "college_id", API_REQUIRED, &in->college_id);
	in->obligations = api_coop_array(c, "obligations", 30);
	return api_failed(c) ? -1 : 0;
}

void api_coop_agreements_create(struct api_ctx *c)
{
	struct coop_agreement_input in;
	struct derr e = {0};
	json_t *out = NULL;
	if (read_agreement(c, &in))
		return;
	int rc = coop_agreement_create(c->db, &c->actor, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "agreement", out);
}

void api_coop_agreements_reminders(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int64_t days = api_query_int(c, "days", COOP_RENEWAL_DAYS, 1, 3650);
	if (api_failed(c))
		return;
	int rc = coop_agreement_reminders(c->db, &c->actor, days, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

void api_coop_agreements_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_agreement_get(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, "agreement", out);
}

void api_coop_agreements_update(struct api_ctx *c)
{
	struct coop_agreement_input in;
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id) || read_agreement(c, &in))
		return;
	int rc = coop_agreement_update(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 200, "agreement", out);
}

void api_coop_agreements_scan(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_agreement_scan(c->db, &c->actor, id, c->upload, c->upload_len, &out, &e);
	api_coop_reply(c, rc, &e, 200, "agreement", out);
}

static const char *const sign_fields[] = {"signed_on", NULL};

void api_coop_agreements_sign(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, sign_fields);
	const char *on = api_str(c, "signed_on", API_REQUIRED, 10, 10);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_agreement_sign(c->db, &c->actor, id, on, &out, &e);
	api_coop_reply(c, rc, &e, 200, "agreement", out);
}

static const char *const reason_fields[] = {"reason", NULL};

void api_coop_agreements_terminate(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, reason_fields);
	const char *reason = api_text(c, "reason", API_REQUIRED, 2, 1000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_agreement_terminate(c->db, &c->actor, id, reason, &out, &e);
	api_coop_reply(c, rc, &e, 200, "agreement", out);
}

static const char *const renew_fields[] = {"starts_on", "ends_on", NULL};

void api_coop_agreements_renew(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, renew_fields);
	const char *starts = api_str(c, "starts_on", API_OPTIONAL, 10, 10);
	const char *ends = api_str(c, "ends_on", API_REQUIRED, 10, 10);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_agreement_renew(c->db, &c->actor, id, starts, ends, &out, &e);
	api_coop_reply(c, rc, &e, 201, "agreement", out);
}

static const char *const milestone_fields[] = {"title", "due_on", "owner_org_id", NULL};

void api_coop_agreements_milestone(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, owner = 0;
	json_t *out = NULL;
	api_only_fields(c, milestone_fields);
	const char *title = api_str(c, "title", API_REQUIRED, 2, 200);
	const char *due = api_str(c, "due_on", API_REQUIRED, 10, 10);
	api_int(c, "owner_org_id", API_REQUIRED, &owner);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_milestone_add(c->db, &c->actor, id, title, due, owner, &out, &e);
	api_coop_reply(c, rc, &e, 201, "agreement", out);
}

static const char *const milestone_done_fields[] = {"milestone_id", "note", NULL};

void api_coop_agreements_milestone_done(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, mid = 0;
	json_t *out = NULL;
	api_only_fields(c, milestone_done_fields);
	api_int(c, "milestone_id", API_REQUIRED, &mid);
	const char *note = api_text(c, "note", API_OPTIONAL, 1, 2000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_milestone_done(c->db, &c->actor, id, mid, note, &out, &e);
	api_coop_reply(c, rc, &e, 200, "agreement", out);
}

/* ---- order classes ---- */

void api_coop_classes_list(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int rc = coop_class_list(c->db, &c->actor, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const class_fields[] = {
    "name",   "major_code", "enterprise_id",      "college_id",   "agreement_id",
    "cohort", "size",       "positions_reserved", "subsidy_yuan", NULL};

void api_coop_classes_create(struct api_ctx *c)
{
	struct coop_class_input in = {0};
	struct derr e = {0};
	json_t *out = NULL;
	api_only_fields(c, class_fields);
	in.name = api_str(c, "name", API_REQUIRED, 2, 80);
	in.major_code = api_str(c, "major_code", API_REQUIRED, 2, 6);
	api_int(c, "enterprise_id", API_REQUIRED, &in.enterprise_id);
	api_int(c, "college_id", API_REQUIRED, &in.college_id);
	api_int_in(c, "agreement_id", API_OPTIONAL, 1, INT64_MAX, &in.agreement_id);
	api_int_in(c, "cohort", API_REQUIRED, 2000, 2100, &in.cohort);
	api_int_in(c, "size", API_REQUIRED, 1, 500, &in.size);
	api_int_in(c, "positions_reserved", API_OPTIONAL, 0, 500, &in.positions_reserved);
	api_int_in(c, "subsidy_yuan", API_OPTIONAL, 0, 1000000, &in.subsidy_yuan);
	if (api_failed(c))
		return;
	int rc = coop_class_create(c->db, &c->actor, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "order_class", out);
}

void api_coop_classes_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = coop_class_get(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, "order_class", out);
}

static const char *const students_fields[] = {"student_ids", NULL};

static void class_students(struct api_ctx *c, int add)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, students_fields);
	json_t *ids = api_int_array(c, "student_ids", COOP_CLASS_BATCH, 1, INT64_MAX);
	if (!api_failed(c) && !json_array_size(ids))
		api_fail(c, 400, "missing", "student_ids", "请选择学生");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_class_students(c->db, &c->actor, id, ids, add, &out, &e);
	api_coop_reply(c, rc, &e, 200, "order_class", out);
}

void api_coop_classes_add(struct api_ctx *c)
{
	class_students(c, 1);
}

void api_coop_classes_remove(struct api_ctx *c)
{
	class_students(c, 0);
}

static const char *const status_fields[] = {"to", NULL};

void api_coop_classes_status(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	api_only_fields(c, status_fields);
	const char *to = api_str(c, "to", API_REQUIRED, 1, 20);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = coop_class_set_status(c->db, &c->actor, id, to, &out, &e);
	api_coop_reply(c, rc, &e, 200, "order_class", out);
}
