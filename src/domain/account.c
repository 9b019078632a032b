#include "domain/account.h"

#include <ctype.h>
#include <string.h>

#include "base/util.h"

json_t *account_shape(json_t *row)
{
	json_t *org = json_null();
	if (json_integer_value(json_object_get(row, "org_id"))) {
		org = json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(row, "org_id"),
		                "kind", json_object_get(row, "org_kind"), "name",
		                json_object_get(row, "org_name"), "status",
		                json_object_get(row, "org_status"));
		json_t *reason = json_object_get(row, "org_reject_reason");
		if (json_is_string(reason))
			json_object_set(org, "reject_reason", reason);
	}
	json_object_del(row, "org_kind");
	json_object_del(row, "org_name");
	json_object_del(row, "org_status");
	json_object_del(row, "org_reject_reason");
	json_object_del(row, "org_id");
	if (json_is_null(json_object_get(row, "student_no")))
		json_object_del(row, "student_no");
	/* Two-factor login on (domain/mfa.h): a count of 0 or 1 in SQL. */
	json_object_set_new(row, "mfa_enabled",
	                    json_boolean(json_integer_value(json_object_get(row, "mfa_enabled"))));
	json_object_set_new(row, "org", org);
	return row;
}

json_t *account_json(struct store *db, int64_t id)
{
	json_t *row = store_row(db, ACCOUNT_SELECT " WHERE a.id = ?", "i", id);
	if (!row || json_is_null(row))
		return row;
	return account_shape(row);
}

void login_normalize(char *login)
{
	for (; *login; login++)
		*login = (char)tolower((unsigned char)*login);
}

const char *login_policy_error(const char *login)
{
	size_t n = strlen(login);
	if (n < 3 || n > 64)
		return "账号应为 3–64 个字符";
	for (const char *p = login; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-@", *p))
			return "账号只能包含字母、数字和 _ . - @";
	return NULL;
}

int account_insert(struct store *db, const char *login, const char *pw_hash, const char *role,
                   const char *display_name, int64_t org_id, const char *student_no, int is_demo,
                   int64_t *id)
{
	struct store_stmt *st = store_query(
	    db,
	    "INSERT INTO accounts (login, password_hash, role, display_name, org_id,"
	    " student_no, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "tttt"
	    "Iti"
	    "i",
	    login, pw_hash, role, display_name, org_id, student_no, (int64_t)is_demo,
	    now_seconds());
	if (!st)
		return STORE_ERROR;
	int rc = store_step(st);
	if (rc == STORE_ROW)
		*id = store_column_int64(st, 0);
	store_finalize(st);
	return rc == STORE_ROW ? STORE_OK : rc == STORE_UNIQUE ? STORE_UNIQUE : STORE_ERROR;
}

int org_insert(struct store *db, const char *kind, const char *name, const char *code,
               const char *credit_code, const char *status, const char *contact_name, int is_demo,
               int64_t *id)
{
	int64_t now = now_seconds();
	struct store_stmt *st = store_query(
	    db,
	    "INSERT INTO organizations (kind, name, code, credit_code, status, contact_name,"
	    " is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ttttt"
	    "tii"
	    "i",
	    kind, name, code, credit_code, status, contact_name, (int64_t)is_demo, now, now);
	if (!st)
		return STORE_ERROR;
	int rc = store_step(st);
	if (rc == STORE_ROW)
		*id = store_column_int64(st, 0);
	store_finalize(st);
	return rc == STORE_ROW ? STORE_OK : rc == STORE_UNIQUE ? STORE_UNIQUE : STORE_ERROR;
}

json_t *org_json(struct store *db, int64_t id)
{
	return store_row(db,
	                 "SELECT id, kind, name, code, credit_code, status, reject_reason,"
			 " contact_name, campus, city_code, college_type, industry_code, in_zone, size,"
			 " is_demo, created_at FROM organizations WHERE id = ?",
	                 "i", id);
}
