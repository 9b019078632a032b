#include "domain/account.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/password.h"

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
	int rc = store_int64(
	    db, id,
	    "INSERT INTO accounts (login, password_hash, role, display_name, org_id,"
	    " student_no, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "tttt"
	    "Iti"
	    "i",
	    login, pw_hash, role, display_name, org_id, student_no, (int64_t)is_demo,
	    now_seconds());
	return rc == STORE_ROW ? STORE_OK : rc == STORE_UNIQUE ? STORE_UNIQUE : STORE_ERROR;
}

int account_password_ok(struct store *db, int64_t account_id, const char *pw, struct derr *e)
{
	char *hash = NULL;
	struct store_stmt *st =
	    store_query(db, "SELECT password_hash FROM accounts WHERE id = ?", "i", account_id);
	int rc = st ? store_step(st) : STORE_ERROR;
	int oom = 0;
	if (rc == STORE_ROW && store_column_type(st, 0) != STORE_T_NULL)
		oom = !(hash = strdup(store_column_text(st, 0)));
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "password check");
	if (oom)
		return derr_internal(e, "password check: out of memory");
	int ok = password_verify(hash, pw);
	free(hash);
	return ok;
}
