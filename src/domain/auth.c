/* Logging in and out, the caller's account, password change (auth.h). */
#include "domain/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "domain/account.h"
#include "domain/api_token.h"
#include "domain/audit.h"
#include "domain/password.h"

/* The account a login names: id 0 when none.  0, or -1 with e. */
struct login_row {
	int64_t id;
	char *hash; /* malloc'd, or NULL */
	int active;
};

static int read_login(struct store *db, const char *login, struct login_row *r, struct derr *e)
{
	memset(r, 0, sizeof(*r));
	struct store_stmt *st = store_query(
	    db, "SELECT id, password_hash, status FROM accounts WHERE login = ?", "t", login);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		r->id = store_column_int64(st, 0);
		if (store_column_type(st, 1) != STORE_T_NULL)
			r->hash = strdup(store_column_text(st, 1));
		const char *status = store_column_text(st, 2);
		r->active = status && !strcmp(status, "active");
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return derr_store(e, db, "login lookup");
	return 0;
}

/* A password hashed at an older cost is hashed again, now that it is at
 * hand; a failure costs nothing but the upgrade. */
static void rehash(struct store *db, int64_t id, const char *hash, const char *pw)
{
	char fresh[PASSWORD_HASH_MAX];
	if (password_needs_rehash(hash) && password_hash(pw, fresh) == 0)
		store_run(db, "UPDATE accounts SET password_hash = ? WHERE id = ?", "ti", fresh,
		          id);
}

int auth_login(struct store *db, const char *login, const char *password, const char *address,
               const char *device_token, struct auth_login *out, struct derr *e)
{
	int64_t now = now_seconds();
	struct throttle_login t;
	struct login_row r;
	memset(out, 0, sizeof(*out));
	if (throttle_login_begin(db, &t, login, address, device_token, now, e)) {
		if (e->kind == DERR_LIMIT)
			audit_record(db, NULL, login, "auth.login", "account", 0, address, "denied",
			             t.audit);
		return -1;
	}
	if (read_login(db, login, &r, e))
		return -1;
	int ok = password_verify(r.hash, password);
	if (ok && r.active)
		rehash(db, r.id, r.hash, password);
	free(r.hash);
	if (!ok) {
		throttle_login_failed(db, &t, now);
		audit_record(db, NULL, login, "auth.login", "account", r.id, address, "failed",
		             r.id ? "wrong password" : "unknown login");
		return derr_code(e, DERR_UNAUTHORIZED, "bad_credentials", NULL, "账号或密码错误");
	}
	if (!r.active) {
		throttle_login_succeeded(db, &t, 0, now, NULL); /* the password was right */
		audit_record(db, NULL, login, "auth.login", "account", r.id, address, "denied",
		             "account disabled");
		return derr_code(e, DERR_FORBIDDEN, "account_disabled", NULL,
		                 "该账号已停用，请联系平台管理员");
	}
	out->account_id = r.id;
	/* With MFA on, the password earns a pending token, not a session: this
	 * attempt is not a failure, but earlier ones stay until the code proves
	 * right (a password alone never clears the lockout). */
	if (mfa_login_begin(db, r.id, login, address, out->mfa_token, &out->mfa_required, e))
		return -1;
	if (out->mfa_required) {
		throttle_login_passed(db, &t);
		return 0;
	}
	throttle_login_succeeded(db, &t, r.id, now, out->device);
	return 0;
}

/* The account a session opens for, as the actor of its audit row. */
static struct actor session_actor(json_t *account, int64_t id, const char *login,
                                  const char *address)
{
	struct actor who = {.id = id,
	                    .role =
	                        role_from_name(json_string_value(json_object_get(account, "role"))),
	                    .address = address};
	snprintf(who.login, sizeof(who.login), "%s", login);
	json_t *org = json_object_get(account, "org");
	who.org_id = json_is_object(org) ? json_integer_value(json_object_get(org, "id")) : 0;
	return who;
}

int auth_session_open(struct store *db, int64_t account_id, const char *login, const char *address,
                      const char *detail, struct auth_session *out, struct derr *e)
{
	memset(out, 0, sizeof(*out));
	if (store_begin(db) == STORE_OK &&
	    session_create(db, account_id, address, out->token, out->csrf) == STORE_OK &&
	    store_run(db, "UPDATE accounts SET last_login_at = ? WHERE id = ?", "ii", now_seconds(),
	              account_id) == STORE_OK)
		out->account = account_json(db, account_id);
	if (!json_is_object(out->account)) {
		derr_store(e, db, "session open");
	} else {
		struct actor who = session_actor(out->account, account_id, login, address);
		if (!audit_write(db, &who, "auth.login", "account", account_id, detail, e) &&
		    !mfa_status(db, account_id, who.role, &out->mfa, e)) {
			if (store_commit(db) == STORE_OK)
				return 0;
			derr_store(e, db, "session open commit");
		}
	}
	store_rollback(db);
	json_decref(out->account);
	out->account = NULL;
	sodium_memzero(out->token, sizeof(out->token));
	return -1;
}

int auth_logout(struct store *db, const struct actor *a, struct derr *e)
{
	if (store_begin(db) != STORE_OK || session_delete(db, a->token_hash) != STORE_OK)
		return derr_store(e, db, "logout");
	if (audit_write(db, a, "auth.logout", "account", a->id, NULL, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "logout commit");
}

int auth_me(struct store *db, const struct actor *a, json_t **account, struct mfa_status *mfa,
            struct derr *e)
{
	*account = account_json(db, a->id);
	if (json_is_object(*account) && !mfa_status(db, a->id, a->role, mfa, e))
		return 0;
	json_decref(*account);
	*account = NULL;
	return derr_store(e, db, "me");
}

int auth_password_change(struct store *db, const struct actor *a, const char *old,
                         const char *fresh, struct derr *e)
{
	char hash[PASSWORD_HASH_MAX];
	json_t *me = account_json(db, a->id);
	if (!json_is_object(me)) {
		json_decref(me);
		return derr_store(e, db, "password change account");
	}
	struct password_owner owner = {
	    .login = a->login,
	    .name = json_string_value(json_object_get(me, "display_name")),
	    .student_no = json_string_value(json_object_get(me, "student_no"))};
	int rc = password_policy(fresh, &owner, "new_password", e);
	json_decref(me);
	if (rc)
		return -1;
	int ok = account_password_ok(db, a->id, old, e);
	if (ok < 0)
		return -1;
	if (!ok) {
		/* A wrong password is on record on its own, like a failed login. */
		audit_record(db, a, NULL, "account.password_change", "account", a->id, a->address,
		             "failed", "wrong old password");
		return derr_code(e, DERR_FORBIDDEN, "bad_credentials", "old_password",
		                 "原密码不正确");
	}
	if (password_hash(fresh, hash))
		return derr_internal(e, "password hash");
	/* Other sessions of this account end, and its API tokens; this session stays. */
	if (store_begin(db) != STORE_OK ||
	    store_run(db, "UPDATE accounts SET password_hash = ? WHERE id = ?", "ti", hash,
	              a->id) != STORE_OK ||
	    store_run(db, "DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?", "it",
	              a->id, a->token_hash) != STORE_OK ||
	    api_token_revoke_account(db, a->id) != STORE_OK)
		return derr_store(e, db, "password change");
	if (audit_write(db, a, "account.password_change", "account", a->id, NULL, e))
		return -1;
	return store_commit(db) == STORE_OK ? 0 : derr_store(e, db, "password change commit");
}
