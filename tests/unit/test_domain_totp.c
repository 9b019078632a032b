/* TOTP against RFC 6238 appendix B and HOTP against RFC 4226 appendix D;
 * the verification window and the no-reuse rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/totp.h"

/* The RFC's seeds: ASCII "1234567890" repeated to 20, 32 and 64 bytes. */
static const uint8_t *seed(size_t n)
{
	static uint8_t s[64];
	for (size_t i = 0; i < n; i++)
		s[i] = (uint8_t)('0' + (i + 1) % 10);
	return s;
}

static void rfc_6238_appendix_b(void **state)
{
	static const struct {
		int64_t t;
		const char *sha1, *sha256, *sha512;
	} v[] = {
	    {59, "94287082", "46119246", "90693936"},
	    {1111111109, "07081804", "68084774", "25091201"},
	    {1111111111, "14050471", "67062674", "99943326"},
	    {1234567890, "89005924", "91819424", "93441116"},
	    {2000000000, "69279037", "90698825", "38618901"},
	    {20000000000, "65353130", "77737706", "47863826"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint64_t step = (uint64_t)totp_step(v[i].t);
		char got[9];
		totp_format(totp_hotp(TOTP_SHA1, seed(20), 20, step, 8), 8, got);
		assert_string_equal(got, v[i].sha1);
		totp_format(totp_hotp(TOTP_SHA256, seed(32), 32, step, 8), 8, got);
		assert_string_equal(got, v[i].sha256);
		totp_format(totp_hotp(TOTP_SHA512, seed(64), 64, step, 8), 8, got);
		assert_string_equal(got, v[i].sha512);
	}
	/* The steps of the table's times (its "T" column). */
	assert_int_equal(totp_step(59), 1);
	assert_int_equal(totp_step(1111111109), 0x23523EC);
	assert_int_equal(totp_step(20000000000), 0x27BC86AA);
}

static void rfc_4226_appendix_d(void **state)
{
	static const char *const want[] = {"755224", "287082", "359152", "969429", "338314",
	                                   "254676", "287922", "162583", "399871", "520489"};
	for (int c = 0; c < 10; c++) {
		char got[7];
		totp_format(totp_hotp(TOTP_SHA1, seed(20), 20, (uint64_t)c, 6), 6, got);
		assert_string_equal(got, want[c]);
	}
}

static void code_at(int64_t step, char out[7])
{
	totp_format(totp_hotp(TOTP_SHA1, seed(20), 20, (uint64_t)step, 6), 6, out);
}

static void window_of_one_step_either_side(void **state)
{
	int64_t now = 1700000015, step = totp_step(now);
	char c[7];
	for (int64_t d = -3; d <= 3; d++) {
		code_at(step + d, c);
		int64_t got = totp_match(seed(20), 20, c, now, 0);
		if (d >= -1 && d <= 1)
			assert_int_equal(got, step + d);
		else
			assert_int_equal(got, -1);
	}
	/* The first and last second of a step. */
	code_at(step, c);
	assert_int_equal(totp_match(seed(20), 20, c, step * 30, 0), step);
	assert_int_equal(totp_match(seed(20), 20, c, step * 30 + 29, 0), step);
	assert_int_equal(totp_match(seed(20), 20, c, step * 30 + 59, 0), step);
	assert_int_equal(totp_match(seed(20), 20, c, step * 30 + 60, 0), -1);
}

static void accepted_codes_never_again(void **state)
{
	int64_t now = 1700000015, step = totp_step(now);
	char c[7];
	code_at(step, c);
	/* last_step is the step accepted before: the same code, or an older
	 * one, is refused; the next one is fine. */
	assert_int_equal(totp_match(seed(20), 20, c, now, step), -1);
	assert_int_equal(totp_match(seed(20), 20, c, now, step - 1), step);
	code_at(step - 1, c);
	assert_int_equal(totp_match(seed(20), 20, c, now, step), -1);
	code_at(step + 1, c);
	assert_int_equal(totp_match(seed(20), 20, c, now, step), step + 1);
}

static void malformed_codes(void **state)
{
	int64_t now = 1700000015;
	char c[7];
	code_at(totp_step(now), c);
	char longer[8];
	memcpy(longer, c, 6);
	longer[6] = '0';
	longer[7] = '\0';
	assert_int_equal(totp_match(seed(20), 20, longer, now, 0), -1);
	assert_int_equal(totp_match(seed(20), 20, "", now, 0), -1);
	assert_int_equal(totp_match(seed(20), 20, "12345a", now, 0), -1);
	assert_int_equal(totp_match(seed(20), 20, " 12345", now, 0), -1);
	char wrong[7];
	memcpy(wrong, c, 7);
	wrong[5] = (char)(wrong[5] == '9' ? '0' : wrong[5] + 1);
	assert_int_equal(totp_match(seed(20), 20, wrong, now, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rfc_6238_appendix_b),
	    cmocka_unit_test(rfc_4226_appendix_d),
	    cmocka_unit_test(window_of_one_step_either_side),
	    cmocka_unit_test(accepted_codes_never_again),
	    cmocka_unit_test(malformed_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
