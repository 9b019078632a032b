/*
 * Accounts: the operator manages all of them; college and enterprise
 * staff read the accounts of their own organisation (domain/account.h).
 */
#include <stdint.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/account.h"
#include "domain/password.h"

static struct account_filter filter_params(struct api_ctx *c)
{
	return (struct account_filter){.q = api_query(c, "q"),
	                               .role = api_query(c, "role"),
	                               .status = api_query(c, "status"),
	                               .org_id = api_query_int(c, "org_id", 0, 1, INT64_MAX)};
}

void api_accounts_list(struct api_ctx *c)
{
	int64_t page, size, total;
	json_t *items;
	struct derr e = {0};
	struct account_filter f = filter_params(c);
	api_paging(c, &page, &size);
	if (api_failed(c))
		return;
	if (account_list(c->db, &c->actor, &f, page, size, &items, &total, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, api_page(items, total, page, size));
}

void api_accounts_export(struct api_ctx *c)
{
	static const struct export_column cols[] = {
	    {"编号", EXPORT_INT, 8},       {"账号", EXPORT_TEXT, 16},     {"姓名", EXPORT_TEXT, 12},
	    {"角色", EXPORT_TEXT, 10},     {"机构", EXPORT_TEXT, 30},     {"状态", EXPORT_TEXT, 8},
	    {"创建时间", EXPORT_TIME, 18}, {"最近登录", EXPORT_TIME, 18}, {NULL, 0, 0}};
	struct export_sheet sheet = {c, "accounts.xlsx", "账号", cols, NULL};
	struct derr e = {0};
	struct account_filter f = filter_params(c);
	int64_t page, size;
	api_paging(c, &page, &size); /* checked as in the list, not used */
	if (!api_failed(c) && account_export(c->db, &c->actor, &f, export_sheet_rows, &sheet, &e))
		api_fail_derr(c, &e);
}

void api_accounts_get(struct api_ctx *c)
{
	int64_t id;
	json_t *acc = NULL;
	struct derr e = {0};
	if (!api_path_id(c, &id))
		api_answer(c, account_get(c->db, &c->actor, id, &acc, &e), 200, "account", &acc,
		           &e);
}

static const char *const create_fields[] = {"login",        "password", "role",
                                            "display_name", "org_id",   NULL};

void api_accounts_create(struct api_ctx *c)
{
	struct account_new n = {0};
	json_t *acc = NULL;
	struct derr e = {0};
	api_only_fields(c, create_fields);
	const char *login_in = api_str(c, "login", API_REQUIRED, 3, 64);
	n.display_name = api_str(c, "display_name", API_REQUIRED, 1, 64);
	char *login = login_in ? arena_strdup(c->arena, login_in) : NULL;
	if (login)
		login_normalize(login);
	n.login = login;
	struct password_owner owner = {.login = login, .name = n.display_name};
	n.password = api_password_field(c, "password", &owner);
	n.role = api_str(c, "role", API_REQUIRED, 1, 20);
	api_int(c, "org_id", API_OPTIONAL, &n.org_id);
	if (!api_failed(c))
		api_answer(c, account_create(c->db, &c->actor, &n, &acc, &e), 201, "account", &acc,
		           &e);
}

static void set_status(struct api_ctx *c, int active)
{
	int64_t id;
	json_t *acc = NULL;
	struct derr e = {0};
	if (!api_no_fields(c) && !api_path_id(c, &id))
		api_answer(c, account_set_status(c->db, &c->actor, id, active, &acc, &e), 200,
		           "account", &acc, &e);
}

void api_accounts_disable(struct api_ctx *c)
{
	set_status(c, 0);
}

void api_accounts_enable(struct api_ctx *c)
{
	set_status(c, 1);
}

static const char *const password_fields[] = {"password", NULL};

void api_accounts_password(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	api_only_fields(c, password_fields);
	if (api_failed(c) || api_path_id(c, &id))
		return;
	const char *pw = api_password_given(c, "password");
	if (api_failed(c))
		return;
	if (account_password_reset(c->db, &c->actor, id, pw, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}
