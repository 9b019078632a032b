#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/credit_code.h"

/* Codes as printed on business licences. */
static void known_codes_validate(void **state)
{
	assert_true(credit_code_valid("91350100M000100Y43"));
	assert_true(credit_code_valid("91440300708461136T"));
	assert_true(credit_code_valid("91110108551385082Q"));
	assert_true(credit_code_valid("914403001922038216"));
}

static void one_changed_character_fails(void **state)
{
	char code[] = "91350100M000100Y43";
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (int pos = 0; pos < 18; pos++) {
		char orig = code[pos];
		for (const char *c = alphabet; *c; c++) {
			if (*c == orig)
				continue;
			code[pos] = *c;
			assert_false(credit_code_valid(code));
		}
		code[pos] = orig;
	}
	assert_true(credit_code_valid(code));
}

static void bad_shapes_fail(void **state)
{
	assert_false(credit_code_valid(NULL));
	assert_false(credit_code_valid(""));
	assert_false(credit_code_valid("91350100M000100Y4"));   /* 17 */
	assert_false(credit_code_valid("91350100M000100Y433")); /* 19 */
	assert_false(credit_code_valid("91350100I000100Y43"));  /* I is not in the alphabet */
	assert_false(credit_code_valid("91350100m000100Y43"));  /* lower case */
	assert_int_equal(credit_code_check_char("9135010OM000100Y4"), 0);
}

static void check_char_of_zero_sum_is_zero(void **state)
{
	assert_int_equal(credit_code_check_char("00000000000000000"), '0');
	assert_true(credit_code_valid("000000000000000000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(known_codes_validate),
	    cmocka_unit_test(one_changed_character_fails),
	    cmocka_unit_test(bad_shapes_fail),
	    cmocka_unit_test(check_char_of_zero_sum_is_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
