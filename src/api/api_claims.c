/*
 * Claiming a student record (学籍认领): a student registers by claiming the
 * record their college imported; the college (and the operator) hand out
 * activation codes, see attempts, unlock and reset.  The rules are in
 * domain/claim.h; these handlers only read fields and shape answers.
 */
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/claim.h"
#include "domain/password.h"

static const char *const student_fields[] = {
    "college_id", "student_no", "name", "id_last6", "activation_code", "login", "password", NULL};

void api_register_student(struct api_ctx *c)
{
	int64_t college_id = 0;
	json_t *account;
	char id6[7], code[CLAIM_CODE_CHARS + 1];
	api_only_fields(c, student_fields);
	api_int(c, "college_id", API_REQUIRED, &college_id);
	const char *no = api_str(c, "student_no", API_REQUIRED, 1, 32);
	const char *name = api_str(c, "name", API_REQUIRED, 1, 64);
	const char *id6_in = api_str(c, "id_last6", API_OPTIONAL, 1, 16);
	const char *code_in = api_str(c, "activation_code", API_OPTIONAL, 1, 32);
	char *login = api_login_field(c);
	struct password_owner owner = {.login = login, .name = name, .student_no = no};
	const char *pw = api_password_field(c, "password", &owner);
	if (!api_failed(c) && !id6_in && !code_in)
		api_fail(c, 400, "missing", "id_last6", "请填写身份证号后6位，或学院发放的激活码");
	if (!api_failed(c) && id6_in && code_in)
		api_fail(c, 400, "invalid", "activation_code", "身份证号后6位和激活码只填一种");
	if (id6_in && !api_failed(c) && claim_id6_normalize(id6_in, id6))
		api_fail(c, 400, "invalid", "id_last6",
		         "身份证号后6位应为 6 个字符：数字，最后一位可以是 X");
	if (code_in && !api_failed(c) && claim_code_normalize(code_in, code))
		api_fail(c, 400, "invalid", "activation_code",
		         "激活码为 12 位字母和数字，如 K7QM-3XTP-9HRD");
	if (api_failed(c))
		return;
	char hash[PASSWORD_HASH_MAX];
	if (api_registration_gate(c, pw, hash))
		return;
	struct claim_request rq = {.college_id = college_id,
	                           .student_no = no,
	                           .name = name,
	                           .id6 = id6_in ? id6 : NULL,
	                           .code = code_in ? code : NULL,
	                           .login = login,
	                           .password_hash = hash,
	                           .address = c->address};
	struct derr e = {0};
	if (claim_register(c->db, &rq, &account, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 201, json_pack("{s:o}", "account", account));
}

/* ?college_id= of the operator (college staff: ignored, always their own). */
static int64_t college_param(struct api_ctx *c)
{
	return api_query_int(c, "college_id", 0, 1, INT64_MAX);
}

void api_claims_classes(struct api_ctx *c)
{
	int64_t college = college_param(c);
	json_t *items = NULL;
	struct derr e = {0};
	if (api_failed(c))
		return;
	if (claim_classes(c->db, &c->actor, college, &items, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:o}", "items", items));
}

void api_claims_records(struct api_ctx *c)
{
	struct claim_filter f = {.college_id = college_param(c),
	                         .class_name = api_query(c, "class_name"),
	                         .major_code = api_query(c, "major"),
	                         .grad_year = api_query_int(c, "grad_year", 0, 2000, 2100),
	                         .q = api_query(c, "q"),
	                         .status = api_query(c, "status")};
	int64_t page, size, total = 0;
	json_t *items = NULL;
	struct derr e = {0};
	api_paging(c, &page, &size);
	if (f.status && strcmp(f.status, "unclaimed") && strcmp(f.status, "claimed") &&
	    strcmp(f.status, "locked"))
		api_fail(c, 400, "invalid", "status", "状态应为 unclaimed、claimed 或 locked");
	if (api_failed(c))
		return;
	if (claim_records(c->db, &c->actor, &f, page, size, &items, &total, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_claims_attempts(struct api_ctx *c)
{
	int64_t college = college_param(c), page, size, total = 0;
	int64_t student = api_query_int(c, "student_id", 0, 1, INT64_MAX);
	json_t *items = NULL;
	struct derr e = {0};
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	if (claim_attempts(c->db, &c->actor, college, student, page, size, &items, &total, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

static const char *const codes_fields[] = {"college_id",  "class_name", "major_code", "grad_year",
                                           "student_ids", "expires_at", NULL};

void api_claims_codes(struct api_ctx *c)
{
	struct claim_filter f = {0};
	int64_t expires_at = 0;
	json_t *items = NULL;
	struct derr e = {0};
	api_only_fields(c, codes_fields);
	api_int_in(c, "college_id", API_OPTIONAL, 1, INT64_MAX, &f.college_id);
	f.class_name = api_str(c, "class_name", API_OPTIONAL, 1, 64);
	f.major_code = api_str(c, "major_code", API_OPTIONAL, 2, 6);
	api_int_in(c, "grad_year", API_OPTIONAL, 2000, 2100, &f.grad_year);
	f.student_ids = api_int_array(c, "student_ids", CLAIM_CODES_MAX, 1, INT64_MAX);
	api_int_in(c, "expires_at", API_OPTIONAL, 1, INT64_MAX, &expires_at);
	if (api_failed(c))
		return;
	if (claim_codes_generate(c->db, &c->actor, &f, expires_at, &items, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(
	    c, 201,
	    json_pack("{s:o, s:I}", "items", items, "expires_at",
	              json_integer_value(json_object_get(json_array_get(items, 0), "expires_at"))));
}

static const char *const export_fields[] = {"items", NULL};

void api_claims_codes_export(struct api_ctx *c)
{
	static const struct export_column cols[] = {
	    {"姓名", EXPORT_TEXT, 10},     {"学号", EXPORT_TEXT, 14},
	    {"班级", EXPORT_TEXT, 20},     {"专业", EXPORT_TEXT, 20},
	    {"毕业年份", EXPORT_INT, 8},   {"激活码", EXPORT_TEXT, 18},
	    {"有效期至", EXPORT_TIME, 20}, {NULL, 0, 0}};
	static const char *const keys[] = {"name",      "student_no", "class_name", "major_name",
	                                   "grad_year", "code",       "expires_at"};
	struct export_sheet sheet = {c, "activation-codes.xlsx", "激活码", cols, keys};
	struct derr e = {0};
	api_only_fields(c, export_fields);
	if (!api_failed(c) &&
	    claim_codes_export(c->db, &c->actor, json_object_get(c->body, "items"),
	                       export_sheet_json, &sheet, &e))
		api_fail_derr(c, &e);
}

void api_claims_unlock(struct api_ctx *c)
{
	static const char *const none[] = {NULL};
	int64_t id;
	json_t *record = NULL;
	struct derr e = {0};
	api_only_fields(c, none);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_answer(c, claim_unlock(c->db, &c->actor, id, &record, &e), 200, "record", &record, &e);
}

static const char *const reset_fields[] = {"reason", NULL};

void api_claims_reset(struct api_ctx *c)
{
	int64_t id;
	json_t *record = NULL;
	struct derr e = {0};
	api_only_fields(c, reset_fields);
	const char *reason = api_str(c, "reason", API_REQUIRED, 1, 200);
	if (api_path_id(c, &id) || api_failed(c))
		return;
	api_answer(c, claim_reset(c->db, &c->actor, id, reason, &record, &e), 200, "record",
	           &record, &e);
}
