/* The accounts pages: list, export, one account, create, disable/enable,
 * password reset (the rules are in account.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/password.h"
#include "domain/session.h"
#include "domain/throttle.h"

/* The WHERE clause of a filter for a's scope; *like is the caller's to free. */
static int filter_where(const struct actor *a, const struct account_filter *f, struct buf *w,
                        struct store_args *args, char **like, struct derr *e)
{
	*like = NULL;
	if (f->role && !role_from_name(f->role))
		return derr_set(e, DERR_INVALID, "role", "未知的角色");
	if (f->status && strcmp(f->status, "active") && strcmp(f->status, "disabled"))
		return derr_set(e, DERR_INVALID, "status", "状态应为 active 或 disabled");
	buf_adds(w, " WHERE 1 = 1");
	if (a->role != ROLE_OPERATOR) {
		buf_adds(w, " AND a.org_id = ?");
		store_args_int(args, a->org_id);
	}
	*like = f->q ? store_like_contains(f->q) : NULL;
	if (*like) {
		buf_adds(w, " AND (a.login LIKE ? ESCAPE '\\' OR a.display_name LIKE ? ESCAPE '\\'"
		            " OR a.student_no LIKE ? ESCAPE '\\')");
		store_args_text(args, *like);
		store_args_text(args, *like);
		store_args_text(args, *like);
	}
	if (f->role) {
		buf_adds(w, " AND a.role = ?");
		store_args_text(args, f->role);
	}
	if (f->status) {
		buf_adds(w, " AND a.status = ?");
		store_args_text(args, f->status);
	}
	if (f->org_id) {
		buf_adds(w, " AND a.org_id = ?");
		store_args_int(args, f->org_id);
	}
	return buf_failed(w) ? derr_internal(e, "accounts: out of memory") : 0;
}

int account_list(struct store *db, const struct actor *a, const struct account_filter *f,
                 int64_t page, int64_t size, json_t **items, int64_t *total, struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *like;
	*items = NULL;
	*total = 0;
	int rc = filter_where(a, f, &w, &args, &like, e) ||
	         listing_page_where(db, "accounts a", ACCOUNT_SELECT, w.data, "a.id DESC", &args,
	                            page, size, items, total, "accounts list", e);
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) account_shape(row);
	free(like);
	buf_release(&w);
	return rc ? -1 : 0;
}

int account_export(struct store *db, const struct actor *a, const struct account_filter *f,
                   listing_rows_fn write, void *arg, struct derr *e)
{
	struct buf w = BUF_INIT;
	struct store_args args = {0};
	char *like;
	int rc =
	    filter_where(a, f, &w, &args, &like, e) ||
	    listing_export_where(
	        db,
	        "SELECT a.id, a.login, a.display_name, a.role, o.name, a.status, a.created_at,"
	        " a.last_login_at FROM accounts a LEFT JOIN organizations o ON o.id = a.org_id",
	        w.data, "a.id", &args, write, arg, "accounts export", e);
	free(like);
	buf_release(&w);
	return rc ? -1 : 0;
}

int account_get(struct store *db, const struct actor *a, int64_t id, json_t **out, struct derr *e)
{
	*out = account_json(db, id);
	if (!*out)
		return derr_store(e, db, "account");
	json_t *org = json_object_get(*out, "org");
	int64_t org_id = json_is_object(org) ? json_integer_value(json_object_get(org, "id")) : 0;
	if (json_is_object(*out) && (a->role == ROLE_OPERATOR || org_id == a->org_id))
		return 0;
	json_decref(*out);
	*out = NULL;
	return derr_set(e, DERR_NOT_FOUND, NULL, "账号不存在");
}

/* Reads account id into *out before the commit that ends the transaction:
 * 0, or -1 with e (rolled back). */
static int read_and_commit(struct store *db, int64_t id, json_t **out, const char *what,
                           struct derr *e)
{
	*out = account_json(db, id);
	if (!json_is_object(*out) || store_commit(db) != STORE_OK) {
		json_decref(*out);
		*out = NULL;
		return derr_store(e, db, what);
	}
	return 0;
}

/* The organisation a role needs (role_org_kind) or none: 400 field org_id. */
static int check_org(struct store *db, int role, int64_t org_id, struct derr *e)
{
	const char *kind = role_org_kind(role);
	if (!kind && !org_id)
		return 0;
	json_t *org = org_id > 0 ? org_json(db, org_id) : json_null();
	if (!org)
		return derr_store(e, db, "account create org");
	int fits = kind && json_is_object(org) &&
	           !strcmp(json_string_value(json_object_get(org, "kind")), kind);
	json_decref(org);
	if (fits)
		return 0;
	if (!kind)
		return derr_set(e, DERR_INVALID, "org_id", "该角色不属于任何机构");
	return derr_set(e, DERR_INVALID, "org_id",
	                !strcmp(kind, "college") ? "该角色必须属于一个院校"
	                                         : "该角色必须属于一个企业");
}

int account_create(struct store *db, const struct actor *a, const struct account_new *n,
                   json_t **out, struct derr *e)
{
	int64_t id;
	char hash[PASSWORD_HASH_MAX], detail[40];
	*out = NULL;
	const char *why = login_policy_error(n->login);
	if (why)
		return derr_set(e, DERR_INVALID, "login", why);
	int role = role_from_name(n->role);
	if (!role)
		return derr_set(e, DERR_INVALID, "role", "未知的角色");
	if (check_org(db, role, n->org_id, e))
		return -1;
	/* Hashed before the transaction: slow on purpose, a write lock is not. */
	if (password_hash(n->password, hash))
		return derr_internal(e, "password hash");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "account insert");
	int rc = account_insert(db, n->login, hash, role_name(role), n->display_name, n->org_id,
	                        NULL, 0, &id);
	if (rc == STORE_UNIQUE) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "login", "该账号已被使用");
	}
	if (rc != STORE_OK)
		return derr_store(e, db, "account insert");
	snprintf(detail, sizeof(detail), "role=%s", role_name(role));
	if (audit_write(db, a, "account.create", "account", id, detail, e))
		return -1;
	return read_and_commit(db, id, out, "account insert", e);
}

int account_set_status(struct store *db, const struct actor *a, int64_t id, int active,
                       json_t **out, struct derr *e)
{
	json_t *acc;
	if (account_get(db, a, id, &acc, e))
		return -1;
	json_decref(acc);
	*out = NULL;
	if (id == a->id && !active)
		return derr_set(e, DERR_RULE, NULL, "不能停用自己的账号");
	if (store_begin(db) != STORE_OK ||
	    store_run(db, "UPDATE accounts SET status = ? WHERE id = ?", "ti",
	              active ? "active" : "disabled", id) != STORE_OK ||
	    (!active && session_delete_account(db, id) != STORE_OK))
		return derr_store(e, db, "account status");
	if (audit_write(db, a, active ? "account.enable" : "account.disable", "account", id, NULL,
	                e))
		return -1;
	return read_and_commit(db, id, out, "account status", e);
}

int account_password_reset(struct store *db, const struct actor *a, int64_t id,
                           const char *password, struct derr *e)
{
	json_t *acc;
	char hash[PASSWORD_HASH_MAX];
	if (account_get(db, a, id, &acc, e))
		return -1;
	struct password_owner owner = {
	    .login = json_string_value(json_object_get(acc, "login")),
	    .name = json_string_value(json_object_get(acc, "display_name")),
	    .student_no = json_string_value(json_object_get(acc, "student_no"))};
	int rc = password_policy(password, &owner, "password", e);
	json_decref(acc);
	if (rc)
		return -1;
	if (password_hash(password, hash))
		return derr_internal(e, "password hash");
	if (store_begin(db) != STORE_OK ||
	    store_run(db, "UPDATE accounts SET password_hash = ? WHERE id = ?", "ti", hash, id) !=
	        STORE_OK ||
	    session_delete_account(db, id) != STORE_OK || throttle_devices_forget(db, id))
		return derr_store(e, db, "password reset");
	if (audit_write(db, a, "account.password_reset", "account", id, NULL, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "password reset commit");
}
