/* Staff two-factor login: enrolment, codes, recovery codes, reset; see mfa.h.
 * The login steps are in mfa_login.c. */
#include "domain/mfa.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base32.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/password.h"
#include "domain/pii.h"
#include "domain/throttle.h"
#include "domain/totp.h"

/* Recovery codes: 12 characters without look-alikes (no 0/o, 1/i/l). */
static const char recovery_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
#define RECOVERY_CHARS 12

static int no_key(struct derr *e)
{
	return derr_code(e, DERR_UNAVAILABLE, "unavailable", NULL,
	                 "未配置数据密钥，暂时无法使用两步验证，请联系平台管理员");
}

int mfa_status(struct store *db, int64_t account_id, int role, struct mfa_status *out,
               struct derr *e)
{
	memset(out, 0, sizeof(*out));
	out->required = (role & ROLE_MFA_REQUIRED) != 0;
	struct store_stmt *st =
	    store_query(db,
	                "SELECT m.enabled_at, (SELECT COUNT(*) FROM mfa_recovery_codes r"
	                " WHERE r.account_id = m.account_id AND r.used_at IS NULL)"
	                " FROM account_mfa m WHERE m.account_id = ? AND m.enabled_at IS NOT NULL",
	                "i", account_id);
	if (!st)
		return derr_store(e, db, "mfa status");
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		out->enabled = 1;
		out->enabled_at = store_column_int64(st, 0);
		out->recovery_left = store_column_int64(st, 1);
	}
	store_finalize(st);
	return rc == STORE_ROW || rc == STORE_DONE ? 0 : derr_store(e, db, "mfa status");
}

/* The account's secret and state.  Returns 1 (found; *key filled when
 * key is not NULL), 0 (no row), -1 with e set. */
static int load(struct store *db, int64_t account_id, uint8_t key[MFA_SECRET_BYTES],
                int64_t *enabled_at, int64_t *last_step, struct derr *e)
{
	struct store_stmt *st = store_query(
	    db, "SELECT secret_sealed, enabled_at, last_step FROM account_mfa WHERE account_id = ?",
	    "i", account_id);
	if (!st)
		return derr_store(e, db, "mfa load");
	int rc = store_step(st), found = 0;
	char *secret = NULL;
	if (rc == STORE_ROW) {
		found = 1;
		*enabled_at =
		    store_column_type(st, 1) == STORE_T_NULL ? 0 : store_column_int64(st, 1);
		*last_step = store_column_int64(st, 2);
		if (key)
			secret = pii_open(store_column_text(st, 0));
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "mfa load");
	if (!found || !key)
		return found;
	if (!secret)
		return pii_ready() ? derr_internal(e, "mfa secret does not open") : no_key(e);
	long n = base32_decode(secret, key, MFA_SECRET_BYTES);
	sodium_memzero(secret, strlen(secret));
	free(secret);
	return n == MFA_SECRET_BYTES ? 1 : derr_internal(e, "mfa secret malformed");
}

/* Lower case without separators; returns 1 when what is left has the
 * shape of a recovery code. */
static int recovery_normalize(const char *in, char out[RECOVERY_CHARS + 1])
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char c = (char)tolower((unsigned char)*p);
		if (n == RECOVERY_CHARS || !strchr(recovery_alphabet, c))
			return 0;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == RECOVERY_CHARS;
}

/* Keyed hash of a normalised recovery code of one account (hex, 65 bytes). */
static int recovery_hash(int64_t account_id, const char *code, char out[65], struct derr *e)
{
	unsigned char key[32], mac[crypto_auth_hmacsha256_BYTES];
	char msg[64];
	if (pii_derive_key("skymfarc", 1, key))
		return no_key(e);
	int n = snprintf(msg, sizeof(msg), "%lld:%s", (long long)account_id, code);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_bin2hex(out, 65, mac, sizeof(mac));
	sodium_memzero(key, sizeof(key));
	return 0;
}

/* New recovery codes for account_id: replaces the old ones (inside the
 * caller's transaction) and writes the codes, grouped by 4, to codes. */
static int recovery_write(struct store *db, int64_t account_id, mfa_recovery_codes codes,
                          struct derr *e)
{
	if (store_run(db, "DELETE FROM mfa_recovery_codes WHERE account_id = ?", "i", account_id) !=
	    STORE_OK)
		return derr_store(e, db, "recovery codes delete");
	for (int i = 0; i < MFA_RECOVERY_COUNT; i++) {
		char plain[RECOVERY_CHARS + 1], hash[65];
		for (int k = 0; k < RECOVERY_CHARS; k++)
			plain[k] =
			    recovery_alphabet[randombytes_uniform(sizeof(recovery_alphabet) - 1)];
		plain[RECOVERY_CHARS] = '\0';
		snprintf(codes[i], MFA_RECOVERY_SIZE, "%.4s-%.4s-%.4s", plain, plain + 4,
		         plain + 8);
		if (recovery_hash(account_id, plain, hash, e)) {
			store_rollback(db);
			return -1;
		}
		sodium_memzero(plain, sizeof(plain));
		if (store_run(
		        db, "INSERT INTO mfa_recovery_codes (account_id, code_hash) VALUES (?, ?)",
		        "it", account_id, hash) != STORE_OK)
			return derr_store(e, db, "recovery code insert");
	}
	return 0;
}

/* A TOTP code against the account's key: 1 accepted (its step spent), 0
 * refused (*why says whether it was a replay), -1 with e set. */
static int check_totp(struct store *db, int64_t account_id, const uint8_t *key, const char *code,
                      int64_t last_step, const char **why, struct derr *e)
{
	int64_t now = now_seconds(), got = 0;
	int64_t step = totp_match(key, MFA_SECRET_BYTES, code, now, last_step);
	if (step < 0) {
		/* Matched only when already-used steps count too: a replay. */
		if (totp_match(key, MFA_SECRET_BYTES, code, now, INT64_MIN) >= 0)
			*why = "code reused";
		return 0;
	}
	/* Advance last_step only if no other request took this step or a later
	 * one meanwhile (RETURNING: a row when it did advance). */
	int rc = store_int64(db, &got,
	                     "UPDATE account_mfa SET last_step = ? WHERE account_id = ?"
	                     " AND last_step < ? RETURNING account_id",
	                     "iii", step, account_id, step);
	if (rc == STORE_DONE)
		*why = "code reused";
	else if (rc == STORE_ROW)
		*why = "authenticator code";
	else
		return derr_store(e, db, "mfa step");
	return rc == STORE_ROW;
}

/* A recovery code: 1 accepted (now spent), 0 refused, -1 with e set. */
static int check_recovery(struct store *db, int64_t account_id, const char *code, const char **why,
                          struct derr *e)
{
	char norm[RECOVERY_CHARS + 1], hash[65];
	int64_t got = 0, used = 0;
	if (!recovery_normalize(code, norm))
		return 0;
	int failed = recovery_hash(account_id, norm, hash, e);
	sodium_memzero(norm, sizeof(norm));
	if (failed)
		return -1;
	int rc = store_int64(db, &got,
	                     "UPDATE mfa_recovery_codes SET used_at = ? WHERE account_id = ?"
	                     " AND code_hash = ? AND used_at IS NULL RETURNING id",
	                     "iit", now_seconds(), account_id, hash);
	if (rc == STORE_ROW) {
		*why = "recovery code";
		return 1;
	}
	if (rc != STORE_DONE)
		return derr_store(e, db, "recovery code use");
	if (store_int64(db, &used,
	                "SELECT COUNT(*) FROM mfa_recovery_codes WHERE account_id = ?"
	                " AND code_hash = ?",
	                "it", account_id, hash) == STORE_ROW &&
	    used)
		*why = "recovery code reused";
	return 0;
}

int mfa_check_code(struct store *db, int64_t account_id, const char *code, const char **why,
                   struct derr *e)
{
	int64_t enabled_at = 0, last_step = 0;
	uint8_t key[MFA_SECRET_BYTES];

	*why = "wrong code";
	int found = load(db, account_id, key, &enabled_at, &last_step, e);
	int ok =
	    found > 0 && enabled_at ? check_totp(db, account_id, key, code, last_step, why, e) : -1;
	sodium_memzero(key, sizeof(key));
	if (found < 0)
		return -1;
	if (found == 0 || !enabled_at)
		return derr_code(e, DERR_CONFLICT, "mfa_not_enabled", NULL, "该账号未启用两步验证");
	if (ok != 0 || strcmp(*why, "wrong code"))
		return ok;
	return check_recovery(db, account_id, code, why, e);
}

/* A refused code: the error the caller answers with. */
int mfa_code_refused(struct derr *e, enum derr_kind kind, const char *why)
{
	if (strstr(why, "reused"))
		return derr_code(e, kind, "code_reused", "code",
		                 "该验证码已使用过，请等待下一个验证码");
	return derr_code(e, kind, "bad_code", "code", "验证码不正确");
}

/* What a code unlocks for who (inside the code's transaction). */
typedef int (*code_change_fn)(struct store *db, const struct actor *who, void *arg, struct derr *e);

/* Checks a code for who outside login (disable, new recovery codes) and
 * makes the change it unlocks, audited as action, in one transaction.  The
 * per-login lockout applies: the attempt is a failure from before the
 * check, committed on its own (throttle.h rule 5), so parallel guesses
 * count; a wrong code stays a failure and is audited.  When the check or
 * the change fails on our side (DERR_INTERNAL) the client learned nothing
 * about the code, so the attempt is dropped, as throttle_login_passed()
 * does.  Returns 0, or -1 with e. */
static int with_code(struct store *db, const struct actor *who, const char *action,
                     const char *code, code_change_fn change, void *arg, const char *detail,
                     struct derr *e)
{
	int64_t now = now_seconds();
	const char *why;
	struct throttle_login t;
	if (throttle_login_begin(db, &t, who->login, who->address, NULL, now, e)) {
		if (e->kind == DERR_LIMIT)
			e->field = "code";
		return -1;
	}
	int ok = store_begin(db) == STORE_OK ? mfa_check_code(db, who->id, code, &why, e)
	                                     : derr_store(e, db, "mfa code");
	if (!ok) {
		store_rollback(db); /* a refused code spent nothing */
		throttle_login_failed(db, &t, now);
		audit_record(db, who, NULL, action, "account", who->id, who->address, "failed",
		             why);
		return mfa_code_refused(e, DERR_FORBIDDEN, why);
	}
	if (ok > 0 && throttle_login_succeeded(db, &t, 0, now, NULL))
		derr_store(e, db, "mfa code");
	else if (ok > 0 && !change(db, who, arg, e) &&
	         !audit_write(db, who, action, "account", who->id, detail, e)) {
		if (store_commit(db) == STORE_OK)
			return 0;
		derr_store(e, db, "mfa code commit");
	}
	store_rollback(db);
	if (e->kind == DERR_INTERNAL)
		throttle_login_passed(db, &t);
	return -1;
}

/* Percent-encodes s (RFC 3986 unreserved characters kept) onto out. */
static void uri_escape(char *out, size_t n, const char *s)
{
	size_t o = strlen(out);
	for (; *s && o + 4 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, n - o, "%%%02X", c);
	}
	out[o] = '\0';
}

int mfa_setup(struct store *db, const struct actor *who, struct mfa_secret *out, struct derr *e)
{
	int64_t enabled_at = 0, last_step = 0, now = now_seconds();
	uint8_t raw[MFA_SECRET_BYTES];

	if (!pii_ready())
		return no_key(e);
	if (load(db, who->id, NULL, &enabled_at, &last_step, e) < 0)
		return -1;
	if (enabled_at)
		return derr_code(e, DERR_CONFLICT, "mfa_enabled", NULL,
		                 "两步验证已启用；如需更换身份验证器，请先停用");
	randombytes_buf(raw, sizeof(raw));
	base32_encode(raw, sizeof(raw), out->secret);
	sodium_memzero(raw, sizeof(raw));
	char *sealed = pii_seal(out->secret);
	if (!sealed)
		return derr_internal(e, "mfa seal");
	/* The WHERE keeps a concurrent enable from being overwritten. */
	int rc = store_begin(db);
	if (rc == STORE_OK)
		rc = store_run(
		    db,
		    "INSERT INTO account_mfa (account_id, secret_sealed, created_at)"
		    " VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET"
		    " secret_sealed = excluded.secret_sealed, created_at = excluded.created_at,"
		    " last_step = 0 WHERE account_mfa.enabled_at IS NULL",
		    "iti", who->id, sealed, now);
	free(sealed);
	if (rc != STORE_OK)
		return derr_store(e, db, "mfa setup");
	if (audit_write(db, who, "mfa.setup", "account", who->id, NULL, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "mfa setup commit");

	snprintf(out->uri, sizeof(out->uri), "otpauth://totp/");
	uri_escape(out->uri, sizeof(out->uri), MFA_ISSUER);
	uri_escape(out->uri, sizeof(out->uri), ":");
	uri_escape(out->uri, sizeof(out->uri), who->login);
	size_t o = strlen(out->uri);
	snprintf(out->uri + o, sizeof(out->uri) - o, "?secret=%s&issuer=", out->secret);
	uri_escape(out->uri, sizeof(out->uri), MFA_ISSUER);
	o = strlen(out->uri);
	snprintf(out->uri + o, sizeof(out->uri) - o, "&algorithm=SHA1&digits=%d&period=%d",
	         TOTP_DIGITS, TOTP_PERIOD);
	return 0;
}

int mfa_enable(struct store *db, const struct actor *who, const char *code,
               mfa_recovery_codes codes, struct mfa_status *after, struct derr *e)
{
	int64_t enabled_at = 0, last_step = 0, now = now_seconds(), got = 0;
	uint8_t key[MFA_SECRET_BYTES];

	int found = load(db, who->id, key, &enabled_at, &last_step, e);
	if (found < 0)
		return -1;
	if (!found) {
		sodium_memzero(key, sizeof(key));
		return derr_code(e, DERR_CONFLICT, "mfa_not_started", NULL,
		                 "请先获取二维码，再输入验证码");
	}
	if (enabled_at) {
		sodium_memzero(key, sizeof(key));
		return derr_code(e, DERR_CONFLICT, "mfa_enabled", NULL, "两步验证已启用");
	}
	int64_t step = totp_match(key, sizeof(key), code, now, last_step);
	sodium_memzero(key, sizeof(key));
	if (step < 0) {
		audit_record(db, who, NULL, "mfa.enable", "account", who->id, who->address,
		             "failed", "wrong code");
		return derr_code(
		    e, DERR_FORBIDDEN, "bad_code", "code",
		    "验证码不正确：请确认手机时间准确，并输入应用中当前显示的 6 位数字");
	}
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "mfa enable begin");
	int rc = store_int64(db, &got,
	                     "UPDATE account_mfa SET enabled_at = ?, last_step = ?"
	                     " WHERE account_id = ? AND enabled_at IS NULL RETURNING account_id",
	                     "iii", now, step, who->id);
	if (rc == STORE_DONE) {
		store_rollback(db);
		return derr_code(e, DERR_CONFLICT, "mfa_enabled", NULL, "两步验证已启用");
	}
	if (rc != STORE_ROW)
		return derr_store(e, db, "mfa enable");
	if (recovery_write(db, who->id, codes, e))
		return -1;
	if (store_run(db, "DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?", "it",
	              who->id, who->token_hash) != STORE_OK ||
	    store_run(db, "DELETE FROM mfa_pending WHERE account_id = ?", "i", who->id) != STORE_OK)
		return derr_store(e, db, "mfa enable sessions");
	if (audit_write(db, who, "mfa.enable", "account", who->id, NULL, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "mfa enable commit");
	*after = (struct mfa_status){.required = (who->role & ROLE_MFA_REQUIRED) != 0,
	                             .enabled = 1,
	                             .enabled_at = now,
	                             .recovery_left = MFA_RECOVERY_COUNT};
	return 0;
}

/* Deletes every MFA row of account_id (inside the caller's transaction). */
static int forget(struct store *db, int64_t account_id, struct derr *e)
{
	if (store_run(db, "DELETE FROM mfa_recovery_codes WHERE account_id = ?", "i", account_id) !=
	        STORE_OK ||
	    store_run(db, "DELETE FROM mfa_pending WHERE account_id = ?", "i", account_id) !=
	        STORE_OK ||
	    store_run(db, "DELETE FROM account_mfa WHERE account_id = ?", "i", account_id) !=
	        STORE_OK)
		return derr_store(e, db, "mfa forget");
	return 0;
}

static int forget_own(struct store *db, const struct actor *who, void *arg, struct derr *e)
{
	(void)arg;
	return forget(db, who->id, e);
}

int mfa_disable(struct store *db, const struct actor *who, const char *password, const char *code,
                struct mfa_status *after, struct derr *e)
{
	int pw_ok = account_password_ok(db, who->id, password, e);
	if (pw_ok < 0)
		return -1;
	if (!pw_ok) {
		audit_record(db, who, NULL, "mfa.disable", "account", who->id, who->address,
		             "failed", "wrong password");
		return derr_code(e, DERR_FORBIDDEN, "bad_credentials", "password", "密码不正确");
	}
	if (with_code(db, who, "mfa.disable", code, forget_own, NULL,
	              who->role & ROLE_MFA_REQUIRED ? "role requires MFA: enrolment again" : NULL,
	              e))
		return -1;
	*after = (struct mfa_status){.required = (who->role & ROLE_MFA_REQUIRED) != 0};
	return 0;
}

static int renew_codes(struct store *db, const struct actor *who, void *codes, struct derr *e)
{
	return recovery_write(db, who->id, *(mfa_recovery_codes *)codes, e);
}

int mfa_recovery_renew(struct store *db, const struct actor *who, const char *code,
                       mfa_recovery_codes codes, struct derr *e)
{
	return with_code(db, who, "mfa.recovery_codes", code, renew_codes, codes, NULL, e);
}

int mfa_reset(struct store *db, const struct actor *who, int64_t target, struct derr *e)
{
	int64_t enabled_at = 0, last_step = 0, exists = 0;
	if (store_int64(db, &exists, "SELECT COUNT(*) FROM accounts WHERE id = ?", "i", target) !=
	    STORE_ROW)
		return derr_store(e, db, "mfa reset lookup");
	if (!exists)
		return derr_set(e, DERR_NOT_FOUND, NULL, "账号不存在");
	if (who->id && target == who->id)
		return derr_set(e, DERR_RULE, NULL,
		                "不能重置自己的两步验证；请在“修改密码”页面用密码和验证码停用");
	int found = load(db, target, NULL, &enabled_at, &last_step, e);
	if (found < 0)
		return -1;
	if (!enabled_at)
		return derr_code(e, DERR_CONFLICT, "mfa_not_enabled", NULL, "该账号未启用两步验证");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "mfa reset begin");
	if (forget(db, target, e))
		return -1;
	if (store_run(db, "DELETE FROM sessions WHERE account_id = ?", "i", target) != STORE_OK)
		return derr_store(e, db, "mfa reset sessions");
	if (audit_write(db, who, "mfa.reset", "account", target,
	                who->id ? NULL : "skyway user mfa-reset", e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "mfa reset commit");
	return 0;
}
