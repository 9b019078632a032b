/* Calendar dates: parsing refuses days that do not exist, arithmetic across
 * months, years and leap days, weeks from Monday, ages on birthdays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/date.h"

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void text_is(int32_t d, const char *want)
{
	char out[DATE_TEXT];
	date_format(d, out);
	assert_string_equal(out, want);
}

static void test_parse(void **state)
{
	(void)state;
	int32_t d;
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(day("1970-01-02"), 1);
	assert_int_equal(day("1969-12-31"), -1);
	assert_int_equal(day("2000-03-01") - day("2000-02-28"), 2); /* 2000 is leap */
	assert_int_equal(day("1900-03-01") - day("1900-02-28"), 1); /* 1900 is not */
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	const char *bad[] = {"2023-02-29",    "2025-04-31", "2025-13-01", "2025-00-10",
	                     "2025-01-00",    "2025-1-01",  "2025/01/01", "20250101",
	                     "2025-01-01 ",   "",           "1899-12-31", "2200-01-01",
	                     "２０２５-01-01"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(date_parse(bad[i], &d), -1);
	assert_int_equal(date_parse(NULL, &d), -1);
}

static void test_round_trip(void **state)
{
	(void)state;
	/* Every day of 1900..2199 survives text and back. */
	for (int32_t d = day("1900-01-01"); d <= day("2199-12-31"); d++) {
		char out[DATE_TEXT];
		int32_t back;
		date_format(d, out);
		assert_int_equal(date_parse(out, &back), 0);
		assert_int_equal(back, d);
	}
}

static void test_today(void **state)
{
	(void)state;
	/* 2025-09-01 00:00 Beijing is 2025-08-31 16:00 UTC. */
	int64_t midnight_bj = 1756656000;
	assert_int_equal(date_today(midnight_bj, DATE_BEIJING), day("2025-09-01"));
	assert_int_equal(date_today(midnight_bj - 1, DATE_BEIJING), day("2025-08-31"));
	assert_int_equal(date_today(midnight_bj, 0), day("2025-08-31"));
	assert_int_equal(date_today(-1, 0), -1);
}

static void test_add_months(void **state)
{
	(void)state;
	text_is(date_add_months(day("2025-09-01"), 6), "2026-03-01");
	text_is(date_add_months(day("2025-08-31"), 6), "2026-02-28");
	text_is(date_add_months(day("2027-08-31"), 6), "2028-02-29");
	text_is(date_add_months(day("2025-01-31"), 1), "2025-02-28");
	text_is(date_add_months(day("2025-12-15"), 1), "2026-01-15");
	text_is(date_add_months(day("2025-03-31"), -1), "2025-02-28");
	text_is(date_add_months(day("2025-01-15"), -13), "2023-12-15");
	text_is(date_add_months(day("2025-05-20"), 0), "2025-05-20");
}

static void test_weeks(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(day("1970-01-01")), 4); /* a Thursday */
	assert_int_equal(date_weekday(day("2025-09-01")), 1); /* a Monday */
	assert_int_equal(date_weekday(day("2025-09-07")), 7);
	assert_int_equal(date_weekday(day("1969-12-29")), 1);
	text_is(date_week_start(day("2025-09-07")), "2025-09-01");
	text_is(date_week_start(day("2025-09-01")), "2025-09-01");
	text_is(date_week_start(day("2026-01-01")), "2025-12-29");
}

static void test_full_years(void **state)
{
	(void)state;
	int32_t born = day("2007-09-10");
	assert_int_equal(date_full_years(born, day("2025-09-09")), 17); /* the day before */
	assert_int_equal(date_full_years(born, day("2025-09-10")), 18); /* the 18th birthday */
	assert_int_equal(date_full_years(born, day("2025-09-11")), 18);
	assert_int_equal(date_full_years(born, born), 0);
	assert_int_equal(date_full_years(born, born - 1), -1);
	/* Born on a leap day: the birthday is 03-01 in other years. */
	int32_t leap = day("2008-02-29");
	assert_int_equal(date_full_years(leap, day("2026-02-28")), 17);
	assert_int_equal(date_full_years(leap, day("2026-03-01")), 18);
	assert_int_equal(date_full_years(leap, day("2028-02-28")), 19);
	assert_int_equal(date_full_years(leap, day("2028-02-29")), 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse), cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_today), cmocka_unit_test(test_add_months),
	    cmocka_unit_test(test_weeks), cmocka_unit_test(test_full_years),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
