/*
 * Organisations (colleges and enterprises) and enterprise self-registration;
 * the rules and states are in domain/organization.h.  Students register by
 * claiming their college's record: api_claims.c.
 */
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/credit_code.h"
#include "domain/organization.h"
#include "domain/password.h"

static struct org_filter filter_params(struct api_ctx *c)
{
	return (struct org_filter){
	    .kind = api_query(c, "kind"), .status = api_query(c, "status"), .q = api_query(c, "q")};
}

void api_orgs_list(struct api_ctx *c)
{
	int64_t page, size, total;
	json_t *items;
	struct derr e = {0};
	struct org_filter f = filter_params(c);
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	if (org_list(c->db, &f, page, size, &items, &total, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_orgs_export(struct api_ctx *c)
{
	static const struct export_column cols[] = {{"编号", EXPORT_INT, 8},
	                                            {"类型", EXPORT_TEXT, 8},
	                                            {"名称", EXPORT_TEXT, 36},
	                                            {"代码", EXPORT_TEXT, 10},
	                                            {"统一社会信用代码", EXPORT_TEXT, 22},
	                                            {"状态", EXPORT_TEXT, 8},
	                                            {"行业", EXPORT_TEXT, 8},
	                                            {"高新区", EXPORT_INT, 6},
	                                            {"联系人", EXPORT_TEXT, 10},
	                                            {"创建时间", EXPORT_TIME, 18},
	                                            {NULL, 0, 0}};
	struct export_sheet sheet = {c, "organizations.xlsx", "机构", cols, NULL};
	struct derr e = {0};
	struct org_filter f = filter_params(c);
	int64_t page, size;
	api_paging(c, &page, &size); /* checked as in the list, not used */
	if (!api_failed(c) && org_export(c->db, &f, export_sheet_rows, &sheet, &e))
		api_fail_derr(c, &e);
}

/* Validates a credit code field (uppercased first); 400 naming it. */
static const char *credit_code_field(struct api_ctx *c, int required)
{
	const char *in = api_str(c, "credit_code", required, 1, 64);
	if (!in)
		return NULL;
	char *code = arena_strdup(c->arena, in);
	for (char *p = code; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	if (!credit_code_valid(code)) {
		api_fail(c, 400, "invalid", "credit_code",
		         strlen(code) != 18 ? "统一社会信用代码应为 18 位"
		                            : "统一社会信用代码无效（校验位不符或含非法字符）");
		return NULL;
	}
	return code;
}

static const char *const org_fields[] = {"kind",        "name",         "code",
                                         "credit_code", "contact_name", NULL};

void api_orgs_create(struct api_ctx *c)
{
	struct org_new n;
	json_t *org = NULL;
	struct derr e = {0};
	api_only_fields(c, org_fields);
	n.kind = api_str(c, "kind", API_REQUIRED, 1, 20);
	n.name = api_str(c, "name", API_REQUIRED, 2, 100);
	n.code = api_str(c, "code", API_OPTIONAL, 1, 32);
	n.contact_name = api_str(c, "contact_name", API_OPTIONAL, 1, 64);
	if (n.kind && strcmp(n.kind, "college") && strcmp(n.kind, "enterprise"))
		api_fail(c, 400, "invalid", "kind", "机构类型应为 college 或 enterprise");
	n.credit_code = credit_code_field(
	    c, n.kind && !strcmp(n.kind, "enterprise") ? API_REQUIRED : API_OPTIONAL);
	if (!api_failed(c))
		api_answer(c, org_create(c->db, &c->actor, &n, &org, &e), 201, "organization", &org,
		           &e);
}

static void decide(struct api_ctx *c, int approve, const char *reason)
{
	int64_t id;
	json_t *org = NULL;
	struct derr e = {0};
	if (!api_path_id(c, &id))
		api_answer(c, org_decide(c->db, &c->actor, id, approve, reason, &org, &e), 200,
		           "organization", &org, &e);
}

void api_orgs_approve(struct api_ctx *c)
{
	static const char *const none[] = {NULL};
	api_only_fields(c, none);
	if (!api_failed(c))
		decide(c, 1, NULL);
}

static const char *const reject_fields[] = {"reason", NULL};

void api_orgs_reject(struct api_ctx *c)
{
	api_only_fields(c, reject_fields);
	const char *reason = api_str(c, "reason", API_REQUIRED, 1, 200);
	if (!api_failed(c))
		decide(c, 0, reason);
}

void api_public_colleges(struct api_ctx *c)
{
	json_t *items;
	struct derr e = {0};
	if (org_public_colleges(c->db, &items, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

static const char *const enterprise_fields[] = {"name",  "credit_code", "contact_name",
                                                "login", "password",    NULL};

void api_register_enterprise(struct api_ctx *c)
{
	struct enterprise_registration r;
	char hash[PASSWORD_HASH_MAX];
	json_t *account;
	struct derr e = {0};
	api_only_fields(c, enterprise_fields);
	r.name = api_str(c, "name", API_REQUIRED, 2, 100);
	r.credit_code = credit_code_field(c, API_REQUIRED);
	r.contact_name = api_str(c, "contact_name", API_REQUIRED, 1, 64);
	r.login = api_login_field(c);
	struct password_owner owner = {.login = r.login, .name = r.contact_name};
	const char *pw = api_password_field(c, "password", &owner);
	if (api_failed(c) || api_registration_gate(c, pw, hash))
		return;
	r.password_hash = hash;
	if (org_register_enterprise(c->db, &c->actor, &r, &account, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 201, json_pack("{s:o}", "account", account));
}

static const char *const org_edit_fields[] = {
    "name",          "code",    "campus", "city_code",    "college_type",
    "industry_code", "in_zone", "size",   "contact_name", NULL};

void api_orgs_update(struct api_ctx *c)
{
	int64_t id;
	struct org_edit ed;
	json_t *org = NULL;
	struct derr e = {0};
	if (api_path_id(c, &id))
		return;
	api_only_fields(c, org_edit_fields);
	ed.name = api_str(c, "name", API_OPTIONAL, 2, 100);
	ed.code = api_str(c, "code", API_OPTIONAL, 1, 32);
	ed.campus = api_str(c, "campus", API_OPTIONAL, 1, 64);
	ed.city_code = api_str(c, "city_code", API_OPTIONAL, 1, 12);
	ed.college_type = api_str(c, "college_type", API_OPTIONAL, 1, 10);
	ed.industry_code = api_str(c, "industry_code", API_OPTIONAL, 1, 4);
	ed.size = api_str(c, "size", API_OPTIONAL, 1, 20);
	ed.contact_name = api_str(c, "contact_name", API_OPTIONAL, 1, 64);
	json_t *zone = json_object_get(c->body, "in_zone");
	if (zone && !json_is_boolean(zone))
		api_fail(c, 400, "invalid", "in_zone", "字段 in_zone 应为 true 或 false");
	ed.in_zone = zone ? json_is_true(zone) : -1;
	if (!api_failed(c))
		api_answer(c, org_update(c->db, &c->actor, id, &ed, &org, &e), 200, "organization",
		           &org, &e);
}

void api_orgs_mine(struct api_ctx *c)
{
	json_t *org = NULL;
	struct derr e = {0};
	api_answer(c, org_mine(c->db, &c->actor, &org, &e), 200, "organization", &org, &e);
}
