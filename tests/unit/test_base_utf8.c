#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/utf8.h"

#define VALID(s) utf8_valid(s, sizeof(s) - 1)

static void accepts_well_formed(void **state)
{
	assert_true(VALID(""));
	assert_true(VALID("ascii"));
	assert_true(VALID("机电一体化技术"));
	assert_true(VALID("\xF0\x9F\x98\x80")); /* U+1F600 */
	assert_true(VALID("\xF4\x8F\xBF\xBF")); /* U+10FFFF */
}

static void rejects_malformed(void **state)
{
	assert_false(VALID("\xC3\x28"));         /* bad continuation */
	assert_false(VALID("\xC0\xAF"));         /* overlong '/' */
	assert_false(VALID("\xE0\x80\xAF"));     /* overlong */
	assert_false(VALID("\xED\xA0\x80"));     /* surrogate U+D800 */
	assert_false(VALID("\xF4\x90\x80\x80")); /* above U+10FFFF */
	assert_false(VALID("\xE4\xB8"));         /* truncated */
	assert_false(VALID("\xFF"));
}

static void counts_code_points(void **state)
{
	assert_int_equal(utf8_length("abc"), 3);
	assert_int_equal(utf8_length("天空走廊"), 4);
	assert_int_equal(utf8_length("a中\xF0\x9F\x98\x80"), 3);
}

static void finds_control_characters(void **state)
{
	assert_false(utf8_has_control("普通文本 text"));
	assert_true(utf8_has_control("a\nb"));
	assert_true(utf8_has_control("\x7F"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accepts_well_formed),
	    cmocka_unit_test(rejects_malformed),
	    cmocka_unit_test(counts_code_points),
	    cmocka_unit_test(finds_control_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
