/* Login, logout, the caller's own account, password change. */
#include <sodium.h>
#include <string.h>

#include "api/api.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/mfa.h"
#include "domain/password.h"
#include "domain/session.h"
#include "domain/throttle.h"

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

/* Checks a new password against the policy for its owner; 400 naming
 * field and the rule broken. */
static int new_password_ok(struct api_ctx *c, const char *field, const char *pw,
                           const struct password_owner *owner)
{
	struct derr e = {0};
	if (c->failed || !pw)
		return -1;
	if (password_policy(pw, owner, field, &e))
		return api_fail_derr(c, &e);
	return 0;
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
	int64_t now = now_seconds();
	if (api_failed(c))
		return;
	char *login = arena_strdup(c->arena, in);
	login_normalize(login);

	struct throttle_login t;
	struct derr e = {0};
	if (throttle_login_begin(c->db, &t, login, c->address, c->device_token, now, &e)) {
		if (e.kind == DERR_LIMIT)
			audit_record(c->db, NULL, login, "auth.login", "account", 0, c->address,
			             "denied", t.audit);
		api_fail_derr(c, &e);
		return;
	}

	struct store_stmt *st = store_query(
	    c->db, "SELECT id, password_hash, status FROM accounts WHERE login = ?", "t", login);
	if (!st) {
		api_internal(c, "login lookup");
		return;
	}
	int64_t id = 0;
	char *hash = NULL, *status = NULL;
	if (store_step(st) == STORE_ROW) {
		id = store_column_int64(st, 0);
		hash = arena_strdup(c->arena, store_column_text(st, 1));
		status = arena_strdup(c->arena, store_column_text(st, 2));
	}
	store_finalize(st);

	if (!password_verify(hash, pw)) {
		throttle_login_failed(c->db, &t, now);
		audit_record(c->db, NULL, login, "auth.login", "account", id, c->address, "failed",
		             id ? "wrong password" : "unknown login");
		api_fail(c, 401, "bad_credentials", NULL, "账号或密码错误");
		return;
	}
	if (strcmp(status, "active")) {
		throttle_login_succeeded(c->db, &t, 0, now, NULL); /* the password was right */
		audit_record(c->db, NULL, login, "auth.login", "account", id, c->address, "denied",
		             "account disabled");
		api_fail(c, 403, "account_disabled", NULL, "该账号已停用，请联系平台管理员");
		return;
	}
	if (password_needs_rehash(hash)) {
		char fresh[PASSWORD_HASH_MAX];
		if (password_hash(pw, fresh) == 0)
			store_run(c->db, "UPDATE accounts SET password_hash = ? WHERE id = ?", "ti",
			          fresh, id);
	}
	/* With MFA on, the password earns a pending token, not a session: this
	 * attempt is not a failure, but earlier ones stay until the code proves
	 * right (a password alone never clears the lockout). */
	char pending[MFA_TOKEN_HEX + 1];
	int needed = 0;
	if (mfa_login_begin(c->db, id, login, c->address, pending, &needed, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	if (needed) {
		throttle_login_passed(c->db, &t);
		api_reply(c, 200,
		          json_pack("{s:b, s:s, s:i}", "mfa_required", 1, "mfa_token", pending,
		                    "expires_in", MFA_PENDING_TTL));
		sodium_memzero(pending, sizeof(pending));
		return;
	}
	char device[THROTTLE_DEVICE_HEX + 1];
	throttle_login_succeeded(c->db, &t, id, now, device);
	if (*device)
		c->device_cookie = api_device_cookie(c, device);
	sodium_memzero(device, sizeof(device));
	api_login_complete(c, id, login, NULL);
}

void api_login_complete(struct api_ctx *c, int64_t id, const char *login, const char *detail)
{
	int64_t now = now_seconds();
	char token[SESSION_TOKEN_HEX + 1], csrf[SESSION_TOKEN_HEX + 1];
	if (session_create(c->db, id, c->address, token, csrf) != STORE_OK) {
		api_internal(c, "session create");
		return;
	}
	store_run(c->db, "UPDATE accounts SET last_login_at = ? WHERE id = ?", "ii", now, id);
	c->set_cookie = cookie(c, token, session_config.absolute);
	sodium_memzero(token, sizeof(token));

	json_t *acc = account_json(c->db, id);
	if (!acc) {
		api_internal(c, "login account");
		return;
	}
	struct actor who = {
	    .id = id, .role = role_from_name(json_string_value(json_object_get(acc, "role")))};
	snprintf(who.login, sizeof(who.login), "%s", login);
	json_t *org = json_object_get(acc, "org");
	who.org_id = json_is_object(org) ? json_integer_value(json_object_get(org, "id")) : 0;
	audit_record(c->db, &who, NULL, "auth.login", "account", id, c->address, "ok", detail);
	json_t *mfa = api_mfa_json(c, id, who.role);
	if (!mfa) {
		json_decref(acc);
		api_internal(c, "login mfa");
		return;
	}
	api_reply(c, 200,
	          json_pack("{s:o, s:s, s:o}", "account", acc, "csrf_token", csrf, "mfa", mfa));
}

void api_auth_logout(struct api_ctx *c)
{
	if (api_no_fields(c))
		return;
	session_delete(c->db, c->actor.token_hash);
	api_audit(c, "auth.logout", "account", c->actor.id, "ok", NULL);
	c->set_cookie = cookie(c, "", 0);
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}

void api_me(struct api_ctx *c)
{
	json_t *acc = account_json(c->db, c->actor.id);
	json_t *mfa = api_mfa_json(c, c->actor.id, c->actor.role);
	if (!acc || json_is_null(acc) || !mfa) {
		json_decref(acc);
		json_decref(mfa);
		api_internal(c, "me");
		return;
	}
	api_reply(
	    c, 200,
	    json_pack("{s:o, s:s, s:o}", "account", acc, "csrf_token", c->actor.csrf, "mfa", mfa));
}

int api_own_password_ok(struct api_ctx *c, const char *pw)
{
	char *hash = NULL;
	struct store_stmt *st =
	    store_query(c->db, "SELECT password_hash FROM accounts WHERE id = ?", "i", c->actor.id);
	if (st && store_step(st) == STORE_ROW)
		hash = arena_strdup(c->arena, store_column_text(st, 0));
	store_finalize(st);
	return password_verify(hash, pw);
}

static const char *const password_fields[] = {"old_password", "new_password", NULL};

void api_me_password(struct api_ctx *c)
{
	api_only_fields(c, password_fields);
	const char *old = password_field(c, "old_password");
	const char *pw = password_field(c, "new_password");
	if (api_failed(c))
		return;
	json_t *me = api_keep(c, account_json(c->db, c->actor.id));
	if (!json_is_object(me)) {
		api_internal(c, "password change account");
		return;
	}
	struct password_owner owner = {
	    .login = c->actor.login,
	    .name = json_string_value(json_object_get(me, "display_name")),
	    .student_no = json_string_value(json_object_get(me, "student_no"))};
	if (new_password_ok(c, "new_password", pw, &owner))
		return;
	if (!api_own_password_ok(c, old)) {
		api_audit(c, "account.password_change", "account", c->actor.id, "failed",
		          "wrong old password");
		api_fail(c, 403, "bad_credentials", "old_password", "原密码不正确");
		return;
	}
	char fresh[PASSWORD_HASH_MAX];
	if (password_hash(pw, fresh) ||
	    store_run(c->db, "UPDATE accounts SET password_hash = ? WHERE id = ?", "ti", fresh,
	              c->actor.id) != STORE_OK) {
		api_internal(c, "password change");
		return;
	}
	/* Other sessions of this account end; this one stays. */
	store_run(c->db, "DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?", "it",
	          c->actor.id, c->actor.token_hash);
	api_audit(c, "account.password_change", "account", c->actor.id, "ok", NULL);
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
	const char *pw = password_field(c, field);
	new_password_ok(c, field, pw, owner);
	return c->failed ? NULL : pw;
}
