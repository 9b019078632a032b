#include "domain/session.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/api_token.h"

struct session_config session_config = {30 * 60, 12 * 60 * 60};

int session_expired(const struct session_config *cfg, int64_t created, int64_t last_seen,
                    int64_t now)
{
	return now - last_seen > cfg->idle || now - created > cfg->absolute;
}

int session_create(struct store *db, int64_t account_id, const char *address,
                   char token[SESSION_TOKEN_HEX + 1], char csrf[SESSION_TOKEN_HEX + 1])
{
	char hash[65];
	int64_t now = now_seconds();

	random_hex(token, 32);
	random_hex(csrf, 32);
	sha256_hex(token, strlen(token), hash);
	/* Sessions that ended are swept here rather than by a timer. */
	store_run(db, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?", "ii",
	          now - session_config.idle, now - session_config.absolute);
	return store_run(db,
	                 "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at,"
	                 " last_seen_at, address) VALUES (?, ?, ?, ?, ?, ?)",
	                 "tit"
	                 "iit",
	                 hash, account_id, csrf, now, now, address);
}

int session_lookup(struct store *db, const char *token, struct actor *a)
{
	char hash[65];
	int64_t now = now_seconds();
	int rc, found = 0;

	if (strlen(token) != SESSION_TOKEN_HEX)
		return 0;
	sha256_hex(token, strlen(token), hash);
	struct store_stmt *st =
	    store_query(db,
	                "SELECT s.created_at, s.last_seen_at, s.csrf_token, a.id, a.role, a.org_id,"
	                " a.login, a.status, m.enabled_at FROM sessions s"
	                " JOIN accounts a ON a.id = s.account_id"
	                " LEFT JOIN account_mfa m ON m.account_id = a.id"
	                " WHERE s.token_hash = ?",
	                "t", hash);
	if (!st)
		return -1;
	rc = store_step(st);
	if (rc == STORE_ROW) {
		int64_t created = store_column_int64(st, 0);
		int64_t seen = store_column_int64(st, 1);
		const char *status = store_column_text(st, 7);
		if (!session_expired(&session_config, created, seen, now) && status &&
		    !strcmp(status, "active")) {
			memset(a, 0, sizeof(*a));
			snprintf(a->csrf, sizeof(a->csrf), "%s", store_column_text(st, 2));
			a->id = store_column_int64(st, 3);
			a->role = role_from_name(store_column_text(st, 4));
			a->org_id = store_column_int64(st, 5);
			snprintf(a->login, sizeof(a->login), "%s", store_column_text(st, 6));
			snprintf(a->token_hash, sizeof(a->token_hash), "%s", hash);
			/* A role that must use MFA and has not enrolled: the
			 * router lets this session reach enrolment only. */
			a->mfa_missing = (a->role & ROLE_MFA_REQUIRED) &&
			                 store_column_type(st, 8) == STORE_T_NULL;
			found = 1;
			/* Touch at most every idle/8 seconds: a write per request
			 * would make every read a durable write. */
			int64_t every = session_config.idle / 8;
			if (every > 60)
				every = 60;
			if (now - seen >= every && now != seen)
				found = 2;
		}
	} else if (rc != STORE_DONE) {
		store_finalize(st);
		return -1;
	}
	store_finalize(st);
	if (found == 2) {
		store_run(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", "it",
		          now, hash);
		found = 1;
	}
	return found;
}

int session_delete(struct store *db, const char *token_hash)
{
	return store_run(db, "DELETE FROM sessions WHERE token_hash = ?", "t", token_hash);
}

int session_delete_account(struct store *db, int64_t account_id)
{
	/* What ends every session of an account ends its API tokens too. */
	int rc = api_token_revoke_account(db, account_id);
	return rc != STORE_OK
	           ? rc
	           : store_run(db, "DELETE FROM sessions WHERE account_id = ?", "i", account_id);
}
