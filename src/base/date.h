/*
 * date: calendar dates (proleptic Gregorian) as whole days since
 * 1970-01-01, and their text form 'YYYY-MM-DD'.
 *
 * Dates that mean a day, not an instant (a term, a due date, a birthday,
 * the week of a log), are kept as that text: it sorts and compares as a
 * date in SQL on both backends.  Arithmetic happens here, in days.
 * "Today" is the civil day at a given UTC offset: the platform's is
 * Beijing time (UTC+8, no daylight saving), DATE_BEIJING.
 */
#ifndef SKYWAY_BASE_DATE_H
#define SKYWAY_BASE_DATE_H

#include <stdint.h>

#define DATE_BEIJING (8 * 3600)
#define DATE_TEXT    11 /* "YYYY-MM-DD" and its NUL */

/* Days since 1970-01-01 of y-m-d (month 1..12, day 1..31; not checked). */
int32_t date_from_ymd(int y, int m, int d);
/* The year, month and day of a day number. */
void date_to_ymd(int32_t days, int *y, int *m, int *d);
/* Parses exactly "YYYY-MM-DD" (years 1900..2199, a day that exists:
 * no 02-30, 02-29 only in leap years).  Returns 0 and *days, or -1. */
int date_parse(const char *s, int32_t *days);
/* Writes the text form of days into out. */
void date_format(int32_t days, char out[DATE_TEXT]);
/* The civil day of instant `now` (epoch seconds) at UTC offset seconds. */
int32_t date_today(int64_t now, int offset);
/* The same day n months later (n may be negative); a day the month lacks
 * becomes its last day (01-31 + 1 month = 02-28 or 02-29). */
int32_t date_add_months(int32_t days, int months);
/* 1 for Monday .. 7 for Sunday. */
int date_weekday(int32_t days);
/* The Monday of the week that holds days. */
int32_t date_week_start(int32_t days);
/* Full years from birth to on (age on that day): one more on each
 * birthday; someone born on 02-29 has their birthday on 03-01 in years
 * without one.  Negative when on is before birth. */
int date_full_years(int32_t birth, int32_t on);

#endif
