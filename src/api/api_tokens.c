/*
 * An organisation's API tokens (domain/api_token.h): list, make (the secret shown
 * once), revoke.
 */
#include "api/api.h"
#include "domain/api_token.h"

void api_org_tokens_list(struct api_ctx *c)
{
	json_t *items = NULL;
	struct derr e = {0};
	if (api_token_list(c->db, &c->actor, &items, &e))
		api_fail_derr(c, &e);
	else
		api_reply(c, 200,
		          json_pack("{s:I, s:o}", "total", (json_int_t)json_array_size(items),
		                    "items", items));
}

static const char *const create_fields[] = {"name", "scopes", "expires_days", "password", NULL};

void api_org_tokens_create(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *token = NULL;
	char secret[API_TOKEN_LEN + 1];
	int64_t days = 365;
	api_only_fields(c, create_fields);
	const char *name = api_str(c, "name", API_REQUIRED, 1, 160);
	json_t *scopes = api_str_array(c, "scopes", 16, 40);
	api_int_in(c, "expires_days", API_OPTIONAL, 1, 730, &days);
	const char *password = api_password_given(c, "password");
	if (!api_failed(c) && !scopes)
		api_fail(c, 400, "missing", "scopes", "请至少选择一项权限");
	if (api_failed(c))
		return;
	if (api_token_create(c->db, &c->actor, password, name, scopes, days, &token, secret, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	/* The secret is in this answer and nowhere else, ever. */
	api_reply(c, 201, json_pack("{s:o, s:s}", "token", token, "secret", secret));
}

void api_org_tokens_revoke(struct api_ctx *c)
{
	struct derr e = {0};
	json_t *token = NULL;
	int64_t id;
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	api_answer(c, api_token_revoke(c->db, &c->actor, id, &token, &e), 200, "token", &token, &e);
}
