/* The working-day calendar (base/workdays): every date of 2007-2026 against
 * data/cn-workday-calendar.tsv, recomputed here independently (the file read
 * with sscanf, weekdays from timegm(), working days walked one by one), the
 * closed forms outside the calendar against a plain walk, boundaries, negative
 * N, year ends, and dates that are not dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/workdays.h"
#include "domain/dict.h"

#ifndef SKYWAY_DATA_DIR
#error "SKYWAY_DATA_DIR must name the data/ folder"
#endif
#define CALENDAR_FILE SKYWAY_DATA_DIR "/cn-workday-calendar.tsv"

/* ---- the independent model ---- */

/* Days from 2005-01-01 to 2028-12-31, by timegm(): index = day number - base. */
#define MODEL_DAYS (366 * 24)
static struct {
	int64_t base;                 /* day number of 2005-01-01 */
	signed char kind[MODEL_DAYS]; /* 0 none, 'o' off, 'w' work */
	char *text;
	size_t len;
} model;

static int64_t civil(int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	return (int64_t)(timegm(&tm) / 86400);
}

static int weekday_of(int64_t day) /* 0 Sunday .. 6 Saturday */
{
	time_t t = (time_t)(day * 86400 + 43200);
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_wday;
}

static int model_work(int64_t day)
{
	int64_t i = day - model.base;
	assert_true(i >= 0 && i < MODEL_DAYS);
	if (model.kind[i])
		return model.kind[i] == 'w';
	int w = weekday_of(day);
	return w >= 1 && w <= 5;
}

/* Working days d with a < d <= b, one by one. */
static int64_t model_count(int64_t a, int64_t b)
{
	int64_t n = 0;
	for (int64_t d = a + 1; d <= b; d++)
		n += model_work(d);
	return n;
}

/* The n-th working day after (n > 0) or before (n < 0) from, one by one. */
static int64_t model_add(int64_t from, int n)
{
	int64_t d = from;
	int step = n > 0 ? 1 : -1;
	for (int left = n > 0 ? n : -n; left > 0;) {
		d += step;
		left -= model_work(d);
	}
	return d;
}

static int setup(void **state)
{
	FILE *f = fopen(CALENDAR_FILE, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	model.len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	model.text = malloc(model.len + 1);
	assert_int_equal(fread(model.text, 1, model.len, f), model.len);
	model.text[model.len] = '\0';
	fclose(f);
	model.base = civil(2005, 1, 1);
	char *copy = strdup(model.text), *save = NULL;
	int rows = 0;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int y, m, d;
		char kind[8];
		if (line[0] == '#')
			continue;
		assert_int_equal(sscanf(line, "%4d-%2d-%2d\t%7[a-z]", &y, &m, &d, kind), 4);
		model.kind[civil(y, m, d) - model.base] = kind[0];
		rows++;
	}
	free(copy);
	assert_true(rows > 600);
	return 0;
}

static int teardown(void **state)
{
	free(model.text);
	return 0;
}

static struct workcal *shipped(void)
{
	size_t n;
	char err[200];
	struct wd_row *rows = wd_rows_parse(model.text, model.len, &n, err, sizeof(err));
	assert_non_null(rows);
	struct workcal *cal = workcal_from_rows(rows, n);
	free(rows);
	assert_non_null(cal);
	return cal;
}

/* ---- the shipped calendar, every date ---- */

static void covers_exactly_2007_to_2026(void **state)
{
	struct workcal *cal = shipped();
	int first, last;
	workcal_range(cal, &first, &last);
	assert_int_equal(first, 2007);
	assert_int_equal(last, 2026);
	for (int y = 2007; y <= 2026; y++)
		assert_true(workcal_covers(cal, y));
	/* 2006-12-30/31 are listed (worked for 元旦 2007) but 2006 has no notice */
	assert_false(workcal_covers(cal, 2006));
	assert_false(workcal_covers(cal, 2027));
	workcal_free(cal);
}

static void every_date_is_a_working_day_or_not_as_the_file_says(void **state)
{
	struct workcal *cal = shipped();
	int64_t first = civil(2007, 1, 1), last = civil(2026, 12, 31);
	for (int64_t d = first; d <= last; d++) {
		int missing = -1;
		assert_int_equal(workcal_is_workday(cal, (int32_t)d, &missing), model_work(d));
		assert_int_equal(missing, 0);
		/* count(d-1, d) is that day alone */
		assert_int_equal(workcal_count(cal, (int32_t)d - 1, (int32_t)d, NULL),
		                 model_work(d));
	}
	workcal_free(cal);
}

static void every_date_counts_and_adds_like_a_walk(void **state)
{
	struct workcal *cal = shipped();
	int64_t first = civil(2007, 1, 1), last = civil(2026, 12, 31);
	for (int64_t d = first; d <= last; d++) {
		for (int k = 0; k <= 45; k += 3) {
			if (d + k > last)
				break;
			int missing = -1;
			assert_int_equal(workcal_count(cal, (int32_t)d, (int32_t)(d + k), &missing),
			                 model_count(d, d + k));
			assert_int_equal(missing, 0);
		}
		for (int n = -25; n <= 25; n++) {
			int64_t want = n ? model_add(d, n) : d;
			if (want < first || want > last)
				continue;
			int missing = -1;
			int32_t got = workcal_add(cal, (int32_t)d, n, &missing);
			if (got != want) {
				char a[11], b[11], c[11];
				wd_format((int32_t)d, a);
				wd_format(got, b);
				wd_format((int32_t)want, c);
				fail_msg("add(%s, %d) = %s, the walk says %s", a, n, b, c);
			}
			assert_int_equal(missing, 0);
			/* the answer of a non-zero N is always a working day */
			if (n)
				assert_true(model_work(want));
		}
	}
	workcal_free(cal);
}

static void counting_backwards_gives_zero(void **state)
{
	struct workcal *cal = shipped();
	int32_t d;
	assert_int_equal(wd_parse("2026-05-20", &d), 0);
	assert_int_equal(workcal_count(cal, d, d, NULL), 0);
	assert_int_equal(workcal_count(cal, d, d - 10, NULL), 0);
	assert_int_equal(workcal_count(cal, d, d - 400, NULL), 0);
	workcal_free(cal);
}

/* ---- year ends, 调休 and the edges of the calendar ---- */

static void year_ends_and_weekend_working_days(void **state)
{
	struct workcal *cal = shipped();
	int32_t d, want;
	char out[11];
	int missing;
	/* 元旦 2026: Thursday 1 to Saturday 3 off, Sunday 4 worked */
	assert_int_equal(wd_parse("2025-12-31", &d), 0);
	wd_format(workcal_add(cal, d, 1, &missing), out);
	assert_string_equal(out, "2026-01-04");
	assert_int_equal(missing, 0);
	wd_format(workcal_add(cal, d, 2, NULL), out);
	assert_string_equal(out, "2026-01-05");
	/* backwards over the same holiday */
	assert_int_equal(wd_parse("2026-01-05", &d), 0);
	wd_format(workcal_add(cal, d, -1, NULL), out);
	assert_string_equal(out, "2026-01-04");
	wd_format(workcal_add(cal, d, -2, NULL), out);
	assert_string_equal(out, "2025-12-31");
	/* 春节 2024: Sunday 4 February worked, 10-17 off, Sunday 18 worked */
	assert_int_equal(wd_parse("2024-02-03", &d), 0);
	assert_int_equal(workcal_is_workday(cal, d, NULL), 0);
	assert_int_equal(workcal_is_workday(cal, d + 1, NULL), 1);
	assert_int_equal(wd_parse("2024-02-09", &d), 0);
	wd_format(workcal_add(cal, d, 1, NULL), out);
	assert_string_equal(out, "2024-02-18");
	assert_int_equal(wd_parse("2024-02-18", &want), 0);
	assert_int_equal(workcal_count(cal, d, want, NULL), 1);
	/* 2015's one-off 抗战胜利 holiday */
	assert_int_equal(wd_parse("2015-09-03", &d), 0);
	assert_int_equal(workcal_is_workday(cal, d, NULL), 0);
	assert_int_equal(workcal_is_workday(cal, d + 3, NULL), 1); /* Sunday the 6th */
	workcal_free(cal);
}

static void leaving_the_calendar_names_the_missing_year(void **state)
{
	struct workcal *cal = shipped();
	int32_t d;
	char out[11];
	int missing;
	assert_int_equal(wd_parse("2026-12-31", &d), 0);
	wd_format(workcal_add(cal, d, 1, &missing), out);
	assert_string_equal(out, "2027-01-01"); /* a Friday: the week alone decides */
	assert_int_equal(missing, 2027);
	assert_int_equal(workcal_add(cal, d, 0, &missing), d);
	assert_int_equal(missing, 0);
	assert_int_equal(workcal_count(cal, d, d + 1, &missing), 1);
	assert_int_equal(missing, 2027);
	assert_int_equal(workcal_count(cal, d + 1, d, &missing), 0);
	assert_int_equal(missing, 2027); /* a date outside is reported even then */
	/* backwards out of 2007: 2006-12-31 and -30 are the listed worked weekend */
	assert_int_equal(wd_parse("2007-01-04", &d), 0);
	wd_format(workcal_add(cal, d, -1, &missing), out);
	assert_string_equal(out, "2006-12-31");
	assert_int_equal(missing, 2006);
	wd_format(workcal_add(cal, d, -2, &missing), out);
	assert_string_equal(out, "2006-12-30");
	assert_int_equal(wd_parse("2007-01-01", &d), 0);
	assert_int_equal(workcal_is_workday(cal, d, &missing), 0);
	assert_int_equal(missing, 0);
	assert_int_equal(workcal_is_workday(cal, d - 1, &missing), 1);
	assert_int_equal(missing, 2006);
	workcal_free(cal);
}

/* Outside the span the closed forms must agree with a plain walk of the week. */
static void closed_forms_match_a_walk_of_the_week(void **state)
{
	struct workcal *none = workcal_build(NULL, 0, NULL, 0);
	assert_non_null(none);
	int32_t start = wd_from_ymd(1969, 12, 1);
	for (int32_t d = start; d < start + 120; d++) {
		int64_t c = 0;
		int32_t x = d;
		for (int k = 1; k <= 30; k++) {
			c += wd_weekday(d + k) <= 5;
			assert_int_equal(workcal_count(none, d, d + k, NULL), c);
		}
		for (int n = 1; n <= 30; n++) {
			do
				x++;
			while (wd_weekday(x) > 5);
			assert_int_equal(workcal_add(none, d, n, NULL), x);
		}
		x = d;
		for (int n = 1; n <= 30; n++) {
			do
				x--;
			while (wd_weekday(x) > 5);
			assert_int_equal(workcal_add(none, d, -n, NULL), x);
		}
	}
	workcal_free(none);
}

/* A calendar with a hole (2030 and 2032 covered, 2031 not): the hole is
 * counted as plain weeks and named, listed days still apply. */
static void a_hole_in_the_years_is_named(void **state)
{
	struct wd_day days[] = {{wd_from_ymd(2030, 1, 1), WD_OFF},
	                        {wd_from_ymd(2032, 1, 1), WD_OFF},
	                        {wd_from_ymd(2032, 1, 3), WD_WORK}};
	int years[] = {2032, 2030};
	struct workcal *cal = workcal_build(days, 3, years, 2);
	int missing;
	assert_int_equal(workcal_is_workday(cal, wd_from_ymd(2030, 1, 1), &missing), 0);
	assert_int_equal(missing, 0);
	assert_int_equal(
	    workcal_count(cal, wd_from_ymd(2029, 12, 31), wd_from_ymd(2030, 1, 2), &missing), 1);
	assert_int_equal(missing, 2029); /* the first date's year counts too */
	workcal_count(cal, wd_from_ymd(2030, 6, 1), wd_from_ymd(2032, 6, 1), &missing);
	assert_int_equal(missing, 2031);
	workcal_add(cal, wd_from_ymd(2032, 6, 1), -400, &missing);
	assert_int_equal(missing, 2031);
	/* 2032-01-03 is a Saturday declared worked */
	assert_int_equal(wd_weekday(wd_from_ymd(2032, 1, 3)), 6);
	assert_int_equal(workcal_is_workday(cal, wd_from_ymd(2032, 1, 3), &missing), 1);
	assert_int_equal(missing, 0);
	/* brute force over the whole span and beyond */
	int32_t a = wd_from_ymd(2029, 11, 1), b = wd_from_ymd(2033, 2, 1);
	for (int32_t d = a; d < b; d += 7) {
		int32_t x = d;
		for (int n = 1; n <= 40; n++) {
			do
				x++;
			while (!workcal_is_workday(cal, x, NULL));
			assert_int_equal(workcal_add(cal, d, n, NULL), x);
			assert_int_equal(workcal_count(cal, d, x, NULL), n);
		}
	}
	workcal_free(cal);
}

/* ---- dates ---- */

static void dates_parse_strictly(void **state)
{
	int32_t d;
	char out[11];
	assert_int_equal(wd_parse("2024-02-29", &d), 0);
	wd_format(d, out);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(d, (int32_t)civil(2024, 2, 29));
	assert_int_equal(wd_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(wd_weekday(0), 4);
	const char *bad[] = {"2026-02-29",  "2026-2-01",   "20260101",   "2026-13-01", "2026-00-10",
	                     " 2026-01-01", "2026-01-01x", "1899-12-31", "2026/01/01", "",
	                     "2026-01-32",  "abcd-ef-gh",  "2026-01-0a", "+026-01-01"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(wd_parse(bad[i], &d), -1);
	assert_int_equal(wd_parse(NULL, &d), -1);
	/* every day of four centuries survives a round trip */
	for (int32_t x = wd_from_ymd(1900, 1, 1); x < wd_from_ymd(2200, 12, 31); x += 13) {
		int32_t back;
		wd_format(x, out);
		assert_int_equal(wd_parse(out, &back), 0);
		assert_int_equal(back, x);
	}
	/* China is UTC+8: 16:00 UTC is already the next day there */
	assert_int_equal(wd_china_day(16 * 3600 - 1), 0);
	assert_int_equal(wd_china_day(16 * 3600), 1);
}

static void notice_files_parse_with_reasons(void **state)
{
	char err[200];
	size_t n;
	const char ok[] = "# comment\n\n2027-01-01\toff\t元旦\r\n2026-12-31\twork\t元旦\n";
	struct wd_row *rows = wd_rows_parse(ok, sizeof(ok) - 1, &n, err, sizeof(err));
	assert_non_null(rows);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].notice_year, 2027);
	assert_int_equal(rows[1].notice_year, 2027); /* December 元旦: next year's notice */
	assert_string_equal(rows[0].name, "元旦");
	free(rows);
	const char *bad[] = {"2027-01-01 off 元旦\n", "2027-02-30\toff\t春节\n",
	                     "2027-01-01\tholiday\t元旦\n", "2027-01-01\toff\t\n"};
	for (size_t i = 0; i < 4; i++) {
		assert_null(wd_rows_parse(bad[i], strlen(bad[i]), &n, err, sizeof(err)));
		assert_true(!strncmp(err, "1: ", 3));
	}
}

/* The binary's embedded copy is the file. */
static void the_embedded_copy_is_the_file(void **state)
{
	const struct dict_file *f = dict_files;
	while (f->name && strcmp(f->name, "cn-workday-calendar.tsv"))
		f++;
	assert_non_null(f->name);
	assert_int_equal(f->size, model.len);
	assert_memory_equal(f->text, model.text, model.len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(covers_exactly_2007_to_2026),
	    cmocka_unit_test(every_date_is_a_working_day_or_not_as_the_file_says),
	    cmocka_unit_test(every_date_counts_and_adds_like_a_walk),
	    cmocka_unit_test(counting_backwards_gives_zero),
	    cmocka_unit_test(year_ends_and_weekend_working_days),
	    cmocka_unit_test(leaving_the_calendar_names_the_missing_year),
	    cmocka_unit_test(closed_forms_match_a_walk_of_the_week),
	    cmocka_unit_test(a_hole_in_the_years_is_named),
	    cmocka_unit_test(dates_parse_strictly),
	    cmocka_unit_test(notice_files_parse_with_reasons),
	    cmocka_unit_test(the_embedded_copy_is_the_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
