/* Login, logout, the caller's own account, password change (domain/auth.h). */
#include <sodium.h>
#include <string.h>

#include "api/api.h"
#include "domain/account.h"
#include "domain/auth.h"
#include "domain/password.h"

#define COOKIE_NAME "skyway_session"

/* A password field: taken as sent (no trimming), 1..1024 bytes here; the
 * policy (10..128 characters) is checked where a password is set. */
static const char *password_field(struct api_ctx *c, const char *field)
{
	if (c->failed)
		return NULL;
	json_t *v = json_object_get(c->body, field);
	if (!v || json_is_null(v) || (json_is_string(v) && !json_string_length(v))) {
		api_fail(c, 400, "missing", field, "请填写密码");
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) > 1024 ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		api_fail(c, 400, "invalid", field, "密码格式不正确");
		return NULL;
	}
	return arena_strdup(c->arena, json_string_value(v));
}

static const char *cookie(struct api_ctx *c, const char *value, int64_t max_age)
{
	return arena_printf(c->arena,
	                    COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Lax%s; Max-Age=%lld",
	                    value, c->secure ? "; Secure" : "", (long long)max_age);
}

/* The login device cookie (domain/throttle.h, rule 4): only the login
 * endpoint needs it, so it is sent nowhere else. */
const char *api_device_cookie(struct api_ctx *c, const char *token)
{
	return arena_printf(c->arena,
	                    THROTTLE_DEVICE_COOKIE "=%s; Path=/api/v1/auth; HttpOnly;"
	                                           " SameSite=Strict%s; Max-Age=%d",
	                    token, c->secure ? "; Secure" : "", THROTTLE_DEVICE_MAX_AGE);
}

static const char *const login_fields[] = {"login", "password", NULL};

void api_auth_login(struct api_ctx *c)
{
	api_only_fields(c, login_fields);
	const char *in = api_str(c, "login", API_REQUIRED, 1, 64);
	const char *pw = password_field(c, "password");
	if (api_failed(c))
		return;
	char *login = arena_strdup(c->arena, in);
	login_normalize(login);
	struct auth_login r;
	struct derr e = {0};
	int rc = auth_login(c->db, login, pw, c->address, c->device_token, &r, &e);
	if (rc) {
		api_fail_derr(c, &e);
	} else if (r.mfa_required) {
		api_reply(c, 200,
		          json_pack("{s:b, s:s, s:i}", "mfa_required", 1, "mfa_token", r.mfa_token,
		                    "expires_in", MFA_PENDING_TTL));
	} else {
		if (*r.device)
			c->device_cookie = api_device_cookie(c, r.device);
		api_login_complete(c, r.account_id, login, NULL);
	}
	sodium_memzero(&r, sizeof(r));
}

/* {"account","csrf_token","mfa"}: what a login and /me answer. */
static json_t *session_json(const char *csrf, json_t *account, const struct mfa_status *mfa)
{
	return json_pack("{s:O, s:s, s:o}", "account", account, "csrf_token", csrf, "mfa",
	                 api_mfa_json(mfa));
}

void api_login_complete(struct api_ctx *c, int64_t id, const char *login, const char *detail)
{
	struct auth_session s;
	struct derr e = {0};
	if (auth_session_open(c->db, id, login, c->address, detail, &s, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	c->set_cookie = cookie(c, s.token, session_config.absolute);
	api_keep(c, s.account);
	api_reply(c, 200, session_json(s.csrf, s.account, &s.mfa));
	sodium_memzero(&s, sizeof(s));
}

void api_auth_logout(struct api_ctx *c)
{
	struct derr e = {0};
	if (api_no_fields(c))
		return;
	if (auth_logout(c->db, &c->actor, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	c->set_cookie = cookie(c, "", 0);
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}

void api_me(struct api_ctx *c)
{
	json_t *acc;
	struct mfa_status mfa;
	struct derr e = {0};
	if (auth_me(c->db, &c->actor, &acc, &mfa, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, session_json(c->actor.csrf, api_keep(c, acc), &mfa));
}

static const char *const password_fields[] = {"old_password", "new_password", NULL};

void api_me_password(struct api_ctx *c)
{
	struct derr e = {0};
	api_only_fields(c, password_fields);
	const char *old = password_field(c, "old_password");
	const char *pw = password_field(c, "new_password");
	if (api_failed(c))
		return;
	if (auth_password_change(c->db, &c->actor, old, pw, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}

const char *api_password_given(struct api_ctx *c, const char *field)
{
	return password_field(c, field);
}

/* Exposed for the other areas that set passwords. */
const char *api_password_field(struct api_ctx *c, const char *field,
                               const struct password_owner *owner)
{
	struct derr e = {0};
	const char *pw = password_field(c, field);
	if (pw && password_policy(pw, owner, field, &e))
		api_fail_derr(c, &e);
	return c->failed ? NULL : pw;
}
