/* Claiming a student record: the proofs and the claim (notes in claim.h). */
#include "domain/claim.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/pii.h"
#include "domain/recommend.h"

/* No 0/1/I/O: a code is read off paper and typed on a phone. */
static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/* The one answer to every refused claim (note 3). */
#define REFUSED                                                                                    \
	"学号、姓名或验证信息与学院登记的不一致，或该学籍暂不能注册。请核对后重试，或联系学院老师"

int claim_name_normalize(const char *in, char *out, size_t n)
{
	/* Multi-byte spellings of a middle dot, and the blanks dropped. */
	static const char *const dots[] = {"\xc2\xb7",     "\xe2\x80\xa2", "\xe3\x83\xbb",
	                                   "\xe2\x80\xa7", "\xef\xbc\x8e", "."};
	size_t o = 0;
	while (*in) {
		const char *piece = NULL;
		size_t skip = 0;
		if (*in == ' ' || *in == '\t') {
			in++;
			continue;
		}
		if (!strncmp(in, "\xe3\x80\x80", 3)) { /* U+3000 ideographic space */
			in += 3;
			continue;
		}
		for (size_t k = 0; k < sizeof(dots) / sizeof(dots[0]) && !piece; k++)
			if (!strncmp(in, dots[k], strlen(dots[k]))) {
				piece = "\xc2\xb7";
				skip = strlen(dots[k]);
			}
		if (!piece) {
			if (o + 1 >= n)
				return -1;
			out[o++] = *in++;
			continue;
		}
		if (o + 2 >= n)
			return -1;
		memcpy(out + o, piece, 2);
		o += 2;
		in += skip;
	}
	if (o >= n)
		return -1;
	out[o] = '\0';
	return 0;
}

int claim_id6_normalize(const char *in, char out[7])
{
	if (!in || strlen(in) != 6)
		return -1;
	for (int i = 0; i < 6; i++) {
		char ch = in[i];
		if (i == 5 && (ch == 'x' || ch == 'X'))
			ch = 'X';
		else if (ch < '0' || ch > '9')
			return -1;
		out[i] = ch;
	}
	out[6] = '\0';
	return 0;
}

int claim_code_normalize(const char *in, char out[CLAIM_CODE_CHARS + 1])
{
	size_t o = 0;
	for (; in && *in; in++) {
		char ch = *in;
		if (ch == '-' || ch == ' ')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!ch || !strchr(code_alphabet, ch) || o == CLAIM_CODE_CHARS)
			return -1;
		out[o++] = ch;
	}
	out[o] = '\0';
	return o == CLAIM_CODE_CHARS ? 0 : -1;
}

void claim_code_format(const unsigned char rnd[8], char out[CLAIM_CODE_TEXT])
{
	uint64_t bits = 0;
	for (int i = 0; i < 8; i++)
		bits = bits << 8 | rnd[i];
	size_t o = 0;
	for (int i = 0; i < CLAIM_CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = code_alphabet[bits & 31];
		bits >>= 5;
	}
	out[o] = '\0';
}

void claim_code_hash(int64_t student_id, const char *code, char out[65])
{
	char text[96];
	int n =
	    snprintf(text, sizeof(text), "skyway-claim-code:%lld:%s", (long long)student_id, code);
	sha256_hex(text, (size_t)n, out);
}

int claim_id6_mac(int64_t college_id, const char *student_no, const char *id, char out[65])
{
	unsigned char key[32], mac[crypto_auth_hmacsha256_BYTES];
	char last6[7];
	size_t len = id ? strlen(id) : 0;
	if ((len != 6 && len != 18) || claim_id6_normalize(id + len - 6, last6) ||
	    pii_derive_key("skyclaim", 1, key))
		return -1;
	char text[160];
	int n =
	    snprintf(text, sizeof(text), "%lld:%s:%s", (long long)college_id, student_no, last6);
	crypto_auth_hmacsha256(mac, (const unsigned char *)text, (unsigned long long)n, key);
	sodium_memzero(key, sizeof(key));
	sodium_bin2hex(out, 65, mac, sizeof(mac));
	return 0;
}

/* SHA-256 of a normalised name, for a comparison in constant time. */
static void name_digest(const char *name, unsigned char out[crypto_hash_sha256_BYTES])
{
	char norm[512];
	if (claim_name_normalize(name ? name : "", norm, sizeof(norm)))
		norm[0] = '\0';
	crypto_hash_sha256(out, (const unsigned char *)norm, strlen(norm));
}

/* What the database knows about the record claimed (all zero: none). */
struct record {
	int64_t id;
	char name[320];
	int claimed, locked, has_mac;
	char mac[65];
	/* the student's live code, if any */
	int64_t code_id, expires_at;
	int has_code, used;
	char code_hash[65];
};

static int read_record(struct store *db, const struct claim_request *rq, struct record *r)
{
	memset(r, 0, sizeof(*r));
	struct store_stmt *st =
	    store_query(db,
	                "SELECT id, name, account_id, claim_locked_at, id6_mac FROM students"
	                " WHERE college_id = ? AND student_no = ? AND closed_at IS NULL",
	                "it", rq->college_id, rq->student_no);
	int rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		r->id = store_column_int64(st, 0);
		snprintf(r->name, sizeof(r->name), "%s", store_column_text(st, 1));
		r->claimed = store_column_type(st, 2) != STORE_T_NULL;
		r->locked = store_column_type(st, 3) != STORE_T_NULL;
		r->has_mac = store_column_type(st, 4) != STORE_T_NULL;
		snprintf(r->mac, sizeof(r->mac), "%s", r->has_mac ? store_column_text(st, 4) : "");
	}
	store_finalize(st);
	if (rc != STORE_ROW && rc != STORE_DONE)
		return -1;
	/* The code is read for an unknown number too (id 0 finds none). */
	st = store_query(db,
	                 "SELECT id, code_hash, expires_at, used_at FROM claim_codes"
	                 " WHERE student_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
	                 "i", r->id);
	rc = st ? store_step(st) : STORE_ERROR;
	if (rc == STORE_ROW) {
		r->has_code = 1;
		r->code_id = store_column_int64(st, 0);
		snprintf(r->code_hash, sizeof(r->code_hash), "%s", store_column_text(st, 1));
		r->expires_at = store_column_int64(st, 2);
		r->used = store_column_type(st, 3) != STORE_T_NULL;
	}
	store_finalize(st);
	return rc == STORE_ROW || rc == STORE_DONE ? 0 : -1;
}

/* Judges a claim: every comparison is made whatever the earlier ones gave
 * (note 3), then the first reason in order of precedence is kept. */
static const char *judge(const struct claim_request *rq, const struct record *r, int64_t now)
{
	static const char zeros[65] =
	    "0000000000000000000000000000000000000000000000000000000000000000";
	unsigned char given[crypto_hash_sha256_BYTES], kept[crypto_hash_sha256_BYTES];
	name_digest(rq->name, given);
	name_digest(r->name, kept);
	int name_ok = sodium_memcmp(given, kept, sizeof(given)) == 0;
	int proof_ok = 0;
	char mine[65];
	if (rq->id6) {
		if (claim_id6_mac(rq->college_id, rq->student_no, rq->id6, mine))
			memcpy(mine, zeros, sizeof(mine)); /* no key: nothing can match */
		proof_ok = str_equal_ct(mine, r->has_mac ? r->mac : zeros) && r->has_mac;
	} else {
		claim_code_hash(r->id, rq->code ? rq->code : "", mine);
		proof_ok = str_equal_ct(mine, r->has_code ? r->code_hash : zeros) && r->has_code;
	}
	if (!r->id)
		return "unknown";
	if (r->claimed)
		return "claimed";
	if (r->locked)
		return "locked";
	if (!name_ok)
		return "name";
	if (rq->id6)
		return !r->has_mac ? "no_proof" : proof_ok ? "ok" : "id6";
	if (!r->has_code)
		return "no_proof";
	if (!proof_ok)
		return "code";
	return r->used ? "used" : r->expires_at <= now ? "expired" : "ok";
}

/* Records an attempt; a failure also counts against the record (locking
 * it at the limit) unless it is claimed or locked already.  The UPDATE
 * runs in every case: for an unknown number or a claim just made it
 * finds no row. */
static int record_attempt(struct store *db, const struct claim_request *rq, int64_t student,
                          const char *outcome, int64_t now)
{
	int failed = strcmp(outcome, "ok") != 0;
	if (store_run(db,
	              "INSERT INTO claim_attempts (college_id, student_id, at, address, method,"
	              " outcome) VALUES (?, ?, ?, ?, ?, ?)",
	              "iIitt"
	              "t",
	              rq->college_id, student, now, rq->address, rq->id6 ? "id6" : "code", outcome))
		return -1;
	return store_run(db,
	                 "UPDATE students SET claim_failures = CASE WHEN ? = 1 THEN"
	                 " claim_failures + 1 ELSE 0 END, claim_locked_at = CASE WHEN ? = 1 AND"
	                 " claim_failures + 1 >= ? THEN ? ELSE claim_locked_at END"
	                 " WHERE id = ? AND account_id IS NULL AND claim_locked_at IS NULL",
	                 "iiiii", (int64_t)failed, (int64_t)failed, (int64_t)CLAIM_MAX_FAILURES,
	                 now, student);
}

/* Writes the account and attaches the record; STORE_UNIQUE when the login
 * or the record was taken meanwhile. */
static int attach(struct store *db, const struct claim_request *rq, const struct record *r,
                  int64_t now, int64_t *account_id)
{
	int rc = account_insert(db, rq->login, rq->password_hash, "student", r->name,
	                        rq->college_id, rq->student_no, 0, account_id);
	if (rc != STORE_OK)
		return rc;
	int64_t got = 0;
	rc = store_int64(db, &got,
	                 "UPDATE students SET account_id = ?, claim_failures = 0, updated_at = ?"
	                 " WHERE id = ? AND account_id IS NULL RETURNING id",
	                 "iii", *account_id, now, r->id);
	if (rc == STORE_DONE)
		return STORE_UNIQUE;
	if (rc != STORE_ROW)
		return STORE_ERROR;
	/* The code is spent; any other live code of the student is void. */
	if (r->has_code &&
	    store_run(db, "UPDATE claim_codes SET used_at = ? WHERE id = ?", "ii", now, r->code_id))
		return STORE_ERROR;
	return store_run(db,
	                 "UPDATE claim_codes SET revoked_at = ? WHERE student_id = ? AND"
	                 " used_at IS NULL AND revoked_at IS NULL",
	                 "ii", now, r->id);
}

static int refuse(struct derr *e)
{
	return derr_set(e, DERR_NOT_FOUND, "student_no", REFUSED);
}

/* The claim succeeded (inside its transaction): its audit rows, as the
 * new account from where it registered, and the account to answer with. */
static int claimed(struct store *db, const struct claim_request *rq, const struct record *r,
                   int64_t account_id, json_t **account, struct derr *e)
{
	struct actor who = {.id = account_id,
	                    .role = ROLE_STUDENT,
	                    .org_id = rq->college_id,
	                    .address = rq->address};
	snprintf(who.login, sizeof(who.login), "%s", rq->login);
	if (audit_write(db, &who, "register.student", "account", account_id, NULL, e) ||
	    audit_write(db, &who, "student.claim", "student", r->id, rq->id6 ? "id6" : "code", e))
		return -1;
	*account = account_json(db, account_id);
	return json_is_object(*account) ? 0 : derr_store(e, db, "claim: account");
}

int claim_register(struct store *db, const struct claim_request *rq, json_t **account,
                   struct derr *e)
{
	int64_t now = now_seconds(), n = 0, account_id = 0;
	struct record r;
	struct recommend_change *change = NULL;
	*account = NULL;
	if (store_int64(db, &n,
	                "SELECT COUNT(*) FROM organizations WHERE id = ? AND kind = 'college'"
	                " AND status = 'active'",
	                "i", rq->college_id) != STORE_ROW)
		return derr_store(e, db, "claim: college");
	if (!n)
		return derr_set(e, DERR_NOT_FOUND, "college_id", "院校不存在");
	if (store_begin(db) != STORE_OK)
		return derr_store(e, db, "claim: begin");
	/* A taken login is said before anything about the record is read. */
	if (store_int64(db, &n, "SELECT COUNT(*) FROM accounts WHERE login = ?", "t", rq->login) !=
	    STORE_ROW)
		return derr_store(e, db, "claim: login");
	if (n) {
		store_rollback(db);
		return derr_set(e, DERR_CONFLICT, "login", "该账号已被使用");
	}
	if (read_record(db, rq, &r))
		return derr_store(e, db, "claim: record");
	const char *outcome = judge(rq, &r, now);
	int ok = !strcmp(outcome, "ok");
	int rc = ok ? attach(db, rq, &r, now, &account_id) : STORE_OK;
	if (rc == STORE_UNIQUE) { /* a race lost: the login, or the record */
		store_rollback(db);
		if (store_int64(db, &n, "SELECT COUNT(*) FROM accounts WHERE login = ?", "t",
		                rq->login) != STORE_ROW)
			return derr_store(e, db, "claim: login");
		if (n)
			return derr_set(e, DERR_CONFLICT, "login", "该账号已被使用");
		if (store_begin(db) != STORE_OK)
			return derr_store(e, db, "claim: begin");
		ok = 0;
		outcome = "claimed";
	} else if (rc != STORE_OK)
		return derr_store(e, db, "claim: attach");
	if (record_attempt(db, rq, r.id, outcome, now))
		return derr_store(e, db, "claim: attempt");
	/* A refusal is recorded with its attempt, and the refusal answered;
	 * a claim commits with its account, its audit rows and the record's
	 * new state for the engine. */
	if (!ok && audit_record(db, NULL, rq->login, "register.student", "student", r.id,
	                        rq->address, "failed", outcome) != STORE_OK)
		return derr_store(e, db, "claim: audit");
	if (ok && (claimed(db, rq, &r, account_id, account, e) ||
	           recommend_student_read(db, r.id, &change)))
		goto fail;
	if (store_commit(db) != STORE_OK)
		goto fail;
	if (!ok)
		return refuse(e);
	recommend_apply(change);
	return 0;
fail:
	derr_store(e, db, "claim: finish");
	recommend_discard(change);
	json_decref(*account);
	*account = NULL;
	return -1;
}
