/*
 * Organisations (colleges and enterprises) and self-registration.
 *
 * Enterprise registration state:  (register) -> pending -> active
 *                                                      \-> rejected (reason kept)
 * Only the operator moves an organisation out of 'pending'.  Students
 * register by claiming their college's record: api_claims.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/credit_code.h"
#include "domain/dict.h"
#include "domain/password.h"

#define ORG_COLUMNS                                                                                \
	"SELECT id, kind, name, code, credit_code, status, reject_reason, contact_name,"           \
	" campus, city_code, college_type, industry_code, in_zone, size, is_demo, created_at"      \
	" FROM organizations"

static void orgs_list(struct api_ctx *c, int export)
{
	struct buf where = BUF_INIT;
	struct store_args args = {0};
	int64_t page, size, total = 0;
	const char *kind = api_query(c, "kind"), *status = api_query(c, "status");
	const char *q = api_query(c, "q");
	api_paging(c, &page, &size);
	if (kind && strcmp(kind, "college") && strcmp(kind, "enterprise"))
		api_fail(c, 400, "invalid", "kind", "机构类型应为 college 或 enterprise");
	if (status && strcmp(status, "active") && strcmp(status, "pending") &&
	    strcmp(status, "rejected"))
		api_fail(c, 400, "invalid", "status", "状态应为 active、pending 或 rejected");
	if (api_failed(c))
		return;
	buf_adds(&where, " WHERE 1 = 1");
	if (kind) {
		buf_adds(&where, " AND kind = ?");
		store_args_text(&args, kind);
	}
	if (status) {
		buf_adds(&where, " AND status = ?");
		store_args_text(&args, status);
	}
	char *like = q ? store_like_contains(q) : NULL;
	if (like) {
		buf_adds(&where, " AND (name LIKE ? ESCAPE '\\' OR credit_code LIKE ? ESCAPE '\\'"
		                 " OR code LIKE ? ESCAPE '\\')");
		store_args_text(&args, like);
		store_args_text(&args, like);
		store_args_text(&args, like);
	}
	if (export) {
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
		char *sql = arena_printf(
		    c->arena,
		    "SELECT id, CASE kind WHEN 'college' THEN '院校' ELSE '企业' END, name, code,"
		    " credit_code, status, industry_code, in_zone, contact_name, created_at"
		    " FROM organizations%s ORDER BY id",
		    where.data);
		buf_release(&where);
		struct store_stmt *st = store_query_args(c->db, sql, &args);
		if (!st || export_xlsx(c, "organizations.xlsx", "机构", cols, st))
			api_internal(c, "organizations export");
		store_finalize(st);
		free(like);
		return;
	}
	char *count_sql =
	    arena_printf(c->arena, "SELECT COUNT(*) FROM organizations%s", where.data);
	char *list_sql =
	    arena_printf(c->arena, ORG_COLUMNS "%s ORDER BY id DESC LIMIT ? OFFSET ?", where.data);
	buf_release(&where);
	json_t *items = api_page_rows(c, count_sql, list_sql, &args, page, size, &total);
	free(like);
	if (!items) {
		api_internal(c, "organizations list");
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_orgs_list(struct api_ctx *c)
{
	orgs_list(c, 0);
}

void api_orgs_export(struct api_ctx *c)
{
	orgs_list(c, 1);
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
	int64_t id;
	api_only_fields(c, org_fields);
	const char *kind = api_str(c, "kind", API_REQUIRED, 1, 20);
	const char *name = api_str(c, "name", API_REQUIRED, 2, 100);
	const char *code = api_str(c, "code", API_OPTIONAL, 1, 32);
	const char *contact = api_str(c, "contact_name", API_OPTIONAL, 1, 64);
	if (kind && strcmp(kind, "college") && strcmp(kind, "enterprise"))
		api_fail(c, 400, "invalid", "kind", "机构类型应为 college 或 enterprise");
	const char *credit =
	    credit_code_field(c, kind && !strcmp(kind, "enterprise") ? API_REQUIRED : API_OPTIONAL);
	if (api_failed(c))
		return;
	int rc = org_insert(c->db, kind, name, code, credit, "active", contact, 0, &id);
	if (rc == STORE_UNIQUE) {
		api_fail(c, 409, "conflict", credit ? "credit_code" : "code", "该机构已存在");
		return;
	}
	if (rc != STORE_OK) {
		api_internal(c, "organization insert");
		return;
	}
	api_audit(c, "org.create", "organization", id, "ok", kind);
	api_reply(c, 201, json_pack("{s:o}", "organization", org_json(c->db, id)));
}

/* Moves a pending organisation to `status`; 404 / 422 otherwise. */
static void decide(struct api_ctx *c, const char *status, const char *reason, const char *action)
{
	int64_t id;
	if (api_path_id(c, &id))
		return;
	json_t *org = org_json(c->db, id);
	if (!org) {
		api_internal(c, action);
		return;
	}
	if (json_is_null(org)) {
		api_fail(c, 404, "not_found", NULL, "机构不存在");
		return;
	}
	int pending = !strcmp(json_string_value(json_object_get(org, "status")), "pending");
	json_decref(org);
	if (!pending) {
		api_fail(c, 422, "rule", NULL, "只有待审核的机构可以审核");
		return;
	}
	/* The status test in WHERE makes two operators deciding at once safe:
	 * only one UPDATE finds the row still pending. */
	int64_t changed = 0;
	if (store_int64(c->db, &changed,
	                "UPDATE organizations SET status = ?, reject_reason = ?, updated_at = ?"
	                " WHERE id = ? AND status = 'pending' RETURNING id",
	                "ttii", status, reason, now_seconds(), id) == STORE_DONE) {
		api_fail(c, 422, "rule", NULL, "只有待审核的机构可以审核");
		return;
	}
	(void)changed;
	api_audit(c, action, "organization", id, "ok", reason);
	api_reply(c, 200, json_pack("{s:o}", "organization", org_json(c->db, id)));
}

void api_orgs_approve(struct api_ctx *c)
{
	if (!api_no_fields(c))
		decide(c, "active", NULL, "org.approve");
}

static const char *const reject_fields[] = {"reason", NULL};

void api_orgs_reject(struct api_ctx *c)
{
	api_only_fields(c, reject_fields);
	const char *reason = api_str(c, "reason", API_REQUIRED, 1, 200);
	if (!api_failed(c))
		decide(c, "rejected", reason, "org.reject");
}

void api_public_colleges(struct api_ctx *c)
{
	json_t *items = store_rows(c->db,
	                           "SELECT id, name, code FROM organizations"
	                           " WHERE kind = 'college' AND status = 'active' ORDER BY name",
	                           "");
	if (!items) {
		api_internal(c, "colleges");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

/* Inserts the registering enterprise account inside the caller's
 * transaction and answers 201 or the conflict. */
static void finish_registration(struct api_ctx *c, const char *login, const char *hash,
                                const char *name, int64_t org_id)
{
	int64_t id;
	int rc = account_insert(c->db, login, hash, "enterprise", name, org_id, NULL, 0, &id);
	if (rc == STORE_UNIQUE) {
		store_rollback(c->db);
		api_fail(c, 409, "conflict", "login", "该账号已被使用");
		return;
	}
	if (rc != STORE_OK || store_commit(c->db) != STORE_OK) {
		api_internal(c, "registration");
		return;
	}
	struct actor who = {.id = id, .role = ROLE_ENTERPRISE, .org_id = org_id};
	snprintf(who.login, sizeof(who.login), "%s", login);
	audit_record(c->db, &who, NULL, "register.enterprise", "account", id, c->address, "ok",
	             NULL);
	api_reply(c, 201, json_pack("{s:o}", "account", account_json(c->db, id)));
}

static const char *const enterprise_fields[] = {"name",  "credit_code", "contact_name",
                                                "login", "password",    NULL};

void api_register_enterprise(struct api_ctx *c)
{
	int64_t org_id;
	api_only_fields(c, enterprise_fields);
	const char *name = api_str(c, "name", API_REQUIRED, 2, 100);
	const char *credit = credit_code_field(c, API_REQUIRED);
	const char *contact = api_str(c, "contact_name", API_REQUIRED, 1, 64);
	char *login = api_login_field(c);
	struct password_owner owner = {.login = login, .name = contact};
	const char *pw = api_password_field(c, "password", &owner);
	if (api_failed(c))
		return;
	char hash[PASSWORD_HASH_MAX];
	if (api_registration_gate(c, pw, hash))
		return;
	if (store_begin(c->db) != STORE_OK) {
		api_internal(c, "registration");
		return;
	}
	int rc =
	    org_insert(c->db, "enterprise", name, NULL, credit, "pending", contact, 0, &org_id);
	if (rc == STORE_UNIQUE) {
		store_rollback(c->db);
		api_fail(c, 409, "conflict", "credit_code", "该统一社会信用代码已注册");
		return;
	}
	if (rc != STORE_OK) {
		api_internal(c, "enterprise insert");
		return;
	}
	finish_registration(c, login, hash, contact, org_id);
}

static const char *const org_edit_fields[] = {
    "name",          "code",    "campus", "city_code",    "college_type",
    "industry_code", "in_zone", "size",   "contact_name", NULL};

/* Edits an organisation's profile: the operator any field of any
 * organisation; its own staff the descriptive fields (not the name, the
 * code or whether it is in the zone, which the platform vouches for). */
void api_orgs_update(struct api_ctx *c)
{
	int64_t id;
	if (api_path_id(c, &id))
		return;
	int operator= c->actor.role == ROLE_OPERATOR;
	if (!operator&& id != c->actor.org_id) {
		api_fail(c, 404, "not_found", NULL, "机构不存在");
		return;
	}
	api_only_fields(c, org_edit_fields);
	const char *name = api_str(c, "name", API_OPTIONAL, 2, 100);
	const char *code = api_str(c, "code", API_OPTIONAL, 1, 32);
	const char *campus = api_str(c, "campus", API_OPTIONAL, 1, 64);
	const char *city = api_str(c, "city_code", API_OPTIONAL, 1, 12);
	const char *type = api_str(c, "college_type", API_OPTIONAL, 1, 10);
	const char *industry = api_str(c, "industry_code", API_OPTIONAL, 1, 4);
	const char *size = api_str(c, "size", API_OPTIONAL, 1, 20);
	const char *contact = api_str(c, "contact_name", API_OPTIONAL, 1, 64);
	json_t *zone = json_object_get(c->body, "in_zone");
	if (zone && !json_is_boolean(zone))
		api_fail(c, 400, "invalid", "in_zone", "字段 in_zone 应为 true 或 false");
	if (!operator&&(name || code || zone))
		api_fail(c, 403, "forbidden",
		         name   ? "name"
		         : code ? "code"
		                : "in_zone",
		         "名称、代码和是否高新区企业由平台运营维护");
	if (type && strcmp(type, "中职") && strcmp(type, "高职专科") && strcmp(type, "职业本科") &&
	    strcmp(type, "本科"))
		api_fail(c, 400, "invalid", "college_type",
		         "院校类型应为 中职、高职专科、职业本科 或 本科");
	if (city && !api_failed(c) && dict_has(c->db, "cities", city) != 1)
		api_fail(c, 400, "invalid", "city_code", "未知的城市代码");
	if (industry && !api_failed(c) && dict_has(c->db, "industries", industry) != 1)
		api_fail(c, 400, "invalid", "industry_code", "未知的行业代码");
	if (api_failed(c))
		return;
	json_t *org = org_json(c->db, id);
	if (!org || json_is_null(org)) {
		org ? api_fail(c, 404, "not_found", NULL, "机构不存在") : api_internal(c, "org");
		json_decref(org);
		return;
	}
	int college = !strcmp(json_string_value(json_object_get(org, "kind")), "college");
	json_decref(org);
	if ((type || campus) && !college)
		api_fail(c, 400, "invalid", type ? "college_type" : "campus", "只有院校有此字段");
	if ((industry || zone || size) && college)
		api_fail(c, 400, "invalid",
		         industry ? "industry_code"
		         : zone   ? "in_zone"
		                  : "size",
		         "只有企业有此字段");
	if (api_failed(c))
		return;
	int rc =
	    store_run(c->db,
	              "UPDATE organizations SET name = COALESCE(?, name), code = COALESCE(?, code),"
	              " campus = COALESCE(?, campus), city_code = COALESCE(?, city_code),"
	              " college_type = COALESCE(?, college_type),"
	              " industry_code = COALESCE(?, industry_code), size = COALESCE(?, size),"
	              " contact_name = COALESCE(?, contact_name),"
	              " in_zone = CASE WHEN ? = 1 THEN ? ELSE in_zone END, updated_at = ?"
	              " WHERE id = ?",
	              "tttt"
	              "tttt"
	              "ii"
	              "ii",
	              name, code, campus, city, type, industry, size, contact,
	              (int64_t)(zone != NULL), (int64_t)json_is_true(zone), now_seconds(), id);
	if (rc == STORE_UNIQUE) {
		api_fail(c, 409, "conflict", "code", "该代码已被使用");
		return;
	}
	if (rc != STORE_OK) {
		api_internal(c, "org update");
		return;
	}
	api_audit(c, "org.update", "organization", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:o}", "organization", org_json(c->db, id)));
}

/* The caller's own organisation (college and enterprise staff). */
void api_orgs_mine(struct api_ctx *c)
{
	json_t *org = c->actor.org_id ? org_json(c->db, c->actor.org_id) : json_null();
	if (!org) {
		api_internal(c, "org");
		return;
	}
	if (json_is_null(org)) {
		api_fail(c, 404, "not_found", NULL, "账号不属于任何机构");
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "organization", org));
}
