/*
 * API tokens per organisation (api_token.h).
 */
#include "domain/api_token.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"

#define DAY            86400
#define NAME_MAX_CHARS 40

/* The tags a token may reach, each with a read and a write bit (2*i and 2*i+1), and
 * which organisation types may grant each (a write only where the tag has writes for
 * that role: a college records destinations under statistics, not students). */
static const struct {
	const char *tag;
	int read, write;
} scope_tags[] = {
    {"students", ROLE_COLLEGE, 0},
    {"statistics", ROLE_COLLEGE, ROLE_COLLEGE},
    {"positions", ROLE_ENTERPRISE, ROLE_ENTERPRISE},
    {"applications", ROLE_ENTERPRISE, ROLE_ENTERPRISE},
    {"imports", ROLE_COLLEGE | ROLE_ENTERPRISE, ROLE_COLLEGE | ROLE_ENTERPRISE},
    {"dictionaries", ROLE_COLLEGE | ROLE_ENTERPRISE, 0},
};
#define SCOPE_TAGS (sizeof(scope_tags) / sizeof(scope_tags[0]))

/* The bit of scope "<tag>:read|write" for role, or -1 when it is not one role may grant. */
static int scope_bit(const char *scope, int role)
{
	const char *colon = strchr(scope, ':');
	if (!colon)
		return -1;
	int write = !strcmp(colon + 1, "write");
	if (!write && strcmp(colon + 1, "read"))
		return -1;
	for (size_t i = 0; i < SCOPE_TAGS; i++)
		if (strlen(scope_tags[i].tag) == (size_t)(colon - scope) &&
		    !strncmp(scope, scope_tags[i].tag, (size_t)(colon - scope)) &&
		    ((write ? scope_tags[i].write : scope_tags[i].read) & role))
			return (int)(2 * i) + write;
	return -1;
}

/* Copies the next word of the stored space-separated scopes *text into word and moves
 * *text past it; returns 0 when there is none left.  A word too long to be a scope comes
 * back empty. */
static int next_word(const char **text, char word[48])
{
	*text += strspn(*text, " ");
	if (!**text)
		return 0;
	size_t n = strcspn(*text, " ");
	snprintf(word, 48, "%.*s", n < 48 ? (int)n : 0, *text);
	*text += n;
	return 1;
}

/* Parses the stored scopes into bits (unknown words are ignored: a scope withdrawn from
 * a role in a later release simply stops working). */
static unsigned scope_bits(const char *text, int role)
{
	unsigned bits = 0;
	char word[48];
	while (text && next_word(&text, word)) {
		int bit = scope_bit(word, role);
		if (bit >= 0)
			bits |= 1u << bit;
	}
	return bits;
}

int api_token_allows(unsigned scopes, const char *tag, int write)
{
	for (size_t i = 0; tag && i < SCOPE_TAGS; i++)
		if (!strcmp(tag, scope_tags[i].tag))
			return (scopes >> (2 * i + (write ? 1 : 0))) & 1;
	return 0;
}

/* What the list shows of a token: everything but its hash. */
#define TOKEN_COLUMNS                                                                              \
	"t.id, t.name, t.prefix, t.scopes, t.created_at, c.login AS created_by, t.expires_at,"     \
	" t.last_used_at, t.revoked_at"

/* Shapes one row: scopes as an array, and its state at now. */
static void shape(json_t *row, int64_t now)
{
	const char *text = json_string_value(json_object_get(row, "scopes"));
	json_t *scopes = json_array();
	char word[48];
	while (text && next_word(&text, word))
		if (*word)
			json_array_append_new(scopes, json_string(word));
	json_object_set_new(row, "scopes", scopes);
	const char *state = !json_is_null(json_object_get(row, "revoked_at")) ? "revoked"
	                    : json_integer_value(json_object_get(row, "expires_at")) <= now
	                        ? "expired"
	                        : "active";
	json_object_set_new(row, "state", json_string(state));
}

/* Token id of a's organisation as listed, or NULL (none / store error: see *failed). */
static json_t *token_row(struct store *db, const struct actor *a, int64_t id, int *failed)
{
	json_t *rows = store_rows(db,
	                          "SELECT " TOKEN_COLUMNS " FROM api_tokens t"
	                          " JOIN accounts c ON c.id = t.account_id"
	                          " WHERE t.id = ? AND t.org_id = ?",
	                          "ii", id, a->org_id);
	*failed = !rows;
	json_t *row = rows && json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
	json_decref(rows);
	if (row)
		shape(row, now_seconds());
	return row;
}

static int may_have_tokens(const struct actor *a, struct derr *e)
{
	if (!(a->role & (ROLE_COLLEGE | ROLE_ENTERPRISE)) || !a->org_id || a->api_token)
		return derr_set(e, DERR_FORBIDDEN, NULL,
		                "只有院校和企业的工作人员可以管理 API 令牌");
	return 0;
}

int api_token_create(struct store *db, const struct actor *a, const char *password,
                     const char *name, json_t *scopes, int64_t expires_days, json_t **out,
                     char secret[API_TOKEN_LEN + 1], struct derr *e)
{
	*out = NULL;
	secret[0] = '\0';
	if (may_have_tokens(a, e))
		return -1;
	if (!name || !*name || utf8_length(name) > NAME_MAX_CHARS)
		return derr_set(e, DERR_INVALID, "name", "请填写令牌名称（最多 40 个字）");
	if (expires_days < 1 || expires_days > 730)
		return derr_set(e, DERR_INVALID, "expires_days", "有效期应为 1 至 730 天");
	if (!json_is_array(scopes) || !json_array_size(scopes))
		return derr_set(e, DERR_INVALID, "scopes", "请至少选择一项权限");
	int ok = account_password_ok(db, a->id, password, e);
	if (ok <= 0)
		return ok < 0 ? -1
		              : derr_code(e, DERR_FORBIDDEN, "bad_credentials", "password",
		                          "密码不正确");
	struct buf text = BUF_INIT;
	unsigned bits = 0;
	size_t i;
	json_t *s;
	json_array_foreach(scopes, i, s)
	{
		int bit = json_is_string(s) ? scope_bit(json_string_value(s), a->role) : -1;
		if (bit < 0) {
			buf_release(&text);
			return derr_set(
			    e, DERR_INVALID, "scopes",
			    a->role == ROLE_COLLEGE
			        ? "院校的令牌权限只能是 students、statistics、imports、"
			          "dictionaries 的 read 或 write"
			        : "企业的令牌权限只能是 positions、applications、imports、"
			          "dictionaries 的 read 或 write");
		}
		if (bits & (1u << bit))
			continue;
		bits |= 1u << bit;
		if (text.len)
			buf_addch(&text, ' ');
		buf_adds(&text, json_string_value(s));
	}
	char hex[65], hash[65];
	random_hex(hex, 32);
	snprintf(secret, API_TOKEN_LEN + 1, "sky_%s", hex);
	sha256_hex(secret, strlen(secret), hash);
	char prefix[9];
	snprintf(prefix, sizeof(prefix), "%.8s", hex);
	int64_t now = now_seconds(), id = 0;
	if (store_begin(db) != STORE_OK ||
	    store_int64(
	        db, &id,
	        "INSERT INTO api_tokens (org_id, account_id, name, token_hash, prefix, scopes,"
	        " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	        "iittttii", a->org_id, a->id, name, hash, prefix, text.data, now,
	        now + expires_days * DAY) != STORE_ROW) {
		buf_release(&text);
		secret[0] = '\0';
		return derr_store(e, db, "api token");
	}
	char detail[160];
	snprintf(detail, sizeof(detail), "%s: %s", prefix, text.data);
	buf_release(&text);
	if (audit_write(db, a, "api_token.create", "api_token", id, detail, e)) {
		secret[0] = '\0';
		return -1;
	}
	if (store_commit(db) != STORE_OK) {
		secret[0] = '\0';
		return derr_store(e, db, "api token commit");
	}
	int failed;
	*out = token_row(db, a, id, &failed);
	if (!*out) {
		secret[0] = '\0';
		return derr_store(e, db, "api token read");
	}
	return 0;
}

int api_token_list(struct store *db, const struct actor *a, json_t **items, struct derr *e)
{
	*items = NULL;
	if (may_have_tokens(a, e))
		return -1;
	json_t *rows = store_rows(db,
	                          "SELECT " TOKEN_COLUMNS " FROM api_tokens t"
	                          " JOIN accounts c ON c.id = t.account_id"
	                          " WHERE t.org_id = ? ORDER BY t.created_at DESC, t.id DESC",
	                          "i", a->org_id);
	if (!rows)
		return derr_store(e, db, "api tokens");
	int64_t now = now_seconds();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) shape(row, now);
	*items = rows;
	return 0;
}

int api_token_revoke(struct store *db, const struct actor *a, int64_t id, json_t **out,
                     struct derr *e)
{
	*out = NULL;
	if (may_have_tokens(a, e))
		return -1;
	int64_t done = 0;
	if (store_begin(db) != STORE_OK ||
	    store_int64(db, &done,
	                "UPDATE api_tokens SET revoked_at = ?, revoked_by = ?"
	                " WHERE id = ? AND org_id = ? AND revoked_at IS NULL RETURNING id",
	                "iiii", now_seconds(), a->id, id, a->org_id) < 0)
		return derr_store(e, db, "api token revoke");
	if (!done) {
		store_rollback(db);
		int failed;
		json_t *row = token_row(db, a, id, &failed);
		if (failed)
			return derr_store(e, db, "api token");
		json_decref(row);
		return row ? derr_set(e, DERR_CONFLICT, NULL, "该令牌已吊销")
		           : derr_set(e, DERR_NOT_FOUND, NULL, "没有这个 API 令牌");
	}
	if (audit_write(db, a, "api_token.revoke", "api_token", id, NULL, e))
		return -1;
	if (store_commit(db) != STORE_OK)
		return derr_store(e, db, "api token revoke commit");
	int failed;
	*out = token_row(db, a, id, &failed);
	return *out ? 0 : derr_store(e, db, "api token read");
}

int api_token_revoke_account(struct store *db, int64_t account_id)
{
	return store_run(db,
	                 "UPDATE api_tokens SET revoked_at = ? WHERE account_id = ?"
	                 " AND revoked_at IS NULL",
	                 "ii", now_seconds(), account_id);
}

int api_token_lookup(struct store *db, const char *secret, struct actor *a)
{
	if (strlen(secret) != API_TOKEN_LEN || strncmp(secret, "sky_", 4))
		return 0;
	char hash[65];
	sha256_hex(secret, strlen(secret), hash);
	struct store_stmt *st = store_query(
	    db,
	    "SELECT t.id, t.org_id, t.scopes, t.expires_at, t.revoked_at, t.last_used_at,"
	    " t.prefix, a.id, a.role, a.org_id, a.login, a.status"
	    " FROM api_tokens t JOIN accounts a ON a.id = t.account_id"
	    " WHERE t.token_hash = ?",
	    "t", hash);
	if (!st)
		return -1;
	int64_t now = now_seconds(), token = 0, used = 0;
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		int role = role_from_name(store_column_text(st, 8));
		const char *status = store_column_text(st, 11);
		if (store_column_int64(st, 3) > now && store_column_type(st, 4) == STORE_T_NULL &&
		    status && !strcmp(status, "active") &&
		    (role & (ROLE_COLLEGE | ROLE_ENTERPRISE)) &&
		    store_column_int64(st, 9) == store_column_int64(st, 1)) {
			memset(a, 0, sizeof(*a));
			token = store_column_int64(st, 0);
			used = store_column_int64(st, 5);
			a->id = store_column_int64(st, 7);
			a->role = role;
			a->org_id = store_column_int64(st, 1);
			a->api_token = token;
			a->api_scopes = scope_bits(store_column_text(st, 2), role);
			snprintf(a->login, sizeof(a->login), "%.40s (api:%s)",
			         store_column_text(st, 10), store_column_text(st, 6));
		}
	} else if (rc != STORE_DONE) {
		store_finalize(st);
		return -1;
	}
	store_finalize(st);
	/* A write per call would make every read a durable write. */
	if (token && now - used >= 60)
		store_run(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", "ii", now,
		          token);
	return token ? 1 : 0;
}
