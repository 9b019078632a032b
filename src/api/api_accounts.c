/*
 * Accounts: the operator manages all of them; college and enterprise
 * staff read the accounts of their own organisation.  Anything outside
 * the caller's scope is answered 404, as if it did not exist.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "base/buf.h"
#include "domain/account.h"
#include "domain/password.h"
#include "domain/throttle.h"
#include "domain/session.h"

/* Appends the caller's scope to a WHERE clause under construction. */
static void scope_accounts(struct api_ctx *c, struct buf *where, struct store_args *args)
{
	if (c->actor.role != ROLE_OPERATOR) {
		buf_adds(where, " AND a.org_id = ?");
		store_args_int(args, c->actor.org_id);
	}
}

static void accounts_list(struct api_ctx *c, int export)
{
	struct buf where = BUF_INIT;
	struct store_args args = {0};
	int64_t page, size, total = 0;
	const char *q = api_query(c, "q"), *role = api_query(c, "role");
	const char *status = api_query(c, "status");
	int64_t org_id = api_query_int(c, "org_id", 0, 1, INT64_MAX);
	api_paging(c, &page, &size);
	if (role && !role_from_name(role))
		api_fail(c, 400, "invalid", "role", "未知的角色");
	if (status && strcmp(status, "active") && strcmp(status, "disabled"))
		api_fail(c, 400, "invalid", "status", "状态应为 active 或 disabled");
	if (api_failed(c))
		return;

	buf_adds(&where, " WHERE 1 = 1");
	scope_accounts(c, &where, &args);
	char *like = q ? store_like_contains(q) : NULL;
	if (like) {
		buf_adds(&where,
		         " AND (a.login LIKE ? ESCAPE '\\' OR a.display_name LIKE ? ESCAPE '\\'"
		         " OR a.student_no LIKE ? ESCAPE '\\')");
		store_args_text(&args, like);
		store_args_text(&args, like);
		store_args_text(&args, like);
	}
	if (role) {
		buf_adds(&where, " AND a.role = ?");
		store_args_text(&args, role);
	}
	if (status) {
		buf_adds(&where, " AND a.status = ?");
		store_args_text(&args, status);
	}
	if (org_id) {
		buf_adds(&where, " AND a.org_id = ?");
		store_args_int(&args, org_id);
	}
	if (export) {
		static const struct export_column cols[] = {
		    {"编号", EXPORT_INT, 8},    {"账号", EXPORT_TEXT, 16},        {"姓名", EXPORT_TEXT, 12},
		    {"角色", EXPORT_TEXT, 10},  {"机构", EXPORT_TEXT, 30},        {"状态", EXPORT_TEXT, 8},
		    {"创建时间", EXPORT_TIME, 18}, {"最近登录", EXPORT_TIME, 18}, {NULL, 0, 0}};
		char *sql = arena_printf(
		    c->arena,
		    "SELECT a.id, a.login, a.display_name, a.role, o.name, a.status, a.created_at,"
		    " a.last_login_at FROM accounts a LEFT JOIN organizations o ON o.id = a.org_id%s"
		    " ORDER BY a.id",
		    where.data);
		buf_release(&where);
		struct store_stmt *st = store_query_args(c->db, sql, &args);
		if (!st || export_xlsx(c, "accounts.xlsx", "账号", cols, st))
			api_internal(c, "accounts export");
		store_finalize(st);
		free(like);
		return;
	}
	char *count_sql = arena_printf(c->arena, "SELECT COUNT(*) FROM accounts a%s", where.data);
	char *list_sql = arena_printf(
	    c->arena, ACCOUNT_SELECT "%s ORDER BY a.id DESC LIMIT ? OFFSET ?", where.data);
	buf_release(&where);
	json_t *items = api_page_rows(c, count_sql, list_sql, &args, page, size, &total);
	free(like);
	if (!items) {
		api_internal(c, "accounts list");
		return;
	}
	size_t i;
	json_t *row;
	json_array_foreach(items, i, row) account_shape(row);
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_accounts_list(struct api_ctx *c)
{
	accounts_list(c, 0);
}

void api_accounts_export(struct api_ctx *c)
{
	accounts_list(c, 1);
}

/* Loads the {id} account if it is in the caller's scope; else answers 404.
 * Returns the account (new reference) or NULL. */
static json_t *scoped_account(struct api_ctx *c, int64_t *id)
{
	if (api_path_id(c, id))
		return NULL;
	json_t *acc = account_json(c->db, *id);
	if (!acc) {
		api_internal(c, "account get");
		return NULL;
	}
	json_t *org = json_object_get(acc, "org");
	int64_t org_id = json_is_object(org) ? json_integer_value(json_object_get(org, "id")) : 0;
	if (json_is_null(acc) || (c->actor.role != ROLE_OPERATOR && org_id != c->actor.org_id)) {
		json_decref(acc);
		api_fail(c, 404, "not_found", NULL, "账号不存在");
		return NULL;
	}
	return acc;
}

void api_accounts_get(struct api_ctx *c)
{
	int64_t id;
	json_t *acc = scoped_account(c, &id);
	if (acc)
		api_reply(c, 200, json_pack("{s:o}", "account", acc));
}

static const char *const create_fields[] = {"login",        "password", "role",
                                            "display_name", "org_id",   NULL};

void api_accounts_create(struct api_ctx *c)
{
	int64_t org_id = 0, id;
	api_only_fields(c, create_fields);
	const char *login_in = api_str(c, "login", API_REQUIRED, 3, 64);
	const char *name = api_str(c, "display_name", API_REQUIRED, 1, 64);
	char *login = login_in ? arena_strdup(c->arena, login_in) : NULL;
	if (login)
		login_normalize(login);
	struct password_owner owner = {.login = login, .name = name};
	const char *pw = api_password_field(c, "password", &owner);
	const char *role = api_str(c, "role", API_REQUIRED, 1, 20);
	api_int(c, "org_id", API_OPTIONAL, &org_id);
	if (api_failed(c))
		return;
	const char *why = login_policy_error(login);
	if (why) {
		api_fail(c, 400, "invalid", "login", why);
		return;
	}
	int r = role_from_name(role);
	if (!r) {
		api_fail(c, 400, "invalid", "role", "未知的角色");
		return;
	}
	const char *kind = role_org_kind(r);
	if (kind || org_id) {
		json_t *org = org_id > 0 ? org_json(c->db, org_id) : json_null();
		if (!org) {
			api_internal(c, "account create org");
			return;
		}
		int fits = kind && json_is_object(org) &&
		           !strcmp(json_string_value(json_object_get(org, "kind")), kind);
		json_decref(org);
		if (!fits) {
			api_fail(c, 400, "invalid", "org_id",
			         kind ? arena_printf(c->arena, "该角色必须属于一个%s",
			                             !strcmp(kind, "college") ? "院校" : "企业")
			              : "该角色不属于任何机构");
			return;
		}
	}
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(pw, hash)) {
		api_internal(c, "password hash");
		return;
	}
	int rc = account_insert(c->db, login, hash, role, name, org_id, NULL, 0, &id);
	if (rc == STORE_UNIQUE) {
		api_fail(c, 409, "conflict", "login", "该账号已被使用");
		return;
	}
	if (rc != STORE_OK) {
		api_internal(c, "account insert");
		return;
	}
	api_audit(c, "account.create", "account", id, "ok",
	          arena_printf(c->arena, "role=%s", role));
	json_t *acc = account_json(c->db, id);
	api_reply(c, 201, json_pack("{s:o}", "account", acc ? acc : json_null()));
}

static void set_status(struct api_ctx *c, const char *status, const char *action)
{
	int64_t id;
	if (api_no_fields(c))
		return;
	json_t *acc = scoped_account(c, &id);
	if (!acc)
		return;
	json_decref(acc);
	if (id == c->actor.id && !strcmp(status, "disabled")) {
		api_fail(c, 422, "rule", NULL, "不能停用自己的账号");
		return;
	}
	if (store_begin(c->db) != STORE_OK ||
	    store_run(c->db, "UPDATE accounts SET status = ? WHERE id = ?", "ti", status, id) !=
	        STORE_OK ||
	    (!strcmp(status, "disabled") && session_delete_account(c->db, id) != STORE_OK) ||
	    store_commit(c->db) != STORE_OK) {
		api_internal(c, action);
		return;
	}
	api_audit(c, action, "account", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:o}", "account", account_json(c->db, id)));
}

void api_accounts_disable(struct api_ctx *c)
{
	set_status(c, "disabled", "account.disable");
}

void api_accounts_enable(struct api_ctx *c)
{
	set_status(c, "active", "account.enable");
}

static const char *const password_fields[] = {"password", NULL};

void api_accounts_password(struct api_ctx *c)
{
	int64_t id;
	api_only_fields(c, password_fields);
	if (api_failed(c))
		return;
	json_t *acc = api_keep(c, scoped_account(c, &id));
	if (!acc)
		return;
	struct password_owner owner = {
	    .login = json_string_value(json_object_get(acc, "login")),
	    .name = json_string_value(json_object_get(acc, "display_name")),
	    .student_no = json_string_value(json_object_get(acc, "student_no"))};
	const char *pw = api_password_field(c, "password", &owner);
	if (api_failed(c))
		return;
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(pw, hash) || store_begin(c->db) != STORE_OK ||
	    store_run(c->db, "UPDATE accounts SET password_hash = ? WHERE id = ?", "ti", hash,
	              id) != STORE_OK ||
	    session_delete_account(c->db, id) != STORE_OK || throttle_devices_forget(c->db, id) ||
	    store_commit(c->db) != STORE_OK) {
		api_internal(c, "password reset");
		return;
	}
	api_audit(c, "account.password_reset", "account", id, "ok", NULL);
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}
