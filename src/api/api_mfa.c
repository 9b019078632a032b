/*
 * Staff two-factor login (两步验证): the second step of a login, the
 * caller's own enrolment, turning it off, new recovery codes, and the
 * operator's reset.  The rules are in domain/mfa.h; the router keeps a
 * session that must still enrol to the routes flagged ROUTE_MFA_SETUP.
 */
#include <sodium.h>
#include <stdlib.h>

#include "api/api.h"
#include "base/qr_svg.h"
#include "base/util.h"
#include "domain/mfa.h"
#include "domain/throttle.h"
#include "domain/totp.h"

json_t *api_mfa_json(struct api_ctx *c, int64_t account_id, int role)
{
	struct mfa_status s;
	struct derr e = {0};
	if (mfa_status(c->db, account_id, role, &s, &e))
		return NULL;
	json_t *j = json_pack("{s:b, s:b, s:b, s:I}", "required", s.required, "enabled", s.enabled,
	                      "enrolment_required", s.required && !s.enabled, "recovery_codes_left",
	                      (json_int_t)s.recovery_left);
	json_object_set_new(j, "enabled_at",
	                    s.enabled ? json_integer((json_int_t)s.enabled_at) : json_null());
	return j;
}

/* A code field: 6 digits from the app or a recovery code (blanks trimmed). */
static const char *code_field(struct api_ctx *c)
{
	return api_str(c, "code", API_REQUIRED, 1, 32);
}

static json_t *codes_json(mfa_recovery_codes codes)
{
	json_t *a = json_array();
	for (int i = 0; i < MFA_RECOVERY_COUNT; i++)
		json_array_append_new(a, json_string(codes[i]));
	sodium_memzero(codes, sizeof(mfa_recovery_codes));
	return a;
}

/* The caller's MFA status, or an answered 500. */
static json_t *own_status(struct api_ctx *c)
{
	json_t *s = api_mfa_json(c, c->actor.id, c->actor.role);
	if (!s)
		api_internal(c, "mfa status");
	return s;
}

static const char *const finish_fields[] = {"mfa_token", "code", NULL};

void api_auth_mfa(struct api_ctx *c)
{
	api_only_fields(c, finish_fields);
	const char *token = api_str(c, "mfa_token", API_REQUIRED, 1, 128);
	const char *code = code_field(c);
	if (api_failed(c))
		return;
	/* The second step spends the same per-address budget as the first. */
	if (throttle_address_hit(c->address, now_seconds())) {
		api_fail(c, 429, "too_many_attempts", NULL, "尝试次数过多，请稍后再试");
		return;
	}
	struct actor who;
	struct derr e = {0};
	char device[THROTTLE_DEVICE_HEX + 1] = ""; /* set only when a login completes */
	int rc =
	    mfa_login_finish(c->db, token, code, c->address, c->device_token, device, &who, &e);
	if (*device)
		c->device_cookie = api_device_cookie(c, device);
	sodium_memzero(device, sizeof(device));
	if (rc) {
		api_fail_derr(c, &e);
		return;
	}
	api_login_complete(c, who.id, who.login, "second factor ok");
}

void api_me_mfa(struct api_ctx *c)
{
	json_t *s = own_status(c);
	if (s)
		api_reply(c, 200, s);
}

void api_me_mfa_setup(struct api_ctx *c)
{
	struct mfa_secret sec;
	struct derr e = {0};
	size_t len = 0;
	if (api_no_fields(c))
		return;
	if (mfa_setup(c->db, &c->actor, c->address, &sec, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	char *svg = qr_svg(sec.uri, &len);
	if (!svg) {
		api_internal(c, "mfa qr");
		return;
	}
	api_reply(c, 200,
	          json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "secret", sec.secret, "otpauth_uri",
	                    sec.uri, "qr_svg", svg, "issuer", MFA_ISSUER, "digits", TOTP_DIGITS,
	                    "period", TOTP_PERIOD));
	free(svg);
	sodium_memzero(&sec, sizeof(sec));
}

static const char *const code_fields[] = {"code", NULL};

/* Enabling and renewing take {"code"} and answer new recovery codes. */
typedef int (*codes_fn)(struct store *, const struct actor *, const char *, const char *,
                        mfa_recovery_codes, struct derr *);

static void answer_codes(struct api_ctx *c, codes_fn fn, int with_status)
{
	api_only_fields(c, code_fields);
	const char *code = code_field(c);
	if (api_failed(c))
		return;
	mfa_recovery_codes codes;
	struct derr e = {0};
	if (fn(c->db, &c->actor, c->address, code, codes, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	json_t *out = json_pack("{s:o}", "recovery_codes", codes_json(codes));
	json_t *s = with_status ? own_status(c) : NULL;
	if (with_status && !s) {
		json_decref(out);
		return;
	}
	if (s)
		json_object_set_new(out, "mfa", s);
	api_reply(c, 200, out);
}

void api_me_mfa_enable(struct api_ctx *c)
{
	answer_codes(c, mfa_enable, 1);
}

static const char *const disable_fields[] = {"password", "code", NULL};

void api_me_mfa_disable(struct api_ctx *c)
{
	api_only_fields(c, disable_fields);
	const char *pw = api_password_given(c, "password");
	const char *code = code_field(c);
	if (api_failed(c))
		return;
	struct derr e = {0};
	if (mfa_disable(c->db, &c->actor, c->address, pw, code, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	json_t *s = own_status(c);
	if (s)
		api_reply(c, 200, json_pack("{s:b, s:o}", "ok", 1, "mfa", s));
}

void api_me_mfa_recovery(struct api_ctx *c)
{
	answer_codes(c, mfa_recovery_renew, 0);
}

void api_accounts_mfa_reset(struct api_ctx *c)
{
	int64_t id;
	struct derr e = {0};
	if (api_no_fields(c) || api_path_id(c, &id))
		return;
	if (mfa_reset(c->db, &c->actor, c->address, id, &e)) {
		api_fail_derr(c, &e);
		return;
	}
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
}
