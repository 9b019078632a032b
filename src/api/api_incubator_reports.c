/*
 * What resident projects report and ask for: monthly reports (月报) and
 * their reminders, hiring needs made draft positions, services (服务).
 * The services are in domain/incubator_reports.h and incubator_services.h.
 */
#include <string.h>

#include "api/api_incubator.h"
#include "domain/incubator_reports.h"
#include "domain/incubator_services.h"

static const char *const report_fields[] = {"month",
                                            "revenue",
                                            "staff",
                                            "staff_students",
                                            "staff_graduates",
                                            "financing",
                                            "financing_note",
                                            "patents",
                                            "software_copyrights",
                                            "awards",
                                            "need_funding",
                                            "need_space",
                                            "need_hiring",
                                            NULL};

void api_incubator_report_submit(struct api_ctx *c)
{
	struct derr e = {0};
	struct incubator_report_input in = {0};
	int64_t project, month = 0;
	int created = 0;
	json_t *out;
	api_only_fields(c, report_fields);
	api_int_in(c, "month", API_REQUIRED, 200001, 209912, &month);
	const struct {
		const char *field;
		int64_t *out, max;
	} nums[] = {{"revenue", &in.revenue, 100000000000LL},
	            {"staff", &in.staff, 100000},
	            {"staff_students", &in.staff_students, 100000},
	            {"staff_graduates", &in.staff_graduates, 100000},
	            {"financing", &in.financing, 100000000000LL},
	            {"patents", &in.patents, 10000},
	            {"software_copyrights", &in.software_copyrights, 10000}};
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		api_int_in(c, nums[i].field, API_REQUIRED, 0, nums[i].max, nums[i].out);
	in.financing_note = api_text(c, "financing_note", API_OPTIONAL, 1, 500);
	in.awards = api_text(c, "awards", API_OPTIONAL, 1, 500);
	in.need_funding = api_text(c, "need_funding", API_OPTIONAL, 1, 500);
	in.need_space = api_text(c, "need_space", API_OPTIONAL, 1, 500);
	in.need_hiring = json_object_get(c->body, "need_hiring");
	if (!api_failed(c) && in.need_hiring &&
	    (!json_is_array(in.need_hiring) || json_array_size(in.need_hiring) > 20))
		api_fail(c, 400, "invalid", "need_hiring", "need_hiring 应为最多 20 项的数组");
	if (api_failed(c) || api_path_id(c, &project))
		return;
	in.month = (int)month;
	int rc = incubator_report_submit(c->db, &c->actor, project, &in, &created, &out, &e);
	api_incubator_reply(c, rc, &e, created ? 201 : 200, "report", out);
}

void api_incubator_reports(struct api_ctx *c)
{
	api_incubator_list(c, incubator_reports_list);
}

void api_incubator_report_get(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_report_get, 200, "report");
}

static const char *const hire_fields[] = {"need_index", NULL};

void api_incubator_report_hire(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, index = -1;
	json_t *out;
	api_only_fields(c, hire_fields);
	api_int_in(c, "need_index", API_REQUIRED, 0, 19, &index);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_report_hire(c->db, &c->actor, id, index, &out, &e);
	api_incubator_reply(c, rc, &e, 201, NULL, out);
}

void api_incubator_reminders(struct api_ctx *c)
{
	api_incubator_list(c, incubator_reminders);
}

static const char *const request_fields[] = {"kind", "title", "detail", NULL};

void api_incubator_service_request(struct api_ctx *c)
{
	static const char *const kinds[] = {"capital",  "technology", "commercialisation",
	                                    "training", "other",      NULL};
	struct derr e = {0};
	int64_t project;
	json_t *out;
	api_only_fields(c, request_fields);
	const char *kind = api_str(c, "kind", API_REQUIRED, 5, 17);
	const char *title = api_str(c, "title", API_REQUIRED, 2, 60);
	const char *detail = api_text(c, "detail", API_OPTIONAL, 1, 2000);
	int k = 0;
	while (!api_failed(c) && kinds[k] && strcmp(kinds[k], kind))
		k++;
	if (!api_failed(c) && !kinds[k])
		api_fail(c, 400, "invalid", "kind",
		         "kind 应为 capital、technology、commercialisation、training 或 other");
	if (api_failed(c) || api_path_id(c, &project))
		return;
	int rc =
	    incubator_service_request(c->db, &c->actor, project, kind, title, detail, &out, &e);
	api_incubator_reply(c, rc, &e, 201, "service", out);
}

void api_incubator_services(struct api_ctx *c)
{
	api_incubator_list(c, incubator_services_list);
}

static const char *const assign_fields[] = {"assignee_id", NULL};

void api_incubator_service_assign(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, assignee = 0;
	json_t *out;
	api_only_fields(c, assign_fields);
	api_int(c, "assignee_id", API_REQUIRED, &assignee);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_service_assign(c->db, &c->actor, id, assignee, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "service", out);
}

static const char *const done_fields[] = {"result", NULL};

void api_incubator_service_done(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id;
	json_t *out;
	api_only_fields(c, done_fields);
	const char *result = api_text(c, "result", API_REQUIRED, 2, 2000);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_service_done(c->db, &c->actor, id, result, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "service", out);
}

void api_incubator_service_cancel(struct api_ctx *c)
{
	api_incubator_by_id(c, incubator_service_cancel, 200, "service");
}

static const char *const rate_fields[] = {"rating", "comment", NULL};

void api_incubator_service_rate(struct api_ctx *c)
{
	struct derr e = {0};
	int64_t id, rating = 0;
	json_t *out;
	api_only_fields(c, rate_fields);
	api_int_in(c, "rating", API_REQUIRED, 1, 5, &rating);
	const char *comment = api_text(c, "comment", API_OPTIONAL, 1, 500);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	int rc = incubator_service_rate(c->db, &c->actor, id, rating, comment, &out, &e);
	api_incubator_reply(c, rc, &e, 200, "service", out);
}
