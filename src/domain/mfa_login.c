/* The two steps of a login with MFA on: the pending token after the
 * password, the code that completes it (see mfa.h, invariant 4). */
#include "domain/mfa.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/audit.h"
#include "domain/throttle.h"

int mfa_login_begin(struct store *db, int64_t account_id, const char *login, const char *address,
                    char token[MFA_TOKEN_HEX + 1], int *needed, struct derr *e)
{
	int64_t on = 0, now = now_seconds();
	char hash[65];

	*needed = 0;
	if (store_int64(db, &on,
	                "SELECT COUNT(*) FROM account_mfa WHERE account_id = ?"
	                " AND enabled_at IS NOT NULL",
	                "i", account_id) != STORE_ROW)
		return derr_store(e, db, "mfa login lookup");
	if (!on)
		return 0;
	random_hex(token, MFA_TOKEN_HEX / 2);
	sha256_hex(token, MFA_TOKEN_HEX, hash);
	/* Challenges that ended are swept here rather than by a timer. */
	if (store_run(db, "DELETE FROM mfa_pending WHERE created_at < ?", "i",
	              now - MFA_PENDING_TTL) != STORE_OK ||
	    store_run(db,
	              "INSERT INTO mfa_pending (token_hash, account_id, created_at, address)"
	              " VALUES (?, ?, ?, ?)",
	              "tiit", hash, account_id, now, address) != STORE_OK)
		return derr_store(e, db, "mfa challenge");
	audit_record(db, NULL, login, "auth.mfa_challenge", "account", account_id, address, "ok",
	             "password ok, second factor required");
	*needed = 1;
	return 0;
}

static int token_invalid(struct derr *e)
{
	return derr_code(e, DERR_UNAUTHORIZED, "mfa_token_invalid", "mfa_token",
	                 "验证已过期或失效，请重新输入账号和密码登录");
}

/* A wrong code against a live challenge: counts it (the challenge ends at
 * MFA_PENDING_TRIES) and answers. */
static int wrong_code(struct store *db, const char *hash, const struct actor *who,
                      const char *address, const struct throttle_login *t, const char *why,
                      struct derr *e)
{
	static const char *const left[] = {
	    "验证码不正确，还可尝试 1 次", "验证码不正确，还可尝试 2 次",
	    "验证码不正确，还可尝试 3 次", "验证码不正确，还可尝试 4 次"};
	int64_t failures = MFA_PENDING_TRIES, now = now_seconds();
	char detail[80];

	store_int64(db, &failures,
	            "UPDATE mfa_pending SET failures = failures + 1 WHERE token_hash = ?"
	            " RETURNING failures",
	            "t", hash);
	throttle_login_failed(db, t, now);
	snprintf(detail, sizeof(detail), "%s (%lld of %d)", why, (long long)failures,
	         MFA_PENDING_TRIES);
	audit_record(db, who, NULL, "auth.mfa", "account", who->id, address, "failed", detail);
	if (failures >= MFA_PENDING_TRIES) {
		store_run(db, "DELETE FROM mfa_pending WHERE token_hash = ?", "t", hash);
		return derr_code(e, DERR_UNAUTHORIZED, "mfa_token_invalid", "mfa_token",
		                 "验证码错误次数过多，请重新输入账号和密码登录");
	}
	mfa_code_refused(e, DERR_UNAUTHORIZED, why);
	if (strcmp(e->code, "bad_code") == 0)
		e->message = left[MFA_PENDING_TRIES - 1 - failures];
	return -1;
}

int mfa_login_finish(struct store *db, const char *token, const char *code, const char *address,
                     const char *device_token, char *device_out, struct actor *who, struct derr *e)
{
	int64_t now = now_seconds(), created = 0, spent = 0;
	char hash[65], status[16] = "";

	memset(who, 0, sizeof(*who));
	*device_out = '\0'; /* every early refusal too: the caller sends it as a cookie */
	if (strlen(token) != MFA_TOKEN_HEX)
		return token_invalid(e);
	sha256_hex(token, MFA_TOKEN_HEX, hash);
	struct store_stmt *st =
	    store_query(db,
	                "SELECT p.account_id, p.created_at, a.login, a.role, a.org_id, a.status"
	                " FROM mfa_pending p JOIN accounts a ON a.id = p.account_id"
	                " WHERE p.token_hash = ?",
	                "t", hash);
	if (!st)
		return derr_store(e, db, "mfa challenge lookup");
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		who->id = store_column_int64(st, 0);
		created = store_column_int64(st, 1);
		snprintf(who->login, sizeof(who->login), "%s", store_column_text(st, 2));
		who->role = role_from_name(store_column_text(st, 3));
		who->org_id = store_column_int64(st, 4);
		snprintf(status, sizeof(status), "%s", store_column_text(st, 5));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "mfa challenge lookup");
	if (rc == STORE_DONE)
		return token_invalid(e);
	if (now - created > MFA_PENDING_TTL) {
		store_run(db, "DELETE FROM mfa_pending WHERE token_hash = ?", "t", hash);
		return token_invalid(e);
	}
	struct throttle_login t;
	if (throttle_login_begin(db, &t, who->login, address, device_token, now, e)) {
		if (e->kind == DERR_LIMIT)
			audit_record(db, who, NULL, "auth.mfa", "account", who->id, address,
			             "denied", t.audit);
		return -1;
	}

	const char *why = NULL;
	int ok = mfa_check_code(db, who->id, code, &why, e);
	if (ok < 0)
		return -1;
	if (!ok)
		return wrong_code(db, hash, who, address, &t, why, e);
	/* Spend the challenge; a row comes back only to the one request that
	 * did (two requests racing with one token: one login). */
	rc = store_int64(db, &spent,
	                 "DELETE FROM mfa_pending WHERE token_hash = ? RETURNING account_id", "t",
	                 hash);
	if (rc == STORE_DONE)
		return token_invalid(e);
	if (rc != STORE_ROW)
		return derr_store(e, db, "mfa challenge spend");
	if (strcmp(status, "active")) {
		throttle_login_succeeded(db, &t, 0, now, NULL); /* both factors were right */
		audit_record(db, who, NULL, "auth.mfa", "account", who->id, address, "denied",
		             "account disabled");
		return derr_code(e, DERR_FORBIDDEN, "account_disabled", NULL,
		                 "该账号已停用，请联系平台管理员");
	}
	/* Both factors passed: the login succeeded (clears the pair's failures,
	 * remembers the device). */
	throttle_login_succeeded(db, &t, who->id, now, device_out);
	audit_record(db, who, NULL, "auth.mfa", "account", who->id, address, "ok", why);
	return 0;
}
