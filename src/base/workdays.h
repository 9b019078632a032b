/*
 * workdays: the Chinese working-day calendar (工作日历), pure: dates and
 * counts in, dates and counts out; no SQL, no clock, no global state.
 *
 * A working day is Monday to Friday, except the statutory holidays and
 * their bridging rest days ("off"), plus the weekend days the State
 * Council's yearly notice declares working days ("work", 调休上班).  The
 * notices are data (data/cn-workday-calendar.tsv, and the years an
 * operator adds): a calendar knows the days of the years it covers.
 *
 * Design notes:
 *  1. Dates are day numbers: days since 1970-01-01 (negative before), so
 *     that adding and comparing are integer operations.
 *  2. One prefix count over the covered span (from the first covered
 *     year's 1 January, or the earliest listed day, to the last covered
 *     year's 31 December): cum[i] = working days in [span_start, span_start
 *     + i).  Outside the span the week alone decides, in closed form.  So
 *     G(d), the working days up to and including d counted from a fixed
 *     origin, is O(1), and a count is G(b) - G(a); adding N working days is
 *     the smallest d with G(d) >= target, a binary search in the span or a
 *     closed form outside it.  100,000 clocks recompute in milliseconds.
 *  3. Years not covered (no notice yet, or before the first one) are
 *     counted as plain Monday-Friday weeks, and every answer says the
 *     first year it needed that the calendar does not cover
 *     (missing_year, 0 when none): the command refuses such an answer,
 *     a service clock shows it as provisional until the year is added.
 *  4. Counting conventions (the Chinese one for time limits, 期间开始之日
 *     不计算在内): count(a, b) is the number of working days d with
 *     a < d <= b (0 when b <= a); add(from, n) for n > 0 is the n-th working
 *     day after from (from never counts), for n < 0 the |n|-th working day
 *     before from, and for n = 0 from itself.
 *  5. A year is "touched" by a computation when a date in it lies between
 *     the dates given and the date answered, both included.
 */
#ifndef SKYWAY_BASE_WORKDAYS_H
#define SKYWAY_BASE_WORKDAYS_H

#include <stddef.h>
#include <stdint.h>

#define WD_YEAR_MIN 1900
#define WD_YEAR_MAX 2200

/* ---- dates ---- */

/* Parses exactly "YYYY-MM-DD" (a real date, year WD_YEAR_MIN..WD_YEAR_MAX)
 * into a day number.  Returns 0, or -1 when malformed. */
int wd_parse(const char *s, int32_t *day);
/* Writes day as "YYYY-MM-DD" (11 bytes with the NUL). */
void wd_format(int32_t day, char out[11]);
/* The day number of y-m-d (no range check). */
int32_t wd_from_ymd(int y, int m, int d);
/* The year, month (1-12) and day of the month of day. */
void wd_to_ymd(int32_t day, int *y, int *m, int *d);
int wd_year(int32_t day);
/* 1 = Monday ... 7 = Sunday. */
int wd_weekday(int32_t day);
/* Today's date in China (UTC+8, no daylight saving) at epoch seconds t. */
int32_t wd_china_day(int64_t t);

/* ---- calendars ---- */

enum wd_kind { WD_OFF = 'o', WD_WORK = 'w' };

/* One listed day of a notice. */
struct wd_day {
	int32_t day;
	char kind; /* WD_OFF or WD_WORK */
};

struct workcal;

/* Builds a calendar from listed days (any order; a day listed twice keeps
 * its last kind) and the years it covers.  Returns it (free with
 * workcal_free) or NULL when out of memory or a year is out of range. */
struct workcal *workcal_build(const struct wd_day *days, size_t ndays, const int *years,
                              size_t nyears);
void workcal_free(struct workcal *cal);
/* 1 when year is covered. */
int workcal_covers(const struct workcal *cal, int year);
/* The first and last covered years (0 and 0 when none). */
void workcal_range(const struct workcal *cal, int *first, int *last);

/* 1 when day is a working day.  *missing_year: the day's year when not
 * covered, else 0 (missing_year may be NULL). */
int workcal_is_workday(const struct workcal *cal, int32_t day, int *missing_year);
/* Working days d with a < d <= b; 0 when b <= a.  *missing_year: the first
 * year from a's to b's (both included, in that order) not covered, or 0. */
int64_t workcal_count(const struct workcal *cal, int32_t a, int32_t b, int *missing_year);
/* The n-th working day after from (n > 0), before it (n < 0), or from
 * (n = 0); note 4.  *missing_year: the first year not covered met walking
 * from from's year to the answer's, or 0.  |n| must stay below 10^7. */
int32_t workcal_add(const struct workcal *cal, int32_t from, int64_t n, int *missing_year);

/* ---- the notices as text (data/cn-workday-calendar.tsv) ---- */

/* One row of a notice file: "YYYY-MM-DD<TAB>off|work<TAB>name". */
struct wd_row {
	int32_t day;
	char kind;
	int notice_year; /* the year whose notice lists it (note below) */
	char name[96];
};

/* The notice a listed day belongs to: its own year, except the December
 * days of a 元旦 holiday, which the next year's notice arranges. */
int wd_notice_year(int32_t day, const char *name);

/* Parses a notice file: lines starting with '#' and blank lines are
 * skipped; every other line is a row.  Returns the rows (malloc'd, *n of
 * them; free()) or NULL with "LINE: reason" in err (NULL and *n = 0 for a
 * file without rows is not an error: err is then ""). */
struct wd_row *wd_rows_parse(const char *text, size_t len, size_t *n, char *err, size_t errlen);
/* Builds the calendar of parsed rows: the years covered are the notice
 * years present.  NULL when out of memory. */
struct workcal *workcal_from_rows(const struct wd_row *rows, size_t n);

#endif
