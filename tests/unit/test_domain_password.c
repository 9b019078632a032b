#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "domain/password.h"

static void policy_counts_characters_not_bytes(void **state)
{
	assert_non_null(password_policy_error(NULL));
	assert_non_null(password_policy_error("short"));
	assert_non_null(password_policy_error("123456789"));          /* 9 */
	assert_null(password_policy_error("1234567890"));             /* 10 */
	assert_non_null(password_policy_error("天空走廊人才平台密")); /* 9 characters... */
	assert_null(password_policy_error("天空走廊人才平台密码"));   /* ...10 (30 bytes) */
	char long_pw[130];
	memset(long_pw, 'a', 129);
	long_pw[129] = 0;
	assert_non_null(password_policy_error(long_pw));
	long_pw[128] = 0;
	assert_null(password_policy_error(long_pw));
}

static void hash_and_verify(void **state)
{
	char h[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("correct horse battery", h), 0);
	assert_true(!strncmp(h, "$argon2id$", 10));
	assert_true(password_verify(h, "correct horse battery"));
	assert_false(password_verify(h, "correct horse batterY"));
	assert_false(password_verify(NULL, "correct horse battery"));
	assert_false(password_needs_rehash(h));
}

static void weaker_hash_needs_rehash(void **state)
{
	char weak[PASSWORD_HASH_MAX];
	assert_int_equal(crypto_pwhash_str(weak, "old password 1", 14, crypto_pwhash_OPSLIMIT_MIN,
	                                   crypto_pwhash_MEMLIMIT_MIN),
	                 0);
	assert_true(password_verify(weak, "old password 1"));
	assert_true(password_needs_rehash(weak));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	password_init(2);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(policy_counts_characters_not_bytes),
	    cmocka_unit_test(hash_and_verify),
	    cmocka_unit_test(weaker_hash_needs_rehash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
