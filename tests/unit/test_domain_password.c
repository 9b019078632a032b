#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "domain/derr.h"
#include "domain/password.h"

#define RULE(pw, owner, want) assert_int_equal(password_check(pw, owner), want)

static void policy_counts_characters_not_bytes(void **state)
{
	RULE(NULL, NULL, PASSWORD_EMPTY);
	RULE("", NULL, PASSWORD_EMPTY);
	RULE("Hq7.vz", NULL, PASSWORD_TOO_SHORT);
	RULE("Hq7.vzK2m", NULL, PASSWORD_TOO_SHORT);          /* 9 */
	RULE("Hq7.vzK2mX", NULL, PASSWORD_OK);                /* 10 */
	RULE("天空走廊人才平台密", NULL, PASSWORD_TOO_SHORT); /* 9 characters... */
	RULE("天空走廊人才平台密码", NULL, PASSWORD_OK);      /* ...10 (30 bytes) */
	char long_pw[130];
	unsigned x = 7; /* a sequence that never repeats itself (else rule 3) */
	for (int i = 0; i < 129; i++) {
		x = x * 1103515245u + 12345u;
		long_pw[i] =
		    "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY234679.-_!#"[(x >> 16) % 56];
	}
	long_pw[129] = 0;
	RULE(long_pw, NULL, PASSWORD_TOO_LONG);
	long_pw[128] = 0;
	RULE(long_pw, NULL, PASSWORD_OK);
}

static void repeats_are_refused(void **state)
{
	RULE("aaaaaaaaaa", NULL, PASSWORD_REPEATED);
	RULE("          ", NULL, PASSWORD_REPEATED); /* ten spaces */
	RULE("AaAaAaAaAa", NULL, PASSWORD_REPEATED); /* letters without case */
	RULE("哈哈哈哈哈哈哈哈哈哈", NULL, PASSWORD_REPEATED);
	RULE("abcabcabca", NULL, PASSWORD_REPEATED); /* the last copy cut short */
	RULE("qq123456qq123456", NULL, PASSWORD_REPEATED);
	RULE("zhuque-7-zhuque-8", NULL, PASSWORD_OK); /* a repeat with a change is not one */
}

static void sequences_are_refused(void **state)
{
	RULE("1234567890", NULL, PASSWORD_SEQUENCE);
	RULE("0987654321", NULL, PASSWORD_SEQUENCE);
	RULE("abcdefghij", NULL, PASSWORD_SEQUENCE);
	RULE("ZYXWVUTSRQ", NULL, PASSWORD_SEQUENCE);
	RULE("qwertyuiop", NULL, PASSWORD_SEQUENCE);
	RULE("asdfghjkl;'", NULL, PASSWORD_SEQUENCE);
	RULE("1qaz2wsx3edc", NULL, PASSWORD_SEQUENCE); /* keyboard columns */
	RULE("abc123456789", NULL, PASSWORD_SEQUENCE); /* runs one after another */
	RULE("aaa111bbb222", NULL, PASSWORD_SEQUENCE); /* runs of equal characters */
	RULE("12345qwertasdfg", NULL, PASSWORD_SEQUENCE);
	/* A run with anything else in it is allowed (other rules permitting). */
	RULE("1234567890鹏", NULL, PASSWORD_OK);
	RULE("ab-1234567-xy", NULL, PASSWORD_OK);
}

static void common_passwords_are_refused(void **state)
{
	/* The Chinese favourites the issue names, and the list's size. */
	assert_true(password_is_common("woaini1314"));
	assert_true(password_is_common("qq123456"));
	assert_true(password_is_common("5201314"));
	assert_true(password_is_common("a123456"));
	assert_true(password_is_common("1qaz2wsx"));
	assert_true(password_is_common("Dearbook")); /* CSDN's, any case */
	assert_true(password_is_common("111222tianya"));
	assert_false(password_is_common("zhuque-7-zhuque-8"));
	RULE("woaini1314", NULL, PASSWORD_COMMON);
	RULE("password12", NULL, PASSWORD_COMMON);
	RULE("Password12", NULL, PASSWORD_COMMON);
	RULE("iloveyou1314", NULL, PASSWORD_COMMON);
	RULE("5201314520", NULL, PASSWORD_COMMON);
	/* A common word with digits or symbols around it. */
	RULE("sunshine2026!!", NULL, PASSWORD_COMMON);
	RULE("2026#dragon", NULL, PASSWORD_COMMON);
	RULE("qq123456789!", NULL, PASSWORD_COMMON);
	/* ... but a common word inside a longer one is fine. */
	RULE("dragonfly-over-lake", NULL, PASSWORD_OK);
	RULE("skyway2026demo", NULL, PASSWORD_OK); /* the demo password */
}

static void personal_facts_are_refused(void **state)
{
	struct password_owner zhang = {
	    .login = "zhangxm", .name = "张晓明", .student_no = "2023010042"};
	RULE("zhangxm-2026-go", &zhang, PASSWORD_HAS_LOGIN);
	RULE("ZhangXM!Spring9", &zhang, PASSWORD_HAS_LOGIN);     /* any case */
	RULE("zhang.xm.river7", &zhang, PASSWORD_HAS_LOGIN);     /* punctuation inside */
	RULE("我是张晓明哦哦哦哦哦", &zhang, PASSWORD_HAS_NAME); /* the characters */
	RULE("Zhang_Xiaoming-7", &zhang, PASSWORD_HAS_NAME);     /* the full pinyin */
	RULE("river-xiaoming-7", &zhang, PASSWORD_HAS_NAME);     /* the given name */
	RULE("go2023010042go", &zhang, PASSWORD_HAS_STUDENT_NO);
	RULE("river-zhang-7x!", &zhang, PASSWORD_OK); /* the surname alone is allowed */
	RULE("river-zhang-7x!", NULL, PASSWORD_OK);

	/* Surnames ICU reads the common way: 曾 zeng (not ceng), 单 shan. */
	struct password_owner zeng = {.name = "曾小贤"};
	RULE("zengxiaoxian-88", &zeng, PASSWORD_HAS_NAME);
	RULE("cengxiaoxian-88", &zeng, PASSWORD_HAS_NAME);
	struct password_owner shan = {.name = "单雄信"};
	RULE("Shanxiongxin#1", &shan, PASSWORD_HAS_NAME);
	/* A compound surname: the given name starts after two characters. */
	struct password_owner ouyang = {.name = "欧阳娜娜"};
	RULE("nana-loves-river", &ouyang, PASSWORD_HAS_NAME);
	RULE("ouyangnana+river", &ouyang, PASSWORD_HAS_NAME);
	/* A Latin name: as written, when 4+ letters. */
	struct password_owner tom = {.login = "hr01", .name = "Tom Lee"};
	RULE("my-tomlee-river", &tom, PASSWORD_HAS_NAME);
	RULE("tom-and-river-9", &tom, PASSWORD_OK);
	/* Short facts are not looked for (a 2-letter pinyin would refuse
	 * half the passwords there are). */
	struct password_owner li = {.login = "ab", .name = "李", .student_no = "42"};
	RULE("li-42-ab-river", &li, PASSWORD_OK);
}

static void messages_say_which_rule(void **state)
{
	struct derr e = {0};
	struct password_owner o = {.login = "wangwei"};
	assert_int_equal(password_policy("wangwei-river", &o, "new_password", &e), -1);
	assert_int_equal(e.kind, DERR_INVALID);
	assert_string_equal(e.code, "weak_password");
	assert_string_equal(e.field, "new_password");
	assert_non_null(strstr(e.message, "账号"));
	struct derr s = {0};
	assert_int_equal(password_policy("short", NULL, "password", &s), -1);
	assert_null(s.code); /* the kind's own: "invalid" */
	assert_non_null(strstr(s.message, "10"));
	struct derr ok = {0};
	assert_int_equal(password_policy("zhuque-7-zhuque-8", &o, "password", &ok), 0);
	/* Every rule has its own words. */
	for (int a = PASSWORD_EMPTY; a <= PASSWORD_COMMON; a++)
		for (int b = a + 1; b <= PASSWORD_COMMON; b++)
			assert_string_not_equal(password_rule_message(a), password_rule_message(b));
	assert_null(password_policy_error("zhuque-7-zhuque-8", NULL));
	assert_string_equal(password_policy_error("1234567890", NULL),
	                    password_rule_message(PASSWORD_SEQUENCE));
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
	    cmocka_unit_test(repeats_are_refused),
	    cmocka_unit_test(sequences_are_refused),
	    cmocka_unit_test(common_passwords_are_refused),
	    cmocka_unit_test(personal_facts_are_refused),
	    cmocka_unit_test(messages_say_which_rule),
	    cmocka_unit_test(hash_and_verify),
	    cmocka_unit_test(weaker_hash_needs_rehash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
