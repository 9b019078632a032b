/*
 * 岗位实习: the rules and the minimum wage table, the enterprise's staff
 * and posts, placements and their start.  Services: domain/internship.h,
 * domain/intern_rules.h.
 */
#include <string.h>

#include "api/api_coop.h"
#include "domain/dict.h"
#include "domain/intern_rules.h"
#include "domain/internship.h"

void api_intern_rules(struct api_ctx *c)
{
	json_t *items = json_array();
	for (const struct intern_rule *r = intern_rules; r->code; r++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "code", r->code, "label",
		                                       r->label, "text", r->text));
	api_reply(c, 200, json_pack("{s:s, s:o}", "regulation", INTERN_REGULATION, "items", items));
}

void api_intern_min_wages(struct api_ctx *c)
{
	json_t *items = json_array();
	int64_t yuan;
	const char *source;
	/* The cities of the dictionary that the table covers, in its order. */
	for (const struct dict_file *f = dict_files; f->name; f++) {
		if (strcmp(f->name, "cities.tsv"))
			continue;
		const char *end = f->text + f->size;
		for (const char *line = f->text; line < end;) {
			const char *eol = memchr(line, '\n', (size_t)(end - line));
			if (!eol)
				eol = end;
			char code[8] = "", name[64] = "";
			const char *tab = memchr(line, '\t', (size_t)(eol - line));
			if (tab && tab - line == 6) {
				memcpy(code, line, 6);
				const char *tab2 = memchr(tab + 1, '\t', (size_t)(eol - tab - 1));
				size_t n = (size_t)((tab2 ? tab2 : eol) - tab - 1);
				snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63),
				         tab + 1);
			}
			if (code[0] && !intern_min_wage(code, &yuan, &source))
				json_array_append_new(items, json_pack("{s:s, s:s, s:I, s:s}",
				                                       "code", code, "name", name,
				                                       "monthly", (json_int_t)yuan,
				                                       "source", source));
			line = eol + 1;
		}
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

static const char *const staff_fields[] = {"staff_total", NULL};

void api_intern_staff(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t staff = 0;
	json_t *out = NULL;
	api_only_fields(c, staff_fields);
	api_int_in(c, "staff_total", API_REQUIRED, 1, 10000000, &staff);
	if (api_failed(c))
		return;
	int rc = intern_staff_set(c->db, &c->actor, staff, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

void api_intern_posts(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	int64_t ent = api_query_int(c, "enterprise_id", 0, 1, INT64_MAX);
	if (api_failed(c))
		return;
	int rc = intern_posts(c->db, &c->actor, ent, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const post_fields[] = {
    "title",  "city_code", "description", "position_id", "staff", "probation_wage",
    "majors", "hazardous", "night_shift", "overtime",    NULL};

static int read_post(struct api_ctx *c, struct intern_post_input *in)
{
	*in = (struct intern_post_input){0};
	api_only_fields(c, post_fields);
	in->title = api_str(c, "title", API_REQUIRED, 2, 80);
	in->city_code = api_str(c, "city_code", API_REQUIRED, 6, 6);
	in->description = api_text(c, "description", API_OPTIONAL, 1, 4000);
	api_int_in(c, "position_id", API_OPTIONAL, 1, INT64_MAX, &in->position_id);
	api_int_in(c, "staff", API_REQUIRED, 1, 1000000, &in->staff);
	api_int_in(c, "probation_wage", API_REQUIRED, 0, 1000000, &in->probation_wage);
	in->majors = api_str_array(c, "majors", 30, 6);
	api_coop_bool(c, "hazardous", &in->hazardous);
	api_coop_bool(c, "night_shift", &in->night_shift);
	api_coop_bool(c, "overtime", &in->overtime);
	return api_failed(c) ? -1 : 0;
}

void api_intern_posts_create(struct api_ctx *c)
{
	struct intern_post_input in;
	struct derr e = {0};
	json_t *out = NULL;
	if (read_post(c, &in))
		return;
	int rc = intern_post_create(c->db, &c->actor, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "post", out);
}

void api_intern_posts_update(struct api_ctx *c)
{
	struct intern_post_input in;
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id) || read_post(c, &in))
		return;
	int rc = intern_post_update(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 200, "post", out);
}

static void post_open(struct api_ctx *c, int open)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = intern_post_set_open(c->db, &c->actor, id, open, &out, &e);
	api_coop_reply(c, rc, &e, 200, "post", out);
}

void api_intern_posts_close(struct api_ctx *c)
{
	post_open(c, 0);
}

void api_intern_posts_reopen(struct api_ctx *c)
{
	post_open(c, 1);
}

void api_intern_list(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *out = NULL;
	struct intern_query q = {.status = api_query(c, "status"),
	                         .q = api_query(c, "q"),
	                         .college_id = api_query_int(c, "college_id", 0, 1, INT64_MAX),
	                         .enterprise_id =
	                             api_query_int(c, "enterprise_id", 0, 1, INT64_MAX),
	                         .post_id = api_query_int(c, "post_id", 0, 1, INT64_MAX)};
	api_paging(c, &q.page, &q.page_size);
	if (api_failed(c))
		return;
	int rc = intern_list(c->db, &c->actor, &q, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

static const char *const intern_fields[] = {"student_id",
                                            "post_id",
                                            "starts_on",
                                            "ends_on",
                                            "monthly_pay",
                                            "pay_cycle",
                                            "pay_to",
                                            "fees_charged",
                                            "local_min_wage",
                                            "over_six_reason",
                                            "instructor_id",
                                            "mentor_id",
                                            "agreement_signed_on",
                                            "guardian_consent_on",
                                            NULL};

static int read_intern(struct api_ctx *c, struct intern_input *in)
{
	*in = (struct intern_input){.pay_cycle = "monthly", .pay_to = "student"};
	api_only_fields(c, intern_fields);
	api_int(c, "student_id", API_REQUIRED, &in->student_id);
	api_int(c, "post_id", API_REQUIRED, &in->post_id);
	in->starts_on = api_str(c, "starts_on", API_REQUIRED, 10, 10);
	in->ends_on = api_str(c, "ends_on", API_REQUIRED, 10, 10);
	api_int_in(c, "monthly_pay", API_REQUIRED, 0, 1000000, &in->monthly_pay);
	const char *cycle = api_str(c, "pay_cycle", API_OPTIONAL, 1, 12);
	const char *to = api_str(c, "pay_to", API_OPTIONAL, 1, 12);
	in->pay_cycle = cycle ? cycle : in->pay_cycle;
	in->pay_to = to ? to : in->pay_to;
	api_int_in(c, "fees_charged", API_OPTIONAL, 0, 1000000, &in->fees_charged);
	api_int_in(c, "local_min_wage", API_OPTIONAL, 1, 100000, &in->local_min_wage);
	in->over_six_reason = api_text(c, "over_six_reason", API_OPTIONAL, 4, 1000);
	api_int_in(c, "instructor_id", API_OPTIONAL, 1, INT64_MAX, &in->instructor_id);
	api_int_in(c, "mentor_id", API_OPTIONAL, 1, INT64_MAX, &in->mentor_id);
	in->agreement_signed_on = api_str(c, "agreement_signed_on", API_OPTIONAL, 10, 10);
	in->guardian_consent_on = api_str(c, "guardian_consent_on", API_OPTIONAL, 10, 10);
	return api_failed(c) ? -1 : 0;
}

void api_intern_create(struct api_ctx *c)
{
	struct intern_input in;
	struct derr e = {0};
	json_t *out = NULL;
	if (read_intern(c, &in))
		return;
	int rc = intern_create(c->db, &c->actor, &in, &out, &e);
	api_coop_reply(c, rc, &e, 201, "internship", out);
}

void api_intern_get(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = intern_get(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, "internship", out);
}

void api_intern_update(struct api_ctx *c)
{
	struct intern_input in;
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id) || read_intern(c, &in))
		return;
	int rc = intern_update(c->db, &c->actor, id, &in, &out, &e);
	api_coop_reply(c, rc, &e, 200, "internship", out);
}

void api_intern_agreement(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_path_id(c, &id))
		return;
	int rc = intern_agreement_scan(c->db, &c->actor, id, c->upload, c->upload_len, &out, &e);
	api_coop_reply(c, rc, &e, 200, "internship", out);
}

void api_intern_start(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = intern_start(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, NULL, out);
}

void api_intern_cancel(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out = NULL;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	int rc = intern_cancel(c->db, &c->actor, id, &out, &e);
	api_coop_reply(c, rc, &e, 200, "internship", out);
}

static const char *const end_fields[] = {"ended_on", "reason", "hired", NULL};

void api_intern_end(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	int hired = 0;
	json_t *out = NULL;
	api_only_fields(c, end_fields);
	const char *on = api_str(c, "ended_on", API_OPTIONAL, 10, 10);
	const char *reason = api_str(c, "reason", API_REQUIRED, 1, 12);
	api_coop_bool(c, "hired", &hired);
	json_t *said = json_object_get(c->body, "hired");
	if (!api_failed(c) && (!said || json_is_null(said)))
		api_fail(c, 400, "missing", "hired", "请说明学生是否被录用（true 或 false）");
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = intern_end(c->db, &c->actor, id, on, reason, hired, &out, &e);
	api_coop_reply(c, rc, &e, 200, "internship", out);
}
