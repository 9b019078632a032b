/* Two-step verification in the domain, on an in-memory SQLite database: no key,
 * no MFA; enrolment; the pending token's lifetime and its five tries; recovery codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/base32.h"
#include "base/util.h"
#include "domain/account.h"
#include "domain/mfa.h"
#include "domain/pii.h"
#include "domain/throttle.h"
#include "domain/totp.h"
#include "store/migrate.h"

/* The login device token a completed second step hands out (unused here). */
static char device[THROTTLE_DEVICE_HEX + 1];

struct world {
	struct store *db;
	struct actor who;
};

static int setup(void **state)
{
	static struct world w;
	char err[256];
	memset(&w, 0, sizeof(w));
	if (store_open("sqlite::memory:", &w.db, err, sizeof(err)) ||
	    migrate_run(w.db, err, sizeof(err)) < 0)
		return -1;
	if (account_insert(w.db, "zhangli", NULL, "operator", "张丽", 0, NULL, 0, &w.who.id) !=
	    STORE_OK)
		return -1;
	w.who.role = ROLE_OPERATOR;
	w.who.address = "127.0.0.1";
	snprintf(w.who.login, sizeof(w.who.login), "zhangli");
	*state = &w;
	return 0;
}

static int teardown(void **state)
{
	store_close(((struct world *)*state)->db);
	return 0;
}

/* The code of the secret at now + 30 * ahead. */
static void code_of(const char *secret, int ahead, char out[7])
{
	uint8_t key[MFA_SECRET_BYTES];
	assert_int_equal(base32_decode(secret, key, sizeof(key)), MFA_SECRET_BYTES);
	totp_format(
	    totp_hotp(TOTP_SHA1, key, sizeof(key), (uint64_t)(totp_step(now_seconds()) + ahead), 6),
	    6, out);
}

static void no_data_key_no_mfa(void **state)
{
	struct world *w = *state;
	struct mfa_secret sec;
	struct derr e = {0};
	/* Runs first: the key is set by the next test. */
	assert_int_equal(mfa_setup(w->db, &w->who, &sec, &e), -1);
	assert_int_equal(e.kind, DERR_UNAVAILABLE);
	int64_t rows = -1;
	store_int64(w->db, &rows, "SELECT COUNT(*) FROM account_mfa", "");
	assert_int_equal(rows, 0);
}

static void enrol_then_login_in_two_steps(void **state)
{
	struct world *w = *state;
	char err[128], code[7], token[MFA_TOKEN_HEX + 1];
	struct mfa_secret sec;
	mfa_recovery_codes codes;
	struct mfa_status st;
	struct actor who;
	int needed = -1;
	struct derr e = {0};

	assert_int_equal(
	    pii_init_hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", err,
	                 sizeof(err)),
	    0);
	assert_int_equal(
	    mfa_login_begin(w->db, w->who.id, "zhangli", "127.0.0.1", token, &needed, &e), 0);
	assert_int_equal(needed, 0);
	assert_int_equal(mfa_setup(w->db, &w->who, &sec, &e), 0);
	assert_int_equal(strlen(sec.secret), MFA_SECRET_CHARS);
	assert_non_null(strstr(sec.uri, sec.secret));
	code_of(sec.secret, 0, code);
	struct mfa_status after;
	assert_int_equal(mfa_enable(w->db, &w->who, code, codes, &after, &e), 0);
	assert_int_equal(mfa_status(w->db, w->who.id, ROLE_OPERATOR, &st, &e), 0);
	assert_true(st.enabled && st.required);
	assert_int_equal(st.recovery_left, MFA_RECOVERY_COUNT);
	/* The status enabling answers is the one the database now holds. */
	assert_memory_equal(&after, &st, sizeof(st));

	assert_int_equal(
	    mfa_login_begin(w->db, w->who.id, "zhangli", "127.0.0.1", token, &needed, &e), 0);
	assert_int_equal(needed, 1);
	assert_int_equal(strlen(token), MFA_TOKEN_HEX);
	/* The same code as the enrolment: a replay. */
	assert_int_equal(mfa_login_finish(w->db, token, code, "127.0.0.1", NULL, device, &who, &e),
	                 -1);
	assert_string_equal(e.code, "code_reused");
	memset(&e, 0, sizeof(e));
	code_of(sec.secret, 1, code);
	assert_int_equal(mfa_login_finish(w->db, token, code, "127.0.0.1", NULL, device, &who, &e),
	                 0);
	assert_int_equal(who.id, w->who.id);
	assert_int_equal(who.role, ROLE_OPERATOR);
	/* Spent. */
	assert_int_equal(mfa_login_finish(w->db, token, code, "127.0.0.1", NULL, device, &who, &e),
	                 -1);
	assert_string_equal(e.code, "mfa_token_invalid");
}

static void pending_token_expires(void **state)
{
	struct world *w = *state;
	char token[MFA_TOKEN_HEX + 1];
	struct actor who;
	int needed = 0;
	struct derr e = {0};
	assert_int_equal(
	    mfa_login_begin(w->db, w->who.id, "zhangli", "127.0.0.1", token, &needed, &e), 0);
	assert_int_equal(needed, 1);
	/* One second past its lifetime. */
	assert_int_equal(store_run(w->db, "UPDATE mfa_pending SET created_at = created_at - ?", "i",
	                           (int64_t)MFA_PENDING_TTL + 1),
	                 STORE_OK);
	assert_int_equal(
	    mfa_login_finish(w->db, token, "123456", "127.0.0.1", NULL, device, &who, &e), -1);
	assert_string_equal(e.code, "mfa_token_invalid");
	int64_t rows = -1;
	store_int64(w->db, &rows, "SELECT COUNT(*) FROM mfa_pending", "");
	assert_int_equal(rows, 0);
}

/* A refused second step hands out no device token, whatever the buffer held: a
 * token that is unknown, malformed or expired returns before any device is
 * chosen, and the caller sends what it gets as a cookie. */
static void refused_step_hands_out_no_device(void **state)
{
	struct world *w = *state;
	char out[THROTTLE_DEVICE_HEX + 1];
	struct actor who;
	char unknown[MFA_TOKEN_HEX + 1];
	memset(unknown, 'a', MFA_TOKEN_HEX);
	unknown[MFA_TOKEN_HEX] = '\0';
	for (int i = 0; i < 2; i++) {
		struct derr e = {0};
		memset(out, 'X', sizeof(out) - 1);
		out[sizeof(out) - 1] = '\0';
		assert_int_equal(mfa_login_finish(w->db, i ? unknown : "short", "123456",
		                                  "127.0.0.1", NULL, out, &who, &e),
		                 -1);
		assert_string_equal(e.code, "mfa_token_invalid");
		assert_string_equal(out, "");
	}
}

static void five_tries_per_token(void **state)
{
	struct world *w = *state;
	char token[MFA_TOKEN_HEX + 1];
	struct actor who;
	int needed = 0;
	struct derr e = {0};
	store_run(w->db, "DELETE FROM login_failures", "");
	assert_int_equal(
	    mfa_login_begin(w->db, w->who.id, "zhangli", "127.0.0.1", token, &needed, &e), 0);
	for (int i = 1; i <= MFA_PENDING_TRIES; i++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(mfa_login_finish(w->db, token, "not-a-code", "127.0.0.1", NULL,
		                                  device, &who, &e),
		                 -1);
		assert_string_equal(e.code,
		                    i < MFA_PENDING_TRIES ? "bad_code" : "mfa_token_invalid");
	}
	int64_t rows = -1;
	store_int64(w->db, &rows, "SELECT COUNT(*) FROM login_failures WHERE login = 'zhangli'",
	            "");
	assert_int_equal(rows, MFA_PENDING_TRIES);
	store_run(w->db, "DELETE FROM login_failures", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(no_data_key_no_mfa),
	    cmocka_unit_test(enrol_then_login_in_two_steps),
	    cmocka_unit_test(pending_token_expires),
	    cmocka_unit_test(refused_step_hands_out_no_device),
	    cmocka_unit_test(five_tries_per_token),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
